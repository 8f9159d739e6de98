/**
 * Client options: their types, defaults and validation. A wrong option throws one
 * {@link HarnessValidationError} that names every bad option and the environment variable behind it.
 */
import { HarnessValidationError, type ValidationIssue } from './errors.js';
import type { Clock } from './internal/clock.js';
import { secretProblem, type CredentialKind, type SecretSource } from './internal/credentials.js';
import { DIRECT, parseProxyUrl, proxyRoute, routeFromEnv, type Environment, type ProxyOption, type ProxyRoute } from './internal/proxy.js';
import { budgetOptionIssues, type BudgetOptions } from './budget/options.js';
import { DEFAULT_REQUESTS_PER_MINUTE } from './budget/pacing.js';
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

/** The deprecated per-client budget option; see {@link HarnessClientOptions.rateLimit}. */
export interface RateLimitOptions {
  /**
   * Requests allowed a minute; same as {@link HarnessClientOptions.requestsPerMinute}.
   * @default 30
   */
  requestsPerMinute?: number | undefined;
}

/** Default of {@link HarnessClientOptions.maxRateLimitWaitMs}: ten fixed one-minute windows. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10 * 60_000;

/** Harness SaaS GraphQL endpoint. On-prem installations use `https://<host>/api/graphql`. */
export const DEFAULT_ENDPOINT = 'https://app.harness.io/gateway/api/graphql';

/** Options of {@link HarnessClient}. */
export interface HarnessClientOptions {
  /** Harness account id, sent as the `accountId` query parameter. Environment: `HARNESS_ACCOUNT_ID`. */
  accountId: string;
  /**
   * API key, sent in the `x-api-key` header and never logged. Environment: `HARNESS_API_KEY`.
   * Give exactly one of `apiKey` and `bearerToken`. A function is called before every request (it may
   * be async), so a service picks up a rotated key without a restart; after a 401 it is asked once
   * more, and the request is sent again once if the key changed.
   */
  apiKey?: SecretSource | undefined;
  /**
   * A logged-in user's session token (or a JWT), sent as `Authorization: Bearer <token>` and never
   * logged, instead of an API key; `accountId` is then required. Environment: `HARNESS_BEARER_TOKEN`.
   * Like `apiKey`, it may be a function read before every request.
   */
  bearerToken?: SecretSource | undefined;
  /**
   * The HTTP proxy requests go through: `'env'` reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
   * (either case, lower case first, as curl does) when the client is created; a URL such as
   * `http://user:password@proxy.example.com:3128` uses that proxy; `'none'` or `false` connects
   * directly. The proxy is given the host and port only (a CONNECT tunnel); the key travels inside.
   * `'env'` is the default because Node's fetch, unlike curl, npm and git, ignores these variables,
   * and a machine that sets them usually cannot reach the internet without them; undici is loaded
   * only when a proxy applies. With a custom `fetch`, the proxy is passed as its `dispatcher` option.
   * @default 'env'
   */
  proxy?: ProxyOption | undefined;
  /**
   * GraphQL endpoint. Environment: `HARNESS_ENDPOINT`.
   * @default 'https://app.harness.io/gateway/api/graphql'
   */
  endpoint?: string | undefined;
  /**
   * The fetch implementation. Read at request time, so test interceptors installed later still apply.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Timeout of one query attempt, in milliseconds.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Timeout of one mutation attempt (a start can block while Harness collects an artifact).
   * @default 180000
   */
  mutationTimeoutMs?: number | undefined;
  /**
   * Retry policy for transient failures, or `false` for none. Starts are only retried when the
   * request provably never left the machine.
   * @default { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10000 }
   */
  retry?: RetryOptions | false | undefined;
  /**
   * Which budget the client's requests count against. Harness allows an account a number of
   * requests a minute, shared by every key, user, process and machine of the account.
   * - `'shared'`: one budget per endpoint and account in this process, shared by every client that
   *   also says `'shared'` (and uses the same clock).
   * - `'own'`: a budget for this client alone.
   * - a budget store, such as `redisBudgetStore({ url })`: counted in that store, shared by every
   *   client of the endpoint and account that uses it, in this process and in every other process
   *   that uses the same store (a fleet of deploy jobs).
   * - `false`: no client-side budget; every request is sent at once (on-prem Harness has no limit).
   * @default 'shared'
   */
  budget?: BudgetOptions['budget'];
  /**
   * Requests a minute the account allows: 30 on trial and paid accounts, 5 on community and
   * essentials accounts, or what Harness set for the account. When clients sharing a budget say
   * different numbers, the lowest wins. Environment: `HARNESS_REQUESTS_PER_MINUTE` (read by
   * `budgetOptionsFromEnv` and `harness-exec`).
   * @default 30
   */
  requestsPerMinute?: number | undefined;
  /**
   * @deprecated Use `budget` and `requestsPerMinute`: `rateLimit: false` is `budget: false`, and
   * `rateLimit: { requestsPerMinute }` is `requestsPerMinute`. Given together, `budget` and
   * `requestsPerMinute` win.
   * @default { requestsPerMinute: 30 }
   */
  rateLimit?: RateLimitOptions | false | undefined;
  /**
   * Extra headers for every request. `x-api-key` cannot be set here, nor `authorization` with a
   * `bearerToken` (the token travels in it).
   * @default {}
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * User-Agent header.
   * @default 'harness-graphql-sdk/<version>'
   */
  userAgent?: string | undefined;
  /**
   * How long looked-up application ids and pipeline/workflow definitions are reused, in
   * milliseconds. `0` disables the cache.
   * @default 60000
   */
  lookupCacheTtlMs?: number | undefined;
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
  hooks?: TransportHooks | undefined;
  /**
   * Time source for backoff, the rate limiter and waits; injectable for tests.
   * @default the system clock
   */
  clock?: Clock | undefined;
  /**
   * Source of numbers in [0, 1) for every jitter the client draws: retry backoff, the waits after a
   * 429, the batched poll ticks and `awaitExecution`'s schedule (unless a wait gives its own). Inject a
   * seeded one to replay the same schedule on every run. A value outside [0, 1) (or not a number) is
   * clamped into it, so a faulty source can never make a wait negative or endless.
   * @default Math.random
   */
  random?: (() => number) | undefined;
}

