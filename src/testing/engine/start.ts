/**
 * The checks of `startExecution` and `executionInputs`, in the order Harness runs them (the first
 * failing check is the only error), and the creation of the execution when every check passes.
 */
import { invalidRequest, notAuthorized, verbatim } from '../errors.js';
import type { FakePreparationMode, FakeService } from '../types.js';
import { DEFAULT_WORKFLOW_MS, humanStepsOf, newExec, newStage, PREPARING_MS } from './lifecycle.js';
import { canDeployTo, canExecutePipeline, canReadApp } from './permissions.js';
import { compact, type Caller, type ExecRecord, type StartInput, type VarInput } from './records.js';
import { checkArtifacts, pipelineServices, stageValue, workflowServices } from './service-inputs.js';
import type { EngineState } from './state.js';
import { resolveTemplatedEnv, validateVariables } from './variables.js';

/** How long a start of these services sits in PREPARING under a preparation mode (0: not at all). */
function preparationOf(
  mode: FakePreparationMode | undefined,
  ms: number | undefined,
  services: readonly FakeService[],
  parameterized: ReadonlySet<string>,
): number {
  const prepares =
    (mode ?? 'parameterized') === 'parameterized'
      ? services.some((svc) => parameterized.has(svc.name))
      : mode === 'any-artifact' && services.some((svc) => svc.artifactSources.length > 0);
  return prepares ? Math.max(0, ms ?? PREPARING_MS) : 0;
}

/** The services that need an artifact or a manifest for a start with these variables, after the same checks as a start. */
export function executionInputs(
  state: EngineState,
  caller: Caller,
  args: { entityId: string; applicationId: string; executionType: 'WORKFLOW' | 'PIPELINE'; variableInputs?: (VarInput | null)[] | null },
): { serviceInputs: FakeService[]; serviceManifestInputs: FakeService[] } {
  const inputs = compact(args.variableInputs);
  if (!state.app(args.applicationId)) throw invalidRequest('Application does not exist');
  let services: FakeService[];
  if (args.executionType === 'WORKFLOW') {
    const wf = state.workflow(args.entityId);
    if (!wf || wf.appId !== args.applicationId) {
      throw verbatim(`Workflow ${args.entityId} doesn't exist in the specified application ${args.applicationId}`);
    }
    if (!canReadApp(state, caller, wf.appId)) throw notAuthorized('Not authorized');
    const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
    const envId = envVar
      ? resolveTemplatedEnv(state, 'Workflow', wf.name, envVar, inputs, wf.appId, false)
      : (wf.envId ?? null);
    const { resolved } = validateVariables(state, 'workflow', wf.variables ?? [], inputs, wf.appId, envId, !!envVar);
    services = workflowServices(state, wf, (n) => resolved.get(n));
  } else {
    const p = state.pipeline(args.entityId);
    if (!p || p.appId !== args.applicationId) throw verbatim('Pipeline does not exist');
    if (!canReadApp(state, caller, p.appId)) throw notAuthorized('Not authorized');
    const envVar = (p.variables ?? []).find((x) => x.type === 'Environment');
    const envId = envVar ? resolveTemplatedEnv(state, 'Pipeline', p.name, envVar, inputs, p.appId, false) : null;
    const { resolved } = validateVariables(state, 'pipeline', p.variables ?? [], inputs, p.appId, envId, !!envVar);
    services = pipelineServices(state, resolved, p.stages);
  }
  return {
    serviceInputs: services.filter((s) => s.artifactSources.length > 0),
    serviceManifestInputs: services.filter((s) => (s.helmCharts ?? []).length > 0),
  };
}


