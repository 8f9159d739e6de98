/**
 * The client-facing budget options and the process-wide registry that gives every client of one
 * endpoint and account the same budget.
 */
import type { ValidationIssue } from '../errors.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { AccountBudget } from './account-budget.js';
import { DEFAULT_REQUESTS_PER_MINUTE } from './pacing.js';
import type { BudgetStore } from './types.js';

/** How a client counts its requests against the account's budget. */
export interface BudgetOptions {
  /**
   * Which budget the client's requests count against. Harness allows an account a number of
   * requests a minute, shared by every key, user, process and machine of the account.
   * - `'shared'`: one budget per endpoint and account in this process, shared by every client that
   *   also says `'shared'` (and uses the same clock).
   * - `'own'`: a budget for this client alone.
   * - a {@link BudgetStore}, such as {@link redisBudgetStore}: counted in that store, shared by every
   *   client of the endpoint and account that uses it, in this process and in every other process
   *   that uses the same store (a fleet of deploy jobs).
   * - `false`: no client-side budget; every request is sent at once (on-prem Harness has no limit).
   * @default 'shared'
   */
  budget?: 'shared' | 'own' | BudgetStore | false | undefined;
  /**
   * Requests a minute the account allows: 30 on trial and paid accounts, 5 on community and
   * essentials accounts, or what Harness set for the account. When clients sharing a budget say
   * different numbers, the lowest wins. Environment: `HARNESS_REQUESTS_PER_MINUTE`.
   * @default 30
   */
  requestsPerMinute?: number | undefined;
}

/** Where a client sends its requests, which decides the budget it shares. */
export interface BudgetTarget {
  endpoint: string;
  accountId: string;
  /** @default the system clock */
  clock?: Clock | undefined;
}

/**
 * The key of an account's window: the endpoint's origin and path (not its query) and the account id.
 * Two clients share a budget exactly when their keys are equal.
 */
export function budgetKey(endpoint: string, accountId: string): string {
  const url = new URL(endpoint);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  return `${url.origin}${path}#${accountId}`;
}

/** The problems of the budget options, as validation issues for the client's option check. */
export function budgetOptionIssues(options: { budget?: unknown; requestsPerMinute?: unknown }): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { budget, requestsPerMinute } = options;
  const isStore = typeof budget === 'object' && budget !== null && typeof (budget as { take?: unknown }).take === 'function';
  if (budget !== undefined && budget !== 'shared' && budget !== 'own' && budget !== false && !isStore) {
    issues.push({
      code: 'invalid_option',
      variable: 'budget',
      message: "budget must be 'shared', 'own', false or a budget store such as redisBudgetStore({ url }).",
    });
  }
  if (requestsPerMinute !== undefined && (typeof requestsPerMinute !== 'number' || !Number.isInteger(requestsPerMinute) || requestsPerMinute < 1)) {
    issues.push({
      code: 'invalid_option',
      variable: 'requestsPerMinute',
      message: 'requestsPerMinute must be a whole number of at least 1 (Harness allows 30 a minute, 5 on community accounts; option requestsPerMinute or environment variable HARNESS_REQUESTS_PER_MINUTE).',
    });
  }
  return issues;
}

/** Budgets of this process, by clock, store and key, so that clients of one account share one. */
export class BudgetRegistry {
  readonly #inProcess = new WeakMap<Clock, Map<string, AccountBudget>>();
  readonly #inStores = new WeakMap<BudgetStore, WeakMap<Clock, Map<string, AccountBudget>>>();

  /** The budget a client with these options uses, or undefined for `budget: false`. */
  budgetFor(target: BudgetTarget, options: BudgetOptions = {}): AccountBudget | undefined {
    const choice = options.budget ?? 'shared';
    if (choice === false) return undefined;
    const clock = target.clock ?? systemClock;
    const key = budgetKey(target.endpoint, target.accountId);
    const requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    if (choice === 'own') return new AccountBudget({ key, requestsPerMinute, clock });
    let byClock: WeakMap<Clock, Map<string, AccountBudget>>;
    if (choice === 'shared') byClock = this.#inProcess;
    else {
      byClock = this.#inStores.get(choice) ?? new WeakMap();
      this.#inStores.set(choice, byClock);
    }
    const byKey = byClock.get(clock) ?? new Map<string, AccountBudget>();
    byClock.set(clock, byKey);
    const existing = byKey.get(key);
    if (existing) {
      existing.restrictTo(requestsPerMinute);
      return existing;
    }
    const store = choice === 'shared' ? undefined : choice;
    const budget = new AccountBudget({ key, requestsPerMinute, clock, store });
    byKey.set(key, budget);
    return budget;
  }
}

/** The registry every client of this process uses unless told otherwise. */
export const processBudgets = new BudgetRegistry();
