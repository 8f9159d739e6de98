/**
 * The fake's domain logic: permissions, the checks of startExecution / executionInputs in Harness's
 * order, and executions that progress on the fake clock. Deliberately independent of the SDK's own
 * client-side validation so that tests catch the SDK's mistakes.
 */
import { ad, FakeFieldError, FakeRestError, GENERIC_EXCEPTION_MSG, ir, v } from './errors.js';
import type {
  FakeApiKey,
  FakeApplication,
  FakeApprovalSettings,
  FakeEnvironment,
  FakeExecutionSnapshot,
  FakeExecutionStatus,
  FakeHarnessData,
  FakeInternalStatus,
  FakePipeline,
  FakePreparationMode,
  FakeService,
  FakeStage,
  FakeUserGroup,
  FakeVariable,
  FakeWorkflow,
  FakeWorkflowHumanStep,
  FakeWorkflowStage,
} from './types.js';

/** `VariableInput` as the schema coerces it. */
export interface VarInput {
  name: string;
  variableValue: { type: 'ID' | 'NAME' | 'EXPRESSION'; value: string };
}

/** `ServiceInput` as the schema coerces it. */
export interface SvcInput {
  name: string;
  artifactValueInput?: {
    valueType: 'ARTIFACT_ID' | 'BUILD_NUMBER' | 'PARAMETERIZED_ARTIFACT_SOURCE';
    artifactId?: { artifactId: string } | null;
    buildNumber?: { artifactSourceName: string; buildNumber: string } | null;
    parameterizedArtifactSource?: {
      artifactSourceName: string;
      buildNumber: string;
      parameterValueInputs?: ({ name: string; value: string } | null)[] | null;
    } | null;
  } | null;
  manifestValueInput?: {
    valueType: 'HELM_CHART_ID' | 'VERSION_NUMBER';
    helmChartId?: string | null;
    versionNumber?: { appManifestName: string; versionNumber: string } | null;
  } | null;
}

/** `StartExecutionInput`. */
export interface StartInput {
  clientMutationId?: string | null;
  applicationId: string;
  entityId: string;
  executionType: 'WORKFLOW' | 'PIPELINE';
  variableInputs?: (VarInput | null)[] | null;
  serviceInputs?: (SvcInput | null)[] | null;
  notes?: string | null;
  excludeHostsWithSameArtifact?: boolean | null;
  targetToSpecificHosts?: boolean | null;
  specificHosts?: (string | null)[] | null;
  continueWithDefaultValues?: boolean | null;
}

/** The caller: an API key and the permissions of its user groups. */
export interface Caller {
  key: FakeApiKey;
  groups: FakeUserGroup[];
}

export interface StageRecord {
  def: FakeStage;
  status: FakeExecutionStatus | null;
  startedAt: number | null;
  endedAt: number | null;
  workflowExecutionId: string | null;
  approvalId: string | null;
  runtimeProvided: boolean;
}

/** A workflow run stopped at a human step. */
export interface HoldRecord {
  step: FakeWorkflowHumanStep;
  startedAt: number;
  /** Approval steps only. */
  approvalId: string | null;
  /** `stageName` of an approval step as approvalDetails shows it. */
  stageName: string;
}

/** An approval pending on an execution: an approval stage, or an approval step of a (member) workflow. */
export interface PendingApprovalRef {
  approvalId: string;
  settings: FakeApprovalSettings;
  stepName: string;
  stageName: string;
  startedAt: number;
  /** The execution the approval belongs to (the pipeline for stages, the workflow for steps). */
  holder: ExecRecord;
  /** Set for approval stages. */
  stage: StageRecord | null;
}

/** Options of the engine that stand for account feature flags. */
export interface EngineOptions {
  /** FF `WORKFLOW_EXECUTION_REFRESH_STATUS`: standalone workflows read WAITING (else RUNNING). Default true. */
  workflowWaitingStatus?: boolean;
}

export interface ExecRecord {
  id: string;
  kind: 'WORKFLOW' | 'PIPELINE';
  appId: string;
  entityId: string;
  entityName: string;
  envId: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  status: FakeInternalStatus;
  notes: string | null;
  apiKeyId: string;
  apiKeyName: string;
  inputVariables: { name: string; value: string }[];
  artifacts: string[];
  failureDetails: string | null;
  pipelineExecutionId: string | null;
  resumedFrom: string | null;
  resumedBy: string | null;
  durationMs: number;
  failWith: string | undefined;
  queueMs: number;
  /** Time in PREPARING before QUEUED (0: none). */
  prepareMs: number;
  // workflows: human steps and the running-time clock that they stop
  humanSteps: FakeWorkflowHumanStep[];
  humanIndex: number;
  /** Running time accumulated up to `cursor`. */
  activeMs: number;
  hold: HoldRecord | null;
  /** Pipeline stage name when the workflow runs as a stage. */
  stageName: string | null;
  // pipelines
  stages: StageRecord[];
  stageIndex: number;
  cursor: number;
  continueWithDefaultValues: boolean;
  pipelineVars: Map<string, string>;
}

const TERMINAL: ReadonlySet<FakeInternalStatus> = new Set([
  'ABORTED',
  'ERROR',
  'FAILED',
  'SUCCESS',
  'REJECTED',
  'EXPIRED',
  'SKIPPED',
]);
const RESUMABLE = ['FAILED', 'ABORTED', 'REJECTED', 'EXPIRED', 'ERROR'];
/** Time an execution sits in QUEUED before running. */
export const QUEUE_MS = 5_000;
/** Default time an execution sits in PREPARING (public `status: null`) while its artifacts are collected. */
export const PREPARING_MS = 30_000;
const DEFAULT_INTERVENTION_TIMEOUT_MS = 3_600_000;
const APPROVAL_TYPE_ORDER = ['USER_GROUP', 'SERVICENOW', 'JIRA', 'SHELL_SCRIPT'];
const DEFAULT_WORKFLOW_MS = 60_000;
const DEFAULT_APPROVAL_TIMEOUT_MS = 86_400_000;
const DEFAULT_RUNTIME_TIMEOUT_MS = 3_600_000;

