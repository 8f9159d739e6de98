/**
 * A budget store in Redis, for fleets that share an account across processes and machines: every
 * process that points at the same Redis counts its requests in the same window, so deploy jobs take
 * turns instead of colliding with Harness's 429.
 *
 * Built on rate-limiter-flexible's RateLimiterRedis with ioredis, both optional peer dependencies
 * loaded on first use: users of the in-process budget never load them. RateLimiterRedis counts in
 * fixed windows, and a fixed window of a minute would let the limit through twice within seconds
 * around its boundary, which Harness (whose window has its own phase) would refuse. So each key counts
 * in short buckets and a take counts the buckets covering the last window (see bucket-window.ts). The
 * time is Redis's own, so machines whose clocks disagree still share one window.
 */
import { HarnessNetworkError, HarnessValidationError } from '../errors.js';
import { bucketWaitMs, bucketsBack, bucketsToCount } from './bucket-window.js';
import type { BudgetStore, TakeResult } from './types.js';

/** Options of {@link redisBudgetStore}. */
export interface RedisBudgetStoreOptions {
  /**
   * The Redis server, as `redis://[[user]:password@]host[:port][/db]` or `rediss://` for TLS.
   * Environment (for harness-exec and {@link budgetStoreFromEnv}): `HARNESS_BUDGET_REDIS_URL`.
   * Give this or `client`.
   */
  url?: string | undefined;
  /** An ioredis `Redis` client to use instead of connecting to `url`; the store never closes it. */
  client?: object | undefined;
  /**
   * Prefix of the store's Redis keys.
   * @default 'harness-graphql-sdk:budget'
   */
  keyPrefix?: string | undefined;
  /**
   * Length of one counting bucket, in milliseconds. Shorter buckets waste less of the window (a
   * request holds its slot up to one bucket longer than the window) and cost more reads per request.
   * @default 2000
   */
  bucketMs?: number | undefined;
}

export const DEFAULT_REDIS_KEY_PREFIX = 'harness-graphql-sdk:budget';
export const DEFAULT_BUCKET_MS = 2_000;

/** What the store uses of ioredis and rate-limiter-flexible, loaded lazily. */
interface RedisClient {
  time(): Promise<[string, string]>;
  quit(): Promise<unknown>;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}
interface FixedWindowLimiter {
  consume(key: string, points?: number): Promise<unknown>;
  reward(key: string, points?: number): Promise<unknown>;
  get(key: string): Promise<{ consumedPoints: number } | null>;
}
type LimiterFactory = (points: number, durationSeconds: number) => FixedWindowLimiter;

/** A Redis URL without its credentials, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an unreadable Redis URL';
  }
}

function missingPackages(cause: unknown): HarnessValidationError {
  const error = new HarnessValidationError(
    [
      {
        code: 'invalid_option',
        variable: 'budget',
        message:
          'The Redis budget store needs the packages rate-limiter-flexible and ioredis, which are optional: run `npm install rate-limiter-flexible ioredis`, or leave the budget in-process.',
      },
    ],
    'The Redis budget store cannot load',
  );
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** Loads an optional package; the literal specifiers stay visible to bundlers. */
async function loadOptional<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw missingPackages(error);
  }
}

/** A named export of a CommonJS package, whether Node put it on the namespace or only on `default`. */
function exported<T>(namespace: object, name: string): T {
  const direct = (namespace as Record<string, unknown>)[name];
  const viaDefault = ((namespace as { default?: Record<string, unknown> }).default ?? {})[name];
  return (direct ?? viaDefault) as T;
}

/** A {@link BudgetStore} in Redis. Create it with {@link redisBudgetStore}. */
export class RedisBudgetStore implements BudgetStore {
  readonly description: string;
  readonly #options: RedisBudgetStoreOptions;
  readonly #keyPrefix: string;
  readonly #bucketMs: number;
  #ready: Promise<{ client: RedisClient; limiterFor: LimiterFactory; owned: boolean }> | undefined;
  readonly #limiters = new Map<string, FixedWindowLimiter>();

  constructor(options: RedisBudgetStoreOptions) {
    if ((options.url === undefined) === (options.client === undefined)) {
      throw new HarnessValidationError([
        { code: 'invalid_option', variable: 'budget', message: 'redisBudgetStore needs exactly one of url (such as redis://127.0.0.1:6379) and client.' },
      ]);
    }
    const bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    if (!Number.isInteger(bucketMs) || bucketMs < 1) {
      throw new HarnessValidationError([{ code: 'invalid_option', variable: 'bucketMs', message: 'bucketMs must be a whole number of milliseconds of at least 1.' }]);
    }
    this.#options = options;
    this.#keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.#bucketMs = bucketMs;
    this.description = options.url === undefined ? 'redis (given client)' : describeRedisUrl(options.url);
  }

  /** Loads the optional packages and connects; fails with a clear error when either is missing or Redis is down. */
  async ready(): Promise<void> {
    const { client } = await this.#connect();
    await this.#redisNow(client);
  }

