/**
 * The error hierarchy. Every error the SDK throws is a {@link HarnessError} with a stable `code`.
 * Messages say what happened and what to do; none of them, nor `toJSON()` or `util.inspect` output,
 * ever contains the API key or a request body.
 */
import type { ExecutionSummary } from './types.js';

const BRAND = Symbol.for('harness-graphql-sdk.HarnessError');

/** Stable machine-readable codes, one per error class. */
export type HarnessErrorCode =
  | 'VALIDATION'
  | 'AUTHENTICATION'
  | 'PERMISSION'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'REQUEST'
  | 'SERVER'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'UNKNOWN_OUTCOME'
  | 'EXECUTION_FAILED'
  | 'WAIT_TIMEOUT'
  | 'ENDPOINT'
  | 'RESPONSE_TOO_LARGE'
  | 'IDEMPOTENCY_CONFLICT';

/** Facts about the HTTP exchange an error came from. */
export interface HarnessErrorContext {
  /** GraphQL operation name (for example `StartExecution`), or the REST route. */
  operation?: string | undefined;
  /** HTTP status, when a response arrived. */
  status?: number | undefined;
  /** The underlying error (never one that carries the API key or request body). */
  cause?: unknown;
}

/** Base class of every error thrown by the SDK. */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly operation: string | undefined;
  readonly status: number | undefined;

  constructor(code: HarnessErrorCode, message: string, context: HarnessErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.operation = context.operation;
    this.status = context.status;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** A plain object safe to log or serialise. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.operation === undefined ? {} : { operation: this.operation }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** One problem found in the inputs of a call. */
export interface ValidationIssue {
  /** What kind of problem it is. */
  code: ValidationIssueCode;
  /** The variable, service, option or argument the problem is about. */
  variable: string;
  /** A sentence saying what is wrong and what to do. */
  message: string;
}

/** Codes of {@link ValidationIssue}. */
export type ValidationIssueCode =
  | 'missing_required'
  | 'unknown_variable'
  | 'value_not_allowed'
  | 'multiple_values_not_allowed'
  | 'fixed_variable_changed'
  | 'empty_value'
  | 'invalid_value_type'
  | 'missing_artifact'
  | 'missing_manifest'
  | 'unknown_service'
  | 'unknown_artifact_source'
  | 'invalid_artifact'
  | 'invalid_manifest'
  | 'invalid_option'
  | 'missing_option';

/** The inputs are wrong; nothing was sent. `issues` lists every problem found, not only the first. */
export class HarnessValidationError extends HarnessError {
  declare readonly code: 'VALIDATION';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], summary?: string) {
    const lines = issues.map((issue) => `  - ${issue.message}`).join('\n');
    const head = summary ?? `${issues.length} problem${issues.length === 1 ? '' : 's'} with the inputs; nothing was sent to Harness`;
    super('VALIDATION', `${head}:\n${lines}`);
    this.name = 'HarnessValidationError';
    this.issues = Object.freeze([...issues]);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Harness refused the API key (HTTP 401, `INVALID_TOKEN`). */
export class HarnessAuthenticationError extends HarnessError {
  declare readonly code: 'AUTHENTICATION';
  constructor(message: string, context: HarnessErrorContext = {}) {
    super('AUTHENTICATION', message, context);
    this.name = 'HarnessAuthenticationError';
  }
}

/** The key is valid but its user groups may not do this (`User not authorized: ...`). */
export class HarnessPermissionError extends HarnessError {
  declare readonly code: 'PERMISSION';
  constructor(message: string, context: HarnessErrorContext = {}) {
    super('PERMISSION', message, context);
    this.name = 'HarnessPermissionError';
  }
}

/** The application, pipeline, workflow or execution does not exist (or the key cannot see it). */
export class HarnessNotFoundError extends HarnessError {
  declare readonly code: 'NOT_FOUND';
  /** What was looked for, for example `pipeline`. */
  readonly entity: string;
  /** The name or id that was looked for. */
  readonly lookup: string;

  constructor(entity: string, lookup: string, message: string, context: HarnessErrorContext = {}) {
    super('NOT_FOUND', message, context);
    this.name = 'HarnessNotFoundError';
    this.entity = entity;
    this.lookup = lookup;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), entity: this.entity, lookup: this.lookup };
  }
}

/** The account's request budget is spent (HTTP 429). Harness sends no Retry-After. */
export class HarnessRateLimitError extends HarnessError {
  declare readonly code: 'RATE_LIMITED';
  constructor(message: string, context: HarnessErrorContext = {}) {
    super('RATE_LIMITED', message, context);
    this.name = 'HarnessRateLimitError';
  }
}

/** Harness answered with GraphQL errors that fit no narrower class. */
export class HarnessRequestError extends HarnessError {
  declare readonly code: 'REQUEST';
  /** The `errors[].message` texts, as Harness sent them. */
  readonly graphqlErrors: readonly string[];
  /** Whatever `data` came with the errors (fields that failed are null). */
  readonly data: unknown;