export const isTerminal = (s: FakeInternalStatus): boolean => TERMINAL.has(s);

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const CSV_ESCAPES: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t', b: '\b', f: '\f' };

/** Java's String.trim: strips characters up to U+0020 (control characters included, no-break spaces not). */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** Harness's CSV parsing of allowed-values inputs: trimmed items, quotes allowed, `\` escapes. */
export function parseCsv(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      // Commons CSV: \r \n \t \b \f are control characters, \, \" \\ and line breaks themselves,
      // and any other pair is kept as written.
      const next = value[++i] as string;
      cur += CSV_ESCAPES[next] ?? (next === ',' || next === '"' || next === '\\' || next === '\r' || next === '\n' ? next : `\\${next}`);
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(javaTrim(cur));
      cur = '';
    } else {
      cur += ch;
    }
  }
  // Harness's CsvParser (Apache Commons CSV with a trailing delimiter) drops an empty last item:
  // `a,` is ["a"] and a blank value is [].
  if (javaTrim(cur) !== '') out.push(javaTrim(cur));
  return out;
}

function compact<T>(list: readonly (T | null | undefined)[] | null | undefined): T[] {
  return (list ?? []).filter((x): x is T => x !== null && x !== undefined);
}

function lastByName(inputs: VarInput[], name: string): VarInput | undefined {
  let found: VarInput | undefined;
  for (const i of inputs) if (i.name === name) found = i;
  return found;
}

/** The human steps of a workflow that its run reaches (those before its end), in running order. */
function humanStepsOf(wf: FakeWorkflow | undefined, durationMs: number): FakeWorkflowHumanStep[] {
  return (wf?.humanSteps ?? []).filter((x) => x.atMs >= 0 && x.atMs < durationMs).sort((a, b) => a.atMs - b.atMs);
}

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

/**
 * A running pipeline's status from its stages, as Harness's refresh derives it (facts §5.1): WAITING
 * if any stage is WAITING, else PAUSED if a stage is PAUSED and none is RUNNING, else RUNNING.
 */
function pipelineStatusOf(stages: readonly StageRecord[]): FakeInternalStatus {
  if (stages.some((st) => st.status === 'WAITING')) return 'WAITING';
  if (stages.some((st) => st.status === 'PAUSED') && !stages.some((st) => st.status === 'RUNNING')) return 'PAUSED';
  return 'RUNNING';
}

export interface ClockLike {
  now(): number;
}

export class FakeEngine {
  readonly data: FakeHarnessData;
  readonly accountId: string;
  readonly portalUrl: string;
  readonly clock: ClockLike;
  readonly execs = new Map<string, ExecRecord>();
  /** createdAt of seeded entities that do not set one. */
  readonly createdAtDefault: number;
  readonly workflowWaitingStatus: boolean;
  private seed = 0x2545f491;

  constructor(data: FakeHarnessData, accountId: string, portalUrl: string, clock: ClockLike, options: EngineOptions = {}) {
    this.data = data;
    this.workflowWaitingStatus = options.workflowWaitingStatus ?? true;
    this.accountId = accountId;
    this.portalUrl = portalUrl.endsWith('/') ? portalUrl : `${portalUrl}/`;
    this.clock = clock;
    this.createdAtDefault = clock.now();
  }

  /** Deterministic 22-character base64url-like ids. */
  newId(): string {
    let s = '';
    for (let i = 0; i < 22; i++) {
      this.seed ^= this.seed << 13;
      this.seed ^= this.seed >>> 17;
      this.seed ^= this.seed << 5;
      s += ID_ALPHABET[(this.seed >>> 0) % 64];
    }
    return s;
  }

  // ---------------------------------------------------------------- lookups & permissions

  callerForKey(value: string | undefined): Caller | null {
    if (!value) return null;
    const key = this.data.apiKeys.find((k) => k.key === value);
    if (!key) return null;
    const groups = this.data.userGroups.filter((g) => key.userGroupIds.includes(g.id));
    return { key, groups };
  }

  app(id: string): FakeApplication | undefined {
    return this.data.applications.find((a) => a.id === id);
  }
  env(appId: string, id: string): FakeEnvironment | undefined {
    return this.data.environments.find((e) => e.appId === appId && e.id === id);
  }
  service(appId: string, id: string): FakeService | undefined {
    return this.data.services.find((s) => s.appId === appId && s.id === id);
  }
  workflow(id: string): FakeWorkflow | undefined {
    return this.data.workflows.find((w) => w.id === id);
  }
  pipeline(id: string): FakePipeline | undefined {
    return this.data.pipelines.find((p) => p.id === id);
  }

  canReadApp(caller: Caller, appId: string): boolean {
    if (!this.app(appId)) return false;
    return caller.groups.some((g) => g.appIds === 'all' || g.appIds.includes(appId));
  }
  canDeployTo(caller: Caller, env: FakeEnvironment | undefined): boolean {
    if (!env) return true;
    return caller.groups.some(
      (g) => (g.appIds === 'all' || g.appIds.includes(env.appId)) && g.deployEnvironmentTypes.includes(env.type),
    );
  }
  /** EXECUTE_PIPELINE: the key's groups must be allowed to deploy to every fixed environment of the pipeline. */
  canExecutePipeline(caller: Caller, p: FakePipeline): boolean {
    if (!this.canReadApp(caller, p.appId)) return false;
    for (const st of p.stages) {
      if (st.kind !== 'workflow') continue;
      const envId = this.stageFixedEnv(st);
      if (envId && !this.canDeployTo(caller, this.env(p.appId, envId))) return false;
    }
    return true;
  }
  private stageFixedEnv(st: FakeWorkflowStage): string | null {
    const wf = this.workflow(st.workflowId);
    if (!wf) return null;
    if (wf.envId) return wf.envId;
    const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
    const val = envVar ? st.workflowVariables?.[envVar.name] : undefined;
    return val && !val.startsWith('${') ? val : null;
  }

  /** The app-scope gate of object queries taking a top-level applicationId. */
  gateApp(caller: Caller, appId: string): void {
    if (!this.canReadApp(caller, appId)) throw ad('ACCESS_DENIED');
  }

  // ---------------------------------------------------------------- variable validation

