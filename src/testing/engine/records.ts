/**
 * The records the fake keeps about executions and the shapes of the inputs it receives, with the
 * status rules every part of the engine reads.
 */
import type {
  FakeApprovalSettings,
  FakeExecutionStatus,
  FakeInternalStatus,
  FakeStage,
  FakeUserGroup,
  FakeWorkflowHumanStep,
} from '../types.js';


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

/** Who sent a request: an API key, or a user logged in with a session token. */
export interface CallerPrincipal {
  kind: 'API_KEY' | 'USER';
  id: string;
  name: string;
  /** Users only. */
  email: string | null;
}

/** The caller and the permissions of its user groups. */
export interface Caller {
  principal: CallerPrincipal;
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
  triggeredBy: CallerPrincipal;
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

/** Whether an execution (or stage) has ended and will not change any more. */
export const isTerminal = (s: FakeInternalStatus): boolean => TERMINAL.has(s);

/**
 * A running pipeline's status from its stages, as Harness's refresh derives it: WAITING if any
 * stage is WAITING, else PAUSED if a stage is PAUSED and none is RUNNING, else RUNNING.
 */
export function pipelineStatusOf(stages: readonly StageRecord[]): FakeInternalStatus {
  if (stages.some((st) => st.status === 'WAITING')) return 'WAITING';
  if (stages.some((st) => st.status === 'PAUSED') && !stages.some((st) => st.status === 'RUNNING')) return 'PAUSED';
  return 'RUNNING';
}

/** The items of a GraphQL list argument, without its nulls. */
export function compact<T>(list: readonly (T | null | undefined)[] | null | undefined): T[] {
  return (list ?? []).filter((x): x is T => x !== null && x !== undefined);
}
