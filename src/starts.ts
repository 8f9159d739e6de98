/**
 * Starting executions: resolve names, validate every input locally, ask Harness which services need
 * artifacts, validate those too, then send one startExecution. Nothing is sent when anything is wrong.
 */
import { HarnessUnknownOutcomeError, HarnessValidationError, isHarnessValidationError, type ValidationIssue } from './errors.js';
import {
  ExecutionInputsDocument,
  StartExecutionDocument,
  type ServiceInput,
  type StartExecutionInput,
  type VariableInput,
} from './generated/graphql.js';
import { buildServiceInputs, buildVariableInputs } from './inputs/index.js';
import { idempotencyKeyIssues, notesWithKey } from './idempotency.js';
import { pickOne } from './internal/options.js';
import type { Lookups } from './lookups.js';
import { toExecutionSummary, toServicesNeedingInput } from './mappers.js';
import type { CallOptions, Transport } from './transport.js';
import type {
  ArtifactChoices,
  EntityDefinition,
  ExecutionInputsInfo,
  ExecutionKind,
  ManifestChoices,
  StartedExecution,
  VariableValues,
} from './types.js';

/** Options shared by pipeline and workflow starts. */
export interface StartOptionsBase {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string;
  /**
   * Variable values by name: a string (sent as NAME), `{ id }` (sent as ID), `{ name }`, or a string
   * array for a multi-value variable.
   * @default {}
   */
  variables?: VariableValues;
  /**
   * Artifact to deploy per service name: `{ artifactSource, buildNumber }`, `{ artifactId }`, or
   * `{ artifactSource, buildNumber, parameters }` for a parameterized source.
   * @default {}
   */
  artifacts?: ArtifactChoices;
  /**
   * Manifest per service name: `{ helmChartId }` or `{ appManifestName, versionNumber }`.
   * @default {}
   */
  manifests?: ManifestChoices;
  /** Notes shown on the execution in Harness. */
  notes?: string;
  /**
   * Skip hosts that already run the same artifact.
   * @default false
   */
  excludeHostsWithSameArtifact?: boolean;
  /**
   * Send values for variables the entity does not declare instead of refusing them. Harness ignores
   * such values with only a warning, so a typo would deploy without the intended value.
   * @default false
   */
  allowUnknownVariables?: boolean;
  /**
   * Send artifacts or manifests for services that need none in this start instead of refusing them.
   * @default false
   */
  allowUnknownServices?: boolean;
  /**
   * Makes the start safe to repeat: the key is appended to the notes as ` [idempotency-key: <key>]`;
   * before starting, the SDK looks among the entity's 20 newest executions for one carrying the key
   * and returns it (with `reused: true`) instead of starting another. After an ambiguous failure
   * (timeout, lost connection, 5xx, null payload) it looks again and returns what it finds (with
   * `reconciled: true`). Use something unique per intended deployment, such as a CI build id.
   * Costs one extra request per start (two after an ambiguous failure).
   * @default none (no lookup; an ambiguous failure throws HarnessUnknownOutcomeError)
   */
  idempotencyKey?: string;
  /** Cancels the lookups and the start (a start already sent may still run). */
  signal?: AbortSignal;
}

/** Options of {@link HarnessClient.startPipeline}. */
export interface StartPipelineOptions extends StartOptionsBase {
  /** Pipeline id. Give this or `pipelineName`. */
  pipelineId?: string;
  /** Exact pipeline name. Give this or `pipelineId`. */
  pipelineName?: string;
  /**
   * Use default values instead of pausing stages for runtime inputs.
   * @default false
   */
  continueWithDefaultValues?: boolean;
  /**
   * Required pipeline variables that are runtime inputs of a stage: they are not demanded at start.
   * The public schema does not say which variables are runtime inputs.
   * @default []
   */
  runtimeInputs?: readonly string[];
}

/** Options of {@link HarnessClient.startWorkflow}. */
export interface StartWorkflowOptions extends StartOptionsBase {
  /** Workflow id. Give this or `workflowName`. */
  workflowId?: string;
  /** Exact workflow name. Give this or `workflowId`. */
  workflowName?: string;
  /** Deploy only to these hosts (sets targetToSpecificHosts). */
  targetHosts?: readonly string[];
}

/** A start that passed validation: the exact input that will be sent, and what it was checked against. */
export interface PreparedStart {
  input: StartExecutionInput;
  entity: EntityDefinition;
  executionInputs: ExecutionInputsInfo;
}

