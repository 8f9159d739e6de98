/**
 * A sliding-window limiter shared by all calls of one client, mirroring Harness's per-account window
 * (30 requests a minute by default). Requests wait for a free slot instead of failing with 429.
 */
import { HarnessRateLimitError } from './errors.js';
import type { Clock } from './internal/clock.js';
import type { RequestBudget, RequestPriority } from './transport.js';

/** Client-side request budget. */
export interface RateLimitOptions {
  /**
   * Requests allowed in any 60-second window. Harness allows 30 a minute per account
   * (5 for community accounts), shared by every key and user of the account.
   * @default 30
   */
  requestsPerMinute?: number | undefined;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** How long a request must wait, given the send times still inside the window. Pure. */
export function waitBeforeNextMs(sentAt: readonly number[], now: number, limit: number): number {
  const inWindow = sentAt.filter((t) => t > now - WINDOW_MS);
  if (inWindow.length < limit) return 0;
  const oldestThatMustExpire = inWindow[inWindow.length - limit];
  return oldestThatMustExpire === undefined ? 0 : oldestThatMustExpire + WINDOW_MS - now;
}

/**
 * When each of the next `count` requests may be sent, in queue order, given the send times still
 * inside the window. Pure.
 */
export function slotTimes(sentAt: readonly number[], now: number, limit: number, count: number): number[] {
  const planned = sentAt.filter((t) => t > now - WINDOW_MS);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const oldestThatMustExpire = planned.length < limit ? undefined : planned[planned.length - limit];
    const at = oldestThatMustExpire === undefined ? now : Math.max(now, oldestThatMustExpire + WINDOW_MS);
    planned.push(at);
    times.push(at);
  }
  return times;
}

/** Lower ranks are served first: a start or a human's action before reads, reads before polls. */
const PRIORITY_RANK: Readonly<Record<RequestPriority, number>> = { start: 0, action: 1, query: 2, poll: 3 };

interface Waiter {
  deadline: number | undefined;
  signal: AbortSignal | undefined;
  priority: RequestPriority;
  grant: () => void;
  refuse: (reason: unknown) => void;
}

export class SlidingWindowRateLimiter implements RequestBudget {
  readonly #sentAt: number[] = [];
  #queue: Waiter[] = [];
  /** The pending sleep toward the head of the queue's slot, if one is pending. */
  #wake: { at: number; controller: AbortController } | undefined;

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  /**
   * Resolves when a request may be sent, and counts it. Callers are served by priority (starts, then
   * actions, then queries, then polls), in order of arrival within one priority. An abort rejects at
   * once and takes the caller out of the queue; a deadline before the caller's slot rejects at once
   * with a {@link HarnessRateLimitError}.
   */
  acquire(request: { signal?: AbortSignal | undefined; deadline?: number | undefined; priority: RequestPriority } = { priority: 'query' }): Promise<void> {
    const { signal, deadline, priority } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#queue = this.#queue.filter((w) => w !== waiter);
        reject(signal?.reason);
        this.#pump();
      };
      const waiter: Waiter = {
        deadline,
        signal,
        priority,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        refuse: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const behind = this.#queue.findIndex((w) => PRIORITY_RANK[w.priority] > PRIORITY_RANK[priority]);
      if (behind < 0) this.#queue.push(waiter);
      else this.#queue.splice(behind, 0, waiter);
      this.#pump();
    });
  }

  /** This limiter counts only its own client's requests; the shared account budget adapts to 429s instead. */
  noteRateLimited(): void {}

  #pump(): void {
    const now = this.clock.now();
    while (this.#sentAt.length > 0 && (this.#sentAt[0] ?? 0) <= now - WINDOW_MS) this.#sentAt.shift();
    while (this.#queue.length > 0 && waitBeforeNextMs(this.#sentAt, now, this.limit) <= 0) {
      const next = this.#queue.shift();
      this.#sentAt.push(now);
      next?.grant();
    }
    const times = slotTimes(this.#sentAt, now, this.limit, this.#queue.length);
    const late = this.#queue.filter((w, i) => w.deadline !== undefined && (times[i] ?? now) > w.deadline);
    if (late.length > 0) {
      this.#queue = this.#queue.filter((w) => !late.includes(w));
      for (const waiter of late) {
        waiter.refuse(
          new HarnessRateLimitError(
            "The client's request budget (its requests per minute) has no slot before the call's deadline; nothing was sent. Give the call more time or spread the calls out.",
          ),
        );
      }
      this.#pump();
      return;
    }
    const head = times[0];
    if (head === undefined) {
      this.#wake?.controller.abort();
      this.#wake = undefined;
      return;
    }
    // A pending sleep that ends no later than the head's slot is kept: it wakes the queue in time.
    if (this.#wake && this.#wake.at <= head) return;
    this.#wake?.controller.abort();
    const wake = { at: head, controller: new AbortController() };
    this.#wake = wake;
    // The sleep starts once the callers granted just now have run: a clock whose sleep moves time
    // at once (a simulation, a test) must not move their sends to the end of the wait.
    setTimeout(() => {
      if (this.#wake !== wake) return;
      this.clock.sleep(head - now, wake.controller.signal).then(
        () => {
          if (this.#wake === wake) {
            this.#wake = undefined;
            this.#pump();
          }
        },
        () => undefined,
      );
    }, 0);
  }
}