  private resolveTemplatedEnv(
    label: 'Workflow' | 'Pipeline',
    entityName: string,
    envVar: FakeVariable,
    inputs: VarInput[],
    appId: string,
    allowRuntimeSkip: boolean,
  ): string | null {
    const input = lastByName(inputs, envVar.name);
    if (!input) {
      if (allowRuntimeSkip && envVar.runtimeInput) return null;
      throw ir(`${label} [${entityName}] has environment parameterized. However, the value not supplied`);
    }
    const { type, value } = input.variableValue;
    if (value === '') throw ir(`Please provide a non empty value for ${envVar.name}`);
    if (type === 'EXPRESSION') throw ir('Value Type EXPRESSION Not supported');
    const env =
      type === 'ID'
        ? this.env(appId, value)
        : this.data.environments.find((e) => e.appId === appId && e.name === value);
    if (!env) throw v(`Environment [${value}] doesn't exist in specified application ${appId}`);
    return env.id;
  }

  private validateVariables(
    kind: 'workflow' | 'pipeline',
    variables: FakeVariable[],
    inputs: VarInput[],
    appId: string,
    envId: string | null,
    envTemplatized: boolean,
  ): { resolved: Map<string, string>; extras: string[] } {
    const resolved = new Map<string, string>();
    const extras: string[] = [];
    const addExtra = (n: string): void => {
      if (!extras.includes(n)) extras.push(n);
    };
    if (variables.length === 0) {
      if (kind === 'workflow') for (const i of inputs) addExtra(i.name);
      return { resolved, extras };
    }
    const byName = new Map(variables.map((x) => [x.name, x] as const));
    // a. required
    const missing = variables
      .filter((x) => x.required && !x.fixed && !(kind === 'pipeline' && x.runtimeInput))
      .filter((x) => !inputs.some((i) => i.name === x.name))
      .map((x) => x.name);
    if (missing.length > 0) throw ir(`Value not provided for required variable: [${missing.join(',')}]`);
    // b. fixed (workflows only)
    if (kind === 'workflow') {
      for (const i of inputs) {
        const def = byName.get(i.name);
        if (def?.fixed && i.variableValue.value !== (def.defaultValue ?? '')) {
          throw ir(
            `Cannot change value of a fixed variable in workflow: ${def.name}. Value set in workflow is: ${def.defaultValue ?? ''}`,
          );
        }
      }
    }
    // c. allowed values
    for (const i of inputs) {
      const def = byName.get(i.name);
      const allowed = def?.allowedValues ?? [];
      if (!def || allowed.length === 0 || i.variableValue.value === '') continue;
      if (parseCsv(i.variableValue.value).some((item) => !allowed.includes(item))) {
        throw ir(`Variable ${def.name} can only take values [${allowed.join(', ')}]`);
      }
    }
    // d. per input
    for (const i of inputs) {
      const def = byName.get(i.name);
      if (!def) {
        addExtra(i.name);
        continue;
      }
      const { type, value } = i.variableValue;
      if (type === 'EXPRESSION') throw ir('Expression Type not supported');
      resolved.set(def.name, this.resolveEntityValue(kind, def, type, value, appId, envId, envTemplatized));
    }
    return { resolved, extras };
  }

  private resolveEntityValue(
    kind: 'workflow' | 'pipeline',
    def: FakeVariable,
    type: 'ID' | 'NAME',
    value: string,
    appId: string,
    envId: string | null,
    envTemplatized: boolean,
  ): string {
    switch (def.type) {
      case 'Text':
        return value;
      case 'Environment': {
        if (type === 'ID') return value;
        if (kind === 'pipeline') {
          if (!envId) throw v('Value for environment variable not supplied');
          return envId;
        }
        const env = this.data.environments.find((e) => e.appId === appId && e.name === value);
        if (!env) throw v(`Environment [${value}] doesn't exist in specified application ${appId}`);
        return env.id;
      }
      case 'Service': {
        if (value === '') throw ir(`Please provide a non empty value for ${def.name}`);
        if (type === 'ID') {
          if (!this.service(appId, value)) throw ir(`Service [${value}] doesn't exist in specified application ${appId}`);
          return value;
        }
        const svc = this.data.services.find((s) => s.appId === appId && s.name === value);
        if (!svc) throw v(`Service [${value}] doesn't exist in specified application ${appId}`);
        return svc.id;
      }
      case 'Infrastructure definition': {
        if (type === 'ID') {
          const owner = this.data.environments.find((e) => e.appId === appId && e.infrastructures.some((x) => x.id === value));
          if (!owner) throw v(`Infrastructure Definition  [${value}] doesn't exist in specified application ${appId}`);
          if (envId && owner.id !== envId) {
            throw ir(`Infrastructure Definition  [${value}] doesn't exist in specified application and environment `);
          }
          return value;
        }
        const lookupEnv = kind === 'pipeline' && !envTemplatized ? (def.envId ?? null) : envId;
        if (kind === 'pipeline' && !lookupEnv) return value;
        const names = kind === 'pipeline' && value.includes(',') ? value.split(',').map((x) => x.trim()) : [value];
        if (names.length > 1 && !def.allowMultipleValues) throw ir(`Variable ${def.name} doesnt allow multiple values`);
        const env = lookupEnv ? this.env(appId, lookupEnv) : undefined;
        return names
          .map((n) => {
            const infra = env?.infrastructures.find((x) => x.name === n);
            if (!infra) {
              throw v(`Infrastructure Definition  [${n}] doesn't exist in specified application and environment ${appId}`);
            }
            return infra.id;
          })
          .join(',');
      }
      default:
        if (value === '') throw ir(`Please provide a non empty value for ${def.name}`);
        return value;
    }
  }

  // ---------------------------------------------------------------- services needing inputs

  private workflowServices(wf: FakeWorkflow, values: (name: string) => string | undefined): FakeService[] {
    const svcVar = (wf.variables ?? []).find((x) => x.type === 'Service');
    const ids = svcVar ? compact([values(svcVar.name)]) : (wf.serviceIds ?? []);
    return compact(ids.map((id) => this.service(wf.appId, id)));
  }

