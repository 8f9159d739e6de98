/**
 * Pure mapping from what came back over HTTP to the SDK's error classes. Status first, then the
 * body's shape (Harness REST envelope `responseMessages` versus GraphQL `errors`), then the message.
 */
import { credentialNoun, type CredentialKind } from './internal/credentials.js';
import {
  HarnessAuthenticationError,
  HarnessEndpointError,
  HarnessError,
  HarnessNetworkError,
  HarnessNotFoundError,
  HarnessPermissionError,
  HarnessRateLimitError,
  HarnessRequestError,
  HarnessServerError,
} from './errors.js';

/** A response as the transport saw it. */
export interface RawResponse {
  status: number;
  /** The body text (possibly empty, HTML or truncated JSON). */
  body: string;
  operation: string;
  /** Where the request went (without its query string), for messages about a wrong endpoint. */
  url?: string | undefined;
}

/** A GraphQL JSON body, once parsed. */
export interface GraphQLBody {
  data?: unknown;
  errors?: readonly { message?: unknown }[];
}

/** Replaces every occurrence of each secret with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Markup, whitespace and case folding never look further into a body than this. */
const SNIPPET_SCAN_LIMIT = 64 * 1024;

/**
 * The start of a body, without markup, collapsed and cut to `max` characters. One pass over at
 * most the first 64 KiB: a hostile body (megabytes of `<`, unclosed tags) costs no more than a plain
 * one of the same size.
 */