/** Options with every default applied. */
export interface ResolvedClientOptions {
  accountId: string;
  /** Which secret authenticates, and where it comes from. */
  credential: { kind: CredentialKind; source: SecretSource };
  /** How requests reach the endpoint. */
  proxy: ProxyRoute;
  endpoint: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  mutationTimeoutMs: number;
  retry: ResolvedRetryOptions;
  /** The budget choice and the account's limit, after mapping the deprecated `rateLimit`. */
  budget: BudgetOptions;
  /** The account's limit the client asks for; undefined without a budget. */
  requestsPerMinute: number | undefined;
  headers: Readonly<Record<string, string>>;
  userAgent: string;
  lookupCacheTtlMs: number;
  /** What the transport enforces on every call. */
  limits: TransportLimits;
  hooks: TransportHooks;
  clock: Clock | undefined;
  random: (() => number) | undefined;
}

/** Bounds the transport keeps on every call. */
export interface TransportLimits {
  maxResponseBytes: number;
  maxRateLimitWaitMs: number;
}

const KNOWN_OPTIONS = new Set([
  'accountId',
  'apiKey',
  'bearerToken',
  'proxy',
  'endpoint',
  'fetch',
  'timeoutMs',
  'mutationTimeoutMs',
  'retry',
  'budget',
  'requestsPerMinute',
  'rateLimit',
  'headers',
  'userAgent',
  'lookupCacheTtlMs',
  'maxResponseBytes',
  'maxRateLimitWaitMs',
  'hooks',
  'clock',
  'random',
]);

const ENV_NAMES: Readonly<Record<string, string>> = {
  accountId: 'HARNESS_ACCOUNT_ID',
  apiKey: 'HARNESS_API_KEY',
  bearerToken: 'HARNESS_BEARER_TOKEN',
  endpoint: 'HARNESS_ENDPOINT',
};

/** The budget options, with the deprecated `rateLimit` mapped onto them where they are not given. */
function resolveBudget(issues: ValidationIssue[], raw: Record<string, unknown>): BudgetOptions {
  issues.push(...budgetOptionIssues({ budget: raw.budget, requestsPerMinute: raw.requestsPerMinute }));
  let budget = raw.budget as BudgetOptions['budget'];
  let requestsPerMinute = raw.requestsPerMinute as number | undefined;
  if (raw.rateLimit === false) budget ??= false;
  else if (raw.rateLimit !== undefined) {
    const rpm = (raw.rateLimit as { requestsPerMinute?: unknown } | null)?.requestsPerMinute;
    if (typeof raw.rateLimit !== 'object' || raw.rateLimit === null) {
      issues.push(optionIssue('rateLimit', `must be false or { requestsPerMinute }, got ${describe(raw.rateLimit)}`));
    } else if (rpm !== undefined) {
      if (typeof rpm !== 'number' || !Number.isInteger(rpm) || rpm < 1) {
        issues.push(optionIssue('rateLimit.requestsPerMinute', `must be a whole number of at least 1, got ${describe(rpm)}`));
      } else requestsPerMinute ??= rpm;
    }
  }
  return { budget, requestsPerMinute };
}

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

function given(value: unknown): boolean {
  return value !== undefined && value !== '';
}

/** Exactly one of apiKey and bearerToken, a non-empty string without blanks or a function. */
function resolveCredential(issues: ValidationIssue[], raw: Record<string, unknown>): ResolvedClientOptions['credential'] {
  const hasKey = given(raw.apiKey);
  const hasToken = given(raw.bearerToken);
  const both = 'apiKey (environment variable HARNESS_API_KEY) or bearerToken (environment variable HARNESS_BEARER_TOKEN)';
  if (hasKey && hasToken) {
    issues.push({ code: 'invalid_option', variable: 'apiKey', message: `apiKey and bearerToken are both set; give exactly one: ${both}.` });
  } else if (!hasKey && !hasToken) {
    issues.push({ code: 'missing_option', variable: 'apiKey', message: `apiKey is missing; give exactly one of ${both}.` });
  }
  const kind: CredentialKind = hasToken && !hasKey ? 'bearerToken' : 'apiKey';
  const source = raw[kind];
  if ((hasKey !== hasToken) && typeof source !== 'function') {
    const problem = secretProblem(source);
    // Never echo the secret: say only what is wrong with it.
    if (problem !== undefined) issues.push(optionIssue(kind, `must be a string without whitespace or line breaks, or a function answering one`));
  }
  return { kind, source: typeof source === 'function' || typeof source === 'string' ? (source as SecretSource) : '' };
}

