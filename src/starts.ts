/**
 * Preparing a start: read which entity it is about, validate every input locally, ask Harness which
 * services need artifacts, validate those too, and build the exact startExecution input. Nothing is
 * sent to start anything here (start-sender.ts does that), and nothing is sent at all when the
 * options are wrong.
 */
import { HarnessValidationError, isHarnessValidationError, type ValidationIssue } from './errors.js';
import { ExecutionInputsDocument, type ServiceInput } from './generated/graphql.js';
import { idempotencyKeyIssues, notesWithKey, startFingerprint, startInputsParts } from './idempotency.js';
import { resolveLatestBuilds } from './builds.js';
import { buildServiceInputs, buildVariableInputs } from './inputs/index.js';
import type { Lookups } from './lookups.js';
import { toServicesNeedingInput } from './mappers.js';
import { optionsRecord, readEntitySelector } from './selector.js';
import type { Transport, TransportCallOptions } from './transport.js';
import type {
  ArtifactChoices,
  StartArtifactChoices,
  EntityDefinition,
  ExecutionInputsInfo,
  ExecutionKind,
  ManifestChoices,
  StartExecutionInput,
  VariableInput,
  VariableValues,
} from './types.js';

/** Options shared by pipeline and workflow starts. */
export interface StartOptionsBase {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
  /**
   * Variable values by name: a string (sent as NAME), `{ id }` (sent as ID), `{ name }`, or a string
   * array for a multi-value variable.
   * @default {}
   */
  variables?: VariableValues | undefined;
  /**
   * Artifact to deploy per service name: `{ artifactSource, buildNumber }`, `{ artifactId }`,
   * `{ artifactSource, buildNumber, parameters }` for a parameterized source, or
   * `{ artifactSource, latest: true }` for the source's most recently collected build (looked up
   * just before the start, one request).
   * @default {}
   */
  artifacts?: StartArtifactChoices | undefined;
  /**
   * Manifest per service name: `{ helmChartId }` or `{ appManifestName, versionNumber }`.
   * @default {}
   */
  manifests?: ManifestChoices | undefined;
  /** Notes shown on the execution in Harness. */
  notes?: string | undefined;
  /**
   * Skip hosts that already run the same artifact.
   * @default false
   */
  excludeHostsWithSameArtifact?: boolean | undefined;
  /**
   * Send values for variables the entity does not declare instead of refusing them. Harness ignores
   * such values with only a warning, so a typo would deploy without the intended value.
   * @default false
   */
  allowUnknownVariables?: boolean | undefined;
  /**
   * Send artifacts or manifests for services that need none in this start instead of refusing them.
   * @default false
   */
  allowUnknownServices?: boolean | undefined;
  /**
   * Makes the start safe to repeat: one execution per key. The key is appended to the notes as
   * ` [idempotency-key: <key>] [idempotency-inputs: <fingerprint>]`, the fingerprint being a short hash
   * of the start's inputs. Before starting, the SDK looks among the entity's 20 newest executions for
   * one carrying the key and returns it (with `reused: true`) instead of starting another; calls with
   * the same key in one process take turns, so overlapping calls start one execution and the others
   * get it with `reused: true`. The same key with other inputs (another entity, other variables,
   * artifacts, manifests or notes) throws HarnessIdempotencyConflictError. After an ambiguous failure
   * (timeout, lost connection, 5xx, null payload, abort after sending) it looks again and returns what
   * it finds (with `reconciled: true`). Use something unique per intended deployment, such as a CI
   * build id. Costs one extra request per start (two after an ambiguous failure).
   * @default none (no lookup; an ambiguous failure says the start may have happened and how to check)
   */
  idempotencyKey?: string | undefined;
  /**
   * Cancels the start. Aborted before startExecution was sent, the start rejects with the signal's
   * reason and nothing is sent afterwards; aborted after it was sent, it rejects with
   * HarnessUnknownOutcomeError (the execution may exist; with an idempotencyKey the SDK looks for it).
   * @default none
   */
  signal?: AbortSignal | undefined;
}

/** Options of {@link HarnessClient.startPipeline}. */
export interface StartPipelineOptions extends StartOptionsBase {
  /** Pipeline id. Give this or `pipelineName`. */
  pipelineId?: string | undefined;
  /** Exact pipeline name. Give this or `pipelineId`. */
  pipelineName?: string | undefined;
  /**
   * Use default values instead of pausing stages for runtime inputs.
   * @default false
   */
  continueWithDefaultValues?: boolean | undefined;
  /**
   * Required pipeline variables that are runtime inputs of a stage: they are not demanded at start.
   * The public schema does not say which variables are runtime inputs.
   * @default []
   */
  runtimeInputs?: readonly string[] | undefined;
}

/** Options of {@link HarnessClient.startWorkflow}. */
export interface StartWorkflowOptions extends StartOptionsBase {
  /** Workflow id. Give this or `workflowName`. */
  workflowId?: string | undefined;
  /** Exact workflow name. Give this or `workflowId`. */
  workflowName?: string | undefined;
  /** Deploy only to these hosts (sets targetToSpecificHosts). */
  targetHosts?: readonly string[] | undefined;
}

