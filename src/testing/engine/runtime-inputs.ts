/**
 * Runtime inputs: what a pipeline stage paused for inputs still needs, and continuing it with
 * the variables (and artifacts) it asks for.
 */
import { GENERIC_EXCEPTION_MSG, invalidRequest, notAuthorized, verbatim } from '../errors.js';
import type { FakeService } from '../types.js';
import { parseCsv } from './csv.js';
import { startStageWorkflow, tickAll } from './lifecycle.js';
import { canExecutePipeline, canReadApp } from './permissions.js';
import { compact, isTerminal, type Caller, type ExecRecord, type StageRecord, type SvcInput, type VarInput } from './records.js';
import { checkArtifacts, pipelineServices } from './service-inputs.js';
import type { EngineState } from './state.js';
import { resolveEntityValue } from './variables.js';

function pausedStageFor(
  state: EngineState,
  caller: Caller,
  appId: string,
  pipelineExecutionId: string,
  stageId: string,
): { e: ExecRecord; st: StageRecord | undefined } {
  tickAll(state);
  const e = state.execs.get(pipelineExecutionId);
  if (!e || e.appId !== appId || e.kind !== 'PIPELINE' || !canReadApp(state, caller, appId)) {
    throw verbatim(`No pipeline execution for the given execution id ${pipelineExecutionId}`);
  }
  return { e, st: e.stages.find((x) => x.def.id === stageId) };
}

/** Services that get their artifact only now, because a runtime variable chose them. */
function runtimeServices(state: EngineState, e: ExecRecord, st: StageRecord, extra: Map<string, string>): FakeService[] {
  const p = state.pipeline(e.entityId);
  if (!p || st.def.kind !== 'workflow') return [];
  const before = new Set(pipelineServices(state, e.pipelineVars, p.stages).map((s) => s.id));
  const merged = new Map([...e.pipelineVars, ...extra]);
  return pipelineServices(state, merged, [st.def]).filter((s) => !before.has(s.id) && s.artifactSources.length > 0);
}

function checkRuntimeVariables(
  state: EngineState,
  e: ExecRecord,
  st: StageRecord,
  inputs: VarInput[],
  style: 'query' | 'mutation',
): Map<string, string> {
  const p = state.pipeline(e.entityId);
  const runtimeNames = st.def.kind === 'workflow' ? (st.def.runtimeVariables ?? []) : [];
  const defs = compact(runtimeNames.map((n) => (p?.variables ?? []).find((x) => x.name === n)));
  if (style === 'mutation') {
    const notRuntime = [...new Set(inputs.map((i) => i.name).filter((n) => !runtimeNames.includes(n)))];
    if (notRuntime.length > 0) {
      throw invalidRequest(`Cannot override value for variables: [${notRuntime.join(', ')}] These are not marked runtime in stage`);
    }
  }
  const missing = defs.filter((d) => d.required && !inputs.some((i) => i.name === d.name)).map((d) => d.name);
  if (missing.length > 0) {
    throw invalidRequest(
      style === 'mutation'
        ? `Please provide value for required runtime variables: [${missing.join(', ')}]`
        : `Value not provided for required variable: [${missing.join(',')}]`,
    );
  }
  const resolved = new Map<string, string>();
  for (const i of inputs) {
    const def = defs.find((d) => d.name === i.name);
    if (!def) continue;
    const allowed = def.allowedValues ?? [];
    if (allowed.length > 0 && i.variableValue.value !== '' && parseCsv(i.variableValue.value).some((x) => !allowed.includes(x))) {
      throw invalidRequest(`Variable ${def.name} can only take values [${allowed.join(', ')}]`);
    }
    if (i.variableValue.type === 'EXPRESSION') throw invalidRequest('Expression Type not supported');
    resolved.set(def.name, resolveEntityValue(state, 'pipeline', def, i.variableValue.type, i.variableValue.value, e.appId, e.envId, false));
  }
  return resolved;
}

