/**
 * The only module that talks HTTP. It adds authentication (accountId in the query string, the key in
 * `x-api-key` or a session token in `Authorization: Bearer`, read afresh for each request when it comes
 * from a function), takes a slot of the request budget, applies timeouts, deadlines and the retry
 * policy, goes through the configured proxy, and turns every failure into a {@link HarnessError}.
 * Every secret read so far, and the proxy's credentials, are redacted from anything that could leave
 * this module.
 *
 * Each attempt is one plain `fetch`, not a graphql-request call: graphql-request reads every answer
 * whole, follows redirects and throws away what it cannot parse, while the SDK must refuse redirects,
 * cap a body while it streams in, and tell an HTML page, an empty body, a REST envelope or a wrong
 * endpoint from a GraphQL answer. graphql-request does the part where it helps: its `analyzeDocument`
 * turns any document form (text, a generated `TypedDocumentString`, a parsed `DocumentNode`) into the
 * query text, the operation name and whether it is a mutation.
 */
import type { DocumentTypeDecoration, TypedDocumentNode } from '@graphql-typed-document-node/core';
import { analyzeDocument } from 'graphql-request';
import { MAX_TIMER_MS, type TransportLimits } from './config.js';
import {
  endpointErrorFromNetworkFailure,
  errorFromProxyFailure,
  errorFromGraphQLErrors,
  errorFromHttpResponse,
  errorFromNetworkFailure,
  errorFromRateLimitWait,
  errorFromRedirect,
  errorFromRestSuccess,
  errorFromUnreadableBody,
  graphQLMessages,
  parseGraphQLBody,
  redact,
  type GraphQLBody,
} from './error-mapping.js';
import { HarnessError, HarnessResponseTooLargeError, HarnessTimeoutError, isHarnessError } from './errors.js';
import { abortableSleep, type Clock } from './internal/clock.js';
import { Credentials, type CredentialKind, type SecretSource } from './internal/credentials.js';
import { DIRECT, ProxyDispatcher, type ProxyRoute } from './internal/proxy.js';
import { BodyDecodingError, BodyTooLargeError, readBodyText } from './internal/response-body.js';
import type { RequestBudget, RequestPriority } from './budget/types.js';
import { afterRateLimit, backoffDelayMs, shouldRetry, type ResolvedRetryOptions } from './retry.js';

/**
 * A typed GraphQL document: a generated `TypedDocumentString` (or any string-like typed document),
 * or a parsed `TypedDocumentNode` as graphql-codegen's typed-document-node plugin emits by default.
 */
export type { RequestBudget, RequestPriority } from './budget/types.js';

export type TypedDocument<TResult, TVariables> =
  | (DocumentTypeDecoration<TResult, TVariables> & { toString(): string })
  | TypedDocumentNode<TResult, TVariables>;

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
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /** After each HTTP attempt, successful or not. */
  onResponse?: ((event: ResponseEvent) => void) | undefined;
  /** Before sleeping ahead of a retry. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface TransportConfig {
  endpoint: string;
  accountId: string;
  /** The API key; ignored when `credential` is given. */
  apiKey?: SecretSource | undefined;
  /** Which secret authenticates and where it comes from. */
  credential?: { kind: CredentialKind; source: SecretSource } | undefined;
  /** How requests reach the endpoint. @default direct */
  proxy?: ProxyRoute | undefined;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  mutationTimeoutMs: number;
  retry: ResolvedRetryOptions;
  headers: Readonly<Record<string, string>>;
  userAgent: string;
  /** The account's request budget (shared by the clients of one endpoint and account), or none. */
  budget: RequestBudget | undefined;
  limits: TransportLimits;
  clock: Clock;
  hooks: TransportHooks;
  random: () => number;
}

/** Per-call settings. */
export interface CallOptions {
  /** Overrides the client's timeout of each attempt of this call. */
  timeoutMs?: number | undefined;
  /** Cancels the call wherever it is (queued, between attempts, in flight); it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * When the whole call must have settled, as a time on the client's clock in milliseconds (as
   * `Date.now()` gives it with the default clock). It bounds the wait for the request budget, every
   * attempt and every wait between attempts.
   */
  deadline?: number | undefined;
}