  private pipelineServices(p: FakePipeline, resolved: Map<string, string>, stages: readonly FakeStage[]): FakeService[] {
    const out: FakeService[] = [];
    for (const st of stages) {
      if (st.kind !== 'workflow') continue;
      const wf = this.workflow(st.workflowId);
      if (!wf) continue;
      for (const svc of this.workflowServices(wf, (n) => this.stageValue(st, n, resolved))) {
        if (!out.includes(svc)) out.push(svc);
      }
    }
    void p;
    return out;
  }

  private stageValue(st: FakeWorkflowStage, name: string, resolved: Map<string, string>): string | undefined {
    const raw = st.workflowVariables?.[name];
    if (raw === undefined) return undefined;
    const m = /^\$\{(.+)\}$/.exec(raw);
    return m ? resolved.get(m[1] as string) : raw;
  }

  /** Validates artifact/manifest inputs; adds to `collectedWithParams` the names of services whose build is collected with parameters. */
  private checkArtifacts(services: FakeService[], serviceInputs: SvcInput[], collectedWithParams?: Set<string>): string[] {
    const chosen: string[] = [];
    const need = services.filter((s) => s.artifactSources.length > 0);
    const needManifest = services.filter((s) => (s.helmCharts ?? []).length > 0);
    for (const svc of need) {
      const input = serviceInputs.find((i) => i.name === svc.name);
      if (!input) throw v(`ServiceInput required for service: ${svc.name}`);
      const av = input.artifactValueInput;
      if (!av) throw v(`ArtifactValueInput is required for the service Input: ${svc.name}`);
      if (av.valueType === 'ARTIFACT_ID') {
        if (!av.artifactId) throw v(`ArtifactIdInput is required for the service Input: ${svc.name}for value type as ARTIFACT_ID`);
        const id = av.artifactId.artifactId;
        if (id === '') throw ir(`Artifact Id cannot be empty for serviceInput: ${svc.name}`);
        const owner = this.data.services.find((s) => s.artifactSources.some((src) => src.artifacts.some((a) => a.id === id)));
        if (!owner) throw v(`Cannot find artifact for specified Id: ${id}. Might be deleted`);
        if (owner.id !== svc.id) throw ir(`Artifact Id: ${id} does not belong to specified service: ${svc.name}`);
        const art = owner.artifactSources.flatMap((s) => s.artifacts).find((a) => a.id === id);
        chosen.push(`${svc.name}:${art?.buildNo ?? id}`);
        continue;
      }
      const parameterized = av.valueType === 'PARAMETERIZED_ARTIFACT_SOURCE';
      const bn = parameterized ? av.parameterizedArtifactSource : av.buildNumber;
      if (!bn) {
        throw v(
          parameterized
            ? `ParameterizedArtifactSourceInput is required for the service Input: ${svc.name}for value type as PARAMETERIZED_ARTIFACT_SOURCE`
            : `BuildNumberInput is required for the service Input: ${svc.name}for value type as BUILD_NUMBER`,
        );
      }
      if (bn.artifactSourceName === '') throw ir(`Artifact Source name cannot be empty for serviceInput: ${svc.name}`);
      if (bn.buildNumber === '') throw ir(`Build Number cannot be empty for serviceInput: ${svc.name}`);
      const src = svc.artifactSources.find((s) => s.name === bn.artifactSourceName);
      if (!src) throw v(`Cannot find artifact Source: ${bn.artifactSourceName} in specified service: ${svc.name}`);
      const isParam = (src.parameters ?? []).length > 0;
      if (parameterized && !isParam) {
        throw ir('Parameterized Artifact Source valueType cannot be used for non-parameterized artifact source');
      }
      if (parameterized) {
        const params = compact(
          (bn as { parameterValueInputs?: ({ name: string; value: string } | null)[] | null }).parameterValueInputs,
        );
        if (params.length === 0) throw ir('Artifact Source is parameterized. However, runtime values for parameters not provided');
      }
      let art = src.artifacts.find((a) => a.buildNo === bn.buildNumber);
      if (!art) {
        if (!(src.collectableBuilds ?? []).includes(bn.buildNumber)) {
          throw v(`Cannot find or collect artifact for specified Build Number: ${bn.buildNumber}`);
        }
        art = { id: this.newId(), buildNo: bn.buildNumber, collectedAt: this.clock.now() };
        src.artifacts.push(art);
      }
      if (collectedWithParams && parameterized && isParam) collectedWithParams.add(svc.name);
      chosen.push(`${svc.name}:${art.buildNo}`);
    }
    for (const svc of needManifest) {
      const input = serviceInputs.find((i) => i.name === svc.name);
      if (!input) throw v(`ServiceInput required for service: ${svc.name}`);
      const mv = input.manifestValueInput;
      if (!mv) throw v(`ManifestValueInput is required for the service Input: ${svc.name}`);
      const charts = svc.helmCharts ?? [];
      if (mv.valueType === 'HELM_CHART_ID') {
        if (mv.helmChartId === null || mv.helmChartId === undefined) {
          throw v(`HelmChartId is required for the service Input: ${svc.name} for value type as HELM_CHART_ID`);
        }
        if (mv.helmChartId === '') throw ir(`Helm Chart Id cannot be empty for serviceInput: ${svc.name}`);
        const chart = charts.find((c) => c.id === mv.helmChartId);
        if (!chart) throw v(`Cannot find helm chart for specified Id: ${mv.helmChartId}. Might be deleted`);
        chosen.push(`${svc.name}:chart-${chart.version}`);
      } else {
        const vn = mv.versionNumber;
        if (!vn) throw v(`versionNumber is required for the service Input: ${svc.name} for value type as VERSION_NUMBER`);
        if (vn.appManifestName === '') {
          throw v(`appManifestName is required for the version number Input: ${svc.name} for value type as VERSION_NUMBER`);
        }
        if (vn.versionNumber === '') throw ir(`Version Number cannot be empty for serviceInput: ${svc.name}`);
        if (!charts.some((c) => c.appManifestName === vn.appManifestName)) {
          throw v(`App manifest with name ${vn.appManifestName} doesn't belong to the given app and service`);
        }
        const chart = charts.find((c) => c.appManifestName === vn.appManifestName && c.version === vn.versionNumber);
        if (!chart) throw v(`Cannot find helm chart for specified version number: ${vn.versionNumber} and service: ${svc.name}`);
        chosen.push(`${svc.name}:chart-${chart.version}`);
      }
    }
    return chosen;
  }

