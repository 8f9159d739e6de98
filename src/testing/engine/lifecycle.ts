/**
 * How executions move on the clock: PREPARING, then QUEUED, then RUNNING; a workflow runs to its
 * end or holds at a human step; a pipeline runs its stages one after the other, pausing at approval
 * stages and at stages waiting for runtime inputs. Nothing moves in the background: every read
 * first brings the executions up to the clock's time.
 */
import type { FakeExecutionStatus, FakeStage, FakeWorkflow, FakeWorkflowHumanStep, FakeWorkflowStage } from '../types.js';
import { isTerminal, pipelineStatusOf, type Caller, type ExecRecord, type StageRecord } from './records.js';
import { stageValue } from './service-inputs.js';
import type { EngineState } from './state.js';

/** Time an execution sits in QUEUED before running. */
export const QUEUE_MS = 5_000;
/** Default time an execution sits in PREPARING (public `status: null`) while its artifacts are collected. */
export const PREPARING_MS = 30_000;
/** Default running time of a workflow. */
export const DEFAULT_WORKFLOW_MS = 60_000;
const DEFAULT_INTERVENTION_TIMEOUT_MS = 3_600_000;
const DEFAULT_APPROVAL_TIMEOUT_MS = 86_400_000;
const DEFAULT_RUNTIME_TIMEOUT_MS = 3_600_000;

/** The human steps of a workflow that its run reaches (those before its end), in running order. */
export function humanStepsOf(wf: FakeWorkflow | undefined, durationMs: number): FakeWorkflowHumanStep[] {
  return (wf?.humanSteps ?? []).filter((x) => x.atMs >= 0 && x.atMs < durationMs).sort((a, b) => a.atMs - b.atMs);
}

export function newStage(def: FakeStage): StageRecord {
  return { def, status: null, startedAt: null, endedAt: null, workflowExecutionId: null, approvalId: null, runtimeProvided: false };
}

export function newExec(
  state: EngineState,
  caller: Caller,
  kind: 'WORKFLOW' | 'PIPELINE',
  appId: string,
  entityId: string,
  entityName: string,
  notes: string | null,
): ExecRecord {
  const now = state.clock.now();
  const exec: ExecRecord = {
    id: state.newId(),
    kind,
    appId,
    entityId,
    entityName,
    envId: null,
    createdAt: now,
    startedAt: null,
    endedAt: null,
    status: 'QUEUED',
    notes,
    triggeredBy: caller.principal,
    inputVariables: [],
    artifacts: [],
    failureDetails: null,
    pipelineExecutionId: null,
    resumedFrom: null,
    resumedBy: null,
    durationMs: DEFAULT_WORKFLOW_MS,
    failWith: undefined,
    queueMs: QUEUE_MS,
    prepareMs: 0,
    humanSteps: [],
    humanIndex: 0,
    activeMs: 0,
    hold: null,
    stageName: null,
    stages: [],
    stageIndex: 0,
    cursor: now,
    continueWithDefaultValues: false,
    pipelineVars: new Map(),
  };
  state.execs.set(exec.id, exec);
  return exec;
}


/** Brings every execution up to the current clock time. */
export function tickAll(state: EngineState): void {
  const now = state.clock.now();
  for (const e of state.execs.values()) {
    if (e.pipelineExecutionId === null) tick(state, e, now);
  }
}

export function tick(state: EngineState, e: ExecRecord, now: number): void {
  if (isTerminal(e.status)) return;
  if (e.status === 'PREPARING') {
    if (now < e.createdAt + e.prepareMs) return;
    e.status = 'QUEUED';
  }
  if (e.status === 'QUEUED') {
    const start = e.createdAt + e.prepareMs + e.queueMs;
    if (now < start) return;
    e.status = 'RUNNING';
    e.startedAt = start;
    e.cursor = start;
    e.activeMs = 0;
  }
  if (e.kind === 'WORKFLOW') {
    tickWorkflow(state, e, now);
    return;
  }
  for (;;) {
    const st = e.stages[e.stageIndex];
    if (!st) {
      e.status = 'SUCCESS';
      e.endedAt = e.cursor;
      return;
    }
    if (st.status === null) {
      if (e.cursor > now) return;
      st.startedAt = e.cursor;
      if (st.def.kind === 'approval') {
        st.status = 'PAUSED';
        st.approvalId = state.newId();
      } else if ((st.def.runtimeVariables ?? []).length > 0 && !e.continueWithDefaultValues && !st.runtimeProvided) {
        st.status = 'PAUSED';
      } else {
        startStageWorkflow(state, e, st, e.cursor);
      }
    }
    if (st.workflowExecutionId !== null && st.status !== null && !isTerminal(st.status)) {
      // A workflow stage: it reads what its workflow execution reads (RUNNING, PAUSED, WAITING, or the end).
      const member = state.execs.get(st.workflowExecutionId);
      if (!member) return;
      tick(state, member, now);
      st.status = member.status as FakeExecutionStatus;
      if (!isTerminal(member.status)) {
        e.status = pipelineStatusOf(e.stages);
        return;
      }
      const end = member.endedAt ?? now;
      st.endedAt = end;
      if (member.status !== 'SUCCESS') {
        e.status = member.status;
        e.endedAt = end;
        e.failureDetails = member.failureDetails;
        return;
      }
      e.cursor = end;
      e.stageIndex++;
      e.status = 'RUNNING';
      continue;
    }
    if (st.status === 'PAUSED') {
      const def = st.def;
      const timeout =
        def.kind === 'approval'
          ? (def.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS)
          : (def.runtimeInputTimeoutMs ?? DEFAULT_RUNTIME_TIMEOUT_MS);
      const expiry = (st.startedAt ?? e.cursor) + timeout;
      if (now >= expiry) {
        st.status = 'EXPIRED';
        st.endedAt = expiry;
        e.status = 'EXPIRED';
        e.endedAt = expiry;
        return;
      }
      e.status = 'PAUSED';
      return;
    }
    // a stage already finished (carried over by resume)
    e.stageIndex++;
  }
}

