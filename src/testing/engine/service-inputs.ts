/**
 * The services a start deploys and the checks of their artifact and manifest inputs.
 */
import { invalidRequest, verbatim } from '../errors.js';
import type { FakeService, FakeStage, FakeWorkflow, FakeWorkflowStage } from '../types.js';
import { compact, type SvcInput } from './records.js';
import type { EngineState } from './state.js';

/** The services a workflow deploys: the one its service variable names, else its fixed services. */
export function workflowServices(state: EngineState, wf: FakeWorkflow, values: (name: string) => string | undefined): FakeService[] {
  const svcVar = (wf.variables ?? []).find((x) => x.type === 'Service');
  const ids = svcVar ? compact([values(svcVar.name)]) : (wf.serviceIds ?? []);
  return compact(ids.map((id) => state.service(wf.appId, id)));
}

/** The services the workflows of these pipeline stages deploy, each once. */
export function pipelineServices(state: EngineState, resolved: Map<string, string>, stages: readonly FakeStage[]): FakeService[] {
  const out: FakeService[] = [];
  for (const st of stages) {
    if (st.kind !== 'workflow') continue;
    const wf = state.workflow(st.workflowId);
    if (!wf) continue;
    for (const svc of workflowServices(state, wf, (n) => stageValue(st, n, resolved))) {
      if (!out.includes(svc)) out.push(svc);
    }
  }
  return out;
}

/** A workflow variable's value in a pipeline stage: a fixed value, or the pipeline variable it refers to as `${name}`. */
export function stageValue(st: FakeWorkflowStage, name: string, resolved: Map<string, string>): string | undefined {
  const raw = st.workflowVariables?.[name];
  if (raw === undefined) return undefined;
  const m = /^\$\{(.+)\}$/.exec(raw);
  return m ? resolved.get(m[1] as string) : raw;
}

/** Validates artifact/manifest inputs; adds to `collectedWithParams` the names of services whose build is collected with parameters. */
export function checkArtifacts(state: EngineState, services: FakeService[], serviceInputs: SvcInput[], collectedWithParams?: Set<string>): string[] {
  const chosen: string[] = [];
  const need = services.filter((s) => s.artifactSources.length > 0);
  const needManifest = services.filter((s) => (s.helmCharts ?? []).length > 0);
  for (const svc of need) {
    const input = serviceInputs.find((i) => i.name === svc.name);
    if (!input) throw verbatim(`ServiceInput required for service: ${svc.name}`);
    const av = input.artifactValueInput;
    if (!av) throw verbatim(`ArtifactValueInput is required for the service Input: ${svc.name}`);
    if (av.valueType === 'ARTIFACT_ID') {
      if (!av.artifactId) throw verbatim(`ArtifactIdInput is required for the service Input: ${svc.name}for value type as ARTIFACT_ID`);
      const id = av.artifactId.artifactId;
      if (id === '') throw invalidRequest(`Artifact Id cannot be empty for serviceInput: ${svc.name}`);
      const owner = state.data.services.find((s) => s.artifactSources.some((src) => src.artifacts.some((a) => a.id === id)));
      if (!owner) throw verbatim(`Cannot find artifact for specified Id: ${id}. Might be deleted`);
      if (owner.id !== svc.id) throw invalidRequest(`Artifact Id: ${id} does not belong to specified service: ${svc.name}`);
      const art = owner.artifactSources.flatMap((s) => s.artifacts).find((a) => a.id === id);
      chosen.push(`${svc.name}:${art?.buildNo ?? id}`);
      continue;
    }
    const parameterized = av.valueType === 'PARAMETERIZED_ARTIFACT_SOURCE';
    const bn = parameterized ? av.parameterizedArtifactSource : av.buildNumber;
    if (!bn) {
      throw verbatim(
        parameterized
          ? `ParameterizedArtifactSourceInput is required for the service Input: ${svc.name}for value type as PARAMETERIZED_ARTIFACT_SOURCE`
          : `BuildNumberInput is required for the service Input: ${svc.name}for value type as BUILD_NUMBER`,
      );
    }
    if (bn.artifactSourceName === '') throw invalidRequest(`Artifact Source name cannot be empty for serviceInput: ${svc.name}`);
    if (bn.buildNumber === '') throw invalidRequest(`Build Number cannot be empty for serviceInput: ${svc.name}`);
    const src = svc.artifactSources.find((s) => s.name === bn.artifactSourceName);
    if (!src) throw verbatim(`Cannot find artifact Source: ${bn.artifactSourceName} in specified service: ${svc.name}`);
    const isParam = (src.parameters ?? []).length > 0;
    if (parameterized && !isParam) {
      throw invalidRequest('Parameterized Artifact Source valueType cannot be used for non-parameterized artifact source');
    }
    if (parameterized) {
      const params = compact(
        (bn as { parameterValueInputs?: ({ name: string; value: string } | null)[] | null }).parameterValueInputs,
      );
      if (params.length === 0) throw invalidRequest('Artifact Source is parameterized. However, runtime values for parameters not provided');
    }
    let art = src.artifacts.find((a) => a.buildNo === bn.buildNumber);
    if (!art) {
      if (!(src.collectableBuilds ?? []).includes(bn.buildNumber)) {
        throw verbatim(`Cannot find or collect artifact for specified Build Number: ${bn.buildNumber}`);
      }
      art = { id: state.newId(), buildNo: bn.buildNumber, collectedAt: state.clock.now() };
      src.artifacts.push(art);
    }
    if (collectedWithParams && parameterized && isParam) collectedWithParams.add(svc.name);
    chosen.push(`${svc.name}:${art.buildNo}`);
  }
  for (const svc of needManifest) {
    const input = serviceInputs.find((i) => i.name === svc.name);
    if (!input) throw verbatim(`ServiceInput required for service: ${svc.name}`);
    const mv = input.manifestValueInput;
    if (!mv) throw verbatim(`ManifestValueInput is required for the service Input: ${svc.name}`);
    const charts = svc.helmCharts ?? [];
    if (mv.valueType === 'HELM_CHART_ID') {
      if (mv.helmChartId === null || mv.helmChartId === undefined) {
        throw verbatim(`HelmChartId is required for the service Input: ${svc.name} for value type as HELM_CHART_ID`);
      }
      if (mv.helmChartId === '') throw invalidRequest(`Helm Chart Id cannot be empty for serviceInput: ${svc.name}`);
      const chart = charts.find((c) => c.id === mv.helmChartId);
      if (!chart) throw verbatim(`Cannot find helm chart for specified Id: ${mv.helmChartId}. Might be deleted`);
      chosen.push(`${svc.name}:chart-${chart.version}`);
    } else {
      const vn = mv.versionNumber;
      if (!vn) throw verbatim(`versionNumber is required for the service Input: ${svc.name} for value type as VERSION_NUMBER`);
      if (vn.appManifestName === '') {
        throw verbatim(`appManifestName is required for the version number Input: ${svc.name} for value type as VERSION_NUMBER`);
      }
      if (vn.versionNumber === '') throw invalidRequest(`Version Number cannot be empty for serviceInput: ${svc.name}`);
      if (!charts.some((c) => c.appManifestName === vn.appManifestName)) {
        throw verbatim(`App manifest with name ${vn.appManifestName} doesn't belong to the given app and service`);
      }
      const chart = charts.find((c) => c.appManifestName === vn.appManifestName && c.version === vn.versionNumber);
      if (!chart) throw verbatim(`Cannot find helm chart for specified version number: ${vn.versionNumber} and service: ${svc.name}`);
      chosen.push(`${svc.name}:chart-${chart.version}`);
    }
  }
  return chosen;
}
