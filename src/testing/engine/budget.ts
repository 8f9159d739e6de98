/**
 * The account's request budget: how many GraphQL requests an account may send per minute before
 * Harness answers 429.
 */
import type { ClockLike } from './clock.js';

/** Length of the budget's window. */
export const BUDGET_WINDOW_MS = 60_000;

/** Requests an account may send per sliding minute. */
export class RequestBudget {
  private readonly hits: number[] = [];

  constructor(
    private readonly perMinute: number | null,
    private readonly clock: ClockLike,
  ) {}

  /** Counts one request; false when the budget is spent and the request must be refused. */
  take(): boolean {
    if (this.perMinute === null) return true;
    const now = this.clock.now();
    while (this.hits.length > 0 && (this.hits[0] as number) <= now - BUDGET_WINDOW_MS) this.hits.shift();
    if (this.hits.length >= this.perMinute) return false;
    this.hits.push(now);
    return true;
  }
}
