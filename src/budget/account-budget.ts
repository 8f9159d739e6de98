/**
 * One account's request budget: a queue of callers in front of a {@link BudgetStore}. Callers wait
 * for a slot in priority order (first come, first served among equals); an aborted caller leaves the
 * queue at once, and a caller whose deadline no slot can meet is refused at once, before it waits.
 */
import { HarnessRateLimitError } from '../errors.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { whenAborted } from './abort-listeners.js';
import { InProcessBudgetStore } from './memory-store.js';
import {
  BUDGET_WINDOW_MS,
  DEFAULT_REQUESTS_PER_MINUTE,
  afterRateLimited,
  currentLimit,
  initialLimit,
  servingOrder,
  type AdaptiveLimit,
  type QueuedRequest,
} from './pacing.js';
import type { BudgetStore, RequestBudget, RequestPriority } from './types.js';

/** Options of {@link AccountBudget}. */
export interface AccountBudgetOptions {
  /** Names the account's window in the store; every budget of one account must use the same key. */
  key: string;
  /**
   * Requests a minute the account allows (Harness: 30, or 5 on community and essentials accounts).
   * @default 30
   */
  requestsPerMinute?: number | undefined;
  /**
   * Where requests are counted.
   * @default a new in-process store
   */
  store?: BudgetStore | undefined;
  /**
   * Time source; injectable for tests.
   * @default the system clock
   */
  clock?: Clock | undefined;
  /**
   * Length of the sliding window, in milliseconds. Only tests and benchmarks change it.
   * @default 62000 (Harness's minute plus a margin for latency)
   */
  windowMs?: number | undefined;
}

interface Waiter extends QueuedRequest {
  readonly deadline: number | undefined;
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
}

export class AccountBudget implements RequestBudget {
  readonly key: string;
  readonly store: BudgetStore;
  readonly #clock: Clock;
  readonly #windowMs: number;
  #limit: AdaptiveLimit;
  #queue: Waiter[] = [];
  #sequence = 0;
  #pumping = false;
  /** Set when the queue or the limit changed while the server was busy, so it looks again before sleeping. */
  #changed = false;
  #replan: AbortController | undefined;

  constructor(options: AccountBudgetOptions) {
    const perMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new RangeError(`requestsPerMinute must be a whole number of at least 1, got ${String(perMinute)}`);
    }
    this.key = options.key;
    this.store = options.store ?? new InProcessBudgetStore();
    this.#clock = options.clock ?? systemClock;
    this.#windowMs = options.windowMs ?? BUDGET_WINDOW_MS;
    this.#limit = initialLimit(perMinute);
  }

  /** The configured requests a minute. */
  get requestsPerMinute(): number {
    return this.#limit.configured;
  }

  /**
   * Lowers the configured limit (never raises it): when clients of one account disagree on the
   * account's limit, the lowest one is the safe one.
   */
  restrictTo(requestsPerMinute: number): void {
    if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1 || requestsPerMinute >= this.#limit.configured) return;
    const now = this.#clock.now();
    const current = currentLimit(this.#limit, now);
    this.#limit = { configured: requestsPerMinute, reducedTo: Math.min(current, requestsPerMinute), reducedAt: now };
    this.#kick();
  }

  /** The limit in force now: lower than the configured one for a while after unexpected 429s. */
  get currentLimit(): number {
    return currentLimit(this.#limit, this.#clock.now());
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  acquire(request: { signal?: AbortSignal | undefined; deadline?: number | undefined; priority: RequestPriority }): Promise<void> {
    const { signal, deadline, priority } = request;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const release = signal
        ? whenAborted(signal, () => {
            this.#remove(waiter);
            reject(signal.reason);
            this.#kick();
          })
        : () => undefined;
      const waiter: Waiter = {
        priority,
        deadline,
        enqueuedAt: this.#clock.now(),
        sequence: this.#sequence++,
        resolve: () => {
          release();
          resolve();
        },
        reject: (reason) => {
          release();
          reject(reason);
        },
      };
      this.#queue.push(waiter);
      this.#kick();
    });
  }

  noteRateLimited(): void {
    this.#limit = afterRateLimited(this.#limit, this.#clock.now());
    this.#kick();
  }

  #remove(waiter: Waiter): boolean {
    const index = this.#queue.indexOf(waiter);
    if (index < 0) return false;
    this.#queue.splice(index, 1);
    return true;
  }

  /** Starts serving the queue, or makes a sleeping server look at it again. */
  #kick(): void {
    if (this.#pumping) {
      this.#changed = true;
      this.#replan?.abort();
      return;
    }
    this.#pumping = true;
    void this.#serve().finally(() => {
      this.#pumping = false;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #serve(): Promise<void> {
    while (this.#queue.length > 0) {
      this.#changed = false;
      const now = this.#clock.now();
      const limit = currentLimit(this.#limit, now);
      const order = servingOrder(this.#queue, now);
      const slots = this.store.slotTimes?.(this.key, limit, this.#windowMs, order.length, now);
      if (slots) this.#refuseUnreachable(order, slots, limit);
      const head = servingOrder(this.#queue, now)[0];
      if (!head) return;
      let result;
      try {
        result = await this.store.take(this.key, limit, this.#windowMs, now);
      } catch (error) {
        // A store that fails (Redis down) fails every waiter: sending anyway could spend a budget
        // that other processes count on.
        for (const waiter of this.#queue.splice(0)) waiter.reject(error);
        return;
      }
      if (result.taken) {
        // The head may have been aborted while the store answered: the slot goes to the next in line.
        const served = this.#remove(head) ? head : servingOrder(this.#queue, this.#clock.now())[0];
        if (served) {
          this.#remove(served);
          served.resolve();
        }
        continue;
      }
      const nextSlot = this.#clock.now() + result.retryInMs;
      if (!slots) {
        for (const waiter of servingOrder(this.#queue, now)) {
          if (waiter.deadline !== undefined && waiter.deadline < nextSlot) this.#refuse(waiter, limit);
        }
      }
      const earliestDeadline = this.#queue.reduce((min, w) => Math.min(min, w.deadline ?? Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
      await this.#sleep(Math.max(1, Math.min(result.retryInMs, earliestDeadline - this.#clock.now())));
    }
  }

  /** Refuses, at once, every waiter whose deadline comes before the slot it would get. */
  #refuseUnreachable(order: readonly Waiter[], slots: readonly number[], limit: number): void {
    let position = 0;
    for (const waiter of order) {
      const slot = slots[position] ?? Number.POSITIVE_INFINITY;
      if (waiter.deadline !== undefined && slot > waiter.deadline) this.#refuse(waiter, limit);
      else position += 1;
    }
  }

  #refuse(waiter: Waiter, limit: number): void {
    if (!this.#remove(waiter)) return;
    const reduced = limit < this.#limit.configured ? ` (lowered to ${limit} for now: Harness refused requests that others of the account sent too)` : '';
    waiter.reject(
      new HarnessRateLimitError(
        `The account's request budget of ${this.#limit.configured} requests a minute${reduced} has no free slot before this call's deadline, so nothing was sent. ` +
          `Allow the call more time, or spread the account's calls out (every key, process and machine of the account shares the budget).`,
      ),
    );
  }

  async #sleep(ms: number): Promise<void> {
    if (this.#changed) return;
    const replan = new AbortController();
    this.#replan = replan;
    try {
      await this.#clock.sleep(ms, replan.signal);
    } catch {
      // Woken early: something changed in the queue or the limit.
    } finally {
      if (this.#replan === replan) this.#replan = undefined;
    }
  }
}