/** Runs the checks of a start in order and creates the execution; `beforeCreate` may still refuse it. */
export function startExecution(
  state: EngineState,
  caller: Caller,
  input: StartInput,
  beforeCreate?: () => void,
): { execution: ExecRecord; warningMessage: string | null } {
  if (!input.entityId) throw invalidRequest('Entity Id cannot be empty');
  if (!input.applicationId) throw invalidRequest('Application Id cannot be empty');
  const app = state.app(input.applicationId);
  if (!app) throw invalidRequest('Application does not exist');
  const inputs = compact(input.variableInputs);
  const serviceInputs = compact(input.serviceInputs);
  const hosts = compact(input.specificHosts);
  if (input.executionType === 'WORKFLOW') {
    const wf = state.workflow(input.entityId);
    if (!wf || wf.appId !== app.id || !canReadApp(state, caller, app.id)) throw notAuthorized('Not authorized');
    if (input.targetToSpecificHosts && hosts.length === 0) {
      throw invalidRequest("Host list can't be empty when Target To Specific Hosts option is enabled");
    }
    const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
    const envId = envVar
      ? resolveTemplatedEnv(state, 'Workflow', wf.name, envVar, inputs, app.id, false)
      : (wf.envId ?? null);
    if (envId && !canDeployTo(caller, state.env(app.id, envId))) {
      throw notAuthorized("User doesn't have rights to execute Workflow in this Environment");
    }
    const { resolved, extras } = validateVariables(state, 'workflow', wf.variables ?? [], inputs, app.id, envId, !!envVar);
    const services = workflowServices(state, wf, (n) => resolved.get(n));
    const parameterized = new Set<string>();
    const artifacts = checkArtifacts(state, services, serviceInputs, parameterized);
    if (!envId) throw invalidRequest('Environment is not provided in the workflow');
    beforeCreate?.();
    const exec = newExec(state, caller, 'WORKFLOW', app.id, wf.id, wf.name, input.notes ?? null);
    exec.envId = envId;
    exec.inputVariables = [...resolved].map(([name, value]) => ({ name, value }));
    exec.artifacts = artifacts;
    exec.durationMs = wf.durationMs ?? DEFAULT_WORKFLOW_MS;
    exec.failWith = wf.failWith;
    exec.humanSteps = humanStepsOf(wf, exec.durationMs);
    exec.prepareMs = preparationOf(wf.preparation, wf.preparationMs, services, parameterized);
    if (exec.prepareMs > 0) exec.status = 'PREPARING';
    const warningMessage =
      extras.length > 0
        ? `Ignoring values for variables: [${extras.join(',')}] as they don't exist in workflow. Workflow Might be modified`
        : null;
    return { execution: exec, warningMessage };
  }
  const p = state.pipeline(input.entityId);
  if (!p || p.appId !== app.id || !canExecutePipeline(state, caller, p)) throw notAuthorized('Not authorized');
  if (input.targetToSpecificHosts || hosts.length > 0) {
    throw invalidRequest("Hosts can't be overridden for pipeline,Target to specific hosts is only available in a Workflow Execution");
  }
  const envVar = (p.variables ?? []).find((x) => x.type === 'Environment');
  const envId = envVar ? resolveTemplatedEnv(state, 'Pipeline', p.name, envVar, inputs, app.id, true) : null;
  if (envId && !canDeployTo(caller, state.env(app.id, envId))) {
    throw notAuthorized("User doesn't have rights to execute Pipeline in this Environment");
  }
  const { resolved, extras } = validateVariables(state, 'pipeline', p.variables ?? [], inputs, app.id, envId, !!envVar);
  const services = pipelineServices(state, resolved, p.stages);
  const parameterized = new Set<string>();
  const artifacts = checkArtifacts(state, services, serviceInputs, parameterized);
  if (p.stages.length === 0) throw verbatim('You can not deploy an empty pipeline.');
  beforeCreate?.();
  const exec = newExec(state, caller, 'PIPELINE', app.id, p.id, p.name, input.notes ?? null);
  exec.envId = envId;
  exec.inputVariables = [...resolved].map(([name, value]) => ({ name, value }));
  exec.pipelineVars = resolved;
  exec.artifacts = artifacts;
  exec.continueWithDefaultValues = input.continueWithDefaultValues === true;
  exec.stages = p.stages.map((def) => newStage(def));
  exec.prepareMs = Math.max(
    0,
    ...p.stages.map((st) => {
      if (st.kind !== 'workflow') return 0;
      const wf = state.workflow(st.workflowId);
      if (!wf) return 0;
      const stageServices = workflowServices(state, wf, (n) => stageValue(st, n, resolved));
      return preparationOf(st.preparation ?? wf.preparation, st.preparationMs ?? wf.preparationMs, stageServices, parameterized);
    }),
  );
  if (exec.prepareMs > 0) exec.status = 'PREPARING';
  const warningMessage =
    extras.length > 0 && (p.variables ?? []).length > 0
      ? `Ignoring values for variables: [${extras.join(',')}] as they don't exist in Pipeline. Might be modified`
      : null;
  return { execution: exec, warningMessage };
}
