/**
 * Pure retry policy: whether a failed attempt may be tried again, and how long to wait first.
 * No I/O, no timers: the transport injects randomness and sleeping, so this is testable as is.
 */
import { isHarnessError, type HarnessError } from './errors.js';

/** How requests are retried. */
export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Upper bound of the first backoff delay; each retry doubles it (full jitter).
   * @default 500
   */
  baseDelayMs?: number;
  /**
   * Cap of any single backoff delay.
   * @default 10000
   */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
});

/** Harness sends no Retry-After on 429; it recommends waiting a few seconds before trying again. */
export const RATE_LIMIT_MIN_DELAY_MS = 2_000;

/** No retries at all. */
export const NO_RETRY: ResolvedRetryOptions = Object.freeze({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 });

/** What a retry decision needs to know about the request. */
export interface RetryContext {
  /** A mutation changes state; Harness does not deduplicate them. */
  isMutation: boolean;
  /** 1 for the first attempt. */
  attempt: number;
  options: ResolvedRetryOptions;
}

/**
 * Whether the error is worth another attempt.
 *
 * - Queries: network errors, timeouts, 429 and 5xx / non-JSON answers are transient.
 * - Mutations: only when the request provably never left the machine (connection refused, host not
 *   found). A timeout, a reset or a 5xx may have started a deployment that would then run twice.
 */
export function isRetryable(error: unknown, isMutation: boolean): boolean {
  if (!isHarnessError(error)) return false;
  if (error.code === 'NETWORK' && (error as HarnessError & { requestSent: string }).requestSent === 'no') return true;
  if (isMutation) return false;
  return error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'RATE_LIMITED' || error.code === 'SERVER';
}

/** Whether to try again after `error`, given the attempt number and the policy. */
export function shouldRetry(error: unknown, context: RetryContext): boolean {
  return context.attempt < context.options.maxAttempts && isRetryable(error, context.isMutation);
}

/**
 * Delay before the next attempt: full jitter over an exponentially growing window
 * (`random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`), at least {@link RATE_LIMIT_MIN_DELAY_MS}
 * after a 429 because Harness's window is a minute long and it sends no Retry-After.
 */
export function backoffDelayMs(
  error: unknown,
  attempt: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const window = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * window);
  if (isHarnessError(error) && error.code === 'RATE_LIMITED') {
    return Math.max(RATE_LIMIT_MIN_DELAY_MS, jittered);
  }
  return jittered;
}
