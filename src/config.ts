/**
 * Client options: their types, defaults and validation. A wrong option throws one
 * {@link HarnessValidationError} that names every bad option and the environment variable behind it.
 */
import { HarnessValidationError, type ValidationIssue } from './errors.js';
import type { Clock } from './internal/clock.js';
import { DEFAULT_REQUESTS_PER_MINUTE, type RateLimitOptions } from './rate-limiter.js';
import { DEFAULT_RETRY, NO_RETRY, type ResolvedRetryOptions, type RetryOptions } from './retry.js';
import type { TransportHooks } from './transport.js';
import { SDK_VERSION } from './version.js';

/** The longest wait Node's timers can hold (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Default cap of one response body. Harness's largest answers (pages of 100 pipelines with their
 * variables, executions with their inputs) stay well under a megabyte; 16 MiB leaves ample room and
 * still keeps a runaway or hostile answer from taking a process's memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Default of {@link HarnessClientOptions.maxRateLimitWaitMs}: ten fixed one-minute windows. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/** Harness SaaS GraphQL endpoint. On-prem installations use `https://<host>/api/graphql`. */
export const DEFAULT_ENDPOINT = 'https://app.harness.io/gateway/api/graphql';

/** Options of {@link HarnessClient}. */
export interface HarnessClientOptions {
  /** Harness account id, sent as the `accountId` query parameter. Environment: `HARNESS_ACCOUNT_ID`. */
  accountId: string;
  /** API key, sent in the `x-api-key` header and never logged. Environment: `HARNESS_API_KEY`. */
  apiKey: string;
  /**
   * GraphQL endpoint. Environment: `HARNESS_ENDPOINT`.
   * @default 'https://app.harness.io/gateway/api/graphql'
   */
  endpoint?: string;
  /**
   * The fetch implementation. Read at request time, so test interceptors installed later still apply.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Timeout of one query attempt, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Timeout of one mutation attempt (a start can block while Harness collects an artifact).
   * @default 180000
   */
  mutationTimeoutMs?: number;
  /**
   * Retry policy for transient failures, or `false` for none. Starts are only retried when the
   * request provably never left the machine.
   * @default { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10000 }
   */
  retry?: RetryOptions | false;
  /**
   * Client-side request budget shared by every call of this client, or `false` to send at once.
   * @default { requestsPerMinute: 30 }
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Extra headers for every request. `x-api-key` cannot be set here.
   * @default {}
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * User-Agent header.
   * @default 'harness-graphql-sdk/<version>'
   */
  userAgent?: string;
  /**
   * How long looked-up application ids and pipeline/workflow definitions are reused, in
   * milliseconds. `0` disables the cache.
   * @default 60000
   */
  lookupCacheTtlMs?: number;
  /**
   * Largest response body accepted, in bytes, counted after decompression while it streams in.
   * A larger one ends the call with `HarnessResponseTooLargeError`, before the rest is read.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * How long one call may wait for the account's budget after Harness answers 429, in milliseconds.
   * Each 429 is followed by a jittered wait that fits Harness's one-minute window and the request is
   * sent again (starts too: Harness refuses before it reads the request); the call's deadline and
   * signal end the waiting earlier. `0` fails on the first 429; so does `retry: false`.
   * @default 600000 (10 minutes)
   */
  maxRateLimitWaitMs?: number | undefined;
  /** Observability hooks; they never receive the key or request bodies. */
  hooks?: TransportHooks;
  /**
   * Time source for backoff, the rate limiter and waits; injectable for tests.
   * @default the system clock
   */
  clock?: Clock;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  accountId: string;
  apiKey: string;
  endpoint: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  mutationTimeoutMs: number;
  retry: ResolvedRetryOptions;
  requestsPerMinute: number | undefined;
  headers: Readonly<Record<string, string>>;
  userAgent: string;
  lookupCacheTtlMs: number;
  /** What the transport enforces on every call. */
  limits: TransportLimits;
  hooks: TransportHooks;
  clock: Clock | undefined;
}

/** Bounds the transport keeps on every call. */
export interface TransportLimits {
  maxResponseBytes: number;
  maxRateLimitWaitMs: number;
}

const KNOWN_OPTIONS = new Set([
  'accountId',
  'apiKey',
  'endpoint',
  'fetch',
  'timeoutMs',
  'mutationTimeoutMs',
  'retry',
  'rateLimit',
  'headers',
  'userAgent',
  'lookupCacheTtlMs',
  'maxResponseBytes',
  'maxRateLimitWaitMs',
  'hooks',
  'clock',
]);