  constructor(message: string, graphqlErrors: readonly string[], data: unknown, context: HarnessErrorContext = {}) {
    super('REQUEST', message, context);
    this.name = 'HarnessRequestError';
    this.graphqlErrors = Object.freeze([...graphqlErrors]);
    this.data = data;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), graphqlErrors: this.graphqlErrors };
  }
}

/** Harness (or a proxy before it) failed: 5xx, an HTML page, or a body that is not GraphQL JSON. */
export class HarnessServerError extends HarnessError {
  declare readonly code: 'SERVER';
  /** The start of the response body, cleaned of markup and cut to 200 characters. */
  readonly bodySnippet: string;

  constructor(message: string, bodySnippet: string, context: HarnessErrorContext = {}) {
    super('SERVER', message, context);
    this.name = 'HarnessServerError';
    this.bodySnippet = bodySnippet;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), bodySnippet: this.bodySnippet };
  }
}

/**
 * No response arrived. `requestSent: 'no'` means the request provably never left the machine
 * (connection refused, host not found); `'unknown'` means it may have reached Harness.
 */
export class HarnessNetworkError extends HarnessError {
  declare readonly code: 'NETWORK';
  readonly requestSent: 'no' | 'unknown';

  constructor(message: string, requestSent: 'no' | 'unknown', context: HarnessErrorContext = {}) {
    super('NETWORK', message, context);
    this.name = 'HarnessNetworkError';
    this.requestSent = requestSent;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), requestSent: this.requestSent };
  }
}

/** The request took longer than its timeout; it may still have reached Harness. */
export class HarnessTimeoutError extends HarnessError {
  declare readonly code: 'TIMEOUT';
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number, context: HarnessErrorContext = {}) {
    super('TIMEOUT', message, context);
    this.name = 'HarnessTimeoutError';
    this.timeoutMs = timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/**
 * A start may or may not have created an execution (a null payload, a timeout, a reset after sending).
 * Never treat it as success or retry blindly: look at `reconciled` or the entity's recent executions.
 */
export class HarnessUnknownOutcomeError extends HarnessError {
  declare readonly code: 'UNKNOWN_OUTCOME';
  /** An execution found afterwards that matches this start, if the SDK could tell. */
  readonly reconciled: ExecutionSummary | undefined;

  constructor(message: string, reconciled: ExecutionSummary | undefined, context: HarnessErrorContext = {}) {
    super('UNKNOWN_OUTCOME', message, context);
    this.name = 'HarnessUnknownOutcomeError';
    this.reconciled = reconciled;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reconciledExecutionId: this.reconciled?.id };
  }
}

/** The execution ended in a status that is not success (FAILED, ERROR, ABORTED, REJECTED, EXPIRED, ...). */
export class HarnessExecutionFailedError extends HarnessError {
  declare readonly code: 'EXECUTION_FAILED';
  readonly execution: ExecutionSummary;

  constructor(execution: ExecutionSummary) {
    const details = execution.failureDetails ? `: ${execution.failureDetails}` : '';
    super(
      'EXECUTION_FAILED',
      `Execution ${execution.id} ended ${execution.status ?? 'without a status'}${details}. See ${execution.url ?? 'the Harness UI'}`,
    );
    this.name = 'HarnessExecutionFailedError';
    this.execution = execution;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), execution: this.execution };
  }
}

/** The wait's deadline passed; the execution keeps running in Harness. */
export class HarnessWaitTimeoutError extends HarnessError {
  declare readonly code: 'WAIT_TIMEOUT';
  readonly lastExecution: ExecutionSummary | undefined;
  readonly elapsedMs: number;
  readonly polls: number;
  readonly statusesSeen: readonly string[];

  constructor(
    executionId: string,
    lastExecution: ExecutionSummary | undefined,
    elapsedMs: number,
    polls: number,
    statusesSeen: readonly string[],
  ) {
    const status = lastExecution?.status ?? 'unknown';
    super(
      'WAIT_TIMEOUT',
      `Gave up waiting for execution ${executionId} after ${Math.round(elapsedMs / 1000)} s and ${polls} polls; ` +
        `it was ${status} and keeps running in Harness. ` +
        `Wait again with a longer timeoutMs, or abort it${lastExecution?.url ? ` (${lastExecution.url})` : ''}.`,
    );
    this.name = 'HarnessWaitTimeoutError';
    this.lastExecution = lastExecution;
    this.elapsedMs = elapsedMs;
    this.polls = polls;
    this.statusesSeen = Object.freeze([...statusesSeen]);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      elapsedMs: this.elapsedMs,
      polls: this.polls,
      statusesSeen: this.statusesSeen,
      lastExecution: this.lastExecution,
    };
  }
}

/** Why an endpoint was judged not to be Harness's GraphQL API. */
export type EndpointProblem = 'redirect' | 'not-graphql' | 'tls-mismatch';

