/**
 * The pure half of awaitExecution: option validation, the poll schedule, what a status means, what an
 * execution is waiting for, and a simulation of the schedule. Nothing here sends a request or reads a
 * clock; time and randomness come in as arguments so the numbers can be checked without wall time.
 *
 * How the defaults were chosen (measured with {@link simulateWait} over 2 000 jitter seeds; the unit
 * tests in test/unit/waiter.test.ts assert the same bounds): the first poll is sent at once, then the
 * delay starts at 7 s and grows ×1.5 per poll to a 12.5 s cap, each delay scaled by a random factor in
 * [0.85, 1.15]. So:
 * - detection lag is at most 12.5 s × 1.15 = 14.4 s (measured worst 14.3 s for 30 s, 2 min and 10 min
 *   deployments): within 15 s of the end, and within 10 % of the duration beyond 144 s;
 * - a 10-minute deployment costs 50 polls on average (4.96 a minute, worst seed 5.16), a 2-minute one
 *   12 (5.55 a minute), and no 60-second window holds more than 6 polls (the account allows 30 a
 *   minute, shared by every caller);
 * - once at the cap a delay is never shorter than 10.6 s, so a long wait stays under 5.7 polls a minute.
 * The one exception is the deadline: the last sleep is cut short so that a final poll happens exactly
 * at `timeoutMs` (the timeout error then carries a fresh execution), which can put a 7th poll in that
 * last minute.
 * Rejected alternatives: starting at 5 s (with a 12 s cap and ±20 % jitter) puts 7 polls in the first
 * minute; ±20 % jitter lets the steady delay fall to 9.6–10 s (over 6 a minute); a 15 s cap breaks the
 * 15-second detection bound as soon as jitter is added.
 */
import { HarnessValidationError, type ValidationIssue } from './errors.js';
import { DEFAULT_SUCCESS_STATUSES, isActiveStatus, isFailedStatus, isTerminalStatus } from './statuses.js';
import type { ExecutionStatus, ExecutionSummary, StageExecution } from './types.js';

export { TERMINAL_STATUSES } from './statuses.js';

/** Default schedule and limits of awaitExecution. */
export const WAIT_DEFAULTS = Object.freeze({
  /** One hour: long enough for a deployment with a human approval in the middle. */
  timeoutMs: 3_600_000,
  minDelayMs: 7_000,
  maxDelayMs: 12_500,
  backoffFactor: 1.5,
  jitter: 0.15,
  maxConsecutiveErrors: 5,
  successStatuses: DEFAULT_SUCCESS_STATUSES,
});

/** What a human must do before the execution can go on. */
export type WaitingFor = 'approval' | 'runtime-inputs' | 'manual-intervention' | null;

/** The schedule knobs of a wait. */
export interface WaitScheduleOptions {
  /**
   * Give up after this long (the execution keeps running in Harness).
   * @default 3_600_000 (one hour)
   */
  timeoutMs?: number | undefined;
  /**
   * Delay before the second poll; later delays grow from it. The first poll is sent at once.
   * @default 7_000
   */
  minDelayMs?: number | undefined;
  /**
   * Largest delay between polls before jitter. With the default jitter a steady wait costs at most
   * 60 000 / (0.85 × maxDelayMs) polls a minute (5.6 for the default), out of the account's 30.
   * @default 12_500
   */
  maxDelayMs?: number | undefined;
  /**
   * Each delay is the previous one times this factor, up to `maxDelayMs`.
   * @default 1.5
   */
  backoffFactor?: number | undefined;
  /**
   * Each delay is multiplied by a random factor in [1 − jitter, 1 + jitter], so that many waiters
   * started together do not poll in step.
   * @default 0.15
   */
  jitter?: number | undefined;
}

/** The schedule with every default applied. */
export interface ResolvedWaitSchedule {
  timeoutMs: number;
  minDelayMs: number;
  maxDelayMs: number;
  backoffFactor: number;
  jitter: number;
}

function finiteAtLeast(issues: ValidationIssue[], name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    issues.push({
      code: 'invalid_option',
      variable: name,
      message: `${name} must be a finite number of at least ${min}, not ${typeof value === 'number' ? String(value) : typeof value}.`,
    });
    return fallback;
  }
  return value;
}

/**
 * Checks the schedule options and fills in defaults.
 * @throws {HarnessValidationError} listing every bad option
 */