/** The proxy route for the endpoint; a proxy URL is never echoed (it may hold a password). */
function resolveProxy(issues: ValidationIssue[], value: unknown, endpoint: string, env: Environment): ProxyRoute {
  if (value === 'none' || value === false) return DIRECT;
  if (value === undefined || value === 'env') {
    const route = routeFromEnv(env, new URL(endpoint));
    if ('problem' in route) {
      issues.push({ code: 'invalid_option', variable: route.variable, message: `Environment variable ${route.problem} (or pass proxy: 'none').` });
      return DIRECT;
    }
    return route;
  }
  const url = typeof value === 'string' ? parseProxyUrl(value) : undefined;
  if (url === undefined) {
    issues.push(optionIssue('proxy', `must be 'env', 'none', false or an http(s) proxy URL such as http://proxy.example.com:3128`));
    return DIRECT;
  }
  return proxyRoute(url, 'the proxy option');
}

/**
 * Validates options and fills in defaults; throws one error listing every problem. `env` is read for
 * the `'env'` proxy setting only.
 */
export function resolveClientOptions(options: HarnessClientOptions, env: Environment = process.env): ResolvedClientOptions {
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
  const credential = resolveCredential(issues, raw);
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
  const proxy = resolveProxy(issues, raw.proxy, endpoint, env);
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
  const budget = resolveBudget(issues, raw);
  const headers: Record<string, string> = {};
  if (raw.headers !== undefined) {
    if (typeof raw.headers !== 'object' || raw.headers === null || Array.isArray(raw.headers)) {
      issues.push(optionIssue('headers', 'must be an object of header names to string values'));
    } else {
      for (const [name, value] of Object.entries(raw.headers as Record<string, unknown>)) {
        if (name.toLowerCase() === 'x-api-key') issues.push(optionIssue('headers', 'must not contain x-api-key; pass the key as apiKey'));
        else if (name.toLowerCase() === 'authorization' && credential.kind === 'bearerToken') {
          issues.push(optionIssue('headers', 'must not contain authorization with a bearerToken; the token is sent in it'));
        }
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
  if (raw.random !== undefined && typeof raw.random !== 'function') issues.push(optionIssue('random', 'must be a function returning a number in [0, 1)'));
  if (issues.length > 0) throw new HarnessValidationError(issues, 'Invalid HarnessClient options');
  return {
    accountId: accountId as string,
    credential,
    proxy,
    endpoint,
    fetch: raw.fetch as typeof globalThis.fetch | undefined,
    timeoutMs,
    mutationTimeoutMs,
    retry,
    budget,
    requestsPerMinute: budget.budget === false ? undefined : (budget.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE),
    headers,
    userAgent,
    lookupCacheTtlMs,
    limits: { maxResponseBytes, maxRateLimitWaitMs: raw.retry === false ? 0 : maxRateLimitWaitMs },
    hooks: (raw.hooks as TransportHooks | undefined) ?? {},
    clock: raw.clock as Clock | undefined,
    random: raw.random as (() => number) | undefined,
  };
}

/** The environment variables the client reads. */
const ENV_VARIABLES = ['HARNESS_ACCOUNT_ID', 'HARNESS_API_KEY', 'HARNESS_BEARER_TOKEN', 'HARNESS_ENDPOINT'] as const;

/**
 * Reads client options from environment variables (`HARNESS_ACCOUNT_ID`, `HARNESS_API_KEY` or
 * `HARNESS_BEARER_TOKEN`, `HARNESS_ENDPOINT`). The proxy variables are read by the `'env'` proxy setting.
 */
export function optionsFromEnv(env: Readonly<Record<string, string | undefined>>): HarnessClientOptions {
  const issues: ValidationIssue[] = [];
  for (const name of ENV_VARIABLES) {
    const value: unknown = env[name];
    if (value !== undefined && typeof value !== 'string') {
      issues.push({ code: 'invalid_option', variable: name, message: `${name} must be a string, as environment variables are.` });
    }
  }
  if (issues.length > 0) throw new HarnessValidationError(issues, 'Invalid HarnessClient environment');
  const endpoint = env.HARNESS_ENDPOINT?.trim();
  const bearerToken = env.HARNESS_BEARER_TOKEN?.trim();
  const apiKey = env.HARNESS_API_KEY?.trim() ?? '';
  return {
    accountId: env.HARNESS_ACCOUNT_ID?.trim() ?? '',
    ...(bearerToken ? (apiKey ? { apiKey, bearerToken } : { bearerToken }) : { apiKey }),
    ...(endpoint ? { endpoint } : {}),
  };
}
