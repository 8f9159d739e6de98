import { describe, expect, it } from 'vitest';
import {
  HarnessAuthenticationError,
  HarnessNetworkError,
  HarnessPermissionError,
  HarnessRateLimitError,
  HarnessServerError,
  HarnessTimeoutError,
} from '../../src/errors.js';
import { DEFAULT_RETRY, RATE_LIMIT_MIN_DELAY_MS, afterRateLimit, backoffDelayMs, isRetryable, shouldRetry } from '../../src/retry.js';

const refused = new HarnessNetworkError('refused', 'no');
const reset = new HarnessNetworkError('reset', 'unknown');
const timeout = new HarnessTimeoutError('slow', 100);
const server = new HarnessServerError('502', '');
const limited = new HarnessRateLimitError('429');

describe('isRetryable', () => {
  it('retries every transient failure of a query', () => {
    for (const error of [refused, reset, timeout, server, limited]) expect(isRetryable(error, false)).toBe(true);
  });

  it('retries a mutation only when the request provably never left the machine or Harness refused it with 429', () => {
    expect(isRetryable(refused, true)).toBe(true);
    // Harness answers 429 before it reads the request: a refused start started nothing.
    expect(isRetryable(limited, true)).toBe(true);
    for (const error of [reset, timeout, server]) expect(isRetryable(error, true)).toBe(false);
  });

  it('never retries authentication, permission or foreign errors', () => {
    expect(isRetryable(new HarnessAuthenticationError('401'), false)).toBe(false);
    expect(isRetryable(new HarnessPermissionError('no'), false)).toBe(false);
    expect(isRetryable(new Error('boom'), false)).toBe(false);
  });
});

describe('shouldRetry', () => {
  it('stops at maxAttempts', () => {
    const options = { ...DEFAULT_RETRY, maxAttempts: 3 };
    expect(shouldRetry(server, { isMutation: false, attempt: 1, options })).toBe(true);
    expect(shouldRetry(server, { isMutation: false, attempt: 2, options })).toBe(true);
    expect(shouldRetry(server, { isMutation: false, attempt: 3, options })).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('grows exponentially with full jitter and respects the cap', () => {
    expect(backoffDelayMs(server, 1, options, () => 0.999)).toBe(99);
    expect(backoffDelayMs(server, 2, options, () => 0.999)).toBe(199);
    expect(backoffDelayMs(server, 3, options, () => 0.999)).toBe(399);
    expect(backoffDelayMs(server, 10, options, () => 0.999)).toBe(999);
    expect(backoffDelayMs(server, 3, options, () => 0)).toBe(0);
  });

  it('waits at least a couple of seconds after a 429, since Harness sends no Retry-After', () => {
    expect(backoffDelayMs(limited, 1, options, () => 0)).toBe(RATE_LIMIT_MIN_DELAY_MS);
  });
});

describe('afterRateLimit', () => {
  const base = { consecutive: 1, waitedMs: 0, maxWaitMs: 600_000, now: 0, deadline: undefined, random: () => 0 };

  it('waits and sends again while the wait fits the limit and the deadline', () => {
    expect(afterRateLimit(base)).toEqual({ waitMs: RATE_LIMIT_MIN_DELAY_MS });
  });

  it('gives up when the next wait would pass maxWaitMs (0 gives up on the first 429)', () => {
    expect(afterRateLimit({ ...base, maxWaitMs: 0 })).toEqual({ giveUp: 'wait-limit' });
    expect(afterRateLimit({ ...base, consecutive: 6, waitedMs: 590_000 })).toEqual({ giveUp: 'wait-limit' });
  });

  it('gives up when the next wait would reach the deadline', () => {
    expect(afterRateLimit({ ...base, now: 1_000, deadline: 2_500 })).toEqual({ giveUp: 'deadline' });
  });
});
