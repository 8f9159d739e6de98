/** The default budget store: the send times of the last window, kept in this process's memory. */
import { inWindow, slotTimes } from './pacing.js';
import type { BudgetStore, TakeResult } from './types.js';

export class InProcessBudgetStore implements BudgetStore {
  readonly description = 'in-process';
  readonly #sentAt = new Map<string, number[]>();

  async take(key: string, limit: number, windowMs: number, now: number): Promise<TakeResult> {
    const sentAt = inWindow(this.#sentAt.get(key) ?? [], now, windowMs);
    const at = slotTimes(sentAt, now, limit, windowMs, 1)[0] ?? now;
    if (at <= now) {
      sentAt.push(now);
      this.#sentAt.set(key, sentAt);
      return { taken: true };
    }
    this.#sentAt.set(key, sentAt);
    return { taken: false, retryInMs: at - now };
  }

  slotTimes(key: string, limit: number, windowMs: number, count: number, now: number): readonly number[] {
    return slotTimes(this.#sentAt.get(key) ?? [], now, limit, windowMs, count);
  }
}
