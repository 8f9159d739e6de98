/**
 * What each execution status means, in one place: the waiter decides when to stop from these sets,
 * and harness-exec derives its exit codes from them. Harness's statuses: QUEUED, RUNNING, PAUSED
 * (an approval or runtime inputs), WAITING (a manual intervention), RESUMED, and the final ones
 * below; `null` is Harness's internal PREPARING, before the execution has a status.
 */
import type { ExecutionStatus } from './types.js';

/** Statuses after which Harness never changes an execution again. */
export const TERMINAL_STATUSES: readonly ExecutionStatus[] = Object.freeze([
  'SUCCESS',
  'FAILED',
  'ERROR',
  'ABORTED',
  'REJECTED',
  'EXPIRED',
  'SKIPPED',
]);

/** Final statuses that mean the execution failed or was stopped. */
export const FAILED_STATUSES: readonly ExecutionStatus[] = Object.freeze(['FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED']);

/**
 * Final statuses that are not failures. SKIPPED is among them but deployed nothing, so it is not a
 * success by default (see {@link DEFAULT_SUCCESS_STATUSES}).
 */
export const SUCCESS_LIKE_STATUSES: readonly ExecutionStatus[] = Object.freeze(['SUCCESS', 'SKIPPED']);

/** What awaitExecution and harness-exec count as success unless told otherwise. */
export const DEFAULT_SUCCESS_STATUSES: readonly ExecutionStatus[] = Object.freeze(['SUCCESS']);

/** Statuses of an execution (or stage) that is still under way. */
export const ACTIVE_STATUSES: readonly ExecutionStatus[] = Object.freeze(['QUEUED', 'RUNNING', 'PAUSED', 'WAITING', 'RESUMED']);

/** Statuses in which an execution can only go on once a human acts (an approval, runtime inputs, a manual intervention). */
export const WAITING_FOR_HUMAN_STATUSES: readonly ExecutionStatus[] = Object.freeze(['PAUSED', 'WAITING']);

/** Statuses a pipeline execution can be resumed from; Harness refuses the others. */
export const RESUMABLE_STATUSES: readonly ExecutionStatus[] = FAILED_STATUSES;

type Status = ExecutionStatus | string | null | undefined;

function isIn(set: readonly string[], status: Status): boolean {
  return typeof status === 'string' && set.includes(status);
}

/** Whether an execution in this status will not change any more. */
export function isTerminalStatus(status: Status): boolean {
  return isIn(TERMINAL_STATUSES, status);
}

/** Whether the status is a final failure (SKIPPED is not). */
export function isFailedStatus(status: Status): boolean {
  return isIn(FAILED_STATUSES, status);
}

/** Whether the status counts as success, by default SUCCESS only. */
export function isSuccessStatus(status: Status, successStatuses: readonly string[] = DEFAULT_SUCCESS_STATUSES): boolean {
  return isIn(successStatuses, status);
}

/** Whether the status is one of a running execution (or stage). */
export function isActiveStatus(status: Status): boolean {
  return isIn(ACTIVE_STATUSES, status);
}

/** Whether the execution waits for a human (PAUSED or WAITING). */
export function isWaitingForHumanStatus(status: Status): boolean {
  return isIn(WAITING_FOR_HUMAN_STATUSES, status);
}

/** Whether a pipeline execution in this status can be resumed from a stage. */
export function isResumableStatus(status: Status): boolean {
  return isIn(RESUMABLE_STATUSES, status);
}
