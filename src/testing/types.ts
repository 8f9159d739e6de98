/**
 * Plain-object data model of the fake Harness server. Everything a test seeds is one of these
 * shapes; ids are strings chosen by the seed (Harness uses 22-character base64url ids).
 */

/** `PROD` or `NON_PROD`, as Harness classifies environments. */
export type FakeEnvironmentType = 'PROD' | 'NON_PROD';

/** Public execution statuses (the `ExecutionStatus` enum of the schema). */
export type FakeExecutionStatus =
  | 'ABORTED'
  | 'ERROR'
  | 'FAILED'
  | 'PAUSED'
  | 'QUEUED'
  | 'RESUMED'
  | 'RUNNING'
  | 'SUCCESS'
  | 'WAITING'
  | 'SKIPPED'
  | 'REJECTED'
  | 'EXPIRED';

/**
 * Statuses the fake keeps internally. They are the public ones plus `PREPARING`, which Harness has
 * no public value for: while an execution collects its artifacts the API reads
 * `status: null`, and the `executions` status filter (which compares internal strings)
 * matches it only by the value `PREPARING`.
 */
export type FakeInternalStatus = FakeExecutionStatus | 'PREPARING';

/**
 * When a start makes an execution sit in `PREPARING` (public `status: null`) before it is queued:
 * - `'parameterized'`: when a service input names a build of a parameterized artifact source
 *   (`PARAMETERIZED_ARTIFACT_SOURCE`), which Harness collects with the given parameters first;
 * - `'any-artifact'`: whenever the start chooses an artifact for a service (any artifact collection);
 * - `'never'`.
 */
export type FakePreparationMode = 'parameterized' | 'any-artifact' | 'never';

/** Settings shared by approval stages of pipelines and approval steps of workflows. */
export interface FakeApprovalSettings {
  /** Default `USER_GROUP`; other types cannot be acted on through the API. */
  approvalType?: 'USER_GROUP' | 'JIRA' | 'SERVICENOW' | 'SHELL_SCRIPT';
  /** Names of the user groups allowed to approve. Default `[]`. */
  userGroups?: string[];
  /** Inputs the approver may set. Default `[]`. */
  variables?: { name: string; value: string }[];
  /** Time until the approval expires, in ms. Default 86 400 000. */
  timeoutMs?: number;
}

/**
 * A user-group (or other) approval step inside a workflow. When the run reaches it the workflow
 * reads `PAUSED` (the approval state returns PAUSED and the pause propagates to the workflow),
 * and so does a pipeline whose stage runs the workflow while no other stage runs.
 * `approvalDetails` lists it and `approveOrRejectApprovals` acts on it with the same rules as an
 * approval stage. Approving lets the run go on; rejecting ends the workflow (and its
 * pipeline) `REJECTED`; an unanswered approval ends it `EXPIRED` after `timeoutMs`.
 */
export interface FakeWorkflowApprovalStep extends FakeApprovalSettings {
  kind: 'approval';
  stepName: string;
  /** When the run reaches the step: ms of running time after the workflow starts (must be below its duration). */
  atMs: number;
  /**
   * `stageName` shown by `approvalDetails`. Default: the pipeline stage's name (for example `Stage 2`)
   * when the workflow runs as a pipeline stage, else `Phase 1`.
   */
  stageName?: string;
}

/**
 * A step that fails into the failure strategy "manual intervention": the workflow reads `WAITING`
 * (internal status WAITING) for `timeoutMs`, then ends as `endsAs` says, unless the
 * execution is aborted first (REST `ABORT_ALL`, which ends it `ABORTED`). A pipeline whose stage runs
 * the workflow reads `WAITING` meanwhile (the refresh sets WAITING if any stage is WAITING).
 * Standalone workflows show WAITING only with the account feature flag
 * `WORKFLOW_EXECUTION_REFRESH_STATUS`; see `FakeHarnessOptions.workflowWaitingStatus`.
 */
export interface FakeWorkflowManualInterventionStep {
  kind: 'manual-intervention';
  stepName: string;
  /** When the step fails: ms of running time after the workflow starts (must be below its duration). */
  atMs: number;
  /** The intervention timeout of the failure strategy, in ms. Default 3 600 000. */
  timeoutMs?: number;
  /**
   * How the execution ends when nobody intervenes, after Harness's action after timeout: `FAILED`
   * (end execution / rollback; `failureDetails` is set), `EXPIRED` or `ABORTED`. Default `FAILED`.
   */
  endsAs?: 'FAILED' | 'EXPIRED' | 'ABORTED';
  /** `failureDetails` when it ends FAILED. Default `Phase 1 failed: [<stepName> failed - Manual intervention timed out ]`. */
  failureDetails?: string;
}

