/**
 * Safe starts. Harness has no idempotency (facts §8): a retried startExecution can deploy twice. With
 * an `idempotencyKey` the SDK writes the key into the execution's notes and, before starting and after
 * an ambiguous failure, looks for a recent execution of the same pipeline or workflow carrying it.
 */
import {
  HarnessUnknownOutcomeError,
  HarnessValidationError,
  isHarnessNetworkError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
  type ValidationIssue,
} from './errors.js';
import { RecentExecutionsDocument, type ExecutionFilter } from './generated/graphql.js';
import { toExecutionSummary } from './mappers.js';
import { sendStart, type PreparedStart } from './starts.js';
import type { CallOptions, Transport } from './transport.js';
import type { ExecutionKind, ExecutionSummary, StartedExecution } from './types.js';

/** Executions of the entity searched for the key: the newest ones, as Harness lists them. */
export const IDEMPOTENCY_SEARCH_LIMIT = 20;
const MAX_KEY_LENGTH = 128;

/** What a start answers: the execution, and whether this call started it. */
export interface StartResult extends StartedExecution {
  /**
   * True when this call started nothing because an execution carrying its `idempotencyKey` already
   * existed (it is that execution). Always false without a key.
   */
  reused: boolean;
  /**
   * True when startExecution's answer was ambiguous (timeout, lost connection, 5xx, null payload)
   * and the execution was then found by its `idempotencyKey`. Always false without a key.
   */
  reconciled: boolean;
}

/** The text appended to the notes of an execution started with `key`. */
export function idempotencyMark(key: string): string {
  return `[idempotency-key: ${key}]`;
}

/** Notes with the key's mark appended (pure). */
export function notesWithKey(notes: string | undefined, key: string): string {
  const mark = idempotencyMark(key);
  return notes === undefined || notes === '' ? mark : `${notes} ${mark}`;
}

/** Whether an execution's notes carry the key's mark (pure). */
export function carriesKey(execution: Pick<ExecutionSummary, 'notes'>, key: string): boolean {
  return execution.notes?.includes(idempotencyMark(key)) ?? false;
}

/**
 * Checks an idempotency key: a non-empty string of at most 128 characters without `]` or line breaks
 * (it must survive inside the notes mark).
 * @throws {HarnessValidationError}
 */
export function checkIdempotencyKey(key: unknown): asserts key is string {
  const issues = idempotencyKeyIssues(key);
  if (issues.length > 0) throw new HarnessValidationError(issues);
}

/** The problems with an idempotency key (pure); empty when it is fine. */
export function idempotencyKeyIssues(key: unknown): ValidationIssue[] {
  if (typeof key === 'string' && key.trim() !== '' && key.length <= MAX_KEY_LENGTH && !/[\]\r\n]/.test(key)) return [];
  return [
    {
      code: 'invalid_option',
      variable: 'idempotencyKey',
      message: `idempotencyKey must be a non-empty string of at most ${MAX_KEY_LENGTH} characters without "]" or line breaks, such as a CI build id.`,
    },
  ];
}

/** Whether a failed start may nevertheless have created an execution. */
export function isAmbiguousStartFailure(error: unknown): boolean {
  return (
    isHarnessTimeoutError(error) ||
    (isHarnessNetworkError(error) && error.requestSent === 'unknown') ||
    isHarnessServerError(error) ||
    isHarnessUnknownOutcomeError(error)
  );
}

/** Pure: the executions filter of one pipeline or workflow in one application. */
export function entityFilters(kind: ExecutionKind, applicationId: string, entityId: string): ExecutionFilter[] {
  const entity = { operator: 'EQUALS' as const, values: [entityId] };
  return [kind === 'PIPELINE' ? { pipeline: entity } : { workflow: entity }, { application: { operator: 'EQUALS', values: [applicationId] } }];
}

/** The newest execution of the entity whose notes carry the key, among the newest 20. */
export async function findByIdempotencyKey(
  transport: Transport,
  kind: ExecutionKind,
  applicationId: string,
  entityId: string,
  key: string,
  call: CallOptions = {},
): Promise<ExecutionSummary | undefined> {
  const data = await transport.request(
    RecentExecutionsDocument,
    { filters: entityFilters(kind, applicationId, entityId), limit: IDEMPOTENCY_SEARCH_LIMIT },
    call,
  );
  for (const node of data?.executions?.nodes ?? []) {
    if (!node || typeof node.notes !== 'string' || !node.notes.includes(idempotencyMark(key))) continue;
    const summary = toExecutionSummary(node, 'RecentExecutions');
    return { ...summary, applicationId: summary.applicationId ?? applicationId };
  }
  return undefined;
}

/**
 * Starts a prepared start unless an execution carrying `key` exists, and reconciles an ambiguous
 * failure by looking for the key. `prepared.input.notes` must already carry the key's mark
 * (prepareStart does that when given the key).
 * @throws {HarnessUnknownOutcomeError} when the start's answer was ambiguous and no execution
 * carrying the key was found
 */
export async function startWithIdempotencyKey(
  transport: Transport,
  prepared: PreparedStart,
  key: string,
  call: CallOptions = {},
): Promise<StartResult> {
  const { kind, id: entityId, name } = prepared.entity;
  const { applicationId } = prepared.input;
  const existing = await findByIdempotencyKey(transport, kind, applicationId, entityId, key, call);
  if (existing) return { ...existing, warningMessage: null, reused: true, reconciled: false };
  try {
    const started = await sendStart(transport, prepared, call);
    return { ...started, reused: false, reconciled: false };
  } catch (error) {
    if (!isAmbiguousStartFailure(error)) throw error;
    // The start may have reached Harness. Only the key tells which execution is ours.
    let found: ExecutionSummary | undefined;
    try {
      found = await findByIdempotencyKey(transport, kind, applicationId, entityId, key, call);
    } catch (lookupError) {
      throw new HarnessUnknownOutcomeError(
        `startExecution for ${kind.toLowerCase()} "${name}" failed ambiguously (${errorText(error)}), and looking for an execution carrying ` +
          `idempotency key "${key}" failed too (${errorText(lookupError)}). Start again with the same idempotencyKey: ` +
          'the SDK looks for the key first and will not start a second execution if the first one exists.',
        undefined,
        { operation: 'StartExecution', cause: error },
      );
    }
    if (found) return { ...found, warningMessage: null, reused: false, reconciled: true };
    throw new HarnessUnknownOutcomeError(
      `startExecution for ${kind.toLowerCase()} "${name}" failed ambiguously (${errorText(error)}). The ${IDEMPOTENCY_SEARCH_LIMIT} newest executions of ` +
        `${kind.toLowerCase()} ${entityId} in application ${applicationId} hold none whose notes carry "${idempotencyMark(key)}", so it most likely did not start. ` +
        'Start again with the same idempotencyKey: if it did start after all, the SDK finds it instead of starting a second one.',
      undefined,
      { operation: 'StartExecution', cause: error },
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
