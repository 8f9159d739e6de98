/** Aborting an execution through the REST route (`ABORT_ALL`), with its pipeline or member workflows. */
import { FakeRestError } from '../errors.js';
import { tickAll } from './lifecycle.js';
import { canReadApp } from './permissions.js';
import { isTerminal, type Caller, type ExecRecord } from './records.js';
import type { EngineState } from './state.js';

/** Aborts an execution; answers the interrupt record Harness returns as the REST `resource`. */
export function abort(state: EngineState, caller: Caller, executionId: string, appId: string | null, interruptType: unknown): Record<string, unknown> {
  tickAll(state);
  const e = state.execs.get(executionId);
  if (!e || (appId !== null && e.appId !== appId) || !canReadApp(state, caller, e.appId)) {
    throw new FakeRestError(400, 'INVALID_REQUEST', 'Workflow execution does not exist.');
  }
  if (interruptType !== 'ABORT_ALL') {
    throw new FakeRestError(400, 'INVALID_ARGUMENT', `Invalid argument(s): executionInterruptType ${String(interruptType)} is not supported by the fake server`);
  }
  if (isTerminal(e.status)) {
    throw new FakeRestError(400, 'INVALID_REQUEST', `Workflow execution [${e.entityName}] already completed.`);
  }
  const now = state.clock.now();
  const abortOne = (x: ExecRecord): void => {
    x.status = 'ABORTED';
    x.endedAt = now;
    x.hold = null;
  };
  abortOne(e);
  for (const st of e.stages) {
    if (st.status !== null && !isTerminal(st.status)) {
      st.status = 'ABORTED';
      st.endedAt = now;
      const member = st.workflowExecutionId ? state.execs.get(st.workflowExecutionId) : undefined;
      if (member && !isTerminal(member.status)) abortOne(member);
    }
  }
  if (e.pipelineExecutionId) {
    const parent = state.execs.get(e.pipelineExecutionId);
    if (parent && !isTerminal(parent.status)) {
      abortOne(parent);
      for (const st of parent.stages) if (st.workflowExecutionId === e.id) st.status = 'ABORTED';
    }
  }
  return {
    uuid: state.newId(),
    appId: e.appId,
    accountId: state.accountId,
    executionInterruptType: 'ABORT_ALL',
    executionUuid: e.id,
    envId: e.envId,
    seized: false,
    createdAt: now,
    lastUpdatedAt: now,
    createdBy: { uuid: caller.principal.id, name: caller.principal.name },
  };
}