/**
 * The endpoint does not look like Harness's GraphQL API: it redirected (redirects are never
 * followed, so the key never reaches another host), answered something that is not a GraphQL
 * response (a 404, a login page, `{"ok":true}`), or spoke another protocol than the URL's scheme.
 * Nothing reached Harness through it.
 */
export class HarnessEndpointError extends HarnessError {
  declare readonly code: 'ENDPOINT';
  readonly problem: EndpointProblem;
  /** Where a redirect pointed (the `Location` header, with any query string removed). */
  readonly location: string | undefined;
  /** The endpoint form Harness expects, for the message and for programs that print it. */
  readonly expected: string;

  constructor(
    message: string,
    problem: EndpointProblem,
    expected: string,
    location: string | undefined,
    context: HarnessErrorContext = {},
  ) {
    super('ENDPOINT', message, context);
    this.name = 'HarnessEndpointError';
    this.problem = problem;
    this.expected = expected;
    this.location = location;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      problem: this.problem,
      expected: this.expected,
      ...(this.location === undefined ? {} : { location: this.location }),
    };
  }
}

/** A response was larger than `maxResponseBytes` (after decompression); reading stopped there. */
export class HarnessResponseTooLargeError extends HarnessError {
  declare readonly code: 'RESPONSE_TOO_LARGE';
  readonly limitBytes: number;

  constructor(message: string, limitBytes: number, context: HarnessErrorContext = {}) {
    super('RESPONSE_TOO_LARGE', message, context);
    this.name = 'HarnessResponseTooLargeError';
    this.limitBytes = limitBytes;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limitBytes: this.limitBytes };
  }
}

/**
 * An idempotency key was used again with different inputs (another entity, other variables, other
 * artifacts). The first start's execution is not returned for it: pick a new key for a new start.
 */
export class HarnessIdempotencyConflictError extends HarnessError {
  declare readonly code: 'IDEMPOTENCY_CONFLICT';
  readonly idempotencyKey: string;
  /** The execution the key already belongs to, when it is known. */
  readonly existingExecutionId: string | undefined;

  constructor(message: string, idempotencyKey: string, existingExecutionId: string | undefined, context: HarnessErrorContext = {}) {
    super('IDEMPOTENCY_CONFLICT', message, context);
    this.name = 'HarnessIdempotencyConflictError';
    this.idempotencyKey = idempotencyKey;
    this.existingExecutionId = existingExecutionId;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      idempotencyKey: this.idempotencyKey,
      ...(this.existingExecutionId === undefined ? {} : { existingExecutionId: this.existingExecutionId }),
    };
  }
}

/**
 * Every error the SDK throws, as a union discriminated by `code`: after
 * `if (isHarnessError(e)) switch (e.code) { case 'VALIDATION': ... }` TypeScript knows `e.issues`.
 */
export type AnyHarnessError =
  | HarnessValidationError
  | HarnessAuthenticationError
  | HarnessPermissionError
  | HarnessNotFoundError
  | HarnessRateLimitError
  | HarnessRequestError
  | HarnessServerError
  | HarnessNetworkError
  | HarnessTimeoutError
  | HarnessUnknownOutcomeError
  | HarnessExecutionFailedError
  | HarnessWaitTimeoutError
  | HarnessEndpointError
  | HarnessResponseTooLargeError
  | HarnessIdempotencyConflictError;

function hasBrand(value: unknown): value is HarnessError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

function guard<C extends HarnessErrorCode>(code: C) {
  return (value: unknown): value is Extract<AnyHarnessError, { code: C }> => hasBrand(value) && value.code === code;
}

/**
 * Type guards that work across two copies of this package (ESM and CJS, or two versions),
 * where `instanceof` would fail.
 */
export const isHarnessError = (value: unknown): value is AnyHarnessError => hasBrand(value);
export const isHarnessValidationError = guard('VALIDATION');
export const isHarnessAuthenticationError = guard('AUTHENTICATION');
export const isHarnessPermissionError = guard('PERMISSION');
export const isHarnessNotFoundError = guard('NOT_FOUND');
export const isHarnessRateLimitError = guard('RATE_LIMITED');
export const isHarnessRequestError = guard('REQUEST');
export const isHarnessServerError = guard('SERVER');
export const isHarnessNetworkError = guard('NETWORK');
export const isHarnessTimeoutError = guard('TIMEOUT');
export const isHarnessUnknownOutcomeError = guard('UNKNOWN_OUTCOME');
export const isHarnessExecutionFailedError = guard('EXECUTION_FAILED');
export const isHarnessWaitTimeoutError = guard('WAIT_TIMEOUT');
export const isHarnessEndpointError = guard('ENDPOINT');
export const isHarnessResponseTooLargeError = guard('RESPONSE_TOO_LARGE');
export const isHarnessIdempotencyConflictError = guard('IDEMPOTENCY_CONFLICT');
