/**
 * Sending a prepared start: the only place where startExecution is sent. Harness does not
 * deduplicate it, so the request is never sent twice for one call, an abort is told apart by whether
 * the request had left, and every failure after which an execution may exist says so and how to
 * check. With an idempotency key, calls with the key take turns in the process, an execution already
 * carrying the key is returned instead of starting another, a key reused with other inputs is
 * refused, and an ambiguous failure is reconciled by looking for the key.
 */
import {
  HarnessIdempotencyConflictError,
  HarnessNetworkError,
  HarnessServerError,
  HarnessTimeoutError,
  HarnessUnknownOutcomeError,
  isHarnessNetworkError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
} from './errors.js';
import { RecentExecutionsDocument, StartExecutionDocument } from './generated/graphql.js';
import {
  IDEMPOTENCY_SEARCH_LIMIT,
  differingParts,
  entityFilters,
  idempotencyMark,
  isAmbiguousStartFailure,
  readKeyMark,
  startFingerprint,
  startInputsParts,
  type StartInputsParts,
} from './idempotency.js';
import { untilAborted } from './internal/abort.js';
import { str } from './internal/loose-json.js';
import type { KeyRegistry } from './key-registry.js';
import { toExecutionSummary } from './mappers.js';
import type { PreparedStart } from './starts.js';
import type { Transport, TransportCallOptions } from './transport.js';
import type { EntityDefinition, StartedExecution } from './types.js';

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

/** What sending needs from the client. */
export interface StartContext {
  readonly transport: Transport;
  /** Tells accounts apart for keys: the endpoint and the account id. */
  readonly scope: string;
  readonly keys: KeyRegistry;
}