export function resolveWaitSchedule(options: WaitScheduleOptions = {}, issues: ValidationIssue[] = []): ResolvedWaitSchedule {
  const own: ValidationIssue[] = [];
  const timeoutMs = finiteAtLeast(own, 'timeoutMs', options.timeoutMs, 1, WAIT_DEFAULTS.timeoutMs);
  const minDelayMs = finiteAtLeast(own, 'minDelayMs', options.minDelayMs, 1, WAIT_DEFAULTS.minDelayMs);
  const maxDelayMs = finiteAtLeast(own, 'maxDelayMs', options.maxDelayMs, 1, Math.max(WAIT_DEFAULTS.maxDelayMs, minDelayMs));
  const backoffFactor = finiteAtLeast(own, 'backoffFactor', options.backoffFactor, 1, WAIT_DEFAULTS.backoffFactor);
  const jitter = finiteAtLeast(own, 'jitter', options.jitter, 0, WAIT_DEFAULTS.jitter);
  if (jitter >= 1) own.push({ code: 'invalid_option', variable: 'jitter', message: `jitter must be below 1 (a fraction of the delay), not ${jitter}.` });
  if (maxDelayMs < minDelayMs) {
    own.push({
      code: 'invalid_option',
      variable: 'maxDelayMs',
      message: `maxDelayMs (${maxDelayMs}) must not be smaller than minDelayMs (${minDelayMs}).`,
    });
  }
  issues.push(...own);
  if (issues.length > 0) throw new HarnessValidationError(issues, `${issues.length} problem${issues.length === 1 ? '' : 's'} with the wait options; nothing was polled`);
  return { timeoutMs, minDelayMs, maxDelayMs, backoffFactor, jitter };
}

/**
 * The delay before the next poll, after `polls` polls (1 after the first one): `minDelayMs ×
 * backoffFactor^(polls−1)` capped at `maxDelayMs`, times a jitter factor from `random()` (in [0, 1)).
 */
export function nextDelayMs(polls: number, schedule: ResolvedWaitSchedule, random: () => number): number {
  const exponent = Math.max(0, polls - 1);
  const base = Math.min(schedule.maxDelayMs, schedule.minDelayMs * schedule.backoffFactor ** exponent);
  const factor = 1 + schedule.jitter * (2 * clamp01(random()) - 1);
  return Math.max(0, Math.round(base * factor));
}

/** How long to sleep: the next delay, but never past the deadline. */
export function sleepBeforeNextPollMs(polls: number, now: number, deadline: number, schedule: ResolvedWaitSchedule, random: () => number): number {
  return Math.max(0, Math.min(nextDelayMs(polls, schedule, random), deadline - now));
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0.5;
}

/** What a status means for a waiter. */
export type StatusOutcome = 'success' | 'failure' | 'pending';

/**
 * `success` when the status is one of `successStatuses`; `failure` when it is any other terminal
 * status; `pending` for QUEUED, RUNNING, RESUMED, PAUSED, WAITING, null (Harness's internal
 * PREPARING) and any status Harness may add later.
 */
export function classifyStatus(status: ExecutionStatus | string | null, successStatuses: readonly string[]): StatusOutcome {
  if (status !== null && successStatuses.includes(status)) return 'success';
  if (isTerminalStatus(status)) return 'failure';
  return 'pending';
}

function pausedApprovalStage(execution: ExecutionSummary): StageExecution | undefined {
  return execution.stages.find((stage) => stage.type === 'APPROVAL' && stage.status === 'PAUSED');
}

function runtimeInputStage(execution: ExecutionSummary): StageExecution | undefined {
  return execution.stages.find((stage) => stage.runtimeInputVariables.length > 0);
}

/**
 * What a human must do for the execution to go on, as far as the execution itself says: WAITING is a
 * manual intervention; PAUSED with a paused approval stage is an approval; a stage listing runtime
 * input variables is waiting for runtime inputs. A PAUSED workflow (or a pipeline paused inside a
 * workflow stage) does not say why: that gives null here, and awaitExecution asks approvalDetails.
 */
export function waitingForOf(execution: ExecutionSummary): WaitingFor {
  if (execution.status === 'WAITING' || execution.stages.some((stage) => stage.status === 'WAITING')) return 'manual-intervention';
  if (execution.status !== 'PAUSED') return null;
  if (pausedApprovalStage(execution)) return 'approval';
  if (runtimeInputStage(execution)) return 'runtime-inputs';
  return null;
}