export function bodySnippet(body: string, max = 200): string {
  const text = body.length > SNIPPET_SCAN_LIMIT ? body.slice(0, SNIPPET_SCAN_LIMIT) : body;
  const lower = text.toLowerCase();
  let out = '';
  let pendingSpace = false;
  // Once a search finds nothing, nothing is found later either: remembering that keeps the scan linear.
  let noTagEnd = false;
  const noBlockEnd = { script: false, style: false };
  const emit = (char: string) => {
    if (/\s/.test(char)) {
      pendingSpace = out.length > 0;
      return;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += char;
  };
  for (let i = 0; i < text.length && out.length <= max; ) {
    const char = text[i] ?? '';
    if (char === '<' && !noTagEnd) {
      const block = lower.startsWith('<script', i) ? 'script' : lower.startsWith('<style', i) ? 'style' : undefined;
      if (block && !noBlockEnd[block]) {
        const close = lower.indexOf(`</${block}>`, i);
        if (close >= 0) {
          emit(' ');
          i = close + block.length + 3;
          continue;
        }
        noBlockEnd[block] = true;
      }
      const end = text.indexOf('>', i);
      if (end >= 0) {
        emit(' ');
        i = end + 1;
        continue;
      }
      noTagEnd = true;
    }
    emit(char);
    i += 1;
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** Parses a GraphQL JSON body, or answers undefined when the body is not one. */
export function parseGraphQLBody(body: string): GraphQLBody | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const record = parsed as Record<string, unknown>;
    if (!('data' in record) && !('errors' in record)) return undefined;
    if ('errors' in record && record.errors !== undefined && record.errors !== null && !Array.isArray(record.errors)) return undefined;
    return record as GraphQLBody;
  } catch {
    return undefined;
  }
}

function restEnvelopeMessage(body: string): { code?: string; message?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { responseMessages?: { code?: unknown; message?: unknown }[] };
    const first = parsed?.responseMessages?.[0];
    if (!first) return undefined;
    return {
      ...(typeof first.code === 'string' ? { code: first.code } : {}),
      ...(typeof first.message === 'string' ? { message: first.message } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The `errors[].message` texts of a GraphQL body. */
export function graphQLMessages(body: GraphQLBody | undefined): string[] {
  return (body?.errors ?? []).map((e) => (typeof e?.message === 'string' ? e.message : JSON.stringify(e)));
}

/** Strips graphql-java's `Exception while fetching data (/field) : ` wrapper. */
export function coreMessage(message: string): string {
  return message.replace(/^Exception while fetching data \([^)]*\) : /, '');
}

const PERMISSION = /User not authorized/;

/** `Entity with id: <id> is not found`, found with two searches so a hostile message costs linear time. */
function isEntityNotFound(message: string): boolean {
  const head = 'Entity with id: ';
  const start = message.indexOf(head);
  return start >= 0 && message.indexOf(' is not found', start + head.length + 1) >= 0;
}

const NOT_FOUND_PATTERNS: readonly [(message: string) => boolean, string][] = [
  [(m) => m.includes('Execution does not exist or access is denied'), 'execution'],
  [isEntityNotFound, 'entity'],
  [(m) => m.includes('Application does not exist'), 'application'],
  [(m) => m.includes('Workflow does not exist'), 'workflow'],
  [(m) => m.includes('Pipeline does not exist'), 'pipeline'],
];

/**
 * Maps GraphQL errors in an HTTP 200 answer: permission messages to {@link HarnessPermissionError},
 * well-known not-found messages to {@link HarnessNotFoundError}, anything else to {@link HarnessRequestError}.
 */
export function errorFromGraphQLErrors(
  messages: readonly string[],
  data: unknown,
  operation: string,
  status: number,
  lookup = '',
): HarnessError {
  const first = messages[0] ?? 'Unknown GraphQL error';
  const context = { operation, status };
  if (messages.some((m) => PERMISSION.test(m))) {
    const permission = messages.find((m) => PERMISSION.test(m)) ?? first;
    return new HarnessPermissionError(
      `Harness refused ${operation}: ${coreMessage(permission)}. The API key's user groups lack the permission; ask a Harness admin to grant it or use another key.`,
      context,
    );
  }
  for (const [matches, entity] of NOT_FOUND_PATTERNS) {
    if (messages.length === 1 && matches(first)) {
      return new HarnessNotFoundError(entity, lookup, `${coreMessage(first)} (${operation}).`, context);
    }
  }
  const all = messages.map(coreMessage).join('; ');
  return new HarnessRequestError(`Harness answered ${operation} with an error: ${all}`, messages, data, context);
}

/**
 * Maps a non-success HTTP answer, or a 2xx whose body is not GraphQL JSON, to an error.
 * Answers undefined for a well-formed 2xx GraphQL body (which may still carry `errors`).
 */
export function errorFromHttpResponse(
  response: RawResponse,
  accountId: string,
  parsed: GraphQLBody | undefined = parseGraphQLBody(response.body),
  credential: CredentialKind = 'apiKey',
): HarnessError | undefined {
  const { status, body, operation } = response;
  const context = { operation, status };
  if (status === 401 || status === 403) {
    const envelope = restEnvelopeMessage(body);
    const detail = envelope?.message ?? (bodySnippet(body) || 'no details');
    const advice =
      credential === 'apiKey'
        ? `Check that HARNESS_API_KEY is a current key of account ${accountId} (HARNESS_ACCOUNT_ID).`
        : `A session token ends with its login session: get a new one (HARNESS_BEARER_TOKEN) for account ${accountId} (HARNESS_ACCOUNT_ID), or use an API key for unattended jobs.`;
    return new HarnessAuthenticationError(
      `Harness rejected the ${credentialNoun(credential)} (HTTP ${status}${envelope?.code ? ` ${envelope.code}` : ''}: ${detail}). ${advice}`,
      context,
    );
  }
  if (status === 429) {
    return new HarnessRateLimitError(
      `Harness's request budget for account ${accountId} is spent (HTTP 429; Harness allows 30 GraphQL requests a minute per account, shared by all its keys). Nothing was executed; try again in a minute.`,
      context,
    );
  }
  if ((status === 404 || status === 405) && parsed === undefined) {
    return notGraphQLEndpoint(response, `HTTP ${status}${bodySnippet(body, 80) ? ` (${bodySnippet(body, 80)})` : ''}`);
  }
  if (status >= 200 && status < 300 && parsed === undefined) {
    if (isJson(body)) return notGraphQLEndpoint(response, `HTTP ${status} with JSON that is not a GraphQL response`);
    if (looksLikeLoginPage(body)) return notGraphQLEndpoint(response, `HTTP ${status} with a login page`);
  }
  if (status >= 500 || (status >= 200 && status < 300 && parsed === undefined)) {
    const snippet = bodySnippet(body);
    const what =
      body.trim() === ''
        ? 'an empty body'
        : /^\s*</.test(body)
          ? 'an HTML page instead of GraphQL JSON'
          : parsed === undefined
            ? 'a body that is not GraphQL JSON'
            : 'an error';
    return new HarnessServerError(
      `Harness answered ${operation} with HTTP ${status} and ${what}${snippet ? `: ${snippet}` : ''}. This is usually temporary; try again later.`,
      snippet,
      context,
    );
  }
  if (status < 200 || status >= 300) {
    if (parsed) {
      return errorFromGraphQLErrors(graphQLMessages(parsed), parsed.data ?? null, operation, status);
    }
    const envelope = restEnvelopeMessage(body);
    const detail = envelope?.message ?? bodySnippet(body);
    return new HarnessRequestError(
      `Harness answered ${operation} with HTTP ${status}: ${detail || 'no details'}`,
      detail ? [detail] : [],
      null,
      context,
    );
  }
  return undefined;
}

/** Where Harness serves its GraphQL API, for messages and programs that print it. */
export const EXPECTED_ENDPOINT = 'https://app.harness.io/gateway/api/graphql (SaaS) or https://<host>/api/graphql (on-prem)';

function endpointAdvice(url: string | undefined): string {
  return `${url ? `${url} does` : 'The endpoint does'} not look like Harness's GraphQL API. Expected ${EXPECTED_ENDPOINT}; check HARNESS_ENDPOINT.`;
}

function notGraphQLEndpoint(response: RawResponse, what: string): HarnessEndpointError {
  return new HarnessEndpointError(
    `${response.operation} got ${what}. ${endpointAdvice(response.url)}`,
    'not-graphql',
    EXPECTED_ENDPOINT,
    undefined,
    { operation: response.operation, status: response.status },
  );
}

function isJson(body: string): boolean {
  try {
    JSON.parse(body);
    return body.trim() !== '';
  } catch {
    return false;
  }
}

/** A sign-in page (a form asking for a password or a login) from a proxy or a web UI. */
function looksLikeLoginPage(body: string): boolean {
  const head = body.slice(0, SNIPPET_SCAN_LIMIT).toLowerCase();
  if (!/^\s*</.test(head) || !head.includes('<form')) return false;
  return ['password', 'sign in', 'log in', 'login', 'signin'].some((word) => head.includes(word));
}

/** The URL without its query string and fragment (a redirect's query may carry tokens). */
export function withoutQuery(location: string): string {
  const cut = location.search(/[?#]/);
  return cut < 0 ? location : location.slice(0, cut);
}

/**
 * A 3xx answer. Redirects are never followed: the key would go to whatever host the answer names
 * (and a 307 would send the whole mutation there again).
 */
export function errorFromRedirect(response: Omit<RawResponse, 'body'>, location: string | null): HarnessEndpointError {
  const target = location === null ? undefined : withoutQuery(location);
  return new HarnessEndpointError(
    `${response.operation} was redirected (HTTP ${response.status}${target ? ` to ${target}` : ''}); redirects are not followed, so the key was not sent there. ${endpointAdvice(response.url)}`,
    'redirect',
    EXPECTED_ENDPOINT,
    target,
    { operation: response.operation, status: response.status },
  );
}

/**
 * The body arrived but does not decode as its `content-encoding` says (garbage declared as gzip):
 * the server, or a proxy before it, is broken. The request did reach it.
 */
export function errorFromUnreadableBody(response: { status: number; operation: string }, encoding: string, reason: string): HarnessServerError {
  return new HarnessServerError(
    `Harness answered ${response.operation} with HTTP ${response.status} and a body that is not valid ${encoding} (${reason}). This is usually a failing proxy; it may have been done: check before trying again.`,
    '',
    { operation: response.operation, status: response.status },
  );
}

/** Why a call stopped waiting for the account's budget after 429s. */
export type RateLimitGiveUp = 'wait-limit' | 'deadline' | 'waiting-off';

/** The error a call ends with when it stops sending again after 429s. */
export function errorFromRateLimitWait(context: {
  operation: string;
  accountId: string;
  /** How many times Harness answered 429. */
  refusals: number;
  waitedMs: number;
  isStart: boolean;
  reason: RateLimitGiveUp;
}): HarnessRateLimitError {
  const { operation, accountId, refusals, waitedMs, isStart, reason } = context;
  const seconds = Math.round(waitedMs / 1000);
  const what =
    refusals === 1
      ? `Harness answered ${operation} with HTTP 429: the request budget of account ${accountId} is spent`
      : `Harness answered ${operation} with HTTP 429 ${refusals} times over ${seconds} s: the request budget of account ${accountId} stayed spent`;
  const nothing = isStart
    ? 'No execution was started: Harness refuses before it reads the request, so starting again is safe.'
    : 'Nothing was executed.';
  const advice =
    reason === 'deadline'
      ? "The call's deadline came before the budget freed up; give the call more time or try again in a minute."
      : reason === 'waiting-off'
        ? 'Waiting for the budget is turned off for this client (maxRateLimitWaitMs 0 or retry false); try again in a minute.'
        : 'Try again later, raise maxRateLimitWaitMs, or spread the account\'s jobs over time.';
  return new HarnessRateLimitError(
    `${what} (Harness allows 30 GraphQL requests a minute per account, shared by every key, user and machine of it). ${nothing} ${advice}`,
    { operation, status: 429 },
  );
}

/**
 * A 2xx answer of a Harness REST route (such as abort) must carry Harness's JSON envelope. An HTML
 * page, an empty body or broken JSON comes from a proxy or a failing gateway: the call may not have
 * been done, so it must not read as success.
 */
export function errorFromRestSuccess(response: RawResponse): HarnessServerError | undefined {
  const { status, body, operation } = response;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      // Harness's REST envelope can carry an error in responseMessages even with a 2xx status.
      const messages = (parsed as { responseMessages?: unknown }).responseMessages;
      const failed = Array.isArray(messages)
        ? messages.find((m): m is { message?: unknown } => typeof m === 'object' && m !== null && (m as { level?: unknown }).level === 'ERROR')
        : undefined;
      if (!failed) return undefined;
      const text = typeof failed.message === 'string' ? failed.message : 'no message';
      return new HarnessServerError(
        `Harness answered ${operation} with HTTP ${status} but reported an error: ${text}. It may not have been done: check the execution before trying again.`,
        bodySnippet(text),
        { operation, status },
      );
    }
  } catch {
    // not JSON: reported below
  }
  const snippet = bodySnippet(body);
  const what = body.trim() === '' ? 'an empty body' : /^\s*</.test(body) ? 'an HTML page' : 'a body that is not JSON';
  return new HarnessServerError(
    `Harness answered ${operation} with HTTP ${status} and ${what} instead of its JSON answer${snippet ? `: ${snippet}` : ''}. ` +
      'It may not have been done: check the execution before trying again.',
    snippet,
    { operation, status },
  );
}

/** TLS spoken to a server that answers in plain HTTP (an https URL for an http port). */
const TLS_MISMATCH_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

/**
 * A fetch failure that proves the endpoint is not the HTTPS API it claims to be. The TLS handshake
 * failed, so the request itself was never sent.
 */
export function endpointErrorFromNetworkFailure(error: unknown, operation: string, url: string): HarnessEndpointError | undefined {
  const code = errorCodeOf(error);
  if (code === undefined || !TLS_MISMATCH_CODES.has(code)) return undefined;
  return new HarnessEndpointError(
    `${operation} was not sent: the TLS handshake with ${url} failed (${code}); the server seems to speak plain HTTP. Nothing reached Harness. ${endpointAdvice(url)}`,
    'tls-mismatch',
    EXPECTED_ENDPOINT,
    undefined,
    { operation, cause: { code } },
  );
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      current = errors[0];
      continue;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether fetch refused the URL itself (ports such as 1 or 9 are blocked by the fetch standard). */
function isBlockedPort(error: unknown): boolean {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  return cause?.message === 'bad port';
}

/** Maps a fetch failure (no response) to {@link HarnessNetworkError}. */
export function errorFromNetworkFailure(error: unknown, operation: string, host: string): HarnessNetworkError {
  if (isBlockedPort(error)) {
    return new HarnessNetworkError(
      `${operation} was not sent: fetch refuses to connect to the port of ${host} (the fetch standard blocks it). Nothing reached Harness. Check HARNESS_ENDPOINT.`,
      'no',
      { operation, cause: { code: 'BAD_PORT' } },
    );
  }
  const code = errorCodeOf(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  const what = code === 'ECONNREFUSED'
    ? `the connection to ${host} was refused`
    : code !== undefined && code.startsWith('EAI_') || code === 'ENOTFOUND'
      ? `the host ${host} could not be resolved`
      : `the connection to ${host} failed${code ? ` (${code})` : ''}`;
  const advice = notSent
    ? 'Nothing reached Harness. Check HARNESS_ENDPOINT and the network.'
    : 'The request may have reached Harness.';
  return new HarnessNetworkError(`${operation} failed: ${what}. ${advice}`, notSent ? 'no' : 'unknown', {
    operation,
    cause: code ? { code } : undefined,
  });
}

/** What a proxy's refusal of a tunnel usually means, by its status. */
function proxyRefusalAdvice(status: number): string {
  if (status === 407) return 'the proxy wants credentials: put them in the proxy URL as http://user:password@host:port';
  if (status === 403) return 'the proxy does not allow this destination: ask its administrators, or exempt the host with NO_PROXY';
  if (status === 502 || status === 503 || status === 504) return 'the proxy could not reach the host';
  return 'the proxy refused the connection';
}

/** The status a proxy answered instead of opening a tunnel, found in undici's error chain. */
function refusedTunnelStatus(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') {
      const match = /^Proxy response \((\d{3})\)/.exec(message);
      if (match) return Number(match[1]);
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps a fetch failure through a proxy when the proxy itself failed: it refused the tunnel (a
 * 407 wanting credentials, a 403, a 502 when it cannot reach the host) or could not be reached.
 * Either way the request never got past the proxy. The proxy is named by scheme, host and port
 * only, never with its credentials. Answers undefined for failures the proxy did not cause.
 */
export function errorFromProxyFailure(
  error: unknown,
  operation: string,
  proxy: { display: string; source: string },
  target: string,
): HarnessNetworkError | undefined {
  const named = `the proxy ${proxy.display} (from ${proxy.source})`;
  const advice = `Nothing reached Harness. Check ${proxy.source === 'the proxy option' ? 'the proxy option' : `${proxy.source} and NO_PROXY`}.`;
  const status = refusedTunnelStatus(error);
  if (status !== undefined) {
    return new HarnessNetworkError(
      `${operation} was not sent: ${named} refused to open a connection to ${target} (HTTP ${status}); ${proxyRefusalAdvice(status)}. ${advice}`,
      'no',
      { operation, cause: { code: 'PROXY_REFUSED', status } },
    );
  }
  const code = errorCodeOf(error);
  if (code === undefined || !NOT_SENT_CODES.has(code)) return undefined;
  const what = code === 'ECONNREFUSED' ? 'refused the connection' : 'could not be resolved';
  return new HarnessNetworkError(`${operation} was not sent: ${named} ${what}. ${advice}`, 'no', {
    operation,
    cause: { code: 'PROXY_UNREACHABLE' },
  });
}