/** A step of a workflow that stops for a human. */
export type FakeWorkflowHumanStep = FakeWorkflowApprovalStep | FakeWorkflowManualInterventionStep;

/** A Harness application. */
export interface FakeApplication {
  id: string;
  name: string;
  /** Default `null`. */
  description?: string | null;
  /** Epoch ms. Default: the server's start time. */
  createdAt?: number;
}

/** One collected build of an artifact source. */
export interface FakeArtifact {
  id: string;
  buildNo: string;
  /** Epoch ms. Default: the server's start time. */
  collectedAt?: number;
}

/** Where a service's artifacts come from. */
export interface FakeArtifactSource {
  id: string;
  /** Name used by `BuildNumberInput.artifactSourceName`. */
  name: string;
  /** Schema type of the source. Default `DOCKER`. */
  kind?: 'DOCKER' | 'CUSTOM';
  /** Already collected builds. */
  artifacts: FakeArtifact[];
  /**
   * Build numbers that are not collected yet but that a delegate would find: a start that names one
   * collects it (a new artifact appears). Default `[]`.
   */
  collectableBuilds?: string[];
  /** Names of runtime parameters when the source is parameterized. Default: not parameterized. */
  parameters?: string[];
}

/** A Helm chart version available to a service (manifest input). */
export interface FakeHelmChart {
  id: string;
  /** Name of the application manifest the chart belongs to. */
  appManifestName: string;
  version: string;
}

/** A Harness service. */
export interface FakeService {
  id: string;
  appId: string;
  name: string;
  /** Default `DOCKER`. */
  artifactType?: string;
  /** Default `KUBERNETES`. */
  deploymentType?: string;
  /** Artifact sources; a service with at least one needs an artifact input to deploy. */
  artifactSources: FakeArtifactSource[];
  /** When set, deployments of the service need a manifest (Helm chart) input. Default: none. */
  helmCharts?: FakeHelmChart[];
  createdAt?: number;
}

/** An infrastructure definition inside an environment. */
export interface FakeInfrastructure {
  id: string;
  name: string;
}

/** A Harness environment. */
export interface FakeEnvironment {
  id: string;
  appId: string;
  name: string;
  type: FakeEnvironmentType;
  infrastructures: FakeInfrastructure[];
  createdAt?: number;
}

/**
 * A workflow or pipeline variable. `type` is the string Harness shows: `Text`, `Environment`,
 * `Service`, `Infrastructure definition`, or another entity display name.
 */
export interface FakeVariable {
  name: string;
  type: string;
  /** `mandatory` in Harness. Default `false`. */
  required?: boolean;
  /** Default `[]` (any value). */
  allowedValues?: string[];
  /** Default `null`; for fixed variables, the fixed value. */
  defaultValue?: string | null;
  /** Default `false`. */
  fixed?: boolean;
  /** Default `false`. */
  allowMultipleValues?: boolean;
  /** Pipelines only: the value may be given when the stage that uses it is reached. Default `false`. */
  runtimeInput?: boolean;
  /**
   * Pipelines only, Infrastructure variables: the environment id to resolve names in when the
   * pipeline's environment is not templatized.
   */
  envId?: string;
}

/** A workflow. */
export interface FakeWorkflow {
  id: string;
  appId: string;
  name: string;
  description?: string | null;
  /** Fixed environment (when the workflow does not templatize it). Default `null`. */
  envId?: string | null;
  /** Fixed services deployed (when not templatized by a `Service` variable). Default `[]`. */
  serviceIds?: string[];
  /** User variables; empty when the workflow is not templatized. Default `[]`. */
  variables?: FakeVariable[];
  /** How long a run takes once started, in ms. Default 60 000. */
  durationMs?: number;
  /** When set, every run fails at its end with this `failureDetails` text. */
  failWith?: string;
  /**
   * Steps that stop for a human (approval, manual intervention), by their `atMs`. Time spent
   * waiting for a human does not count against `durationMs`. Default `[]`.
   */
  humanSteps?: FakeWorkflowHumanStep[];
  /**
   * When a start sits in `PREPARING` (public `status: null`) while artifacts are collected, before
   * the usual queueing. Default `'parameterized'`.
   */
  preparation?: FakePreparationMode;
  /** How long `PREPARING` lasts, in ms. Default 30 000 (`PREPARING_MS`). */
  preparationMs?: number;
  createdAt?: number;
}