/** The stage an execution is at: the first one that is active or failed, else the last that ran. */
function currentStage(stages: readonly StageExecution[]): number {
  const active = stages.findIndex((stage) => isActiveStatus(stage.status) || isFailedStatus(stage.status));
  if (active >= 0) return active;
  for (let i = stages.length - 1; i >= 0; i -= 1) if (stages[i]?.status) return i;
  return 0;
}

function suffix(waitingFor: WaitingFor, stage: StageExecution | undefined): string {
  switch (waitingFor) {
    case 'approval':
      return ' (approval pending)';
    case 'runtime-inputs': {
      const names = stage?.runtimeInputVariables.map((v) => v.name).filter((n) => n !== '') ?? [];
      return names.length > 0 ? ` (runtime inputs needed: ${names.join(', ')})` : ' (runtime inputs needed)';
    }
    case 'manual-intervention':
      return ' (manual intervention needed)';
    default:
      return '';
  }
}

/**
 * One line saying where an execution is, for progress output, for example
 * `stage 2/3 Prod: PAUSED (approval pending)` for a pipeline or
 * `workflow K8s Rolling Deployment: RUNNING` for a workflow. A null status reads `PREPARING`.
 * @param waitingFor - What the execution waits for when already known (for example from approvalDetails).
 */
export function describeProgress(execution: ExecutionSummary, waitingFor: WaitingFor = waitingForOf(execution)): string {
  const status = (s: string | null) => s ?? 'PREPARING';
  if (execution.stages.length === 0) {
    const name = execution.entity?.name;
    return `${execution.kind.toLowerCase()} ${name ?? execution.id}: ${status(execution.status)}${suffix(waitingFor, undefined)}`;
  }
  const index = currentStage(execution.stages);
  const stage = execution.stages[index];
  const label = stage?.stepName ?? stage?.name ?? '';
  const stageWaiting = waitingFor === 'runtime-inputs' ? runtimeInputStage(execution) ?? stage : stage;
  // The pipeline's own status wins while it waits: a stage may still read RUNNING in a stale snapshot.
  const shown = execution.status === 'PAUSED' || execution.status === 'WAITING' || stage?.status == null ? execution.status : stage.status;
  return `stage ${index + 1}/${execution.stages.length}${label ? ` ${label}` : ''}: ${status(shown)}${suffix(waitingFor, stageWaiting)}`;
}

/** Arguments of {@link simulateWait}. */
export interface SimulateWaitOptions {
  /** How long the deployment runs after the first poll, in ms. */
  durationMs: number;
  /** The schedule to simulate. @default the awaitExecution defaults */
  options?: WaitScheduleOptions;
  /** A source of numbers in [0, 1) for the jitter. @default () => 0.5 (no jitter) */
  random?: () => number;
}

/** What a simulated wait cost. */
export interface SimulatedWait {
  /** Polls sent, the one that saw the end included. */
  polls: number;
  /** Time from the end of the deployment to the poll that saw it, in ms. */
  detectionLagMs: number;
  /** Polls per minute over the whole wait (a wait shorter than a minute counts as one minute). */
  pollsPerMinute: number;
  /** The most polls inside any 60-second window: what the account's sliding-window limit sees. */
  peakPollsPerMinute: number;
  /** False when the deadline came first (then `detectionLagMs` is the time waited past the end, if any). */
  detected: boolean;
}

/**
 * Runs the poll schedule against a deployment that ends `durationMs` after the first poll, without
 * any I/O, so that the cost of a schedule can be measured (and benchmarked) exactly.
 */
export function simulateWait({ durationMs, options = {}, random = () => 0.5 }: SimulateWaitOptions): SimulatedWait {
  const schedule = resolveWaitSchedule(options);
  const times: number[] = [];
  let now = 0;
  let detected = false;
  for (;;) {
    times.push(now);
    if (now >= durationMs) {
      detected = true;
      break;
    }
    if (now >= schedule.timeoutMs) break;
    now += sleepBeforeNextPollMs(times.length, now, schedule.timeoutMs, schedule, random);
  }
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 60_000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return {
    polls: times.length,
    detectionLagMs: Math.max(0, now - durationMs),
    pollsPerMinute: times.length / (Math.max(now, 60_000) / 60_000),
    peakPollsPerMinute: peak,
    detected,
  };
}