const ENV_NAMES: Readonly<Record<string, string>> = {
  accountId: 'HARNESS_ACCOUNT_ID',
  apiKey: 'HARNESS_API_KEY',
  endpoint: 'HARNESS_ENDPOINT',
};

function optionIssue(option: string, problem: string, code: ValidationIssue['code'] = 'invalid_option'): ValidationIssue {
  const env = ENV_NAMES[option];
  return { code, variable: option, message: `${option} ${problem}${env ? ` (option ${option} or environment variable ${env})` : ''}.` };
}

/** A number of milliseconds that Node's timers can wait for (they fire at once past {@link MAX_TIMER_MS}). */
function positiveNumber(issues: ValidationIssue[], name: string, value: unknown, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    issues.push(optionIssue(name, `must be a ${allowZero ? 'non-negative' : 'positive'} number of milliseconds, got ${describe(value)}`));
    return fallback;
  }
  if (value > MAX_TIMER_MS) {
    issues.push(optionIssue(name, `must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest wait Node's timers can hold), got ${value}`));
    return fallback;
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}

function resolveRetry(issues: ValidationIssue[], value: unknown): ResolvedRetryOptions {
  if (value === undefined) return DEFAULT_RETRY;
  if (value === false) return NO_RETRY;
  if (typeof value !== 'object' || value === null) {
    issues.push(optionIssue('retry', `must be false or { maxAttempts, baseDelayMs, maxDelayMs }, got ${describe(value)}`));
    return DEFAULT_RETRY;
  }
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!['maxAttempts', 'baseDelayMs', 'maxDelayMs'].includes(key)) {
      issues.push(optionIssue(`retry.${key}`, 'is not a retry option (known: maxAttempts, baseDelayMs, maxDelayMs)'));
    }
  }
  let maxAttempts = DEFAULT_RETRY.maxAttempts;
  if (r.maxAttempts !== undefined) {
    if (typeof r.maxAttempts !== 'number' || !Number.isInteger(r.maxAttempts) || r.maxAttempts < 1 || r.maxAttempts > 20) {
      issues.push(optionIssue('retry.maxAttempts', `must be a whole number from 1 to 20, got ${describe(r.maxAttempts)}`));
    } else maxAttempts = r.maxAttempts;
  }
  const baseDelayMs = positiveNumber(issues, 'retry.baseDelayMs', r.baseDelayMs, DEFAULT_RETRY.baseDelayMs, true);
  const maxDelayMs = positiveNumber(issues, 'retry.maxDelayMs', r.maxDelayMs, DEFAULT_RETRY.maxDelayMs, true);
  return { maxAttempts, baseDelayMs, maxDelayMs: Math.max(maxDelayMs, baseDelayMs) };
}

