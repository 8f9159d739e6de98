/**
 * The pure rules of the account budget: how many requests a window holds, when the next ones may go,
 * how the limit adapts when Harness still answers 429, and who is served first. No timers, no I/O:
 * time comes in as an argument.
 *
 * Window and safety margin. Harness counts each HTTP request once in a one-minute window per account
 * and does not count the requests it refuses. In practice the window is fixed, but where it starts is
 * not something a client can know: it depends on the server's clock (or on the first request of a
 * window), and a request's arrival is shifted from its sending by network latency that varies from one
 * request to the next. A client window aligned to a guessed phase could send the limit twice within a
 * few seconds across what it believes is a boundary and be refused. So the budget never lets more
 * than `limit` requests be sent within any stretch of {@link BUDGET_WINDOW_MS} (a sliding window):
 * any fixed minute, whatever its phase, then holds at most `limit` of them. The window is a minute
 * plus {@link WINDOW_MARGIN_MS}, so that a request that travels faster than the one sent a minute
 * before it still lands in a later server minute. Over time this sends as many requests as a
 * fixed window allows (`limit` a minute); it only gives up the double burst at a boundary, which would
 * need the phase to be known.
 *
 * Adapting to others. The budget sees only its own requests; other processes, machines and users of
 * the account spend the same budget. A 429 that the budget did not expect means they do: the limit is
 * halved (once per burst of 429s) and then grows back a step per quiet minute, as TCP's congestion
 * control does, so a shared account settles instead of thrashing.
 *
 * Priorities. When requests queue, starts and human actions go first, then other queries, then
 * polls: a deployment should not wait behind progress reports. A waiter moves up one rank for every
 * {@link PRIORITY_AGING_MS} it has waited, so polls are delayed but never starved.
 */
import type { RequestPriority } from './types.js';

/** Harness's per-account window. */
export const HARNESS_WINDOW_MS = 60_000;
/** Slack for latency and clock differences, so a request sent a minute after another never lands in its minute. */
export const WINDOW_MARGIN_MS = 2_000;
/** The sliding window the budget enforces. */
export const BUDGET_WINDOW_MS = HARNESS_WINDOW_MS + WINDOW_MARGIN_MS;
/** Harness's default for trial and paid accounts (community and essentials accounts get 5). */
export const DEFAULT_REQUESTS_PER_MINUTE = 30;

/** The limit is multiplied by this after an unexpected 429. */
export const RATE_LIMITED_DECREASE = 0.5;
/** Further 429s within this long after a decrease belong to the same burst and do not decrease again. */
export const DECREASE_HOLD_MS = 10_000;
/** The limit grows back by {@link recoveryStep} after each such stretch without a 429. */
export const RECOVERY_INTERVAL_MS = HARNESS_WINDOW_MS;
/** A waiter moves up one priority rank for each stretch of this long in the queue. */
export const PRIORITY_AGING_MS = 20_000;

/** Lower ranks go first. */
export const PRIORITY_RANK: Readonly<Record<RequestPriority, number>> = Object.freeze({
  start: 0,
  action: 0,
  query: 1,
  poll: 2,
});

/** Drops the send times that have left the window (the list is sorted, oldest first). Pure. */
export function inWindow(sentAt: readonly number[], now: number, windowMs: number): number[] {
  return sentAt.filter((t) => t > now - windowMs);
}

/**
 * When each of the next `count` requests may be sent, given the send times still in the window and no
 * other sender: request k waits until the one sent `limit` requests before it leaves the window. Pure.
 */
export function slotTimes(sentAt: readonly number[], now: number, limit: number, windowMs: number, count: number): number[] {
  const times = inWindow(sentAt, now, windowMs);
  const granted: number[] = [];
  for (let k = 0; k < count; k += 1) {
    const earlier = times[times.length - limit];
    const at = earlier === undefined ? now : Math.max(now, earlier + windowMs);
    granted.push(at);
    times.push(at);
  }
  return granted;
}

/** How long until one more request may be sent (0: now). Pure. */
export function waitBeforeNextMs(sentAt: readonly number[], now: number, limit: number, windowMs: number): number {
  return (slotTimes(sentAt, now, limit, windowMs, 1)[0] ?? now) - now;
}

/** The adaptive limit: the configured one, or a reduced one growing back since the last 429. */
export interface AdaptiveLimit {
  readonly configured: number;
  readonly reducedTo: number;
  /** When the last decrease happened; undefined when none did. */
  readonly reducedAt: number | undefined;
}

export function initialLimit(configured: number): AdaptiveLimit {
  return { configured, reducedTo: configured, reducedAt: undefined };
}

/** How much the limit grows back per quiet interval: a fifth of the configured limit, at least 1. */
export function recoveryStep(configured: number): number {
  return Math.max(1, Math.ceil(configured / 5));
}

/** The limit in force at `now`. Pure. */
export function currentLimit(state: AdaptiveLimit, now: number): number {
  if (state.reducedAt === undefined) return state.configured;
  const quietIntervals = Math.max(0, Math.floor((now - state.reducedAt) / RECOVERY_INTERVAL_MS));
  return Math.min(state.configured, state.reducedTo + quietIntervals * recoveryStep(state.configured));
}

/** The limit after Harness answered 429 to a request the budget allowed. Pure. */
export function afterRateLimited(state: AdaptiveLimit, now: number): AdaptiveLimit {
  if (state.reducedAt !== undefined && now - state.reducedAt < DECREASE_HOLD_MS) return state;
  const reducedTo = Math.max(1, Math.floor(currentLimit(state, now) * RATE_LIMITED_DECREASE));
  return { configured: state.configured, reducedTo, reducedAt: now };
}

/** What the serving order needs to know about a waiter. */
export interface QueuedRequest {
  readonly priority: RequestPriority;
  readonly enqueuedAt: number;
  /** Arrival order, for first-come-first-served among equals. */
  readonly sequence: number;
}

/** A waiter's rank at `now`: its priority's, less one per {@link PRIORITY_AGING_MS} waited. Pure. */
export function effectiveRank(request: QueuedRequest, now: number): number {
  return PRIORITY_RANK[request.priority] - Math.floor(Math.max(0, now - request.enqueuedAt) / PRIORITY_AGING_MS);
}

/** The waiters in the order they are served at `now` (a new array). Pure. */
export function servingOrder<T extends QueuedRequest>(queue: readonly T[], now: number): T[] {
  return [...queue].sort((a, b) => effectiveRank(a, now) - effectiveRank(b, now) || a.sequence - b.sequence);
}