const ENTITY_KEYS: Record<ExecutionKind, [string, string]> = {
  PIPELINE: ['pipelineId', 'pipelineName'],
  WORKFLOW: ['workflowId', 'workflowName'],
};

/** Reads which services need inputs, given variable inputs that already passed validation. */
export async function fetchExecutionInputs(
  transport: Transport,
  kind: ExecutionKind,
  applicationId: string,
  entityId: string,
  variableInputs: readonly VariableInput[],
  options: CallOptions = {},
): Promise<ExecutionInputsInfo> {
  const data = await transport.request(
    ExecutionInputsDocument,
    { applicationId, entityId, executionType: kind, variableInputs: [...variableInputs] },
    options,
  );
  return {
    servicesNeedingArtifacts: toServicesNeedingInput(data?.executionInputs?.serviceInputs),
    servicesNeedingManifests: toServicesNeedingInput(data?.executionInputs?.serviceManifestInputs),
  };
}

const BASE_OPTIONS = [
  'applicationId',
  'applicationName',
  'variables',
  'artifacts',
  'manifests',
  'notes',
  'excludeHostsWithSameArtifact',
  'allowUnknownVariables',
  'allowUnknownServices',
  'idempotencyKey',
  'signal',
];
const KNOWN_OPTIONS: Record<ExecutionKind, ReadonlySet<string>> = {
  // targetHosts is refused for pipelines below with a message of its own.
  PIPELINE: new Set([...BASE_OPTIONS, 'pipelineId', 'pipelineName', 'continueWithDefaultValues', 'runtimeInputs', 'targetHosts']),
  WORKFLOW: new Set([...BASE_OPTIONS, 'workflowId', 'workflowName', 'targetHosts']),
};

function checkShape(kind: ExecutionKind, options: StartPipelineOptions & StartWorkflowOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    return [{ code: 'missing_option', variable: 'options', message: `A ${kind.toLowerCase()} start needs an options object.` }];
  }
  const raw = options as unknown as Record<string, unknown>;
  // A misspelt option (variabels, artifact) would otherwise be dropped silently and the deployment
  // would run without what the caller meant to pass.
  for (const key of Object.keys(raw)) {
    if (!KNOWN_OPTIONS[kind].has(key)) {
      issues.push({
        code: 'invalid_option',
        variable: key,
        message: `${key} is not an option of a ${kind.toLowerCase()} start (known: ${[...KNOWN_OPTIONS[kind]].join(', ')}).`,
      });
    }
  }
  pickOne(issues, raw, 'applicationId', 'applicationName');
  const [byId, byName] = ENTITY_KEYS[kind];
  pickOne(issues, raw, byId, byName);
  if (options.notes !== undefined && typeof options.notes !== 'string') {
    issues.push({ code: 'invalid_option', variable: 'notes', message: 'notes must be a string.' });
  }
  if (options.idempotencyKey !== undefined) issues.push(...idempotencyKeyIssues(options.idempotencyKey));
  if (kind === 'PIPELINE' && raw.targetHosts !== undefined) {
    issues.push({
      code: 'invalid_option',
      variable: 'targetHosts',
      message: 'targetHosts is only available for workflows; Harness cannot target hosts in a pipeline execution.',
    });
  }
  if (options.targetHosts !== undefined) {
    const hosts = options.targetHosts;
    if (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h) => typeof h !== 'string' || h.trim() === '')) {
      issues.push({ code: 'invalid_option', variable: 'targetHosts', message: 'targetHosts must be a non-empty list of host names.' });
    }
  }
  return issues;
}

/** The error for inputs found wrong after executionInputs was read: a read went out, no start did. */
function startRefused(entity: EntityDefinition, issues: readonly ValidationIssue[]): HarnessValidationError {
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return new HarnessValidationError(
    issues,
    `${count} with the inputs for ${entity.kind.toLowerCase()} "${entity.name}"; no execution was started`,
  );
}

