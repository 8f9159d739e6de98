/**
 * awaitExecution: polls `execution(executionId)` on the schedule of waiter.ts until the execution
 * ends, the deadline passes or the caller aborts. The decisions are in waiter.ts; this module only
 * sends requests, sleeps and reports.
 */
import { listPendingApprovals } from './approvals.js';
import type { PollBatcher } from './budget/poll-batcher.js';
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
import { suggestClosest } from './inputs/did-you-mean.js';
import { linkSignal, untilAborted } from './internal/abort.js';
import { abortableSleep, type Clock } from './internal/clock.js';
import { toExecutionSummary } from './mappers.js';
import { optionsRecord } from './selector.js';
import type { Transport, TransportCallOptions } from './transport.js';
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
  /**
   * Stops the wait at once, wherever it is (a sleep, a poll, the rate-limit queue); it then rejects
   * with the signal's reason and sends nothing more. The execution keeps running. One signal may be
   * shared by any number of concurrent calls.
   * @default none
   */
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
   * Polls in a row that may fail with a transient error (network, timeout, 5xx; each already
   * retried by the transport) before the wait gives up with that error. Authentication, permission,
   * not-found and validation errors end the wait at once. The account's budget never ends a wait: a
   * poll it holds back or Harness answers 429 only delays the next poll, up to the deadline.
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
   * @default the client's `random` (itself `Math.random` unless set)
   */
  random?: (() => number) | undefined;
  /**
   * Timeout of each poll request; near the deadline a poll gets only the time left (at least 1 s).
   * @default the client's timeoutMs
   */
  requestTimeoutMs?: number | undefined;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'timeoutMs',
  'minDelayMs',
  'maxDelayMs',
  'backoffFactor',
  'jitter',
  'signal',
  'onPoll',
  'successStatuses',
  'maxConsecutiveErrors',
  'clock',
  'random',
  'requestTimeoutMs',
]);

/** An execution id, or anything with an `id` such as a started execution. */
export type ExecutionIdOrExecution = string | { readonly id: string };

/** Options that make a wait poll on its own schedule instead of sharing the client's polls. */
const OWN_SCHEDULE_OPTIONS = ['minDelayMs', 'maxDelayMs', 'backoffFactor', 'jitter', 'clock', 'random', 'requestTimeoutMs'] as const;

/** The shortest timeout a poll gets, however close the deadline is. */
const MIN_POLL_TIMEOUT_MS = 1_000;

function transient(error: unknown): boolean {
  return isHarnessNetworkError(error) || isHarnessTimeoutError(error) || isHarnessServerError(error);
}

function resolveOptions(options: AwaitExecutionOptions) {
  const issues: ValidationIssue[] = [];
  // A misspelt option (timeout for timeoutMs) would otherwise be ignored, and the wait would run an
  // hour instead of the minutes the caller meant.
  for (const key of Object.keys(optionsRecord(options))) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const closest = suggestClosest(key, [...KNOWN_OPTIONS]) ?? [...KNOWN_OPTIONS].find((known) => known.toLowerCase().startsWith(key.toLowerCase()));
    issues.push({
      code: 'invalid_option',
      variable: key,
      message: `${key} is not an option of awaitExecution${closest ? ` (did you mean ${closest}?)` : ''}; known: ${[...KNOWN_OPTIONS].join(', ')}.`,
    });
  }
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
  batcher?: PollBatcher,
): Promise<ExecutionSummary> {
  const executionId = typeof target === 'string' ? target : target?.id;
  if (typeof executionId !== 'string' || executionId.trim() === '') {
    throw new HarnessValidationError([
      { code: 'missing_option', variable: 'executionId', message: 'awaitExecution needs an execution id or an execution with an id.' },
    ]);
  }
  const resolved = resolveOptions(options);
  options.signal?.throwIfAborted();
  // The wait listens on a signal of its own, so that one caller signal shared by many waits carries
  // one listener, not one per wait.
  const link = linkSignal(options.signal);
  try {
    // The shared polls follow one wait's default schedule on the client's clock; a wait that asks for its
    // own schedule, clock, randomness or poll timeout polls on its own.
    const shared = batcher !== undefined && OWN_SCHEDULE_OPTIONS.every((name) => options[name] === undefined) ? batcher : undefined;
    return await pollUntilEnd(transport, executionId, options, resolved, options.clock ?? defaultClock, link.signal, shared);
  } finally {
    link.dispose();
  }
}

async function pollUntilEnd(
  transport: Transport,
  executionId: string,
  options: AwaitExecutionOptions,
  { schedule, successStatuses, maxConsecutiveErrors }: ReturnType<typeof resolveOptions>,
  clock: Clock,
  signal: AbortSignal | undefined,
  batcher: PollBatcher | undefined,
): Promise<ExecutionSummary> {
  const random = options.random ?? transport.random;
  const started = clock.now();
  const deadline = started + schedule.timeoutMs;
  // Every request of the wait settles by the deadline: queue time, retries and attempts included.
  // The transport reads the deadline on its own clock, which a caller's `clock` option may not be.
  const callOptions = (): TransportCallOptions => ({
    signal,
    priority: 'poll',
    deadline: transport.clock.now() + Math.max(0, deadline - clock.now()),
  });
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
    // The budget had no slot for this poll before the deadline, or 429s outlasted it: nothing to read yet.
    let heldBack = false;
    try {
      if (batcher) {
        // The shared tick is this wait's sleep: it comes on one wait's schedule, or at the deadline.
        const read = await untilAborted(batcher.poll(executionId, { signal, deadline: callOptions().deadline }), signal);
        execution = toExecutionSummary(read, 'Execution');
      } else {
        const data = await untilAborted(
          transport.request(
            ExecutionDocument,
            { executionId },
            // A poll near the deadline gets only the time that is left (but at least a second), so a
            // slow or hanging Harness cannot hold the wait far past timeoutMs.
            {
              ...callOptions(),
              timeoutMs: Math.min(options.requestTimeoutMs ?? transport.queryTimeoutMs, Math.max(MIN_POLL_TIMEOUT_MS, deadline - clock.now())),
              notFoundLookup: executionId,
            },
          ),
          signal,
        );
        execution = toExecutionSummary(data?.execution, 'Execution');
      }
      consecutiveErrors = 0;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      // The shared tick that came at this wait's deadline was refused by the transport, unsent: the
      // wait has simply run out of time.
      if (batcher && isHarnessTimeoutError(error) && error.timeoutMs === 0 && clock.now() >= deadline) {
        throw new HarnessWaitTimeoutError(executionId, last, clock.now() - started, polls - 1, statusesSeen);
      }
      if (isHarnessRateLimitError(error)) heldBack = true;
      else {
        if (!transient(error)) throw error;
        consecutiveErrors += 1;
        if (consecutiveErrors > maxConsecutiveErrors) throw error;
      }
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
        waitingFor = await explainPause(transport, execution, execution.applicationId, previousStatus, pauseReason, callOptions());
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
    // A shared tick is its own sleep; a poll the budget held back waits for the next one on this wait's schedule.
    if (!batcher || heldBack) await abortableSleep(clock, sleepBeforeNextPollMs(polls, now, deadline, schedule, random), signal);
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
  call: TransportCallOptions,
): Promise<WaitingFor> {
  if (known && known.key === execution.id && previousStatus === 'PAUSED') return known.waitingFor;
  const { signal } = call;
  try {
    const pending = await untilAborted(listPendingApprovals(transport, { applicationId, executionId: execution.id }, call), signal);
    return pending.length > 0 ? 'approval' : null;
  } catch {
    if (signal?.aborted) throw signal.reason;
    return null;
  }
}
