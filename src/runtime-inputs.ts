/**
 * Pipeline stages paused for runtime inputs: which stage that is, what it asks for, and continuing it.
 * Inputs are checked locally like a start: the stage's `runtimeInputVariables` are the declared
 * variables, and only those may be given; artifacts are checked against the services Harness says
 * the stage needs.
 */
import { requireStrings } from './internal/options.js';
import { HarnessUnknownOutcomeError, HarnessValidationError } from './errors.js';
import { ExecutionDocument, PipelineResumeRuntimeDocument, RuntimeInputsToResumePipelineDocument } from './generated/graphql.js';
import { buildServiceInputs, buildVariableInputs } from './inputs/index.js';
import { toExecutionSummary, toServicesNeedingInput } from './mappers.js';
import type { CallOptions, Transport } from './transport.js';
import type { ArtifactChoices, DeclaredVariable, ExecutionSummary, ServiceNeedingInput, StageExecution, VariableInput, VariableValues } from './types.js';

/** Which paused stage, and the values for it. */
export interface RuntimeInputsOptions extends CallOptions {
  applicationId: string;
  /** The pipeline execution. */
  executionId: string;
  /** `StageExecution.elementId` of the paused stage. */
  stageElementId: string;
  /**
   * Values of the stage's runtime input variables, by name (a string, `{ id }`, `{ name }` or a
   * string array, as for a start). Only variables the stage marks runtime may be given.
   * @default {}
   */
  variables?: VariableValues | undefined;
}

/** Options of continuePipeline. */
export interface ContinuePipelineOptions extends RuntimeInputsOptions {
  /**
   * Artifact per service name, for services the stage needs one for (see getRuntimeInputs).
   * @default {}
   */
  artifacts?: ArtifactChoices | undefined;
}

/** What a stage paused for runtime inputs asks for. */
export interface RuntimeInputsInfo {
  stage: StageExecution;
  /** The variables the stage waits for (required ones must be given to continue). */
  variables: readonly DeclaredVariable[];
  /** Services the stage needs an artifact for, given the variable values passed. */
  servicesNeedingArtifacts: readonly ServiceNeedingInput[];
}

/** Pure: whether a stage is paused waiting for runtime inputs (and can be continued). */
export function isPausedForRuntimeInputs(stage: StageExecution): boolean {
  return stage.status === 'PAUSED' && stage.runtimeInputVariables.length > 0 && stage.elementId !== null;
}

/** The outcome of {@link pickPausedStage}. */
export type PausedStageChoice =
  | { kind: 'found'; stage: StageExecution }
  | { kind: 'not-a-pipeline' }
  | { kind: 'not-paused'; stageElementId: string }
  | { kind: 'none-paused' }
  | { kind: 'several-paused'; candidates: readonly StageExecution[] };

/**
 * Pure: the stage of `execution` paused for runtime inputs. With a `stageElementId`, that stage if
 * it is paused for them; without, the only such stage. Several are not guessed between.
 */
export function pickPausedStage(execution: ExecutionSummary, stageElementId?: string): PausedStageChoice {
  if (execution.kind !== 'PIPELINE') return { kind: 'not-a-pipeline' };
  if (stageElementId !== undefined) {
    const stage = execution.stages.find((s) => s.elementId === stageElementId && isPausedForRuntimeInputs(s));
    return stage === undefined ? { kind: 'not-paused', stageElementId } : { kind: 'found', stage };
  }
  const candidates = execution.stages.filter(isPausedForRuntimeInputs);
  const [only] = candidates;
  if (only === undefined) return { kind: 'none-paused' };
  return candidates.length === 1 ? { kind: 'found', stage: only } : { kind: 'several-paused', candidates };
}