/**
 * A running workflow: its running time (from `cursor`, `activeMs` already spent) moves on to the
 * next human step or to its end; at a human step it holds (PAUSED for an approval, WAITING for a
 * manual intervention) until someone acts or the step times out.
 */
function tickWorkflow(state: EngineState, e: ExecRecord, now: number): void {
  for (;;) {
    if (isTerminal(e.status)) return;
    if (e.hold) {
      const step = e.hold.step;
      const timeout =
        step.kind === 'approval' ? (step.timeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS) : (step.timeoutMs ?? DEFAULT_INTERVENTION_TIMEOUT_MS);
      const expiry = e.hold.startedAt + timeout;
      if (now < expiry) return;
      e.hold = null;
      e.endedAt = expiry;
      if (step.kind === 'approval') {
        e.status = 'EXPIRED';
      } else {
        e.status = step.endsAs ?? 'FAILED';
        if (e.status === 'FAILED') {
          e.failureDetails = step.failureDetails ?? `Phase 1 failed: [${step.stepName} failed - Manual intervention timed out ]`;
        }
      }
      return;
    }
    const next = e.humanSteps[e.humanIndex];
    const at = e.cursor + ((next ? next.atMs : e.durationMs) - e.activeMs);
    if (now < at) return;
    if (!next) {
      finishWorkflow(e, at);
      return;
    }
    e.humanIndex++;
    e.activeMs = next.atMs;
    e.cursor = at;
    e.hold = {
      step: next,
      startedAt: at,
      approvalId: next.kind === 'approval' ? state.newId() : null,
      stageName: next.kind === 'approval' ? (next.stageName ?? e.stageName ?? 'Phase 1') : (e.stageName ?? 'Phase 1'),
    };
    e.status = next.kind === 'approval' ? 'PAUSED' : 'WAITING';
  }
}

function finishWorkflow(e: ExecRecord, end: number): void {
  e.endedAt = end;
  if (e.failWith !== undefined) {
    e.status = 'FAILED';
    e.failureDetails = e.failWith;
  } else {
    e.status = 'SUCCESS';
  }
}

export function startStageWorkflow(state: EngineState, e: ExecRecord, st: StageRecord, at: number): void {
  const def = st.def as FakeWorkflowStage;
  const wf = state.workflow(def.workflowId);
  const member: ExecRecord = {
    ...newExecLike(e),
    id: state.newId(),
    kind: 'WORKFLOW',
    entityId: def.workflowId,
    entityName: wf?.name ?? def.workflowId,
    createdAt: at,
    startedAt: at,
    status: 'RUNNING',
    pipelineExecutionId: e.id,
    durationMs: def.durationMs ?? wf?.durationMs ?? DEFAULT_WORKFLOW_MS,
    failWith: def.failWith ?? wf?.failWith,
    prepareMs: 0,
    cursor: at,
    activeMs: 0,
    humanIndex: 0,
    hold: null,
    stageName: def.name,
  };
  member.humanSteps = humanStepsOf(wf, member.durationMs);
  const values: { name: string; value: string }[] = [];
  for (const x of wf?.variables ?? []) {
    const val = stageValue(def, x.name, e.pipelineVars);
    if (val !== undefined) values.push({ name: x.name, value: val });
  }
  member.inputVariables = values;
  const envVar = (wf?.variables ?? []).find((x) => x.type === 'Environment');
  member.envId = wf?.envId ?? (envVar ? (stageValue(def, envVar.name, e.pipelineVars) ?? null) : null);
  state.execs.set(member.id, member);
  st.workflowExecutionId = member.id;
  st.status = 'RUNNING';
  st.startedAt = at;
}

function newExecLike(e: ExecRecord): ExecRecord {
  return {
    ...e,
    startedAt: null,
    endedAt: null,
    failureDetails: null,
    resumedFrom: null,
    resumedBy: null,
    stages: [],
    stageIndex: 0,
    pipelineVars: new Map(),
    humanSteps: [],
    artifacts: [...e.artifacts],
    inputVariables: [],
  };
}
