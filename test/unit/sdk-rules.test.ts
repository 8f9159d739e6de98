/**
 * The SDK's rules that harness-exec used to keep to itself: which status means what, what may be
 * resumed, which stage is paused for runtime inputs, and which approval to act on. Pure functions.
 */
import { describe, expect, it } from 'vitest';
import { chooseApproval, unknownApprovalVariables, type PendingApproval } from '../../src/approvals.js';
import { resumeProblem } from '../../src/resume-abort.js';
import { isPausedForRuntimeInputs, pickPausedStage } from '../../src/runtime-inputs.js';
import {
  ACTIVE_STATUSES,
  FAILED_STATUSES,
  RESUMABLE_STATUSES,
  SUCCESS_LIKE_STATUSES,
  TERMINAL_STATUSES,
  WAITING_FOR_HUMAN_STATUSES,
  isActiveStatus,
  isFailedStatus,
  isResumableStatus,
  isSuccessStatus,
  isTerminalStatus,
  isWaitingForHumanStatus,
} from '../../src/statuses.js';
import type { DeclaredVariable, ExecutionStatus, ExecutionSummary, StageExecution } from '../../src/types.js';
import { TERMINAL_STATUSES as WAITER_TERMINAL, WAIT_DEFAULTS, classifyStatus } from '../../src/waiter.js';

const ALL: (ExecutionStatus | null)[] = ['QUEUED', 'RUNNING', 'PAUSED', 'WAITING', 'RESUMED', 'SUCCESS', 'FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED', null];

describe('status sets', () => {
  it('split the final statuses into failed and success-like, and the rest into active', () => {
    expect([...FAILED_STATUSES, ...SUCCESS_LIKE_STATUSES].sort()).toEqual([...TERMINAL_STATUSES].sort());
    for (const status of ALL) {
      const classes = [isTerminalStatus(status), isActiveStatus(status)].filter(Boolean);
      expect(classes.length, String(status)).toBe(status === null ? 0 : 1);
    }
    expect(ACTIVE_STATUSES).toEqual(expect.arrayContaining([...WAITING_FOR_HUMAN_STATUSES]));
  });
  it('count only SUCCESS as success by default: SKIPPED deployed nothing', () => {
    expect(isSuccessStatus('SUCCESS')).toBe(true);
    expect(isSuccessStatus('SKIPPED')).toBe(false);
    expect(isSuccessStatus('SKIPPED', ['SUCCESS', 'SKIPPED'])).toBe(true);
    expect(isFailedStatus('SKIPPED')).toBe(false);
    expect(isFailedStatus('EXPIRED')).toBe(true);
  });
  it('say who waits for a human and what can be resumed', () => {
    expect(ALL.filter(isWaitingForHumanStatus)).toEqual(['PAUSED', 'WAITING']);
    expect(ALL.filter(isResumableStatus)).toEqual(['FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED']);
    expect(RESUMABLE_STATUSES).toEqual(FAILED_STATUSES);
  });
  it('are the ones the waiter reads', () => {
    expect(WAITER_TERMINAL).toBe(TERMINAL_STATUSES);
    for (const status of ALL) {
      const expected = isSuccessStatus(status, WAIT_DEFAULTS.successStatuses) ? 'success' : isTerminalStatus(status) ? 'failure' : 'pending';
      expect(classifyStatus(status, WAIT_DEFAULTS.successStatuses)).toBe(expected);
    }
  });
});

const releaseTag: DeclaredVariable = { name: 'releaseTag', type: 'Text', required: true, allowedValues: [], defaultValue: null, fixed: false, allowMultipleValues: false };

function stage(elementId: string, name: string, status: StageExecution['status'], runtime: DeclaredVariable[] = []): StageExecution {
  return { name, elementId, stepName: name, type: 'WORKFLOW', status, workflowExecutionId: null, approvalStepType: null, runtimeInputVariables: runtime };
}

function execution(overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  return {
    id: 'E1',
    kind: 'PIPELINE',
    status: 'FAILED',
    url: null,
    applicationId: 'A1',
    entity: null,
    createdAt: null,
    startedAt: null,
    endedAt: null,
    notes: null,
    failureDetails: null,
    stages: [stage('s1', 'Stage 1', 'SUCCESS'), stage('s2', 'Stage 2', 'FAILED'), stage('s3', 'Stage 3', null)],
    ...overrides,
  };
}

