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

/** Harness sends no Retry-After on 429; the shortest wait after one, before jitter is added. */
export const RATE_LIMIT_MIN_DELAY_MS = 2_000;

/** Harness counts an account's requests in fixed windows of one minute. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * How long to wait before sending again after the `consecutive`-th 429 in a row (1 for the first).
 * The wait grows from a few seconds (the window may be about to roll over) toward a whole minute
 * (it certainly has rolled over by then), jittered over the upper half of each step so that clients
 * refused together do not all come back together: 2–4 s, 4–8 s, 8–16 s, 16–32 s, then 30–60 s.
 */
export function rateLimitDelayMs(consecutive: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RATE_LIMIT_WINDOW_MS, 2 * RATE_LIMIT_MIN_DELAY_MS * 2 ** Math.max(0, consecutive - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What a call does after a 429: wait and send again, or give up and say why. */
export type RateLimitDecision = { waitMs: number } | { giveUp: 'wait-limit' | 'deadline' };

/**
 * Whether a call refused with 429 waits and sends again. It gives up when the next wait would take
 * the time spent waiting for the budget past `maxWaitMs`, or the call past its `deadline`.
 */
export function afterRateLimit(context: {
  /** 429s in a row so far, this one included. */
  consecutive: number;
  /** Time already spent since the first of them. */
  waitedMs: number;
  maxWaitMs: number;
  now: number;
  deadline: number | undefined;
  random: () => number;
}): RateLimitDecision {
  const waitMs = rateLimitDelayMs(context.consecutive, context.random);
  if (context.waitedMs + waitMs > context.maxWaitMs) return { giveUp: 'wait-limit' };
  if (context.deadline !== undefined && context.now + waitMs >= context.deadline) return { giveUp: 'deadline' };
  return { waitMs };
}

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
 *   found) or Harness refused it with 429, which it does before reading the request. A timeout, a
 *   reset or a 5xx may have started a deployment that would then run twice.
 * - A wrong endpoint (a redirect, a page that is not GraphQL) stays wrong: never retried.
 */
export function isRetryable(error: unknown, isMutation: boolean): boolean {
  if (!isHarnessError(error)) return false;
  if (error.code === 'NETWORK' && (error as HarnessError & { requestSent: string }).requestSent === 'no') return true;
  if (error.code === 'RATE_LIMITED') return true;
  if (isMutation) return false;
  return error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'SERVER';
}

/** Whether to try again after `error`, given the attempt number and the policy. */
export function shouldRetry(error: unknown, context: RetryContext): boolean {
  return context.attempt < context.options.maxAttempts && isRetryable(error, context.isMutation);
}

/**
 * Delay before the next attempt: full jitter over an exponentially growing window
 * (`random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`); after a 429, {@link rateLimitDelayMs}
 * because Harness's window is a minute long and it sends no Retry-After.
 */
export function backoffDelayMs(
  error: unknown,
  attempt: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  if (isHarnessError(error) && error.code === 'RATE_LIMITED') return rateLimitDelayMs(attempt, random);
  const window = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * window);
}