/** What `runtimeExecutionInputsToResumePipeline` answers: the services that need an artifact to continue. */
export function runtimeInputsQuery(
  state: EngineState,
  caller: Caller,
  args: { applicationId: string; pipelineExecutionId: string; pipelineStageElementId: string; variableInputs?: (VarInput | null)[] | null },
): FakeService[] {
  if (!state.app(args.applicationId)) throw invalidRequest('Application does not exist');
  const { e, st } = pausedStageFor(state, caller, args.applicationId, args.pipelineExecutionId, args.pipelineStageElementId);
  if (!st) throw invalidRequest(`No stage found for the given pipeline stage ID ${args.pipelineStageElementId}`);
  const resolved = checkRuntimeVariables(state, e, st, compact(args.variableInputs), 'query');
  return runtimeServices(state, e, st, resolved);
}

/** `pipelineResumeRuntime`: continues a stage paused for runtime inputs. */
export function pipelineResumeRuntime(
  state: EngineState,
  caller: Caller,
  input: {
    applicationId: string;
    pipelineExecutionId: string;
    pipelineStageElementId: string;
    variableInputs?: (VarInput | null)[] | null;
    serviceInputs?: (SvcInput | null)[] | null;
  },
): void {
  if (!input.applicationId) throw invalidRequest('Invalid app id');
  if (!input.pipelineExecutionId) throw invalidRequest('Invalid pipeline execution');
  if (!input.pipelineStageElementId) throw invalidRequest('Invalid pipeline stage ');
  if (input.variableInputs === null || input.variableInputs === undefined) throw verbatim(GENERIC_EXCEPTION_MSG);
  tickAll(state);
  const e = state.execs.get(input.pipelineExecutionId);
  if (!e || e.appId !== input.applicationId || !canReadApp(state, caller, e.appId)) {
    throw verbatim(`No execution found for the given application ${input.applicationId}`);
  }
  if (e.kind !== 'PIPELINE') throw invalidRequest(`Cannot continue Pipeline, Not a valid executionId: ${e.id}`);
  const p = state.pipeline(e.entityId);
  if (!p || !canExecutePipeline(state, caller, p)) throw notAuthorized('Not authorized');
  if (isTerminal(e.status)) throw invalidRequest(`Cannot continue Pipeline stage, Pipeline is not active anymore. PipelineExecutionId: ${e.id}`);
  const st = e.stages.find((x) => x.def.id === input.pipelineStageElementId);
  if (!st) throw invalidRequest(`Cannot continue Pipeline stage, PipelineStageExecution not found for Id: ${input.pipelineStageElementId}`);
  if (st.status !== 'PAUSED') {
    throw invalidRequest(`Cannot continue Pipeline stage, PipelineStageExecution is not Paused. current status: ${st.status ?? 'QUEUED'}`);
  }
  // Paused because its workflow waits at an approval step, not for runtime inputs.
  if (st.workflowExecutionId !== null) throw invalidRequest('Pipeline stage is not in paused state');
  if (st.def.kind !== 'workflow') {
    throw invalidRequest('Cannot continue Pipeline stage, PipelineStageExecution is not a valid workflow state. Statetype = APPROVAL');
  }
  const resolved = checkRuntimeVariables(state, e, st, compact(input.variableInputs), 'mutation');
  const services = runtimeServices(state, e, st, resolved);
  if (services.length > 0) {
    const svcInputs = compact(input.serviceInputs);
    if (svcInputs.length === 0) throw invalidRequest('Services requires but no service was provided');
    e.artifacts.push(...checkArtifacts(state, services, svcInputs));
  }
  for (const [k, val] of resolved) {
    e.pipelineVars.set(k, val);
    e.inputVariables = [...e.inputVariables.filter((x) => x.name !== k), { name: k, value: val }];
  }
  const now = state.clock.now();
  st.runtimeProvided = true;
  startStageWorkflow(state, e, st, now);
  e.status = 'RUNNING';
}
