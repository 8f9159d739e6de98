/**
 * The only module that talks HTTP. It adds authentication (accountId in the query string, the key in
 * `x-api-key`), applies timeouts, the client-side rate limit and the retry policy, and turns every
 * failure into a {@link HarnessError}. The API key lives in a private field and is redacted from
 * anything that could leave this module.
 */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { GraphQLClient } from 'graphql-request';
import {
  errorFromGraphQLErrors,
  errorFromHttpResponse,
  errorFromNetworkFailure,
  errorFromRestSuccess,
  graphQLMessages,
  parseGraphQLBody,
  redact,
  type GraphQLBody,
} from './error-mapping.js';
import { HarnessError, HarnessTimeoutError, isHarnessError } from './errors.js';
import type { Clock } from './internal/clock.js';
import type { SlidingWindowRateLimiter } from './rate-limiter.js';
import { backoffDelayMs, shouldRetry, type ResolvedRetryOptions } from './retry.js';

/** A typed GraphQL document: a generated `TypedDocumentString` or any string-like typed document. */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & {
  toString(): string;
};

/** Facts about one HTTP attempt, for logging hooks. Never contains the key or the request body. */
export interface RequestEvent {
  operation: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Facts about one finished HTTP attempt. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or undefined when no response arrived. */
  status: number | undefined;
  durationMs: number;
  /** The error this attempt ended with, if any. */
  error?: HarnessError | undefined;
}

/** Facts about a retry that is about to happen. */
export interface RetryEvent extends RequestEvent {
  delayMs: number;
  error: HarnessError;
}

/** Observability hooks. Their arguments never contain the API key or request bodies. */
export interface TransportHooks {
  /** Before each HTTP attempt. */
  onRequest?: (event: RequestEvent) => void;
  /** After each HTTP attempt, successful or not. */
  onResponse?: (event: ResponseEvent) => void;
  /** Before sleeping ahead of a retry. */
  onRetry?: (event: RetryEvent) => void;
}

export interface TransportConfig {
  endpoint: string;
  accountId: string;
  apiKey: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  mutationTimeoutMs: number;
  retry: ResolvedRetryOptions;
  headers: Readonly<Record<string, string>>;
  userAgent: string;
  rateLimiter: SlidingWindowRateLimiter | undefined;
  clock: Clock;
  hooks: TransportHooks;
  random: () => number;
}

/** Per-call settings. */
export interface CallOptions {
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number | undefined;
  /** Cancels the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Absolute time on the client's clock (ms) by which the whole call (queue, attempts, backoff) must settle. */
  deadline?: number | undefined;
  /** @internal Which budget queue the call waits in: starts and human actions go before polls. */
  priority?: 'start' | 'action' | 'query' | 'poll' | undefined;
}

interface AttemptResult {
  status: number;
  body: string;
  /** The body as GraphQL JSON, parsed once; undefined when it is not. */
  parsed?: GraphQLBody | undefined;
}

/** Where the capturing fetch leaves the raw answer of one attempt, found by the attempt's signal. */
interface CaptureSlot {
  result?: AttemptResult;
}

const TIMEOUT = Symbol('timeout');

/** Reads the operation name and kind from a document's text. */
export function describeDocument(text: string): { name: string; isMutation: boolean } {
  const match = /^\s*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(text);
  return { name: match?.[2] ?? 'anonymous operation', isMutation: match?.[1] === 'mutation' };
}

const describedDocuments = new WeakMap<object, { text: string; name: string; isMutation: boolean }>();

/** {@link describeDocument}, remembered per document object (generated documents are long-lived). */
function describeOnce(document: { toString(): string }): { text: string; name: string; isMutation: boolean } {
  const known = describedDocuments.get(document);
  if (known) return known;
  const text = document.toString();
  const described = { text, ...describeDocument(text) };
  if (typeof document === 'object') describedDocuments.set(document, described);
  return described;
}

/** Adds `operationName` to a GraphQL request body, read from the query text it carries. */
function withOperationName(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== 'string') return body;
  const { name } = describeDocument(query);
  return name === 'anonymous operation' ? body : { ...(body as Record<string, unknown>), operationName: name };
}

