/**
 * Approvals: listing those pending on an execution and approving or rejecting one, with the same
 * checks for approval stages of pipelines and approval steps of workflows.
 */
import { FakeFieldError, invalidRequest, verbatim } from '../errors.js';
import { tick } from './lifecycle.js';
import { gateApp } from './permissions.js';
import { visibleExecution } from './reading.js';
import { compact, type Caller, type ExecRecord, type PendingApprovalRef } from './records.js';
import type { EngineState } from './state.js';

/** Order in which approvalDetails lists approvals of different types. */
const APPROVAL_TYPE_ORDER = ['USER_GROUP', 'SERVICENOW', 'JIRA', 'SHELL_SCRIPT'];

/**
 * Approvals pending on an execution: for a pipeline its paused approval stages, then the
 * approval steps the workflows of its running or paused stages wait at; for a workflow its own
 * approval step. User-group approvals first, then ServiceNow, Jira and shell script.
 */
function pendingApprovals(state: EngineState, e: ExecRecord): PendingApprovalRef[] {
  const out: PendingApprovalRef[] = [];
  const fromHold = (x: ExecRecord): void => {
    const hold = x.hold;
    if (x.status !== 'PAUSED' || !hold || hold.step.kind !== 'approval' || hold.approvalId === null) return;
    out.push({
      approvalId: hold.approvalId,
      settings: hold.step,
      stepName: hold.step.stepName,
      stageName: hold.stageName,
      startedAt: hold.startedAt,
      holder: x,
      stage: null,
    });
  };
  if (e.kind === 'WORKFLOW') {
    fromHold(e);
  } else {
    for (const st of e.stages) {
      if (st.def.kind === 'approval' && st.status === 'PAUSED' && st.approvalId !== null) {
        out.push({
          approvalId: st.approvalId,
          settings: st.def,
          stepName: st.def.stepName,
          stageName: st.def.name,
          startedAt: st.startedAt ?? e.cursor,
          holder: e,
          stage: st,
        });
      }
    }
    for (const st of e.stages) {
      if (st.def.kind !== 'workflow' || (st.status !== 'RUNNING' && st.status !== 'PAUSED') || !st.workflowExecutionId) continue;
      const member = state.execs.get(st.workflowExecutionId);
      if (member) fromHold(member);
    }
  }
  const rank = (x: PendingApprovalRef): number => APPROVAL_TYPE_ORDER.indexOf(x.settings.approvalType ?? 'USER_GROUP');
  return out.map((x, i) => ({ x, i })).sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i).map(({ x }) => x);
}

/** The approvals pending on an execution of this application; an error when there is none. */
export function approvalDetails(state: EngineState, caller: Caller, appId: string, executionId: string): { exec: ExecRecord; pending: PendingApprovalRef[] } {
  gateApp(state, caller, appId);
  const e = visibleExecution(state, caller, executionId);
  if (!e) throw invalidRequest('Execution does not exist or access is denied');
  if (e.appId !== appId) throw invalidRequest(`No Execution found for given appId [${appId}] and executionId [${executionId}]`);
  const pending = pendingApprovals(state, e);
  if (pending.length === 0) throw invalidRequest(`No Approval found for execution [${executionId}]`);
  return { exec: e, pending };
}

/** Approves or rejects a pending approval stage or approval step, with the same checks for both. */
export function approveOrReject(
  state: EngineState,
  caller: Caller,
  input: {
    executionId: string;
    approvalId: string;
    action: 'APPROVE' | 'REJECT';
    applicationId: string;
    variableInputs?: ({ name?: string | null; value?: string | null } | null)[] | null;
    comments?: string | null;
  },
): void {
  const e = visibleExecution(state, caller, input.executionId);
  if (!e) throw invalidRequest('Execution does not exist or access is denied');
  if (e.appId !== input.applicationId) {
    throw invalidRequest(`No Execution found for given appId [${input.applicationId}] and executionId [${input.executionId}]`);
  }
  const ref = pendingApprovals(state, e).find((x) => x.approvalId === input.approvalId);
  if (!ref) {
    const label = e.kind === 'PIPELINE' ? 'Pipeline' : 'Workflow';
    throw new FakeFieldError(`Invalid argument(s): No ${label} execution [${e.id}] waiting for approval id: ${input.approvalId}`);
  }
  const def = ref.settings;
  const type = def.approvalType ?? 'USER_GROUP';
  if (type !== 'USER_GROUP') throw verbatim(`${type} Approval Type not supported`);
  const vars = compact(input.variableInputs);
  if (vars.length > 0) {
    const defined = def.variables ?? [];
    if (defined.length === 0) throw invalidRequest('Variable were not present for the given approval');
    for (const x of vars) {
      if (!defined.some((d) => d.name === x.name)) throw invalidRequest(`Variable with name "${x.name ?? ''}" not present`);
    }
  }
  const groups = def.userGroups ?? [];
  if (groups.length > 0 && caller.groups.length > 0 && !caller.groups.some((g) => groups.includes(g.name) || groups.includes(g.id))) {
    throw invalidRequest('User not authorized to accept or reject the approval');
  }
  const now = state.clock.now();
  const rejection = `${ref.stepName}: Rejected by ${caller.principal.name}${input.comments ? ` (${input.comments})` : ''}`;
  const st = ref.stage;
  if (st) {
    st.endedAt = now;
    if (input.action === 'APPROVE') {
      st.status = 'SUCCESS';
      e.cursor = now;
      e.stageIndex++;
      e.status = 'RUNNING';
      tick(state, e, now);
    } else {
      st.status = 'REJECTED';
      e.status = 'REJECTED';
      e.endedAt = now;
      e.failureDetails = rejection;
    }
    return;
  }
  // An approval step of a workflow (standalone, or running as a pipeline stage).
  const wf = ref.holder;
  wf.hold = null;
  if (input.action === 'APPROVE') {
    wf.status = 'RUNNING';
    wf.cursor = now;
  } else {
    wf.status = 'REJECTED';
    wf.endedAt = now;
    wf.failureDetails = rejection;
  }
  const root = wf.pipelineExecutionId ? state.execs.get(wf.pipelineExecutionId) : wf;
  if (root) tick(state, root, now);
}