describe('resumeProblem', () => {
  it('accepts a stage that ran of a failed pipeline execution', () => {
    for (const status of RESUMABLE_STATUSES) expect(resumeProblem(execution({ status }), 'Stage 2')).toBeNull();
  });
  it('checks, in order: a pipeline, a stage of that name, a stage that ran, a resumable status', () => {
    expect(resumeProblem(execution({ kind: 'WORKFLOW', status: 'RUNNING' }), 'Nope')).toMatchObject({ reason: 'not-a-pipeline' });
    expect(resumeProblem(execution({ status: 'RUNNING' }), 'Stage 9')).toMatchObject({ reason: 'unknown-stage', stageNames: ['Stage 1', 'Stage 2', 'Stage 3'] });
    expect(resumeProblem(execution({ status: 'RUNNING' }), 'Stage 3')).toMatchObject({
      reason: 'stage-never-started',
      message: 'Stage "Stage 3" of execution E1 never started; resume from a stage that ran: "Stage 1", "Stage 2".',
    });
    expect(resumeProblem(execution({ status: 'SUCCESS' }), 'Stage 1')).toMatchObject({
      reason: 'not-resumable',
      message: 'Execution E1 is SUCCESS; only a FAILED, ABORTED, REJECTED, EXPIRED or ERROR pipeline execution can be resumed.',
    });
    expect(resumeProblem(execution({ status: null }), 'Stage 1')?.message).toContain('is PREPARING');
  });
});

describe('pickPausedStage', () => {
  const paused = (id: string) => stage(id, `Stage ${id}`, 'PAUSED', [releaseTag]);
  it('finds the only stage paused for runtime inputs (a paused approval stage is not one)', () => {
    const e = execution({ status: 'PAUSED', stages: [stage('s1', 'Stage 1', 'SUCCESS'), stage('s2', 'Approval', 'PAUSED'), paused('s3')] });
    expect(isPausedForRuntimeInputs(e.stages[1] as StageExecution)).toBe(false);
    expect(pickPausedStage(e)).toEqual({ kind: 'found', stage: e.stages[2] });
  });
  it('does not guess between several, and says when there is none', () => {
    const several = execution({ status: 'PAUSED', stages: [paused('a'), paused('b')] });
    expect(pickPausedStage(several)).toMatchObject({ kind: 'several-paused', candidates: several.stages });
    expect(pickPausedStage(several, 'b')).toEqual({ kind: 'found', stage: several.stages[1] });
    expect(pickPausedStage(execution())).toEqual({ kind: 'none-paused' });
    expect(pickPausedStage(execution(), 's2')).toEqual({ kind: 'not-paused', stageElementId: 's2' });
    expect(pickPausedStage(execution({ kind: 'WORKFLOW' }))).toEqual({ kind: 'not-a-pipeline' });
  });
});

describe('chooseApproval', () => {
  const approval = (approvalId: string, names: string[] = []): PendingApproval => ({
    approvalId,
    approvalType: 'USER_GROUP',
    stepName: null,
    stageName: null,
    startedAt: null,
    willExpireAt: null,
    approvers: [],
    variables: names.map((name) => ({ name, value: null })),
    triggeredBy: null,
  });
  it('takes the only pending approval, or the one named', () => {
    const one = approval('ap1');
    expect(chooseApproval([one])).toEqual({ kind: 'chosen', approval: one });
    const two = [approval('ap1'), approval('ap2')];
    expect(chooseApproval(two, 'ap2')).toEqual({ kind: 'chosen', approval: two[1] });
  });
  it('does not guess between several, and says when none or not that one is pending', () => {
    const two = [approval('ap1'), approval('ap2')];
    expect(chooseApproval(two)).toEqual({ kind: 'several-pending', pending: two });
    expect(chooseApproval([])).toEqual({ kind: 'none-pending' });
    expect(chooseApproval(two, 'ap3')).toEqual({ kind: 'not-pending', approvalId: 'ap3', pending: two });
  });
  it('names the variables an approval step does not define', () => {
    expect(unknownApprovalVariables(approval('ap1', ['ticket']), ['ticket', 'tiket'])).toEqual(['tiket']);
    expect(unknownApprovalVariables(approval('ap1'), ['x'])).toEqual(['x']);
  });
});