  async take(key: string, limit: number, windowMs: number): Promise<TakeResult> {
    const { client, limiterFor } = await this.#connect();
    try {
      const now = await this.#redisNow(client);
      const buckets = bucketsToCount(now, windowMs, this.#bucketMs);
      // Keys live until their bucket has left every window that counts it.
      const durationSeconds = Math.ceil(((bucketsBack(windowMs, this.#bucketMs) + 2) * this.#bucketMs) / 1000);
      const reader = this.#limiter(limiterFor, limit, durationSeconds);
      const counts = await Promise.all(buckets.map(async (b) => (await reader.get(`${key}:${b}`))?.consumedPoints ?? 0));
      const wait = bucketWaitMs(counts, now, limit, windowMs, this.#bucketMs);
      if (wait > 0) return { taken: false, retryInMs: wait };
      // Earlier buckets are closed; the current one is counted atomically against what they left.
      const earlier = counts.slice(0, -1).reduce((sum, n) => sum + n, 0);
      const current = `${key}:${buckets[buckets.length - 1] ?? 0}`;
      const limiter = this.#limiter(limiterFor, limit - earlier, durationSeconds);
      const untilNextBucket = Math.max(1, this.#bucketMs - (now % this.#bucketMs));
      let consumed: number;
      try {
        consumed = ((await limiter.consume(current, 1)) as { consumedPoints: number }).consumedPoints;
      } catch (refusal) {
        if (refusal instanceof Error) throw refusal;
        // Another process took the last slot first. A refused consume still counted: give it back.
        await limiter.reward(current, 1);
        return { taken: false, retryInMs: untilNextBucket };
      }
      // A process whose clock reading fell just before this bucket began may still have counted in the
      // previous bucket after it was read. Read it again; if the window is now over the limit, this
      // process, the later of the two, gives its slot back and asks again.
      const previousIndex = buckets.length - 2;
      const previousBucket = buckets[previousIndex];
      if (previousBucket !== undefined) {
        const previousNow = (await reader.get(`${key}:${previousBucket}`))?.consumedPoints ?? 0;
        const previousThen = counts[previousIndex] ?? 0;
        if (previousNow > previousThen && earlier + (previousNow - previousThen) + consumed > limit) {
          await limiter.reward(current, 1);
          return { taken: false, retryInMs: untilNextBucket };
        }
      }
      return { taken: true };
    } catch (error) {
      if (error instanceof HarnessValidationError) throw error;
      throw new HarnessNetworkError(
        `The shared request budget at ${this.description} could not be reached (${error instanceof Error ? error.message : String(error)}), so nothing was sent to Harness. Check that Redis is up and HARNESS_BUDGET_REDIS_URL (or the budget option) points at it.`,
        'no',
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    const ready = this.#ready;
    this.#ready = undefined;
    if (!ready) return;
    const { client, owned } = await ready.catch(() => ({ client: undefined, owned: false }));
    if (client && owned) await client.quit().catch(() => undefined);
  }

  #limiter(limiterFor: LimiterFactory, points: number, durationSeconds: number): FixedWindowLimiter {
    const id = `${points}/${durationSeconds}`;
    let limiter = this.#limiters.get(id);
    if (!limiter) {
      limiter = limiterFor(Math.max(0, points), durationSeconds);
      this.#limiters.set(id, limiter);
    }
    return limiter;
  }

  async #redisNow(client: RedisClient): Promise<number> {
    const [seconds, micros] = await client.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  #connect(): Promise<{ client: RedisClient; limiterFor: LimiterFactory; owned: boolean }> {
    this.#ready ??= (async () => {
      const flexible = await loadOptional(() => import('rate-limiter-flexible'));
      const RateLimiterRedis = exported<new (options: Record<string, unknown>) => FixedWindowLimiter>(flexible, 'RateLimiterRedis');
      let client: RedisClient;
      let owned = false;
      if (this.#options.client !== undefined) client = this.#options.client as RedisClient;
      else {
        const ioredis = await loadOptional(() => import('ioredis'));
        const Redis = exported<new (url: string, options: Record<string, unknown>) => RedisClient>(ioredis, 'Redis');
        client = new Redis(this.#options.url ?? '', { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
        // Failures reach the caller through the commands; without a listener ioredis would also print them.
        client.on('error', () => undefined);
        owned = true;
      }
      const limiterFor: LimiterFactory = (points, duration) =>
        new RateLimiterRedis({ storeClient: client, keyPrefix: this.#keyPrefix, points, duration });
      return { client, limiterFor, owned };
    })();
    return this.#ready;
  }
}

/**
 * A budget store in Redis, shared by every process and machine that uses the same Redis and key
 * prefix. Needs the optional packages `rate-limiter-flexible` and `ioredis`.
 * @example
 * ```ts
 * const client = new HarnessClient({ accountId, apiKey, budget: redisBudgetStore({ url: 'redis://budget.internal:6379' }) });
 * ```
 */
export function redisBudgetStore(options: RedisBudgetStoreOptions): RedisBudgetStore {
  return new RedisBudgetStore(options);
}