/** Settings the SDK's own modules add to a call. */
export interface TransportCallOptions extends CallOptions {
  /** The name or id looked for, carried by a not-found error. */
  notFoundLookup?: string | undefined;
  /** Overrides the priority the transport picks from the operation (a waiter marks its polls `poll`). */
  priority?: RequestPriority | undefined;
  /**
   * Called right before each attempt's request is handed to fetch, after every check that could still
   * keep it home. A start uses it to know whether `startExecution` may have reached Harness.
   */
  onSend?: (() => void) | undefined;
}

/** A 200 answer's `data` and `errors`, as {@link Transport.requestRaw} answers them. */
export interface RawAnswer {
  data: Record<string, unknown> | null;
  errors: readonly { message: string; path?: readonly (string | number)[] | undefined }[];
}

/** One request as the retry loop sends it, attempt after attempt. */
interface Exchange {
  operation: string;
  isMutation: boolean;
  priority: RequestPriority;
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  body: string | null;
  timeoutMs: number;
  /** REST answers are JSON envelopes: only their status says success. */
  rest: boolean;
}

interface Answer {
  status: number;
  body: string;
  /** The body as GraphQL JSON; undefined for REST answers. */
  parsed?: GraphQLBody | undefined;
}

interface DescribedDocument {
  text: string;
  name: string;
  isMutation: boolean;
}

const TIMEOUT = Symbol('timeout');
const ANONYMOUS = 'anonymous operation';