  // ---------------------------------------------------------------- executionInputs

  executionInputs(
    caller: Caller,
    args: { entityId: string; applicationId: string; executionType: 'WORKFLOW' | 'PIPELINE'; variableInputs?: (VarInput | null)[] | null },
  ): { serviceInputs: FakeService[]; serviceManifestInputs: FakeService[] } {
    const inputs = compact(args.variableInputs);
    if (!this.app(args.applicationId)) throw ir('Application does not exist');
    let services: FakeService[];
    if (args.executionType === 'WORKFLOW') {
      const wf = this.workflow(args.entityId);
      if (!wf || wf.appId !== args.applicationId) {
        throw v(`Workflow ${args.entityId} doesn't exist in the specified application ${args.applicationId}`);
      }
      if (!this.canReadApp(caller, wf.appId)) throw ad('Not authorized');
      const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
      const envId = envVar
        ? this.resolveTemplatedEnv('Workflow', wf.name, envVar, inputs, wf.appId, false)
        : (wf.envId ?? null);
      const { resolved } = this.validateVariables('workflow', wf.variables ?? [], inputs, wf.appId, envId, !!envVar);
      services = this.workflowServices(wf, (n) => resolved.get(n));
    } else {
      const p = this.pipeline(args.entityId);
      if (!p || p.appId !== args.applicationId) throw v('Pipeline does not exist');
      if (!this.canReadApp(caller, p.appId)) throw ad('Not authorized');
      const envVar = (p.variables ?? []).find((x) => x.type === 'Environment');
      const envId = envVar ? this.resolveTemplatedEnv('Pipeline', p.name, envVar, inputs, p.appId, false) : null;
      const { resolved } = this.validateVariables('pipeline', p.variables ?? [], inputs, p.appId, envId, !!envVar);
      services = this.pipelineServices(p, resolved, p.stages);
    }
    return {
      serviceInputs: services.filter((s) => s.artifactSources.length > 0),
      serviceManifestInputs: services.filter((s) => (s.helmCharts ?? []).length > 0),
    };
  }

  // ---------------------------------------------------------------- startExecution

