/** Budget settings from environment variables, for harness-exec and services configured that way. */
import { HarnessValidationError } from '../errors.js';
import type { BudgetOptions } from './options.js';
import { redisBudgetStore, type RedisBudgetStore } from './redis-store.js';
import type { BudgetStore } from './types.js';

/** Redis URL of a budget shared across processes and machines (`redis://host:6379`). */
export const BUDGET_REDIS_URL_ENV = 'HARNESS_BUDGET_REDIS_URL';
/** Requests a minute the account allows (30, or 5 on community and essentials accounts). */
export const REQUESTS_PER_MINUTE_ENV = 'HARNESS_REQUESTS_PER_MINUTE';

const storesByUrl = new Map<string, RedisBudgetStore>();

/**
 * The budget store that `HARNESS_BUDGET_REDIS_URL` names, or undefined when it is unset or empty (the
 * in-process budget then applies). One store per URL in a process, so clients configured from the
 * environment share it.
 */
export function budgetStoreFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): BudgetStore | undefined {
  const url = env[BUDGET_REDIS_URL_ENV]?.trim();
  if (!url) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')) {
    throw new HarnessValidationError([
      {
        code: 'invalid_option',
        variable: BUDGET_REDIS_URL_ENV,
        message: `${BUDGET_REDIS_URL_ENV} must be a Redis URL such as redis://127.0.0.1:6379 (rediss:// for TLS).`,
      },
    ]);
  }
  let store = storesByUrl.get(url);
  if (!store) {
    store = redisBudgetStore({ url });
    storesByUrl.set(url, store);
  }
  return store;
}

/** The budget options the environment sets: `HARNESS_BUDGET_REDIS_URL` and `HARNESS_REQUESTS_PER_MINUTE`. */
export function budgetOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): BudgetOptions {
  const options: BudgetOptions = {};
  const store = budgetStoreFromEnv(env);
  if (store) options.budget = store;
  const perMinute = env[REQUESTS_PER_MINUTE_ENV]?.trim();
  if (perMinute) {
    if (!/^[1-9][0-9]{0,5}$/.test(perMinute)) {
      throw new HarnessValidationError([
        {
          code: 'invalid_option',
          variable: REQUESTS_PER_MINUTE_ENV,
          message: `${REQUESTS_PER_MINUTE_ENV} must be a whole number of at least 1 (30 on trial and paid accounts, 5 on community accounts).`,
        },
      ]);
    }
    options.requestsPerMinute = Number(perMinute);
  }
  return options;
}