/** Resolves, validates and builds a start without sending it. */
export async function prepareStart(
  transport: Transport,
  lookups: Lookups,
  kind: ExecutionKind,
  options: StartPipelineOptions & StartWorkflowOptions,
): Promise<PreparedStart> {
  const shapeIssues = checkShape(kind, options);
  if (shapeIssues.length > 0) throw new HarnessValidationError(shapeIssues);
  const call: CallOptions = { signal: options.signal };
  const applicationId = await lookups.applicationId(options as unknown as Record<string, unknown>, call);
  const entity = await lookups.definition(
    kind,
    applicationId,
    kind === 'PIPELINE' ? { id: options.pipelineId, name: options.pipelineName } : { id: options.workflowId, name: options.workflowName },
    call,
  );
  const variableOptions = {
    kind,
    allowUnknown: options.allowUnknownVariables ?? false,
    allowUnknownHint: 'allowUnknownVariables: true',
    runtimeInputs: options.runtimeInputs ?? [],
    entityName: entity.name,
  };
  const values = options.variables ?? {};
  let variableInputs: VariableInput[];
  let variableError: HarnessValidationError | undefined;
  try {
    variableInputs = buildVariableInputs(entity.variables, values, variableOptions);
  } catch (error) {
    if (!isHarnessValidationError(error)) throw error;
    // Report artifact problems in the same error when the services can still be known: without the
    // faulty values the rest must still validate (no required variable missing), so that
    // executionInputs answers for a start the user is one fix away from.
    variableError = error;
    const faulty = new Set(error.issues.map((issue) => issue.variable));
    const rest = Object.fromEntries(Object.entries(values).filter(([name]) => !faulty.has(name)));
    try {
      variableInputs = buildVariableInputs(entity.variables, rest, variableOptions);
    } catch {
      throw error;
    }
  }
  let executionInputs: ExecutionInputsInfo;
  try {
    executionInputs = await fetchExecutionInputs(transport, kind, applicationId, entity.id, variableInputs, call);
  } catch (error) {
    // The variable problems are certain; anything Harness says about the rest can wait for the fix.
    if (variableError && !options.signal?.aborted) throw startRefused(entity, variableError.issues);
    throw error;
  }
  let serviceInputs: ServiceInput[] = [];
  try {
    serviceInputs = buildServiceInputs(executionInputs, options.artifacts ?? {}, options.manifests ?? {}, {
      allowUnknownServices: options.allowUnknownServices ?? false,
    });
  } catch (error) {
    if (!isHarnessValidationError(error) || !variableError) throw error;
    throw startRefused(entity, [...variableError.issues, ...error.issues]);
  }
  if (variableError) throw startRefused(entity, variableError.issues);
  // Key order follows Harness's own documented payloads, so logged inputs read the same.
  const input: StartExecutionInput = {
    applicationId,
    ...(options.idempotencyKey !== undefined
      ? { notes: notesWithKey(options.notes, options.idempotencyKey) }
      : options.notes !== undefined
        ? { notes: options.notes }
        : {}),
    executionType: kind,
    entityId: entity.id,
    ...(serviceInputs.length > 0 ? { serviceInputs } : {}),
    ...(variableInputs.length > 0 ? { variableInputs } : {}),
    ...(options.excludeHostsWithSameArtifact !== undefined ? { excludeHostsWithSameArtifact: options.excludeHostsWithSameArtifact } : {}),
    ...(kind === 'PIPELINE' && options.continueWithDefaultValues !== undefined
      ? { continueWithDefaultValues: options.continueWithDefaultValues }
      : {}),
    ...(kind === 'WORKFLOW' && options.targetHosts !== undefined
      ? { targetToSpecificHosts: true, specificHosts: [...options.targetHosts] }
      : {}),
  };
  return { input, entity, executionInputs };
}

/**
 * Sends one startExecution. It is never retried unless the request provably never left the machine.
 * A null payload without errors (Harness's permission-cache quirk) may hide a started execution: it is
 * reported as {@link HarnessUnknownOutcomeError}, never as success.
 */
export async function sendStart(transport: Transport, prepared: PreparedStart, options: CallOptions = {}): Promise<StartedExecution> {
  const data = await transport.request(StartExecutionDocument, { input: prepared.input }, options);
  const payload = data?.startExecution;
  if (!payload?.execution) {
    // No `reconciled` here: without an idempotency key nothing ties an execution to this call. The
    // newest execution of the entity created after a createdAt read just before sending could as well
    // be a concurrent start by another user, trigger or CI job (the rate-limit budget and the account
    // are shared), and reporting someone else's deployment as ours would be worse than reporting none.
    // With a key, startWithIdempotencyKey (idempotency.ts) reconciles soundly.
    throw new HarnessUnknownOutcomeError(
      `Harness answered startExecution for ${prepared.entity.kind.toLowerCase()} "${prepared.entity.name}" without an execution and without an error. ` +
        'An execution may or may not have started: check its recent executions before starting again (an idempotencyKey makes the SDK do this for you).',
      undefined,
      { operation: 'StartExecution' },
    );
  }
  const summary = toExecutionSummary(payload.execution, 'StartExecution');
  return {
    ...summary,
    applicationId: summary.applicationId ?? prepared.input.applicationId,
    warningMessage: payload.warningMessage ?? null,
  };
}