  startExecution(
    caller: Caller,
    input: StartInput,
    beforeCreate?: () => void,
  ): { execution: ExecRecord; warningMessage: string | null } {
    if (!input.entityId) throw ir('Entity Id cannot be empty');
    if (!input.applicationId) throw ir('Application Id cannot be empty');
    const app = this.app(input.applicationId);
    if (!app) throw ir('Application does not exist');
    const inputs = compact(input.variableInputs);
    const serviceInputs = compact(input.serviceInputs);
    const hosts = compact(input.specificHosts);
    if (input.executionType === 'WORKFLOW') {
      const wf = this.workflow(input.entityId);
      if (!wf || wf.appId !== app.id || !this.canReadApp(caller, app.id)) throw ad('Not authorized');
      if (input.targetToSpecificHosts && hosts.length === 0) {
        throw ir("Host list can't be empty when Target To Specific Hosts option is enabled");
      }
      const envVar = (wf.variables ?? []).find((x) => x.type === 'Environment');
      const envId = envVar
        ? this.resolveTemplatedEnv('Workflow', wf.name, envVar, inputs, app.id, false)
        : (wf.envId ?? null);
      if (envId && !this.canDeployTo(caller, this.env(app.id, envId))) {
        throw ad("User doesn't have rights to execute Workflow in this Environment");
      }
      const { resolved, extras } = this.validateVariables('workflow', wf.variables ?? [], inputs, app.id, envId, !!envVar);
      const services = this.workflowServices(wf, (n) => resolved.get(n));
      const parameterized = new Set<string>();
      const artifacts = this.checkArtifacts(services, serviceInputs, parameterized);
      if (!envId) throw ir('Environment is not provided in the workflow');
      beforeCreate?.();
      const exec = this.newExec(caller, 'WORKFLOW', app.id, wf.id, wf.name, input.notes ?? null);
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
    const p = this.pipeline(input.entityId);
    if (!p || p.appId !== app.id || !this.canExecutePipeline(caller, p)) throw ad('Not authorized');
    if (input.targetToSpecificHosts || hosts.length > 0) {
      throw ir("Hosts can't be overridden for pipeline,Target to specific hosts is only available in a Workflow Execution");
    }
    const envVar = (p.variables ?? []).find((x) => x.type === 'Environment');
    const envId = envVar ? this.resolveTemplatedEnv('Pipeline', p.name, envVar, inputs, app.id, true) : null;
    if (envId && !this.canDeployTo(caller, this.env(app.id, envId))) {
      throw ad("User doesn't have rights to execute Pipeline in this Environment");
    }
    const { resolved, extras } = this.validateVariables('pipeline', p.variables ?? [], inputs, app.id, envId, !!envVar);
    const services = this.pipelineServices(p, resolved, p.stages);
    const parameterized = new Set<string>();
    const artifacts = this.checkArtifacts(services, serviceInputs, parameterized);
    if (p.stages.length === 0) throw v('You can not deploy an empty pipeline.');
    beforeCreate?.();
    const exec = this.newExec(caller, 'PIPELINE', app.id, p.id, p.name, input.notes ?? null);
    exec.envId = envId;
    exec.inputVariables = [...resolved].map(([name, value]) => ({ name, value }));
    exec.pipelineVars = resolved;
    exec.artifacts = artifacts;
    exec.continueWithDefaultValues = input.continueWithDefaultValues === true;
    exec.stages = p.stages.map((def) => this.newStage(def));
    exec.prepareMs = Math.max(
      0,
      ...p.stages.map((st) => {
        if (st.kind !== 'workflow') return 0;
        const wf = this.workflow(st.workflowId);
        if (!wf) return 0;
        const stageServices = this.workflowServices(wf, (n) => this.stageValue(st, n, resolved));
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

  private newStage(def: FakeStage): StageRecord {
    return { def, status: null, startedAt: null, endedAt: null, workflowExecutionId: null, approvalId: null, runtimeProvided: false };
  }

  private newExec(
    caller: Caller,
    kind: 'WORKFLOW' | 'PIPELINE',
    appId: string,
    entityId: string,
    entityName: string,
    notes: string | null,
  ): ExecRecord {
    const now = this.clock.now();
    const exec: ExecRecord = {
      id: this.newId(),
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
      apiKeyId: caller.key.id,
      apiKeyName: caller.key.name,
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
    this.execs.set(exec.id, exec);
    return exec;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Brings every execution up to the current clock time. */
  tickAll(): void {
    const now = this.clock.now();
    for (const e of this.execs.values()) {
      if (e.pipelineExecutionId === null) this.tick(e, now);
    }
  }

  private tick(e: ExecRecord, now: number): void {
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
      this.tickWorkflow(e, now);
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
          st.approvalId = this.newId();
        } else if ((st.def.runtimeVariables ?? []).length > 0 && !e.continueWithDefaultValues && !st.runtimeProvided) {
          st.status = 'PAUSED';
        } else {
          this.startStageWorkflow(e, st, e.cursor);
        }
      }
      if (st.workflowExecutionId !== null && st.status !== null && !isTerminal(st.status)) {
        // A workflow stage: it reads what its workflow execution reads (RUNNING, PAUSED, WAITING, or the end).
        const member = this.execs.get(st.workflowExecutionId);
        if (!member) return;
        this.tick(member, now);
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
  private tickWorkflow(e: ExecRecord, now: number): void {
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
        this.finishWorkflow(e, at);
        return;
      }
      e.humanIndex++;
      e.activeMs = next.atMs;
      e.cursor = at;
      e.hold = {
        step: next,
        startedAt: at,
        approvalId: next.kind === 'approval' ? this.newId() : null,
        stageName: next.kind === 'approval' ? (next.stageName ?? e.stageName ?? 'Phase 1') : (e.stageName ?? 'Phase 1'),
      };
      e.status = next.kind === 'approval' ? 'PAUSED' : 'WAITING';
    }
  }

  private finishWorkflow(e: ExecRecord, end: number): void {
    e.endedAt = end;
    if (e.failWith !== undefined) {
      e.status = 'FAILED';
      e.failureDetails = e.failWith;
    } else {
      e.status = 'SUCCESS';
    }
  }

  private startStageWorkflow(e: ExecRecord, st: StageRecord, at: number): void {
    const def = st.def as FakeWorkflowStage;
    const wf = this.workflow(def.workflowId);
    const member: ExecRecord = {
      ...this.newExecLike(e),
      id: this.newId(),
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
      const val = this.stageValue(def, x.name, e.pipelineVars);
      if (val !== undefined) values.push({ name: x.name, value: val });
    }
    member.inputVariables = values;
    const envVar = (wf?.variables ?? []).find((x) => x.type === 'Environment');
    member.envId = wf?.envId ?? (envVar ? (this.stageValue(def, envVar.name, e.pipelineVars) ?? null) : null);
    this.execs.set(member.id, member);
    st.workflowExecutionId = member.id;
    st.status = 'RUNNING';
    st.startedAt = at;
  }

  private newExecLike(e: ExecRecord): ExecRecord {
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

  // ---------------------------------------------------------------- reading

  /** An execution the caller may see (its application is readable), brought up to date. */
  visibleExecution(caller: Caller, id: string): ExecRecord | undefined {
    this.tickAll();
    const e = this.execs.get(id);
    return e && this.canReadApp(caller, e.appId) ? e : undefined;
  }

  executionUrl(e: ExecRecord): string {
    const base = `${this.portalUrl}#/account/${this.accountId}/app/${e.appId}`;
    return e.kind === 'PIPELINE'
      ? `${base}/pipeline-execution/${e.id}/workflow-execution/undefined/details`
      : `${base}/env/${e.envId ?? 'null'}/executions/${e.id}/details`;
  }

  /**
   * The public status (facts §5.1): PREPARING has no public value and reads null; a WAITING
   * standalone workflow reads RUNNING unless the account has WORKFLOW_EXECUTION_REFRESH_STATUS.
   */
  publicStatus(e: ExecRecord): FakeExecutionStatus | null {
    if (e.status === 'PREPARING') return null;
    if (e.status === 'WAITING' && e.kind === 'WORKFLOW' && e.pipelineExecutionId === null && !this.workflowWaitingStatus) return 'RUNNING';
    return e.status;
  }

  runtimeVariablesOf(e: ExecRecord, st: StageRecord): FakeVariable[] {
    // Only a stage paused for inputs (its workflow not started yet), not one whose workflow paused at an approval.
    if (st.def.kind !== 'workflow' || st.status !== 'PAUSED' || st.workflowExecutionId !== null) return [];
    const p = this.pipeline(e.entityId);
    const names = st.def.runtimeVariables ?? [];
    return compact(names.map((n) => (p?.variables ?? []).find((x) => x.name === n)));
  }

  snapshot(e: ExecRecord): FakeExecutionSnapshot {
    return {
      id: e.id,
      kind: e.kind,
      applicationId: e.appId,
      entityId: e.entityId,
      status: this.publicStatus(e),
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

  // ---------------------------------------------------------------- approvals

  /**
   * Approvals pending on an execution (facts §6.1): for a pipeline its paused approval stages, then the
   * approval steps the workflows of its running or paused stages wait at; for a workflow its own
   * approval step. User-group approvals first, then ServiceNow, Jira and shell script.
   */
  pendingApprovals(e: ExecRecord): PendingApprovalRef[] {
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
        const member = this.execs.get(st.workflowExecutionId);
        if (member) fromHold(member);
      }
    }
    const rank = (x: PendingApprovalRef): number => APPROVAL_TYPE_ORDER.indexOf(x.settings.approvalType ?? 'USER_GROUP');
    return out.map((x, i) => ({ x, i })).sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i).map(({ x }) => x);
  }

  approvalDetails(caller: Caller, appId: string, executionId: string): { exec: ExecRecord; pending: PendingApprovalRef[] } {
    this.gateApp(caller, appId);
    const e = this.visibleExecution(caller, executionId);
    if (!e) throw ir('Execution does not exist or access is denied');
    if (e.appId !== appId) throw ir(`No Execution found for given appId [${appId}] and executionId [${executionId}]`);
    const pending = this.pendingApprovals(e);
    if (pending.length === 0) throw ir(`No Approval found for execution [${executionId}]`);
    return { exec: e, pending };
  }

  /** Approves or rejects a pending approval stage or approval step, with the same checks for both (facts §6.2). */
  approveOrReject(
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
    const e = this.visibleExecution(caller, input.executionId);
    if (!e) throw ir('Execution does not exist or access is denied');
    if (e.appId !== input.applicationId) {
      throw ir(`No Execution found for given appId [${input.applicationId}] and executionId [${input.executionId}]`);
    }
    const ref = this.pendingApprovals(e).find((x) => x.approvalId === input.approvalId);
    if (!ref) {
      const label = e.kind === 'PIPELINE' ? 'Pipeline' : 'Workflow';
      throw new FakeFieldError(`Invalid argument(s): No ${label} execution [${e.id}] waiting for approval id: ${input.approvalId}`);
    }
    const def = ref.settings;
    const type = def.approvalType ?? 'USER_GROUP';
    if (type !== 'USER_GROUP') throw v(`${type} Approval Type not supported`);
    const vars = compact(input.variableInputs);
    if (vars.length > 0) {
      const defined = def.variables ?? [];
      if (defined.length === 0) throw ir('Variable were not present for the given approval');
      for (const x of vars) {
        if (!defined.some((d) => d.name === x.name)) throw ir(`Variable with name "${x.name ?? ''}" not present`);
      }
    }
    const groups = def.userGroups ?? [];
    if (groups.length > 0 && caller.groups.length > 0 && !caller.groups.some((g) => groups.includes(g.name) || groups.includes(g.id))) {
      throw ir('User not authorized to accept or reject the approval');
    }
    const now = this.clock.now();
    const rejection = `${ref.stepName}: Rejected by ${caller.key.name}${input.comments ? ` (${input.comments})` : ''}`;
    const st = ref.stage;
    if (st) {
      st.endedAt = now;
      if (input.action === 'APPROVE') {
        st.status = 'SUCCESS';
        e.cursor = now;
        e.stageIndex++;
        e.status = 'RUNNING';
        this.tick(e, now);
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
    const root = wf.pipelineExecutionId ? this.execs.get(wf.pipelineExecutionId) : wf;
    if (root) this.tick(root, now);
  }

  // ---------------------------------------------------------------- resume

  resumeExecution(
    caller: Caller,
    input: { applicationId?: string | null; pipelineExecutionId?: string | null; pipelineStageName?: string | null } | null,
  ): ExecRecord {
    if (!input?.applicationId) throw ir('Empty app id.');
    if (!input.pipelineStageName) throw ir('Empty pipeline stage name.');
    if (!input.pipelineExecutionId) throw ir('Empty workflow execution Id.');
    this.tickAll();
    const old = this.execs.get(input.pipelineExecutionId);
    if (!old || old.appId !== input.applicationId) throw v(`Execution [${input.pipelineExecutionId}] doesn't exist.`);
    if (old.kind !== 'PIPELINE') {
      if (!this.canReadApp(caller, old.appId)) throw ad('Not authorized');
      throw ir(`Pipeline resume not available for workflow executions: ${old.id}`);
    }
    const p = this.pipeline(old.entityId);
    if (!p || !this.canExecutePipeline(caller, p)) throw ad('Not authorized');
    if (!RESUMABLE.includes(old.status)) {
      throw ir(`Pipeline resume is not available for [${old.id}]. Resumable states are : [[${RESUMABLE.join(', ')}]]`);
    }
    if (old.resumedBy) throw ir(`Pipeline resume is only available on the latest iteration of a resumed execution: ${old.id}`);
    const idx = old.stages.findIndex((st) => st.def.name === input.pipelineStageName && st.status !== null);
    if (idx < 0) throw ir(`Pipeline Stage does not exist or has not yet started: [${input.pipelineStageName}]`);
    const exec = this.newExec(caller, 'PIPELINE', old.appId, old.entityId, old.entityName, old.notes);
    exec.envId = old.envId;
    exec.inputVariables = old.inputVariables.map((x) => ({ ...x }));
    exec.pipelineVars = new Map(old.pipelineVars);
    exec.artifacts = [...old.artifacts];
    exec.continueWithDefaultValues = old.continueWithDefaultValues;
    exec.resumedFrom = old.id;
    exec.stages = old.stages.map((st, i) => (i < idx ? { ...st } : this.newStage(st.def)));
    exec.stageIndex = idx;
    old.resumedBy = exec.id;
    return exec;
  }

  // ---------------------------------------------------------------- runtime inputs

  private pausedStageFor(
    caller: Caller,
    appId: string,
    pipelineExecutionId: string,
    stageId: string,
  ): { e: ExecRecord; st: StageRecord | undefined } {
    this.tickAll();
    const e = this.execs.get(pipelineExecutionId);
    if (!e || e.appId !== appId || e.kind !== 'PIPELINE' || !this.canReadApp(caller, appId)) {
      throw v(`No pipeline execution for the given execution id ${pipelineExecutionId}`);
    }
    return { e, st: e.stages.find((x) => x.def.id === stageId) };
  }

  private runtimeServices(e: ExecRecord, st: StageRecord, extra: Map<string, string>): FakeService[] {
    const p = this.pipeline(e.entityId);
    if (!p || st.def.kind !== 'workflow') return [];
    const before = new Set(this.pipelineServices(p, e.pipelineVars, p.stages).map((s) => s.id));
    const merged = new Map([...e.pipelineVars, ...extra]);
    return this.pipelineServices(p, merged, [st.def]).filter((s) => !before.has(s.id) && s.artifactSources.length > 0);
  }

  private checkRuntimeVariables(
    e: ExecRecord,
    st: StageRecord,
    inputs: VarInput[],
    style: 'query' | 'mutation',
  ): Map<string, string> {
    const p = this.pipeline(e.entityId);
    const runtimeNames = st.def.kind === 'workflow' ? (st.def.runtimeVariables ?? []) : [];
    const defs = compact(runtimeNames.map((n) => (p?.variables ?? []).find((x) => x.name === n)));
    if (style === 'mutation') {
      const notRuntime = [...new Set(inputs.map((i) => i.name).filter((n) => !runtimeNames.includes(n)))];
      if (notRuntime.length > 0) {
        throw ir(`Cannot override value for variables: [${notRuntime.join(', ')}] These are not marked runtime in stage`);
      }
    }
    const missing = defs.filter((d) => d.required && !inputs.some((i) => i.name === d.name)).map((d) => d.name);
    if (missing.length > 0) {
      throw ir(
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
        throw ir(`Variable ${def.name} can only take values [${allowed.join(', ')}]`);
      }
      if (i.variableValue.type === 'EXPRESSION') throw ir('Expression Type not supported');
      resolved.set(def.name, this.resolveEntityValue('pipeline', def, i.variableValue.type, i.variableValue.value, e.appId, e.envId, false));
    }
    return resolved;
  }

  runtimeInputsQuery(
    caller: Caller,
    args: { applicationId: string; pipelineExecutionId: string; pipelineStageElementId: string; variableInputs?: (VarInput | null)[] | null },
  ): FakeService[] {
    if (!this.app(args.applicationId)) throw ir('Application does not exist');
    const { e, st } = this.pausedStageFor(caller, args.applicationId, args.pipelineExecutionId, args.pipelineStageElementId);
    if (!st) throw ir(`No stage found for the given pipeline stage ID ${args.pipelineStageElementId}`);
    const resolved = this.checkRuntimeVariables(e, st, compact(args.variableInputs), 'query');
    return this.runtimeServices(e, st, resolved);
  }

  pipelineResumeRuntime(
    caller: Caller,
    input: {
      applicationId: string;
      pipelineExecutionId: string;
      pipelineStageElementId: string;
      variableInputs?: (VarInput | null)[] | null;
      serviceInputs?: (SvcInput | null)[] | null;
    },
  ): void {
    if (!input.applicationId) throw ir('Invalid app id');
    if (!input.pipelineExecutionId) throw ir('Invalid pipeline execution');
    if (!input.pipelineStageElementId) throw ir('Invalid pipeline stage ');
    if (input.variableInputs === null || input.variableInputs === undefined) throw v(GENERIC_EXCEPTION_MSG);
    this.tickAll();
    const e = this.execs.get(input.pipelineExecutionId);
    if (!e || e.appId !== input.applicationId || !this.canReadApp(caller, e.appId)) {
      throw v(`No execution found for the given application ${input.applicationId}`);
    }
    if (e.kind !== 'PIPELINE') throw ir(`Cannot continue Pipeline, Not a valid executionId: ${e.id}`);
    const p = this.pipeline(e.entityId);
    if (!p || !this.canExecutePipeline(caller, p)) throw ad('Not authorized');
    if (isTerminal(e.status)) throw ir(`Cannot continue Pipeline stage, Pipeline is not active anymore. PipelineExecutionId: ${e.id}`);
    const st = e.stages.find((x) => x.def.id === input.pipelineStageElementId);
    if (!st) throw ir(`Cannot continue Pipeline stage, PipelineStageExecution not found for Id: ${input.pipelineStageElementId}`);
    if (st.status !== 'PAUSED') {
      throw ir(`Cannot continue Pipeline stage, PipelineStageExecution is not Paused. current status: ${st.status ?? 'QUEUED'}`);
    }
    // Paused because its workflow waits at an approval step, not for runtime inputs.
    if (st.workflowExecutionId !== null) throw ir('Pipeline stage is not in paused state');
    if (st.def.kind !== 'workflow') {
      throw ir('Cannot continue Pipeline stage, PipelineStageExecution is not a valid workflow state. Statetype = APPROVAL');
    }
    const resolved = this.checkRuntimeVariables(e, st, compact(input.variableInputs), 'mutation');
    const services = this.runtimeServices(e, st, resolved);
    if (services.length > 0) {
      const svcInputs = compact(input.serviceInputs);
      if (svcInputs.length === 0) throw ir('Services requires but no service was provided');
      e.artifacts.push(...this.checkArtifacts(services, svcInputs));
    }
    for (const [k, val] of resolved) {
      e.pipelineVars.set(k, val);
      e.inputVariables = [...e.inputVariables.filter((x) => x.name !== k), { name: k, value: val }];
    }
    const now = this.clock.now();
    st.runtimeProvided = true;
    this.startStageWorkflow(e, st, now);
    e.status = 'RUNNING';
  }

  // ---------------------------------------------------------------- abort (REST)

  abort(caller: Caller, executionId: string, appId: string | null, interruptType: unknown): Record<string, unknown> {
    this.tickAll();
    const e = this.execs.get(executionId);
    if (!e || (appId !== null && e.appId !== appId) || !this.canReadApp(caller, e.appId)) {
      throw new FakeRestError(400, 'INVALID_REQUEST', 'Workflow execution does not exist.');
    }
    if (interruptType !== 'ABORT_ALL') {
      throw new FakeRestError(400, 'INVALID_ARGUMENT', `Invalid argument(s): executionInterruptType ${String(interruptType)} is not supported by the fake server`);
    }
    if (isTerminal(e.status)) {
      throw new FakeRestError(400, 'INVALID_REQUEST', `Workflow execution [${e.entityName}] already completed.`);
    }
    const now = this.clock.now();
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
        const member = st.workflowExecutionId ? this.execs.get(st.workflowExecutionId) : undefined;
        if (member && !isTerminal(member.status)) abortOne(member);
      }
    }
    if (e.pipelineExecutionId) {
      const parent = this.execs.get(e.pipelineExecutionId);
      if (parent && !isTerminal(parent.status)) {
        abortOne(parent);
        for (const st of parent.stages) if (st.workflowExecutionId === e.id) st.status = 'ABORTED';
      }
    }
    return {
      uuid: this.newId(),
      appId: e.appId,
      accountId: this.accountId,
      executionInterruptType: 'ABORT_ALL',
      executionUuid: e.id,
      envId: e.envId,
      seized: false,
      createdAt: now,
      lastUpdatedAt: now,
      createdBy: { uuid: caller.key.id, name: caller.key.name },
    };
  }
}