/** A pipeline stage that runs a workflow. */
export interface FakeWorkflowStage {
  kind: 'workflow';
  /** `pipelineStageElementId`. */
  id: string;
  /** Stage name such as `Stage 1` (resumeExecution takes it). */
  name: string;
  /** Step name shown in the UI. */
  stepName: string;
  workflowId: string;
  /**
   * Values of the workflow's variables in this stage (entity variables by id). A value
   * `${name}` takes the pipeline variable `name`.
   */
  workflowVariables?: Record<string, string>;
  /** Pipeline variables that this stage asks for when it is reached (runtime inputs). Default `[]`. */
  runtimeVariables?: string[];
  /** How long the stage waits for runtime inputs before expiring, in ms. Default 3 600 000. */
  runtimeInputTimeoutMs?: number;
  /** Overrides the workflow's duration. */
  durationMs?: number;
  /** Overrides the workflow's failure. */
  failWith?: string;
  /**
   * Overrides the workflow's `preparation` for starts of the pipeline: the pipeline execution sits in
   * `PREPARING` (public `status: null`) when any stage asks for it, for the longest `preparationMs`.
   */
  preparation?: FakePreparationMode;
  /** Overrides the workflow's `preparationMs`. */
  preparationMs?: number;
}

/** A pipeline stage that waits for a user-group approval. */
export interface FakeApprovalStage extends FakeApprovalSettings {
  kind: 'approval';
  id: string;
  name: string;
  stepName: string;
}

/** A pipeline stage. */
export type FakeStage = FakeWorkflowStage | FakeApprovalStage;

/** A pipeline. */
export interface FakePipeline {
  id: string;
  appId: string;
  name: string;
  description?: string | null;
  /** Pipeline variables (Harness derives them from the stages). Default `[]`. */
  variables?: FakeVariable[];
  stages: FakeStage[];
  createdAt?: number;
}

/** A user group: which applications it may use and where it may deploy. */
export interface FakeUserGroup {
  id: string;
  name: string;
  /** Application ids the group may read and execute in, or `'all'`. */
  appIds: 'all' | string[];
  /** Environment types the group may deploy to. */
  deployEnvironmentTypes: FakeEnvironmentType[];
}

/** An API key and the user groups it inherits permissions from. */
export interface FakeApiKey {
  id: string;
  name: string;
  /** The secret value sent as `x-api-key`. */
  key: string;
  userGroupIds: string[];
}

/** A session of a logged-in user, sent as `Authorization: Bearer <token>`. */
export interface FakeSessionToken {
  token: string;
  /** Epoch ms on the fake clock from which the token is refused. Default: it never expires. */
  expiresAt?: number;
}

/** A Harness user who can call the API with a session token instead of an API key. */
export interface FakeUser {
  id: string;
  name: string;
  email: string;
  userGroupIds: string[];
  sessionTokens: FakeSessionToken[];
}

/** Everything the fake serves. */
export interface FakeHarnessData {
  applications: FakeApplication[];
  services: FakeService[];
  environments: FakeEnvironment[];
  workflows: FakeWorkflow[];
  pipelines: FakePipeline[];
  userGroups: FakeUserGroup[];
  apiKeys: FakeApiKey[];
  /** Users whose session tokens the fake accepts. Default `[]`. */
  users?: FakeUser[];
}

/** A stage of a pipeline execution as {@link FakeExecutionSnapshot} shows it. */
export interface FakeStageSnapshot {
  id: string;
  name: string;
  kind: 'workflow' | 'approval';
  /** `null` until the stage is reached. */
  status: FakeExecutionStatus | null;
  workflowExecutionId: string | null;
  approvalId: string | null;
}

/** A read-only view of one execution the fake has started. */
export interface FakeExecutionSnapshot {
  id: string;
  kind: 'WORKFLOW' | 'PIPELINE';
  applicationId: string;
  /** Workflow or pipeline id. */
  entityId: string;
  /** The public status: `null` while preparing, `RUNNING` for a WAITING standalone workflow without the WAITING flag. */
  status: FakeExecutionStatus | null;
  /** The status the fake keeps (what the `executions` status filter matches). */
  internalStatus: FakeInternalStatus;
  /** Id of the approval the execution itself waits for (an approval step of a workflow), else null. */
  pendingApprovalId: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  notes: string | null;
  /** Set for workflow executions that run as a pipeline stage. */
  pipelineExecutionId: string | null;
  /** Set for executions created by resumeExecution: the execution it resumed. */
  resumedFrom: string | null;
  inputVariables: { name: string; value: string }[];
  /** Artifacts chosen at start, as `serviceName:buildNo`. */
  artifacts: string[];
  failureDetails: string | null;
  /** Pipelines only. */
  stages: FakeStageSnapshot[];
}