/** How one start is sent. */
export interface SendStartOptions {
  readonly idempotencyKey?: string | undefined;
  /** The notes as the caller gave them (the input's notes also carry the key's marks). */
  readonly callerNotes?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** How long the look for the key may take after the caller aborted a start that had been sent. */
export const RECONCILE_AFTER_ABORT_MS = 5_000;

/** Sends a prepared start once, with or without an idempotency key. */
export async function sendPreparedStart(context: StartContext, prepared: PreparedStart, options: SendStartOptions = {}): Promise<StartResult> {
  const { idempotencyKey: key, signal } = options;
  if (key !== undefined) return startWithKey(context, prepared, key, options.callerNotes, signal);
  const started = await sendOnce(context.transport, prepared, signal, undefined);
  return { ...started, reused: false, reconciled: false };
}

/** `pipeline "Guestbook Pipeline" (id X) in application Y`, for messages. */
function entityWords(entity: EntityDefinition): string {
  return `${entity.kind.toLowerCase()} "${entity.name}" (id ${entity.id}) in application ${entity.applicationId}`;
}

/** Where a user sees whether a start happened. */
function howToCheck(entity: EntityDefinition, key: string | undefined): string {
  const look = `Check the execution list of ${entityWords(entity)} (Harness UI: Continuous Deployment, Deployments) before starting again`;
  return key === undefined
    ? `${look}; pass an idempotencyKey to let the SDK do this check and never start twice.`
    : `${look}, or start again with the same idempotencyKey "${key}": the SDK returns the execution carrying it instead of starting a second one.`;
}

/** What went wrong with startExecution, in words that do not invite a blind retry. */
function failureWords(error: unknown): string {
  if (isHarnessServerError(error)) {
    return `Harness answered startExecution with HTTP ${error.status ?? 'unknown'}${error.bodySnippet ? ` (${error.bodySnippet})` : ''}`;
  }
  if (isHarnessTimeoutError(error)) return `startExecution got no answer within ${error.timeoutMs} ms`;
  if (isHarnessNetworkError(error)) return 'the connection broke before Harness answered startExecution';
  if (isHarnessUnknownOutcomeError(error)) return 'Harness answered startExecution without an execution and without an error';
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The same error, reworded for a start: it may have happened, and this is how to check. The class
 * and its facts (status, body, timeout, whether the request was sent) stay as they were.
 */
function startMayHaveHappened(error: unknown, entity: EntityDefinition, key: string | undefined): unknown {
  const message = `${failureWords(error)}. The start may have reached Harness and an execution may be running. ${howToCheck(entity, key)}`;
  const context = (e: { operation: string | undefined; status: number | undefined }) => ({ operation: e.operation, status: e.status, cause: error });
  if (isHarnessServerError(error)) return new HarnessServerError(message, error.bodySnippet, context(error));
  if (isHarnessTimeoutError(error)) return new HarnessTimeoutError(message, error.timeoutMs, context(error));
  if (isHarnessNetworkError(error) && error.requestSent === 'unknown') return new HarnessNetworkError(message, 'unknown', context(error));
  return error;
}

/**
 * Sends startExecution once. It is never retried unless the request provably never left the
 * machine. A null payload without errors (Harness's permission-cache quirk) may hide a started
 * execution: it is reported as {@link HarnessUnknownOutcomeError}, never as success.
 */
async function sendOnce(transport: Transport, prepared: PreparedStart, signal: AbortSignal | undefined, key: string | undefined): Promise<StartedExecution> {
  signal?.throwIfAborted();
  const { entity } = prepared;
  // The transport calls onSend right before it hands the request to fetch, and sends nothing once the
  // signal has aborted: so an abort before onSend means startExecution never left.
  let sent = false;
  const request = transport.request(StartExecutionDocument, { input: prepared.input }, { signal, priority: 'start', onSend: () => (sent = true) });
  let data;
  try {
    data = await untilAborted(request, signal);
  } catch (error) {
    if (signal?.aborted) {
      // Still queued (or between attempts that never left): nothing was sent, and nothing will be.
      if (!sent) throw signal.reason;
      throw new HarnessUnknownOutcomeError(
        `The start of ${entityWords(entity)} was cancelled after startExecution had been sent: Harness may have started an execution. ${howToCheck(entity, key)}`,
        undefined,
        { operation: 'StartExecution', cause: signal.reason },
      );
    }
    throw isAmbiguousStartFailure(error) ? startMayHaveHappened(error, entity, key) : error;
  }
  const payload = data?.startExecution;
  if (!payload?.execution) {
    // No `reconciled` here: without an idempotency key nothing ties an execution to this call. The
    // newest execution of the entity could as well be a concurrent start by another user, trigger
    // or CI job, and reporting someone else's deployment as ours would be worse than reporting none.
    throw new HarnessUnknownOutcomeError(
      `Harness answered startExecution for ${entityWords(entity)} without an execution and without an error, so an execution may or may not have started. ${howToCheck(entity, key)}`,
      undefined,
      { operation: 'StartExecution' },
    );
  }
  const summary = toExecutionSummary(payload.execution, 'StartExecution');
  return {
    ...summary,
    applicationId: summary.applicationId ?? prepared.input.applicationId,
    warningMessage: str(payload.warningMessage),
  };
}

/** An execution carrying the key, and the fingerprint written next to the key (if any). */
interface KeyedExecution {
  execution: StartedExecution;
  fingerprint: string | undefined;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The newest execution of the entity whose notes carry the key, among the newest 20. The list is
 * read as loose JSON: nulls, missing fields or wrong types in it are skipped, never a TypeError.
 */
export async function findByIdempotencyKey(transport: Transport, entity: EntityDefinition, key: string, call: TransportCallOptions = {}): Promise<KeyedExecution | undefined> {
  const data: unknown = await transport.request(
    RecentExecutionsDocument,
    { filters: entityFilters(entity.kind, entity.applicationId, entity.id), limit: IDEMPOTENCY_SEARCH_LIMIT },
    call,
  );
  const nodes = record(record(record(data)?.executions))?.nodes;
  for (const node of Array.isArray(nodes) ? nodes : []) {
    const fields = record(node);
    if (!fields || str(fields.id) === null) continue;
    const mark = readKeyMark(fields.notes, key);
    if (!mark.carriesKey) continue;
    const summary = toExecutionSummary(fields, 'RecentExecutions');
    return { execution: { ...summary, applicationId: summary.applicationId ?? entity.applicationId, warningMessage: null }, fingerprint: mark.fingerprint };
  }
  return undefined;
}

function conflict(key: string, executionId: string, entity: EntityDefinition, parts: readonly string[]): HarnessIdempotencyConflictError {
  const what = parts.length > 0 ? `other inputs (${parts.join(', ')} differ)` : 'other inputs';
  return new HarnessIdempotencyConflictError(
    `Idempotency key "${key}" already belongs to execution ${executionId} of ${entityWords(entity)}, started with ${what}. ` +
      'No execution was started. Use a new key for a different start, or repeat the first start exactly to get its execution.',
    key,
    executionId,
    { operation: 'StartExecution' },
  );
}

async function startWithKey(
  context: StartContext,
  prepared: PreparedStart,
  key: string,
  callerNotes: string | undefined,
  signal: AbortSignal | undefined,
): Promise<StartResult> {
  const { transport, keys } = context;
  const { entity } = prepared;
  const parts: StartInputsParts = startInputsParts(prepared.input, callerNotes);
  const fingerprint = startFingerprint(parts);
  const scope = `${context.scope}\n${key}`;
  const remember = (execution: StartedExecution) => keys.remember(scope, { execution, entity, fingerprint, parts });
  const call: TransportCallOptions = { signal, priority: 'start' };

  return keys.exclusive(scope, signal, async () => {
    const known = keys.known(scope);
    if (known) {
      if (known.fingerprint !== fingerprint) throw conflict(key, known.execution.id, known.entity, differingParts(known.parts, parts));
      return { ...known.execution, warningMessage: null, reused: true, reconciled: false };
    }
    const existing = await findByIdempotencyKey(transport, entity, key, call);
    if (existing) {
      // Executions marked by older versions carry no fingerprint: the key alone has to do.
      if (existing.fingerprint !== undefined && existing.fingerprint !== fingerprint) throw conflict(key, existing.execution.id, entity, []);
      remember(existing.execution);
      return { ...existing.execution, reused: true, reconciled: false };
    }
    try {
      const started = await sendOnce(transport, prepared, signal, key);
      remember(started);
      return { ...started, reused: false, reconciled: false };
    } catch (error) {
      if (!isAmbiguousStartFailure(error)) throw error;
      return reconcile(transport, prepared, key, fingerprint, error, signal, remember);
    }
  });
}

/** After an ambiguous failure (or an abort after sending): the key tells which execution is ours. */
async function reconcile(
  transport: Transport,
  prepared: PreparedStart,
  key: string,
  fingerprint: string,
  error: unknown,
  signal: AbortSignal | undefined,
  remember: (execution: StartedExecution) => void,
): Promise<StartResult> {
  const { entity } = prepared;
  const aborted = signal?.aborted === true;
  // After an abort the caller's signal cannot carry the look; a short bound of its own does.
  const lookSignal = aborted ? AbortSignal.timeout(RECONCILE_AFTER_ABORT_MS) : signal;
  let found: KeyedExecution | undefined;
  try {
    // Its own signal: the caller's aborted signal must not stop this one read.
    found = await untilAborted(findByIdempotencyKey(transport, entity, key, { signal: lookSignal, priority: 'start' }), lookSignal);
  } catch (lookupError) {
    if (!aborted && signal?.aborted) throw signal.reason;
    throw new HarnessUnknownOutcomeError(
      `${aborted ? 'The start was cancelled after startExecution had been sent' : failureWords(error)}, and looking for an execution carrying ` +
        `idempotency key "${key}" failed too (${failureWords(lookupError)}). ${howToCheck(entity, key)}`,
      undefined,
      { operation: 'StartExecution', cause: error },
    );
  }
  if (found && found.fingerprint !== undefined && found.fingerprint !== fingerprint) throw conflict(key, found.execution.id, entity, []);
  if (found) remember(found.execution);
  if (aborted) {
    throw new HarnessUnknownOutcomeError(
      found
        ? `The start of ${entityWords(entity)} was cancelled after startExecution had been sent, and it did start: execution ${found.execution.id} carries idempotency key "${key}" (see \`reconciled\`).`
        : `The start of ${entityWords(entity)} was cancelled after startExecution had been sent. None of its ${IDEMPOTENCY_SEARCH_LIMIT} newest executions carries "${idempotencyMark(key)}" yet, but Harness may still be starting it. ${howToCheck(entity, key)}`,
      found?.execution,
      { operation: 'StartExecution', cause: signal?.reason },
    );
  }
  if (found) return { ...found.execution, reused: false, reconciled: true };
  throw new HarnessUnknownOutcomeError(
    `${failureWords(error)}. The ${IDEMPOTENCY_SEARCH_LIMIT} newest executions of ${entityWords(entity)} hold none whose notes carry ` +
      `"${idempotencyMark(key)}", so it most likely did not start. Start again with the same idempotencyKey: if it did start after all, the SDK finds it instead of starting a second one.`,
    undefined,
    { operation: 'StartExecution', cause: error },
  );
}
