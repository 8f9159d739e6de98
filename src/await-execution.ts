/**
 * awaitExecution: polls `execution(executionId)` on the schedule of waiter.ts until the execution
 * ends, the deadline passes or the caller aborts. The decisions are in waiter.ts; this module only
 * sends requests, sleeps and reports.
 */
import { listPendingApprovals } from './approvals.js';
import {
  HarnessExecutionFailedError,
  HarnessValidationError,
  HarnessWaitTimeoutError,
  isHarnessNetworkError,
  isHarnessRateLimitError,
  isHarnessServerError,
  isHarnessTimeoutError,
  type ValidationIssue,
} from './errors.js';
import { ExecutionDocument } from './generated/graphql.js';
import { toExecutionSummary } from './mappers.js';
import { abortableSleep, type Clock } from './internal/clock.js';
import type { Transport } from './transport.js';
import type { ExecutionStatus, ExecutionSummary } from './types.js';
import {
  WAIT_DEFAULTS,
  classifyStatus,
  resolveWaitSchedule,
  sleepBeforeNextPollMs,
  waitingForOf,
  type WaitScheduleOptions,
  type WaitingFor,
} from './waiter.js';

/** What {@link AwaitExecutionOptions.onPoll} receives after every successful poll. */
export interface PollEvent {
  execution: ExecutionSummary;
  /** The status read by this poll; null while Harness prepares the execution. */
  status: ExecutionStatus | null;
  /** The status read by the previous poll; null on the first poll (or while preparing). */
  previousStatus: ExecutionStatus | null;
  /** Time since the wait began, in ms. */
  elapsedMs: number;
  /** Polls sent so far, this one included. */
  polls: number;
  /** What a human must do for the execution to go on, or null. */
  waitingFor: WaitingFor;
}

/** Options of {@link HarnessClient.awaitExecution}. */
export interface AwaitExecutionOptions extends WaitScheduleOptions {
  /** Stops the wait at once; it then rejects with the signal's reason. The execution keeps running. */
  signal?: AbortSignal | undefined;
  /**
   * Called after every successful poll, for progress output (see `describeProgress`). Errors it
   * throws are ignored: a logging bug must not end a deployment wait.
   * @default none
   */
  onPoll?: ((event: PollEvent) => void) | undefined;
  /**
   * Statuses that end the wait successfully. Any other terminal status (FAILED, ERROR, ABORTED,
   * REJECTED, EXPIRED, SKIPPED) throws HarnessExecutionFailedError. A non-terminal status such as
   * `PAUSED` may be listed to stop waiting when the execution pauses.
   * @default ['SUCCESS']
   */
  successStatuses?: readonly ExecutionStatus[] | undefined;
  /**
   * Polls in a row that may fail with a transient error (network, timeout, 5xx, 429; each already
   * retried by the transport) before the wait gives up with that error. Authentication, permission,
   * not-found and validation errors end the wait at once.
   * @default 5
   */
  maxConsecutiveErrors?: number | undefined;
  /**
   * Time source for the schedule (`now` and `sleep`); tests inject one to need no wall time.
   * @default the client's clock
   */
  clock?: Clock | undefined;
  /**
   * Source of numbers in [0, 1) for the jitter.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * Timeout of each poll request; near the deadline a poll gets only the time left (at least 1 s).
   * @default the client's timeoutMs
   */
  requestTimeoutMs?: number | undefined;
}

/** An execution id, or anything with an `id` such as a started execution. */
export type ExecutionIdOrExecution = string | { readonly id: string };

/** The shortest timeout a poll gets, however close the deadline is. */
const MIN_POLL_TIMEOUT_MS = 1_000;

function transient(error: unknown): boolean {
  return isHarnessNetworkError(error) || isHarnessTimeoutError(error) || isHarnessServerError(error) || isHarnessRateLimitError(error);
}

function resolveOptions(options: AwaitExecutionOptions) {
  const issues: ValidationIssue[] = [];
  const successStatuses: readonly string[] = options.successStatuses ?? WAIT_DEFAULTS.successStatuses;
  if (!Array.isArray(successStatuses) || successStatuses.length === 0 || successStatuses.some((s) => typeof s !== 'string' || s === '')) {
    issues.push({
      code: 'invalid_option',
      variable: 'successStatuses',
      message: "successStatuses must be a non-empty list of statuses such as ['SUCCESS'] or ['SUCCESS', 'SKIPPED'].",
    });
  }
  const maxConsecutiveErrors = options.maxConsecutiveErrors ?? WAIT_DEFAULTS.maxConsecutiveErrors;
  if (!Number.isInteger(maxConsecutiveErrors) || maxConsecutiveErrors < 0) {
    issues.push({ code: 'invalid_option', variable: 'maxConsecutiveErrors', message: 'maxConsecutiveErrors must be a whole number of at least 0.' });
  }
  if (options.onPoll !== undefined && typeof options.onPoll !== 'function') {
    issues.push({ code: 'invalid_option', variable: 'onPoll', message: 'onPoll must be a function.' });
  }
  const schedule = resolveWaitSchedule(options, issues);
  return { schedule, successStatuses, maxConsecutiveErrors };
}

