/**
 * Pure mapping from what came back over HTTP to the SDK's error classes. Status first, then the
 * body's shape (Harness REST envelope `responseMessages` versus GraphQL `errors`), then the message.
 */
import {
  HarnessAuthenticationError,
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

/** The start of a body, without markup, collapsed and cut to `max` characters. */
export function bodySnippet(body: string, max = 200): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
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
const NOT_FOUND_PATTERNS: readonly [RegExp, string][] = [
  [/Execution does not exist or access is denied/, 'execution'],
  [/Entity with id: (.+) is not found/, 'entity'],
  [/Application does not exist/, 'application'],
  [/Workflow does not exist/, 'workflow'],
  [/Pipeline does not exist/, 'pipeline'],
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
  for (const [pattern, entity] of NOT_FOUND_PATTERNS) {
    if (messages.length === 1 && pattern.test(first)) {
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
): HarnessError | undefined {
  const { status, body, operation } = response;
  const context = { operation, status };
  if (status === 401 || status === 403) {
    const envelope = restEnvelopeMessage(body);
    const detail = envelope?.message ?? (bodySnippet(body) || 'no details');
    return new HarnessAuthenticationError(
      `Harness rejected the API key (HTTP ${status}${envelope?.code ? ` ${envelope.code}` : ''}: ${detail}). ` +
        `Check that HARNESS_API_KEY is a current key of account ${accountId} (HARNESS_ACCOUNT_ID).`,
      context,
    );
  }
  if (status === 429) {
    return new HarnessRateLimitError(
      `Harness's request budget for account ${accountId} is spent (HTTP 429; Harness allows 30 GraphQL requests a minute per account, shared by all its keys). Nothing was executed; try again in a minute.`,
      context,
    );
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

/** Maps a fetch failure (no response) to {@link HarnessNetworkError}. */
/** Whether fetch refused the URL itself (ports such as 1 or 9 are blocked by the fetch standard). */
function isBlockedPort(error: unknown): boolean {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  return cause?.message === 'bad port';
}

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
