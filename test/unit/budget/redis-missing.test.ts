/** A user who picks the Redis store without its optional packages gets told what to install. */
import { describe, expect, it, vi } from 'vitest';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { redisBudgetStore } from '../../../src/budget/redis-store.js';
import { HarnessValidationError } from '../../../src/errors.js';

vi.mock('rate-limiter-flexible', () => {
  throw new Error("Cannot find package 'rate-limiter-flexible'");
});

describe('Redis store without its optional packages', () => {
  it('refuses the request with an error that names the packages to install, and sends nothing', async () => {
    const budget = new AccountBudget({ key: 'acct', store: redisBudgetStore({ url: 'redis://127.0.0.1:1' }) });
    const error = await budget.acquire({ priority: 'start' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessValidationError);
    expect((error as Error).message).toContain('npm install rate-limiter-flexible ioredis');
  });

  it('needs exactly one of url and client', () => {
    expect(() => redisBudgetStore({})).toThrow(HarnessValidationError);
    expect(() => redisBudgetStore({ url: 'redis://x', client: {} })).toThrow(HarnessValidationError);
  });
});