/** Reads the operation name and kind from a document's text, for documents graphql cannot parse. */
function describeText(text: string): { name: string; isMutation: boolean } {
  const match = /^\s*(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(text);
  return { name: match?.[2] ?? ANONYMOUS, isMutation: match?.[1] === 'mutation' };
}

function describeDocument(document: unknown): DescribedDocument {
  const { expression, operationName, isMutation } = analyzeDocument(document as Parameters<typeof analyzeDocument>[0]);
  const fromText = describeText(expression);
  return { text: expression, name: operationName ?? fromText.name, isMutation: isMutation || fromText.isMutation };
}

const describedDocuments = new WeakMap<object, DescribedDocument>();

/** {@link describeDocument}, remembered per document object (generated documents live as long as the process). */
function describeOnce(document: unknown): DescribedDocument {
  if (typeof document !== 'object' || document === null) return describeDocument(document);
  const known = describedDocuments.get(document);
  if (known) return known;
  const described = describeDocument(document);
  describedDocuments.set(document, described);
  return described;
}

/** The budget priority of an operation when the caller names none. */
function priorityOf(operation: string, isMutation: boolean): RequestPriority {
  if (!isMutation) return 'query';
  return operation === 'StartExecution' ? 'start' : 'action';
}

export class Transport {
  readonly #config: TransportConfig;
  readonly #host: string;
  readonly #graphqlUrl: string;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #credentials: Credentials;
  readonly #proxy: ProxyDispatcher;

  constructor(config: TransportConfig) {
    this.#config = config;
    const url = new URL(config.endpoint);
    url.searchParams.set('accountId', config.accountId);
    this.#host = url.host;
    this.#graphqlUrl = url.toString();
    this.#headers = Object.freeze({
      ...config.headers,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': config.userAgent,
    });
    const credential = config.credential ?? { kind: 'apiKey', source: config.apiKey ?? '' };
    this.#credentials = new Credentials(credential.kind, credential.source);
    this.#proxy = new ProxyDispatcher(config.proxy ?? DIRECT);
  }

  /** How requests reach the endpoint (the proxy's credentials included: never print it). */
  get proxyRoute(): ProxyRoute {
    return this.#proxy.route;
  }

  /** Closes the connections to the proxy, if one was used. */
  close(): Promise<void> {
    return this.#proxy.close();
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

  /** The jitter source of the client this transport serves. */
  get random(): () => number {
    return this.#config.random;
  }

  /** Timeout of one query attempt unless a call sets its own. */
  get queryTimeoutMs(): number {
    return this.#config.timeoutMs;
  }

  /**
   * Sends a GraphQL operation and answers its `data`. GraphQL errors become a {@link HarnessError}
   * (see error-mapping).
   */
  async request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    options: TransportCallOptions = {},
  ): Promise<TResult> {
    const { answer, operation } = await this.#sendGraphQL(document, variables, options);
    const parsed = answer.parsed;
    const messages = graphQLMessages(parsed);
    if (messages.length > 0) {
      throw this.#sanitize(
        errorFromGraphQLErrors(messages, parsed?.data ?? null, operation, answer.status, options.notFoundLookup ?? ''),
      );
    }
    return (parsed?.data ?? null) as TResult;
  }

  /**
   * Like {@link request}, with the same authentication, budget, retries and mapping of HTTP and network
   * failures, but a 200 that carries GraphQL errors is answered as `{ data, errors }` instead of thrown:
   * a document that reads many things at once (aliases) gets each field's error apart.
   */
  async requestRaw(document: string, variables: Record<string, unknown>, options: TransportCallOptions = {}): Promise<RawAnswer> {
    const { answer } = await this.#sendGraphQL(document, variables, options);
    const parsed = answer.parsed;
    const data = parsed?.data;
    const errors = (Array.isArray(parsed?.errors) ? parsed.errors : []).map((error: unknown) => {
      const { message, path } = (typeof error === 'object' && error !== null ? error : {}) as { message?: unknown; path?: unknown };
      const cleanPath = Array.isArray(path) ? path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : undefined;
      return { message: typeof message === 'string' ? message : 'Unknown GraphQL error', path: cleanPath };
    });
    return { data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : null, errors };
  }

  async #sendGraphQL(document: unknown, variables: unknown, options: TransportCallOptions): Promise<{ answer: Answer; operation: string }> {
    const { text, name: operation, isMutation } = describeOnce(document);
    const body = JSON.stringify({ query: text, variables, ...(operation === ANONYMOUS ? {} : { operationName: operation }) });
    const answer = await this.#send(
      {
        operation,
        isMutation,
        priority: options.priority ?? priorityOf(operation, isMutation),
        url: this.#graphqlUrl,
        method: 'POST',
        body,
        timeoutMs: options.timeoutMs ?? (isMutation ? this.#config.mutationTimeoutMs : this.#config.timeoutMs),
        rest: false,
      },
      options,
    );
    return { answer, operation };
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
    options: TransportCallOptions & { operation: string; isMutation: boolean },
  ): Promise<unknown> {
    const url = new URL(this.#config.endpoint);
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + path;
    url.search = '';
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    url.searchParams.set('accountId', this.#config.accountId);
    const answer = await this.#send(
      {
        operation: options.operation,
        isMutation: options.isMutation,
        priority: options.priority ?? (options.isMutation ? 'action' : 'query'),
        url: url.toString(),
        method,
        body: body === undefined ? null : JSON.stringify(body),
        timeoutMs: options.timeoutMs ?? this.#config.timeoutMs,
        rest: true,
      },
      options,
    );
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      return null;
    }
  }

  /** Sends one exchange, attempt after attempt, until it succeeds or the retry policy, the deadline or the signal ends it. */
  async #send(exchange: Exchange, call: TransportCallOptions): Promise<Answer> {
    const { hooks, clock, retry, random, budget, limits } = this.#config;
    const { signal, deadline } = call;
    const { operation, isMutation } = exchange;
    let failures = 0;
    let rateLimited = 0;
    let firstRateLimitedAt = 0;
    let secret: string | undefined;
    let rotatedAfter401 = false;
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      await budget?.acquire({ signal, deadline, priority: exchange.priority });
      signal?.throwIfAborted();
      // Read for each attempt, so a rotated secret is used as soon as its source answers it.
      const readLimitMs = Math.max(1, Math.min(exchange.timeoutMs, deadline === undefined ? MAX_TIMER_MS : deadline - clock.now(), MAX_TIMER_MS));
      secret = await this.#readSecret(operation, secret, rotatedAfter401, signal, readLimitMs);
      signal?.throwIfAborted();
      const timeLeft = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - clock.now();
      if (timeLeft <= 0) {
        throw new HarnessTimeoutError(`${operation} was not sent: the call's deadline had passed. Nothing reached Harness.`, 0, { operation });
      }
      const timeoutMs = Math.max(1, Math.min(exchange.timeoutMs, timeLeft, MAX_TIMER_MS));
      hooks.onRequest?.({ operation, attempt });
      const started = clock.now();
      try {
        const answer = await this.#attempt(exchange, secret, timeoutMs, timeoutMs < exchange.timeoutMs, signal, call.onSend);
        hooks.onResponse?.({ operation, attempt, status: answer.status, durationMs: clock.now() - started });
        return answer;
      } catch (caught) {
        if (signal?.aborted && !isHarnessError(caught)) throw signal.reason;
        const error = this.#sanitize(isHarnessError(caught) ? caught : errorFromNetworkFailure(caught, operation, this.#host));
        hooks.onResponse?.({ operation, attempt, status: error.status, durationMs: clock.now() - started, error });
        if (error.code === 'AUTHENTICATION' && error.status === 401 && !rotatedAfter401 && this.#credentials.rotates) {
          // Harness refuses an unknown secret before it reads the request, so sending it again is safe.
          // The secret may have been rotated since it was read: ask once more, and go again only if it changed.
          const fresh = await this.#readSecret(operation, undefined, false, signal, exchange.timeoutMs).catch(() => {
            if (signal?.aborted) throw signal.reason;
            return secret;
          });
          rotatedAfter401 = true;
          if (fresh !== secret) {
            secret = fresh;
            hooks.onRetry?.({ operation, attempt, delayMs: 0, error });
            continue;
          }
          throw error;
        }
        let delayMs: number;
        if (error.code === 'RATE_LIMITED' && error.status === 429) {
          budget?.noteRateLimited();
          rateLimited += 1;
          if (rateLimited === 1) firstRateLimitedAt = started;
          const now = clock.now();
          const decision = afterRateLimit({
            consecutive: rateLimited,
            waitedMs: now - firstRateLimitedAt,
            maxWaitMs: limits.maxRateLimitWaitMs,
            now,
            deadline,
            random,
          });
          if ('giveUp' in decision) {
            throw this.#sanitize(
              errorFromRateLimitWait({
                operation,
                accountId: this.#config.accountId,
                refusals: rateLimited,
                waitedMs: now - firstRateLimitedAt,
                isStart: exchange.priority === 'start',
                reason: limits.maxRateLimitWaitMs === 0 ? 'waiting-off' : decision.giveUp,
              }),
            );
          }
          delayMs = decision.waitMs;
        } else {
          rateLimited = 0;
          failures += 1;
          if (!shouldRetry(error, { isMutation, attempt: failures, options: retry })) throw error;
          delayMs = backoffDelayMs(error, failures, retry, random);
          if (deadline !== undefined && clock.now() + delayMs >= deadline) throw error;
        }
        hooks.onRetry?.({ operation, attempt, delayMs, error });
        await abortableSleep(clock, delayMs, signal);
      }
    }
  }

  /**
   * The secret for the next attempt. After a 401 has been answered by a re-read, `kept` is sent as is:
   * one re-read per call, never a loop.
   */
  async #readSecret(
    operation: string,
    kept: string | undefined,
    frozen: boolean,
    signal: AbortSignal | undefined,
    limitMs: number,
  ): Promise<string> {
    if (frozen && kept !== undefined) return kept;
    // A secret store that hangs must not hold the call past its timeout, nor past an abort.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const cut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new HarnessTimeoutError(
            `${operation} was not sent: the ${this.#credentials.kind} function did not answer within ${limitMs} ms. Nothing reached Harness. Check the secret store it reads.`,
            limitMs,
            { operation },
          ),
        );
      }, limitMs);
      onAbort = () => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.#credentials.read(operation), cut]);
    } catch (error) {
      throw isHarnessError(error) ? this.#sanitize(error) : error;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** One HTTP exchange under a timeout that also follows the caller's signal. Redirects are answered, never followed. */
  async #attempt(
    exchange: Exchange,
    secret: string,
    timeoutMs: number,
    cutByDeadline: boolean,
    signal: AbortSignal | undefined,
    onSend: (() => void) | undefined,
  ): Promise<Answer> {
    const { operation } = exchange;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const endpoint = exchange.url.split('?')[0] ?? exchange.url;
    const interrupted = (): unknown => {
      if (controller.signal.reason === TIMEOUT) {
        return new HarnessTimeoutError(
          cutByDeadline
            ? `${operation} got no answer within ${timeoutMs} ms, the time left before the call's deadline; it may still have reached Harness.`
            : `${operation} got no answer within ${timeoutMs} ms; it may still have reached Harness. Raise timeoutMs if Harness is slow (starts can take minutes while artifacts are collected).`,
          timeoutMs,
          { operation },
        );
      }
      return signal?.reason;
    };
    try {
      let response: Response;
      try {
        const fetchImpl = this.#config.fetch ?? globalThis.fetch;
        const dispatcher = await this.#proxy.get();
        const init: RequestInit & { dispatcher?: unknown } = {
          method: exchange.method,
          headers: { ...this.#headers, ...this.#credentials.header(secret) },
          body: exchange.body,
          redirect: 'manual',
          signal: controller.signal,
        };
        if (dispatcher !== undefined) init.dispatcher = dispatcher;
        // The last moment to keep the request home: nothing leaves for a call whose signal has aborted.
        if (signal?.aborted) throw signal.reason;
        onSend?.();
        response = await fetchImpl(exchange.url, init);
      } catch (error) {
        if (controller.signal.aborted) throw interrupted();
        if (signal?.aborted) throw signal.reason;
        const route = this.#proxy.route;
        const proxyFailure = route.kind === 'proxy' ? errorFromProxyFailure(error, operation, route, this.#host) : undefined;
        throw (
          proxyFailure ??
          endpointErrorFromNetworkFailure(error, operation, endpoint) ??
          errorFromNetworkFailure(error, operation, this.#host)
        );
      }
      const raw = { status: response.status, operation, url: endpoint };
      if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
        await response.body?.cancel().catch(() => undefined);
        throw errorFromRedirect(raw, response.headers.get('location'));
      }
      let text: string;
      try {
        text = await readBodyText(response, this.#config.limits.maxResponseBytes);
      } catch (error) {
        if (controller.signal.aborted) throw interrupted();
        if (error instanceof BodyTooLargeError) {
          throw new HarnessResponseTooLargeError(
            `${operation} got an answer larger than maxResponseBytes (${error.limitBytes} bytes, counted after decompression); reading stopped there. ` +
              'Harness answers are far smaller: check the endpoint, or raise maxResponseBytes if a query really returns that much.',
            error.limitBytes,
            { operation, status: response.status },
          );
        }
        if (error instanceof BodyDecodingError) throw errorFromUnreadableBody(raw, error.encoding, error.reason);
        throw errorFromNetworkFailure(error, operation, this.#host);
      }
      // A server that echoes the key (in an error or a page) must not put it into our errors.
      return this.#check({ ...raw, body: this.#redact(text) }, exchange.rest);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #check(response: { status: number; body: string; operation: string; url: string }, rest: boolean): Answer {
    if (rest && response.status >= 200 && response.status < 300) {
      const failed = errorFromRestSuccess(response);
      if (failed) throw failed;
      return response;
    }
    const parsed = parseGraphQLBody(response.body);
    const error = errorFromHttpResponse(response, this.#config.accountId, parsed, this.#credentials.kind);
    if (error) throw error;
    return { status: response.status, body: response.body, parsed };
  }

  /** Removes every secret read so far and the proxy's credentials from a text. */
  #redact(text: string): string {
    const route = this.#proxy.route;
    const clean = this.#credentials.redact(text);
    return route.kind === 'proxy' ? redact(clean, route.secrets) : clean;
  }

  #sanitize<E extends HarnessError>(error: E): E {
    const clean = this.#redact(error.message);
    if (clean !== error.message) {
      Object.defineProperty(error, 'message', { value: clean, enumerable: false, writable: true, configurable: true });
      if (error.stack) error.stack = this.#redact(error.stack);
    }
    return error;
  }
}
