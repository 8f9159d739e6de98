/** Budget settings from the environment (no Redis is contacted here). */
import { describe, expect, it } from 'vitest';
import { budgetOptionsFromEnv, budgetStoreFromEnv } from '../../../src/budget/env.js';
import { HarnessValidationError } from '../../../src/errors.js';

describe('budgetStoreFromEnv', () => {
  it('is undefined when HARNESS_BUDGET_REDIS_URL is unset or blank', () => {
    expect(budgetStoreFromEnv({})).toBeUndefined();
    expect(budgetStoreFromEnv({ HARNESS_BUDGET_REDIS_URL: '  ' })).toBeUndefined();
  });

  it('gives one store per URL, described without its password', () => {
    const env = { HARNESS_BUDGET_REDIS_URL: 'redis://:hunter2@budget.internal:6380/2' };
    const store = budgetStoreFromEnv(env);
    expect(store).toBe(budgetStoreFromEnv(env));
    expect(store?.description).toBe('redis://budget.internal:6380/2');
    expect(store?.description).not.toContain('hunter2');
  });

  it('refuses what is not a Redis URL, naming the variable', () => {
    for (const value of ['localhost:6379', 'http://127.0.0.1:6379']) {
      const error = (() => {
        try {
          budgetStoreFromEnv({ HARNESS_BUDGET_REDIS_URL: value });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(HarnessValidationError);
      expect((error as HarnessValidationError).issues[0]?.variable).toBe('HARNESS_BUDGET_REDIS_URL');
    }
  });
});

describe('budgetOptionsFromEnv', () => {
  it('reads the account limit and the store', () => {
    expect(budgetOptionsFromEnv({})).toEqual({});
    expect(budgetOptionsFromEnv({ HARNESS_REQUESTS_PER_MINUTE: '5' })).toEqual({ requestsPerMinute: 5 });
    expect(budgetOptionsFromEnv({ HARNESS_BUDGET_REDIS_URL: 'redis://127.0.0.1:1' }).budget).toBe(budgetStoreFromEnv({ HARNESS_BUDGET_REDIS_URL: 'redis://127.0.0.1:1' }));
  });

  it('refuses a limit that is not a whole positive number', () => {
    for (const value of ['0', '-5', '2.5', 'thirty']) {
      expect(() => budgetOptionsFromEnv({ HARNESS_REQUESTS_PER_MINUTE: value })).toThrow(/HARNESS_REQUESTS_PER_MINUTE/);
    }
  });
});
