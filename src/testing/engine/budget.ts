/**
 * The account's request budget, as Harness counts it: one unit per GraphQL HTTP request, whatever
 * the document holds, in a fixed one-minute window per account. The window opens with the first
 * request it counts and closes a minute later; the next request opens a new one. A refused request
 * is not counted, so waiting out a 429 never makes it last longer.
 */
import type { ClockLike } from './clock.js';

/** Length of the budget's window. */
export const BUDGET_WINDOW_MS = 60_000;
/** Requests a minute of a paid or trial account. */
export const PAID_REQUESTS_PER_MINUTE = 30;
/** Requests a minute of a community or essentials account. */
export const COMMUNITY_REQUESTS_PER_MINUTE = 5;

/** Harness's licence kinds; the budget of an account depends on it. */
export type FakeAccountType = 'PAID' | 'TRIAL' | 'COMMUNITY' | 'ESSENTIALS';

/** Requests a minute an account of this type may send. */
export function requestsPerMinuteOf(accountType: FakeAccountType): number {
  return accountType === 'COMMUNITY' || accountType === 'ESSENTIALS' ? COMMUNITY_REQUESTS_PER_MINUTE : PAID_REQUESTS_PER_MINUTE;
}

/** Where an account's budget stands now. */
export interface BudgetState {
  /** Requests a minute, or null when there is no limit. */
  limit: number | null;
  /** Requests counted in the current window (0 when none is open). */
  used: number;
  /** When the current window closes (epoch ms on the fake clock), or null when none is open. */
  resetsAt: number | null;
}

interface Window {
  openedAt: number;
  used: number;
}

/** One fixed window per account. */
export class RequestBudget {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly perMinute: number | null,
    private readonly clock: ClockLike,
  ) {}

  /** Counts one request of the account; false when its budget is spent and the request must be refused. */
  take(accountId: string): boolean {
    if (this.perMinute === null) return true;
    const window = this.openWindow(accountId);
    if (window && window.used >= this.perMinute) return false;
    if (window) window.used++;
    else this.windows.set(accountId, { openedAt: this.clock.now(), used: 1 });
    return true;
  }

  /** Where the account's budget stands now. */
  stateOf(accountId: string): BudgetState {
    const window = this.openWindow(accountId);
    return {
      limit: this.perMinute,
      used: window?.used ?? 0,
      resetsAt: window ? window.openedAt + BUDGET_WINDOW_MS : null,
    };
  }

  private openWindow(accountId: string): Window | undefined {
    const window = this.windows.get(accountId);
    if (window && this.clock.now() >= window.openedAt + BUDGET_WINDOW_MS) {
      this.windows.delete(accountId);
      return undefined;
    }
    return window;
  }
}