/**
 * Polls an execution until it ends. See {@link AwaitExecutionOptions} for the schedule and waiter.ts
 * for why the defaults are what they are.
 * @returns the final execution, when its status is one of `successStatuses`
 * @throws {HarnessExecutionFailedError} when it ends in another terminal status (carries the execution)
 * @throws {HarnessWaitTimeoutError} when the deadline passes first (the execution keeps running)
 * @throws the signal's reason when aborted
 */
export async function awaitExecution(
  transport: Transport,
  target: ExecutionIdOrExecution,
  options: AwaitExecutionOptions = {},
  defaultClock: Clock = transport.clock,
): Promise<ExecutionSummary> {
  const executionId = typeof target === 'string' ? target : target?.id;
  if (typeof executionId !== 'string' || executionId.trim() === '') {
    throw new HarnessValidationError([
      { code: 'missing_option', variable: 'executionId', message: 'awaitExecution needs an execution id or an execution with an id.' },
    ]);
  }
  const { schedule, successStatuses, maxConsecutiveErrors } = resolveOptions(options);
  const clock = options.clock ?? defaultClock;
  const random = options.random ?? Math.random;
  const { signal } = options;
  signal?.throwIfAborted();

  const started = clock.now();
  const deadline = started + schedule.timeoutMs;
  const statusesSeen: string[] = [];
  let last: ExecutionSummary | undefined;
  let previousStatus: ExecutionStatus | null = null;
  let polls = 0;
  let consecutiveErrors = 0;
  // A PAUSED execution whose stages do not say why: asked once per pause through approvalDetails.
  let pauseReason: { key: string; waitingFor: WaitingFor } | undefined;

  for (;;) {
    signal?.throwIfAborted();
    polls += 1;
    let execution: ExecutionSummary | undefined;
    try {
      const data = await transport.request(
        ExecutionDocument,
        { executionId },
        // A poll near the deadline gets only the time that is left (but at least a second), so a
        // slow or hanging Harness cannot hold the wait far past timeoutMs.
        {
          signal,
          timeoutMs: Math.min(options.requestTimeoutMs ?? transport.queryTimeoutMs, Math.max(MIN_POLL_TIMEOUT_MS, deadline - clock.now())),
          notFoundLookup: executionId,
        },
      );
      execution = toExecutionSummary(data?.execution, 'Execution');
      consecutiveErrors = 0;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!transient(error)) throw error;
      consecutiveErrors += 1;
      if (consecutiveErrors > maxConsecutiveErrors) throw error;
    }

    if (execution) {
      last = execution;
      const status = execution.status;
      const label = status ?? 'PREPARING';
      if (statusesSeen[statusesSeen.length - 1] !== label) statusesSeen.push(label);
      const outcome = classifyStatus(status, successStatuses);
      let waitingFor = waitingForOf(execution);
      // Also when PAUSED is one of successStatuses: the poll that ends the wait must still say why it paused.
      if (status === 'PAUSED' && waitingFor === null && execution.applicationId !== null) {
        waitingFor = await explainPause(transport, execution, execution.applicationId, previousStatus, pauseReason, signal);
        pauseReason = { key: execution.id, waitingFor };
      }
      if (status !== 'PAUSED') pauseReason = undefined;
      if (options.onPoll) {
        try {
          options.onPoll({ execution, status, previousStatus, elapsedMs: clock.now() - started, polls, waitingFor });
        } catch {
          // Deliberately ignored: progress output must never end the wait.
        }
      }
      previousStatus = status;
      if (outcome === 'success') return execution;
      if (outcome === 'failure') throw new HarnessExecutionFailedError(execution);
    }

    const now = clock.now();
    if (now >= deadline) throw new HarnessWaitTimeoutError(executionId, last, now - started, polls, statusesSeen);
    await abortableSleep(clock, sleepBeforeNextPollMs(polls, now, deadline, schedule, random), signal);
  }
}

/**
 * Why a PAUSED execution waits, when its stages do not say (a workflow, or an approval step inside a
 * workflow stage): one approvalDetails request per pause. Any failure of it just leaves the reason
 * unknown; it never ends the wait.
 */
async function explainPause(
  transport: Transport,
  execution: ExecutionSummary,
  applicationId: string,
  previousStatus: ExecutionStatus | null,
  known: { key: string; waitingFor: WaitingFor } | undefined,
  signal: AbortSignal | undefined,
): Promise<WaitingFor> {
  if (known && known.key === execution.id && previousStatus === 'PAUSED') return known.waitingFor;
  try {
    const pending = await listPendingApprovals(transport, { applicationId, executionId: execution.id }, { signal });
    return pending.length > 0 ? 'approval' : null;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return null;
  }
}
