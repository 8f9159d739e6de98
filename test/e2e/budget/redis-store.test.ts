/**
 * The Redis budget store against a real redis-server: processes (here: separate connections with
 * their own budgets) share one window and take turns, and a Redis that is down says so.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { budgetStoreFromEnv } from '../../../src/budget/env.js';
import { redisBudgetStore, type RedisBudgetStore } from '../../../src/budget/redis-store.js';
import { HarnessNetworkError, HarnessRateLimitError } from '../../../src/errors.js';
import type { Clock } from '../../../src/internal/clock.js';
import { redisAvailable, startRedis, type RunningRedis } from './redis-server.js';

const WINDOW_MS = 1_500;
const TAKE_SLOTS = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/take-slots.ts');

/** Runs one fleet process; answers the grant times it printed. */
function fleetProcess(args: readonly string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', TAKE_SLOTS, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').map(Number)) : reject(new Error(`fleet process exited ${code}`))));
  });
}
const BUCKET_MS = 100;

/** Key prefixes unique within this file's Redis (started fresh for it), the same on every run. */
let prefixCount = 0;
const uniquePrefix = (name: string): string => `${name}:${(prefixCount += 1)}`;

describe.runIf(redisAvailable())('Redis budget store', () => {
  let redis: RunningRedis;
  const stores: RedisBudgetStore[] = [];
  const newStore = () => {
    const store = redisBudgetStore({ url: redis.url, bucketMs: BUCKET_MS, keyPrefix: uniquePrefix('test') });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('takes the limit, then names the wait until the window frees a slot', async () => {
    const store = newStore();
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await store.take('acct', 3, WINDOW_MS));
    expect(results.slice(0, 3)).toEqual([{ taken: true }, { taken: true }, { taken: true }]);
    const refused = results[3];
    expect(refused?.taken).toBe(false);
    const wait = refused && !refused.taken ? refused.retryInMs : 0;
    // The first take leaves the window at most a window and a bucket after it.
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(WINDOW_MS + BUCKET_MS);
    await new Promise((resolve) => setTimeout(resolve, wait + 20));
    expect(await store.take('acct', 3, WINDOW_MS)).toEqual({ taken: true });
  });

  it('lets budgets of several processes share one window: all are served, never more than the limit in a window', async () => {
    const prefix = uniquePrefix('fleet');
    const limit = 4;
    const fleet = Array.from({ length: 3 }, () => {
      const store = redisBudgetStore({ url: redis.url, bucketMs: BUCKET_MS, keyPrefix: prefix });
      stores.push(store);
      return new AccountBudget({ key: 'acct', requestsPerMinute: limit, store, windowMs: WINDOW_MS });
    });
    const grants: number[] = [];
    const started = Date.now();
    await Promise.all(
      fleet.flatMap((budget) =>
        Array.from({ length: 4 }, async () => {
          await budget.acquire({ priority: 'start' });
          grants.push(Date.now());
        }),
      ),
    );
    expect(grants).toHaveLength(12);
    grants.sort((a, b) => a - b);
    for (const start of grants) {
      // Grants are observed a little after Redis counted them: half a window leaves room for slow machines.
      expect(grants.filter((t) => t >= start && t < start + WINDOW_MS / 2).length).toBeLessThanOrEqual(limit);
    }
    // 12 requests at 4 a window need two more windows after the first, plus buckets.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * WINDOW_MS - 2 * BUCKET_MS);
  });

  it('lets separate OS processes take turns in one window', async () => {
    const limit = 3;
    const args = [redis.url, uniquePrefix('processes'), String(limit), String(WINDOW_MS), '3'];
    const grants = (await Promise.all([fleetProcess(args), fleetProcess(args)])).flat().sort((a, b) => a - b);
    expect(grants).toHaveLength(6);
    for (const start of grants) {
      expect(grants.filter((t) => t >= start && t < start + WINDOW_MS / 2).length).toBeLessThanOrEqual(limit);
    }
    expect((grants[5] ?? 0) - (grants[0] ?? 0)).toBeGreaterThanOrEqual(WINDOW_MS - 2 * BUCKET_MS);
  });

  it('refuses at once a caller whose deadline comes before the slot Redis names', async () => {
    const store = newStore();
    // Real time, but a sleep that never ends: a budget that waited (for the deadline or the slot)
    // before refusing would hang here to the test's timeout, so the refusal can only have come at once.
    const clock: Clock = { now: () => Date.now(), sleep: () => new Promise<void>(() => undefined) };
    const budget = new AccountBudget({ key: 'acct', requestsPerMinute: 1, store, windowMs: WINDOW_MS, clock });
    await budget.acquire({ priority: 'start' });
    const asked = Date.now();
    // The next slot is about a window away: refused before the deadline, not at it.
    const error = await budget.acquire({ priority: 'start', deadline: asked + WINDOW_MS / 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessRateLimitError);
    expect((error as Error).message).toMatch(/has no free slot before this call's deadline, so nothing was sent/);
    expect(budget.waiting).toBe(0);
  });

  it('is what HARNESS_BUDGET_REDIS_URL names, one store per URL', async () => {
    const fromEnv = budgetStoreFromEnv({ HARNESS_BUDGET_REDIS_URL: redis.url });
    expect(fromEnv).toBe(budgetStoreFromEnv({ HARNESS_BUDGET_REDIS_URL: redis.url }));
    await (fromEnv as RedisBudgetStore).ready();
    await fromEnv?.close?.();
  });

  it('says that nothing was sent, without the password, when Redis cannot be reached', async () => {
    const port = redis.port;
    const down = await startRedis();
    const url = `redis://:s3cret-pass@127.0.0.1:${down.port}`;
    await down.stop();
    const store = redisBudgetStore({ url });
    stores.push(store);
    const error = await store.take('acct', 3, WINDOW_MS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessNetworkError);
    expect((error as HarnessNetworkError).requestSent).toBe('no');
    expect((error as Error).message).toMatch(/nothing was sent/);
    expect((error as Error).message).not.toContain('s3cret-pass');
    expect(store.description).toBe(`redis://127.0.0.1:${down.port}`);
    expect(port).not.toBe(down.port);
  });
});