/** A start that passed validation: the exact input that will be sent, and what it was checked against. */
export interface PreparedStart {
  input: StartExecutionInput;
  entity: EntityDefinition;
  executionInputs: ExecutionInputsInfo;
}

/** Reads which services need inputs, given variable inputs that already passed validation. */
export async function fetchExecutionInputs(
  transport: Transport,
  kind: ExecutionKind,
  applicationId: string,
  entityId: string,
  variableInputs: readonly VariableInput[],
  options: TransportCallOptions = {},
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

/** Everything wrong with the shape of start options, and the selector they name when they are right. */
function checkShape(kind: ExecutionKind, options: unknown) {
  const issues: ValidationIssue[] = [];
  if (typeof options !== 'object' || options === null) {
    issues.push({ code: 'missing_option', variable: 'options', message: `A ${kind.toLowerCase()} start needs an options object.` });
    return { issues, selector: undefined };
  }
  const raw = optionsRecord(options);
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
  const selector = readEntitySelector(issues, kind, raw);
  if (raw.notes !== undefined && typeof raw.notes !== 'string') {
    issues.push({ code: 'invalid_option', variable: 'notes', message: 'notes must be a string.' });
  }
  if (raw.idempotencyKey !== undefined) issues.push(...idempotencyKeyIssues(raw.idempotencyKey));
  if (kind === 'PIPELINE' && raw.targetHosts !== undefined) {
    issues.push({
      code: 'invalid_option',
      variable: 'targetHosts',
      message: 'targetHosts is only available for workflows; Harness cannot target hosts in a pipeline execution.',
    });
  }
  const hosts = raw.targetHosts;
  if (hosts !== undefined && (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h) => typeof h !== 'string' || h.trim() === ''))) {
    issues.push({ code: 'invalid_option', variable: 'targetHosts', message: 'targetHosts must be a non-empty list of host names.' });
  }
  return { issues, selector };
}

/** The error for inputs found wrong after executionInputs was read: a read went out, no start did. */
function startRefused(entity: EntityDefinition, issues: readonly ValidationIssue[]): HarnessValidationError {
  const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return new HarnessValidationError(
    issues,
    `${count} with the inputs for ${entity.kind.toLowerCase()} "${entity.name}"; no execution was started`,
  );
}

/**
 * Resolves, validates and builds a start without sending it. With an idempotency key, the notes of
 * the input carry the key and the fingerprint of the inputs.
 * @param call - The signal and budget class of the requests made on the way.
 */
export async function prepareStart(
  transport: Transport,
  lookups: Lookups,
  kind: ExecutionKind,
  options: StartPipelineOptions & StartWorkflowOptions,
  call: TransportCallOptions = { signal: options.signal, priority: 'start' },
): Promise<PreparedStart> {
  const { issues: shapeIssues, selector } = checkShape(kind, options);
  if (shapeIssues.length > 0 || !selector) throw new HarnessValidationError(shapeIssues);
  const applicationId = await lookups.applicationId(selector.application, call);
  const entity = await lookups.definition(kind, applicationId, selector.entity, call);
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
    // Only a plain object of values can be retried without the faulty ones: anything else (a string,
    // a proxy) was refused as a whole, and re-reading it could throw or take long.
    const rest = valuesWithout(values, new Set(error.issues.map((issue) => issue.variable)));
    if (rest === undefined) throw error;
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
    if (variableError && !call.signal?.aborted) throw startRefused(entity, variableError.issues);
    throw error;
  }
  let serviceInputs: ServiceInput[] = [];
  try {
    // `{ artifactSource, latest: true }` becomes the most recently collected build here, just before
    // the start, so the input sent (and its idempotency fingerprint) names a real build.
    const artifacts = (await resolveLatestBuilds(transport, executionInputs, options.artifacts ?? {}, call)) as ArtifactChoices;
    serviceInputs = buildServiceInputs(executionInputs, artifacts, options.manifests ?? {}, {
      allowUnknownServices: options.allowUnknownServices ?? false,
    });
  } catch (error) {
    if (!isHarnessValidationError(error) || !variableError) throw error;
    throw startRefused(entity, [...variableError.issues, ...error.issues]);
  }
  if (variableError) throw startRefused(entity, variableError.issues);
  const key = options.idempotencyKey;
  // Key order follows Harness's own documented payloads, so logged inputs read the same.
  const input: StartExecutionInput = {
    applicationId,
    ...(options.notes !== undefined || key !== undefined ? { notes: options.notes ?? '' } : {}),
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
  if (key !== undefined) input.notes = notesWithKey(options.notes, key, startFingerprint(startInputsParts(input, options.notes)));
  return { input, entity, executionInputs };
}


/** The values without the named ones, read safely; undefined when they are not a readable plain object. */
function valuesWithout(values: unknown, faulty: ReadonlySet<string | undefined>): VariableValues | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  try {
    const prototype: unknown = Object.getPrototypeOf(values);
    if (prototype !== Object.prototype && prototype !== null) return undefined;
    return Object.fromEntries(Object.entries(values).filter(([name]) => !faulty.has(name))) as VariableValues;
  } catch {
    return undefined;
  }
}