/** Validates options and fills in defaults; throws one error listing every problem. */
export function resolveClientOptions(options: HarnessClientOptions): ResolvedClientOptions {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new HarnessValidationError(
      [{ code: 'missing_option', variable: 'options', message: 'HarnessClient needs an options object with accountId and apiKey.' }],
      'Invalid HarnessClient options',
    );
  }
  const raw = options as unknown as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(key)) issues.push(optionIssue(key, `is not a HarnessClient option (known: ${[...KNOWN_OPTIONS].join(', ')})`));
  }
  const accountId = raw.accountId;
  if (accountId === undefined || accountId === '') issues.push(optionIssue('accountId', 'is missing', 'missing_option'));
  else if (typeof accountId !== 'string' || !/^[A-Za-z0-9_-]+$/.test(accountId)) {
    issues.push(optionIssue('accountId', 'must be a Harness account id (letters, digits, - and _ only)'));
  }
  const apiKey = raw.apiKey;
  if (apiKey === undefined || apiKey === '') issues.push(optionIssue('apiKey', 'is missing', 'missing_option'));
  else if (typeof apiKey !== 'string' || /\s/.test(apiKey)) {
    // Never echo the key: say only what is wrong with it.
    issues.push(optionIssue('apiKey', 'must be a string without whitespace or line breaks'));
  }
  let endpoint = DEFAULT_ENDPOINT;
  if (raw.endpoint !== undefined) {
    try {
      if (typeof raw.endpoint !== 'string') throw new Error('not a string');
      const url = new URL(raw.endpoint);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      endpoint = url.toString();
    } catch {
      issues.push(optionIssue('endpoint', `must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got ${describe(raw.endpoint)}`));
    }
  }
  if (raw.fetch !== undefined && typeof raw.fetch !== 'function') issues.push(optionIssue('fetch', 'must be a fetch function'));
  const timeoutMs = positiveNumber(issues, 'timeoutMs', raw.timeoutMs, 30_000);
  const mutationTimeoutMs = positiveNumber(issues, 'mutationTimeoutMs', raw.mutationTimeoutMs, 180_000);
  const lookupCacheTtlMs = positiveNumber(issues, 'lookupCacheTtlMs', raw.lookupCacheTtlMs, 60_000, true);
  const retry = resolveRetry(issues, raw.retry);
  const maxRateLimitWaitMs = positiveNumber(issues, 'maxRateLimitWaitMs', raw.maxRateLimitWaitMs, DEFAULT_MAX_RATE_LIMIT_WAIT_MS, true);
  let maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
  if (raw.maxResponseBytes !== undefined) {
    const value = raw.maxResponseBytes;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      issues.push(optionIssue('maxResponseBytes', `must be a whole number of bytes of at least 1, got ${describe(value)}`));
    } else maxResponseBytes = value;
  }
  let requestsPerMinute: number | undefined = DEFAULT_REQUESTS_PER_MINUTE;
  if (raw.rateLimit === false) requestsPerMinute = undefined;
  else if (raw.rateLimit !== undefined) {
    const rpm = (raw.rateLimit as { requestsPerMinute?: unknown } | null)?.requestsPerMinute;
    if (typeof raw.rateLimit !== 'object' || raw.rateLimit === null) {
      issues.push(optionIssue('rateLimit', `must be false or { requestsPerMinute }, got ${describe(raw.rateLimit)}`));
    } else if (rpm !== undefined) {
      if (typeof rpm !== 'number' || !Number.isInteger(rpm) || rpm < 1) {
        issues.push(optionIssue('rateLimit.requestsPerMinute', `must be a whole number of at least 1, got ${describe(rpm)}`));
      } else requestsPerMinute = rpm;
    }
  }
  const headers: Record<string, string> = {};
  if (raw.headers !== undefined) {
    if (typeof raw.headers !== 'object' || raw.headers === null || Array.isArray(raw.headers)) {
      issues.push(optionIssue('headers', 'must be an object of header names to string values'));
    } else {
      for (const [name, value] of Object.entries(raw.headers as Record<string, unknown>)) {
        if (name.toLowerCase() === 'x-api-key') issues.push(optionIssue('headers', 'must not contain x-api-key; pass the key as apiKey'));
        else if (typeof value !== 'string') issues.push(optionIssue(`headers.${name}`, 'must be a string'));
        else headers[name] = value;
      }
    }
  }
  let userAgent = `harness-graphql-sdk/${SDK_VERSION}`;
  if (raw.userAgent !== undefined) {
    if (typeof raw.userAgent !== 'string' || raw.userAgent.trim() === '') issues.push(optionIssue('userAgent', 'must be a non-empty string'));
    else userAgent = raw.userAgent;
  }
  if (raw.hooks !== undefined && (typeof raw.hooks !== 'object' || raw.hooks === null)) issues.push(optionIssue('hooks', 'must be an object of hook functions'));
  if (raw.clock !== undefined) {
    const clock = raw.clock as Partial<Clock> | null;
    if (typeof clock?.now !== 'function' || typeof clock.sleep !== 'function') issues.push(optionIssue('clock', 'must have now() and sleep(ms) functions'));
  }
  if (issues.length > 0) throw new HarnessValidationError(issues, 'Invalid HarnessClient options');
  return {
    accountId: accountId as string,
    apiKey: apiKey as string,
    endpoint,
    fetch: raw.fetch as typeof globalThis.fetch | undefined,
    timeoutMs,
    mutationTimeoutMs,
    retry,
    requestsPerMinute,
    headers,
    userAgent,
    lookupCacheTtlMs,
    limits: { maxResponseBytes, maxRateLimitWaitMs: raw.retry === false ? 0 : maxRateLimitWaitMs },
    hooks: (raw.hooks as TransportHooks | undefined) ?? {},
    clock: raw.clock as Clock | undefined,
  };
}

/** Reads client options from environment variables (`HARNESS_ACCOUNT_ID`, `HARNESS_API_KEY`, `HARNESS_ENDPOINT`). */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): HarnessClientOptions {
  const endpoint = env.HARNESS_ENDPOINT?.trim();
  return {
    accountId: env.HARNESS_ACCOUNT_ID?.trim() ?? '',
    apiKey: env.HARNESS_API_KEY?.trim() ?? '',
    ...(endpoint ? { endpoint } : {}),
  };
}
