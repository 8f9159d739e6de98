/**
 * Public data types of the SDK. They are ours, shaped for callers, and stable across schema
 * regenerations; the generated operation types stay an implementation detail.
 */
import type { ServiceInput } from './generated/graphql.js';

/**
 * Public status of an execution, as Harness reports it. A null status (in {@link ExecutionSummary})
 * is Harness's internal PREPARING, while artifacts are collected.
 */
export type ExecutionStatus =
  | 'ABORTED'
  | 'ERROR'
  | 'EXPIRED'
  | 'FAILED'
  | 'PAUSED'
  | 'QUEUED'
  | 'REJECTED'
  | 'RESUMED'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCESS'
  | 'WAITING';

/** Whether an entity or execution is a pipeline or a workflow. */
export type ExecutionKind = 'PIPELINE' | 'WORKFLOW';

/** A variable as a workflow or pipeline declares it. */
export interface DeclaredVariable {
  name: string;
  /** `Text`, or an entity kind such as `Environment`, `Service`, `Infrastructure definition`. */
  type: string;
  required: boolean;
  /** When not empty, each comma-separated item of a value must be one of these. */
  allowedValues: readonly string[];
  /** The stored value (for a fixed variable, the fixed value), or null. */
  defaultValue: string | null;
  fixed: boolean;
  allowMultipleValues: boolean;
}

/** An application: its id and name. */
export interface ApplicationRef {
  id: string;
  name: string;
}

/** A pipeline or workflow with the variables it declares. */
export interface EntityDefinition {
  id: string;
  name: string;
  description: string | null;
  applicationId: string;
  kind: ExecutionKind;
  variables: readonly DeclaredVariable[];
}

/** A service that a start will ask an artifact or manifest for. */
export interface ServiceNeedingInput {
  id: string;
  name: string;
  artifactType: string | null;
  deploymentType: string | null;
  /** Artifact sources of the service, by id and name (name is what a build-number choice uses). */
  artifactSources: readonly { id: string; name: string }[];
}

/** What {@link HarnessClient.getExecutionInputs} answers. */
export interface ExecutionInputsInfo {
  /** Services for which the start must name an artifact. */
  servicesNeedingArtifacts: readonly ServiceNeedingInput[];
  /** Services for which the start must name a manifest (Helm chart). */
  servicesNeedingManifests: readonly ServiceNeedingInput[];
}

/**
 * A variable value:
 * - a string: the value, sent with type NAME (entity variables are resolved by name);
 * - `{ name }`: the same, explicitly;
 * - `{ id }`: an entity id, sent with type ID;
 * - a string array: several values, joined with commas (only where the variable allows it).
 */
export type VariableValue = string | readonly string[] | { readonly id: string } | { readonly name: string };

/** Variable values by variable name; an `undefined` value counts as not given. */
export type VariableValues = Readonly<Record<string, VariableValue | undefined>>;

/** The artifact to deploy for one service. */
export type ArtifactChoice =
  | {
      /** Artifact source name, as listed on the service. */
      readonly artifactSource: string;
      readonly buildNumber: string;
      /** Runtime values of a parameterized artifact source. */
      readonly parameters?: Readonly<Record<string, string>>;
    }
  | { readonly artifactId: string };

/** Artifact choices by service name. */
export type ArtifactChoices = Readonly<Record<string, ArtifactChoice>>;

/**
 * The most recently collected build of an artifact source, looked up just before a start (one
 * request). "Latest" means most recently *collected* by Harness, not the highest version; a build
 * really tagged `latest` is chosen with `{ artifactSource, buildNumber: 'latest' }`.
 */
export interface LatestArtifactChoice {
  /** Artifact source name, as listed on the service. */
  readonly artifactSource: string;
  readonly latest: true;
  /** Runtime values of a parameterized artifact source. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** The artifact to deploy for one service in a start: a build, an artifact id, or the latest collected build. */
export type StartArtifactChoice = ArtifactChoice | LatestArtifactChoice;

/** Start artifact choices by service name. */
export type StartArtifactChoices = Readonly<Record<string, StartArtifactChoice>>;

/** The manifest (Helm chart) to deploy for one service. */
export type ManifestChoice =
  | { readonly helmChartId: string }
  | { readonly appManifestName: string; readonly versionNumber: string };

/** Manifest choices by service name. */
export type ManifestChoices = Readonly<Record<string, ManifestChoice>>;

/** A stage of a pipeline execution. */
export interface StageExecution {
  /** Stage name such as `Stage 1` (what resumePipeline takes). */
  name: string | null;
  /** Stable stage id (what continuePipeline takes). */
  elementId: string | null;
  /** Name of the step the stage runs (workflow or approval step name). */
  stepName: string | null;
  type: 'APPROVAL' | 'WORKFLOW' | 'OTHER';
  status: ExecutionStatus | null;
  /** For workflow stages: the first workflow execution of the stage. */
  workflowExecutionId: string | null;
  /** For approval stages: the approval kind. */
  approvalStepType: string | null;
  /** Variables the stage waits for while it is PAUSED for runtime inputs; empty otherwise. */
  runtimeInputVariables: readonly DeclaredVariable[];
}

/** An execution as the SDK reports it. */
export interface ExecutionSummary {
  id: string;
  kind: ExecutionKind;
  /** Null while Harness prepares the execution (artifact collection). */
  status: ExecutionStatus | null;
  /** Link to the execution in the Harness UI. */
  url: string | null;
  applicationId: string | null;
  /** The pipeline or workflow that ran, when Harness says. */
  entity: { id: string | null; name: string | null } | null;
  createdAt: number | null;
  startedAt: number | null;
  endedAt: number | null;
  notes: string | null;
  failureDetails: string | null;
  /** Stages in pipeline order (pipelines only; empty for workflows). */
  stages: readonly StageExecution[];
}

/** What a start answers. */
export interface StartedExecution extends ExecutionSummary {
  /** Harness's warning, for example about ignored variables; null when none. */
  warningMessage: string | null;
}

/**
 * One variable value as Harness's startExecution takes it. NAME resolves entity variables by name,
 * ID takes them by id; EXPRESSION is refused for API starts.
 */
export interface VariableValueInput {
  type: 'EXPRESSION' | 'ID' | 'NAME';
  value: string;
}

/** One variable of a start, as sent to Harness (what {@link buildVariableInputs} builds). */
export interface VariableInput {
  name: string;
  variableValue: VariableValueInput;
}

export type { ServiceInput };

/** The exact startExecution input the SDK sends (see {@link PreparedStart}). */
export interface StartExecutionInput {
  applicationId: string;
  /** Echoed back in the payload; Harness does not use it to deduplicate. */
  clientMutationId?: string | null | undefined;
  /** Pipelines: use default values instead of pausing stages for runtime inputs. */
  continueWithDefaultValues?: boolean | null | undefined;
  /** Id of the workflow or pipeline to start. */
  entityId: string;
  /** Skip hosts that already run the same artifact. */
  excludeHostsWithSameArtifact?: boolean | null | undefined;
  executionType: ExecutionKind;
  notes?: string | null | undefined;
  /** Artifact and manifest choices, one per service by service name. */
  serviceInputs?: Array<ServiceInput | null | undefined> | null | undefined;
  specificHosts?: Array<string | null | undefined> | null | undefined;
  /** Deploy only to specificHosts (workflows only). */
  targetToSpecificHosts?: boolean | null | undefined;
  variableInputs?: Array<VariableInput | null | undefined> | null | undefined;
}
