/** Resuming a finished, unsuccessful pipeline from one of its stages, as a new execution. */
import { invalidRequest, notAuthorized, verbatim } from '../errors.js';
import { newExec, newStage, tickAll } from './lifecycle.js';
import { canExecutePipeline, canReadApp } from './permissions.js';
import type { Caller, ExecRecord } from './records.js';
import type { EngineState } from './state.js';

/** Internal statuses a pipeline may be resumed from. */
const RESUMABLE = ['FAILED', 'ABORTED', 'REJECTED', 'EXPIRED', 'ERROR'];

/** Starts a new execution that keeps the stages before the named one and runs the rest again. */
export function resumeExecution(
  state: EngineState,
  caller: Caller,
  input: { applicationId?: string | null; pipelineExecutionId?: string | null; pipelineStageName?: string | null } | null,
): ExecRecord {
  if (!input?.applicationId) throw invalidRequest('Empty app id.');
  if (!input.pipelineStageName) throw invalidRequest('Empty pipeline stage name.');
  if (!input.pipelineExecutionId) throw invalidRequest('Empty workflow execution Id.');
  tickAll(state);
  const old = state.execs.get(input.pipelineExecutionId);
  if (!old || old.appId !== input.applicationId) throw verbatim(`Execution [${input.pipelineExecutionId}] doesn't exist.`);
  if (old.kind !== 'PIPELINE') {
    if (!canReadApp(state, caller, old.appId)) throw notAuthorized('Not authorized');
    throw invalidRequest(`Pipeline resume not available for workflow executions: ${old.id}`);
  }
  const p = state.pipeline(old.entityId);
  if (!p || !canExecutePipeline(state, caller, p)) throw notAuthorized('Not authorized');
  if (!RESUMABLE.includes(old.status)) {
    throw invalidRequest(`Pipeline resume is not available for [${old.id}]. Resumable states are : [[${RESUMABLE.join(', ')}]]`);
  }
  if (old.resumedBy) throw invalidRequest(`Pipeline resume is only available on the latest iteration of a resumed execution: ${old.id}`);
  const idx = old.stages.findIndex((st) => st.def.name === input.pipelineStageName && st.status !== null);
  if (idx < 0) throw invalidRequest(`Pipeline Stage does not exist or has not yet started: [${input.pipelineStageName}]`);
  const exec = newExec(state, caller, 'PIPELINE', old.appId, old.entityId, old.entityName, old.notes);
  exec.envId = old.envId;
  exec.inputVariables = old.inputVariables.map((x) => ({ ...x }));
  exec.pipelineVars = new Map(old.pipelineVars);
  exec.artifacts = [...old.artifacts];
  exec.continueWithDefaultValues = old.continueWithDefaultValues;
  exec.resumedFrom = old.id;
  exec.stages = old.stages.map((st, i) => (i < idx ? { ...st } : newStage(st.def)));
  exec.stageIndex = idx;
  old.resumedBy = exec.id;
  return exec;
}

// ---------------------------------------------------------------- runtime inputs