/** Reads the execution and finds the stage; checks it is paused and declares runtime inputs. */
async function pausedStage(transport: Transport, operation: string, options: RuntimeInputsOptions): Promise<StageExecution> {
  requireStrings(operation, options as unknown as Record<string, unknown>, ['applicationId', 'executionId', 'stageElementId']);
  const data = await transport.request(
    ExecutionDocument,
    { executionId: options.executionId },
    { signal: options.signal, timeoutMs: options.timeoutMs, notFoundLookup: options.executionId },
  );
  const execution = toExecutionSummary(data?.execution, 'Execution');
  if (execution.kind !== 'PIPELINE') {
    throw new HarnessValidationError([
      { code: 'invalid_option', variable: 'executionId', message: `Execution ${execution.id} is a workflow execution; runtime inputs exist only for pipeline stages.` },
    ]);
  }
  const stage = execution.stages.find((s) => s.elementId === options.stageElementId);
  if (!stage) {
    const known = execution.stages.map((s) => `${s.elementId ?? '?'} (${s.name ?? s.stepName ?? 'unnamed'})`).join(', ');
    throw new HarnessValidationError([
      {
        code: 'invalid_option',
        variable: 'stageElementId',
        message: `Execution ${execution.id} has no stage ${options.stageElementId}. Its stages are: ${known || 'none'}.`,
      },
    ]);
  }
  if (!isPausedForRuntimeInputs(stage)) {
    throw new HarnessValidationError([
      {
        code: 'invalid_option',
        variable: 'stageElementId',
        message:
          `Stage ${stage.name ?? stage.elementId ?? ''} of execution ${execution.id} is ${stage.status ?? 'not started'}, not paused for runtime inputs. ` +
          'Wait until awaitExecution reports waitingFor "runtime-inputs".',
      },
    ]);
  }
  return stage;
}

function variableInputsFor(stage: StageExecution, values: VariableValues | undefined): VariableInput[] {
  return buildVariableInputs(stage.runtimeInputVariables, values ?? {}, {
    kind: 'PIPELINE',
    allowUnknown: false,
    entityName: `stage ${stage.name ?? stage.elementId ?? ''}`.trim(),
  });
}

async function servicesFor(transport: Transport, options: RuntimeInputsOptions, variableInputs: VariableInput[]): Promise<ServiceNeedingInput[]> {
  const data = await transport.request(
    RuntimeInputsToResumePipelineDocument,
    {
      applicationId: options.applicationId,
      pipelineExecutionId: options.executionId,
      pipelineStageElementId: options.stageElementId,
      variableInputs,
    },
    { signal: options.signal, timeoutMs: options.timeoutMs },
  );
  return toServicesNeedingInput(data?.runtimeExecutionInputsToResumePipeline?.serviceInputs);
}

/**
 * What a stage paused for runtime inputs asks for: its runtime variables and, given `variables`,
 * the services that need an artifact. Costs two requests.
 */
export async function getRuntimeInputs(transport: Transport, options: RuntimeInputsOptions): Promise<RuntimeInputsInfo> {
  const stage = await pausedStage(transport, 'getRuntimeInputs', options);
  const variableInputs = variableInputsFor(stage, options.variables);
  const servicesNeedingArtifacts = await servicesFor(transport, options, variableInputs);
  return { stage, variables: stage.runtimeInputVariables, servicesNeedingArtifacts };
}

/**
 * Continues a stage paused for runtime inputs, after checking the values locally (nothing is sent
 * when anything is wrong). Costs three requests: the execution, the services needed, the mutation.
 * @throws {HarnessValidationError} listing every problem with the variables or artifacts
 */
export async function continuePipeline(transport: Transport, options: ContinuePipelineOptions): Promise<void> {
  const stage = await pausedStage(transport, 'continuePipeline', options);
  const variableInputs = variableInputsFor(stage, options.variables);
  const servicesNeedingArtifacts = await servicesFor(transport, options, variableInputs);
  const serviceInputs = buildServiceInputs({ servicesNeedingArtifacts, servicesNeedingManifests: [] }, options.artifacts ?? {}, {});
  const data = await transport.request(
    PipelineResumeRuntimeDocument,
    {
      input: {
        applicationId: options.applicationId,
        pipelineExecutionId: options.executionId,
        pipelineStageElementId: options.stageElementId,
        // Harness fails with a generic error on a null list: always send a list.
        variableInputs,
        ...(serviceInputs.length > 0 ? { serviceInputs } : {}),
      },
    },
    { signal: options.signal, timeoutMs: options.timeoutMs, notFoundLookup: options.executionId },
  );
  if (data?.pipelineResumeRuntime?.status !== true) {
    throw new HarnessUnknownOutcomeError(
      `Harness answered continuePipeline for stage ${options.stageElementId} of execution ${options.executionId} without success and without an error. ` +
        'Read the execution (getExecution) to see whether the stage is still paused before continuing again.',
      undefined,
      { operation: 'PipelineResumeRuntime' },
    );
  }
}
