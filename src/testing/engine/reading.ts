/**
 * How an execution reads from outside: which executions a caller may see, the public status (which
 * differs from the internal one), the portal URL, and plain snapshots for tests.
 */
import type { FakeExecutionSnapshot, FakeExecutionStatus, FakeVariable } from '../types.js';
import { tickAll } from './lifecycle.js';
import { canReadApp } from './permissions.js';
import { compact, type Caller, type ExecRecord, type StageRecord } from './records.js';
import type { EngineState } from './state.js';

/** An execution the caller may see (its application is readable), brought up to date. */
export function visibleExecution(state: EngineState, caller: Caller, id: string): ExecRecord | undefined {
  tickAll(state);
  const e = state.execs.get(id);
  return e && canReadApp(state, caller, e.appId) ? e : undefined;
}

/** The portal link Harness answers in `executionUrl`. */
export function executionUrl(state: EngineState, e: ExecRecord): string {
  const base = `${state.portalUrl}#/account/${state.accountId}/app/${e.appId}`;
  return e.kind === 'PIPELINE'
    ? `${base}/pipeline-execution/${e.id}/workflow-execution/undefined/details`
    : `${base}/env/${e.envId ?? 'null'}/executions/${e.id}/details`;
}

/**
 * The public status: PREPARING has no public value and reads null; a WAITING
 * standalone workflow reads RUNNING unless the account has WORKFLOW_EXECUTION_REFRESH_STATUS.
 */
export function publicStatus(state: EngineState, e: ExecRecord): FakeExecutionStatus | null {
  if (e.status === 'PREPARING') return null;
  if (e.status === 'WAITING' && e.kind === 'WORKFLOW' && e.pipelineExecutionId === null && !state.workflowWaitingStatus) return 'RUNNING';
  return e.status;
}

/** The pipeline variables a paused stage asks for at run time. */
export function runtimeVariablesOf(state: EngineState, e: ExecRecord, st: StageRecord): FakeVariable[] {
  // Only a stage paused for inputs (its workflow not started yet), not one whose workflow paused at an approval.
  if (st.def.kind !== 'workflow' || st.status !== 'PAUSED' || st.workflowExecutionId !== null) return [];
  const p = state.pipeline(e.entityId);
  const names = st.def.runtimeVariables ?? [];
  return compact(names.map((n) => (p?.variables ?? []).find((x) => x.name === n)));
}

/** A plain copy of an execution for tests. */
export function snapshot(state: EngineState, e: ExecRecord): FakeExecutionSnapshot {
  return {
    id: e.id,
    kind: e.kind,
    applicationId: e.appId,
    entityId: e.entityId,
    status: publicStatus(state, e),
    internalStatus: e.status,
    pendingApprovalId: e.hold?.approvalId ?? null,
    createdAt: e.createdAt,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    notes: e.notes,
    pipelineExecutionId: e.pipelineExecutionId,
    resumedFrom: e.resumedFrom,
    inputVariables: e.inputVariables.map((x) => ({ ...x })),
    artifacts: [...e.artifacts],
    failureDetails: e.failureDetails,
    stages: e.stages.map((st) => ({
      id: st.def.id,
      name: st.def.name,
      kind: st.def.kind,
      status: st.status,
      workflowExecutionId: st.workflowExecutionId,
      approvalId: st.approvalId,
    })),
  };
}