export class Transport {
  readonly #config: TransportConfig;
  readonly #host: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #client: GraphQLClient;
  readonly #slots = new WeakMap<AbortSignal, CaptureSlot>();

  constructor(config: TransportConfig) {
    this.#config = config;
    const url = new URL(config.endpoint);
    url.searchParams.set('accountId', config.accountId);
    this.#host = url.host;
    this.#headers = Object.freeze({
      ...config.headers,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': config.userAgent,
      'x-api-key': config.apiKey,
    });
    // One graphql-request client for the transport's lifetime. It builds and sends each request;
    // the fetch below keeps each attempt's raw status and text (found by the attempt's own signal),
    // so HTML pages, empty bodies and REST envelopes are classified by us rather than lost in a
    // parse error. Our documents name their operation, so graphql-request need not parse every
    // query to find it: the serializer adds operationName to the body, and the response is parsed
    // once, by us, in #check.
    this.#client = new GraphQLClient(url.toString(), {
      fetch: (input, init) => this.#capturingFetch(input, init),
      headers: this.#headers,
      errorPolicy: 'all',
      excludeOperationName: true,
      jsonSerializer: {
        stringify: (body: unknown) => JSON.stringify(withOperationName(body)),
        parse: () => ({ data: null }),
      },
    });
  }

  async #capturingFetch(input: RequestInfo | URL, init: RequestInit | undefined): Promise<Response> {
    const baseFetch = this.#config.fetch ?? globalThis.fetch;
    const response = await baseFetch(input, init);
    // A server that echoes the key (in an error or a page) must not put it into our errors.
    const body = redact(await response.text(), [this.#config.apiKey]);
    const slot = init?.signal ? this.#slots.get(init.signal) : undefined;
    if (slot) slot.result = { status: response.status, body };
    // graphql-request only reads these members; its parse result is not used (see the constructor).
    return { ok: response.ok, status: response.status, headers: response.headers, text: async () => body } as Response;
  }

  get endpoint(): string {
    return this.#config.endpoint;
  }

  get accountId(): string {
    return this.#config.accountId;
  }

  get clock(): Clock {
    return this.#config.clock;
  }

  /** Timeout of one query attempt unless a call sets its own. */
  get queryTimeoutMs(): number {
    return this.#config.timeoutMs;
  }

  /**
   * Sends a GraphQL operation and answers its `data`. GraphQL errors become a {@link HarnessError}
   * (see error-mapping); `allowErrors` lets a caller inspect partial data instead.
   */
  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    options: CallOptions & { notFoundLookup?: string } = {},
  ): Promise<TResult> {
    const { text, name: operation, isMutation } = describeOnce(document);
    const timeoutMs = options.timeoutMs ?? (isMutation ? this.#config.mutationTimeoutMs : this.#config.timeoutMs);
    const raw = await this.#withRetry(operation, isMutation, options.signal, (signal) =>
      this.#graphqlAttempt(text, variables, operation, timeoutMs, signal),
    );
    const parsed = raw.parsed;
    const messages = graphQLMessages(parsed);
    if (messages.length > 0) {
      throw this.#sanitize(
        errorFromGraphQLErrors(messages, parsed?.data ?? null, operation, raw.status, options.notFoundLookup ?? ''),
      );
    }
    return (parsed?.data ?? null) as TResult;
  }

  /**
   * Sends a Harness REST call (used where GraphQL has no equivalent, such as aborting an execution)
   * to the REST root derived from the GraphQL endpoint, with the same auth, errors and redaction.
   */
  async rest(
    method: 'PUT' | 'GET',
    path: string,
    query: Readonly<Record<string, string>>,
    body: unknown,
    options: CallOptions & { operation: string; isMutation: boolean },
  ): Promise<unknown> {
    const url = new URL(this.#config.endpoint);
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + path;
    url.search = '';
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    url.searchParams.set('accountId', this.#config.accountId);
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs;
    const raw = await this.#withRetry(options.operation, options.isMutation, options.signal, (signal) =>
      this.#fetchAttempt(
        url.toString(),
        { method, headers: this.#headers, body: body === undefined ? null : JSON.stringify(body) },
        options.operation,
        timeoutMs,
        signal,
        true,
      ),
    );
    try {
      return JSON.parse(raw.body) as unknown;
    } catch {
      return null;
    }
  }

  async #withRetry(
    operation: string,
    isMutation: boolean,
    signal: AbortSignal | undefined,
    attemptFn: (signal: AbortSignal | undefined) => Promise<AttemptResult>,
  ): Promise<AttemptResult> {
    const { hooks, clock, retry, random, rateLimiter } = this.#config;
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      await rateLimiter?.acquire(signal);
      hooks.onRequest?.({ operation, attempt });
      const started = clock.now();
      try {
        const result = await attemptFn(signal);
        hooks.onResponse?.({ operation, attempt, status: result.status, durationMs: clock.now() - started });
        return result;
      } catch (caught) {
        if (signal?.aborted && !isHarnessError(caught)) throw signal.reason;
        const error = isHarnessError(caught) ? this.#sanitize(caught) : this.#sanitize(errorFromNetworkFailure(caught, operation, this.#host));
        hooks.onResponse?.({ operation, attempt, status: error.status, durationMs: clock.now() - started, error });
        if (!shouldRetry(error, { isMutation, attempt, options: retry })) throw error;
        const delayMs = backoffDelayMs(error, attempt, retry, random);
        hooks.onRetry?.({ operation, attempt, delayMs, error });
        await clock.sleep(delayMs, signal);
      }
    }
  }

  async #graphqlAttempt(
    text: string,
    variables: unknown,
    operation: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    return this.#timed(operation, timeoutMs, signal, async (attemptSignal) => {
      const slot: CaptureSlot = {};
      this.#slots.set(attemptSignal, slot);
      try {
        await this.#client.rawRequest({ query: text, variables: variables as Record<string, unknown>, signal: attemptSignal });
      } catch (error) {
        // Non-2xx answers and unparseable bodies throw inside graphql-request; the captured raw
        // response says what really happened. Without one, the request never got an answer.
        if (!slot.result) throw error;
      }
      if (!slot.result) throw new Error('graphql-request returned without calling fetch');
      return this.#check(slot.result, operation);
    });
  }

  async #fetchAttempt(
    url: string,
    init: RequestInit,
    operation: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    rest: boolean,
  ): Promise<AttemptResult> {
    const baseFetch = this.#config.fetch ?? globalThis.fetch;
    return this.#timed(operation, timeoutMs, signal, async (attemptSignal) => {
      const response = await baseFetch(url, { ...init, signal: attemptSignal });
      const body = redact(await response.text(), [this.#config.apiKey]);
      return this.#check({ status: response.status, body }, operation, rest);
    });
  }

  #check(result: AttemptResult, operation: string, rest = false): AttemptResult {
    // REST answers are JSON envelopes, not GraphQL bodies: only their status says success.
    if (rest && result.status >= 200 && result.status < 300) {
      const notJson = errorFromRestSuccess({ ...result, operation });
      if (notJson) throw notJson;
      return result;
    }
    const parsed = parseGraphQLBody(result.body);
    const error = errorFromHttpResponse({ ...result, operation }, this.#config.accountId, parsed);
    if (error) throw error;
    return { ...result, parsed };
  }

  /** Runs one attempt under a timeout that also follows the caller's signal. */
  async #timed<T>(
    operation: string,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    run: (attemptSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await run(controller.signal);
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
        throw new HarnessTimeoutError(
          `${operation} got no answer within ${timeoutMs} ms; it may still have reached Harness. Raise timeoutMs if Harness is slow (starts can take minutes while artifacts are collected).`,
          timeoutMs,
          { operation },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #sanitize<E extends HarnessError>(error: E): E {
    const clean = redact(error.message, [this.#config.apiKey]);
    if (clean !== error.message) {
      Object.defineProperty(error, 'message', { value: clean, enumerable: false, writable: true, configurable: true });
      if (error.stack) error.stack = redact(error.stack, [this.#config.apiKey]);
    }
    return error;
  }
}
