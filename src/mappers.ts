/**
 * Pure conversions from generated response shapes to the SDK's public types. They read defensively:
 * Harness may add enum values or omit fields, and a response of the wrong shape must yield a clear
 * error or a null field, never a TypeError deep inside a caller's await.
 */
import { HarnessServerError } from './errors.js';
import type {
  ExecutionFieldsFragment,
  ServiceInputFieldsFragment,
  StageExecutionFieldsFragment,
  VariableFieldsFragment,
} from './generated/graphql.js';
import type {
  DeclaredVariable,
  ExecutionKind,
  ExecutionStatus,
  ExecutionSummary,
  ServiceNeedingInput,
  StageExecution,
} from './types.js';
import { num, str } from './internal/loose-json.js';

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((item) => item !== null && item !== undefined) as T[]) : [];
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A declared variable with Harness's nullable fields made definite (null flags read as false). */
export function toDeclaredVariable(raw: VariableFieldsFragment): DeclaredVariable {
  const r = record(raw) ?? {};
  return {
    name: str(r.name) ?? '',
    type: str(r.type) ?? 'Text',
    required: r.required === true,
    allowedValues: list<unknown>(r.allowedValues).filter((v): v is string => typeof v === 'string'),
    defaultValue: str(r.defaultValue),
    fixed: r.fixed === true,
    allowMultipleValues: r.allowMultipleValues === true,
  };
}

export function toDeclaredVariables(raw: unknown): DeclaredVariable[] {
  return list<VariableFieldsFragment>(raw)
    .map(toDeclaredVariable)
    .filter((v) => v.name !== '');
}

export function toServiceNeedingInput(raw: ServiceInputFieldsFragment): ServiceNeedingInput | undefined {
  const r = record(raw);
  const name = str(r?.name);
  if (!r || name === null) return undefined;
  return {
    id: str(r.id) ?? '',
    name,
    artifactType: str(r.artifactType),
    deploymentType: str(r.deploymentType),
    artifactSources: list<Record<string, unknown>>(r.artifactSources)
      .map((source) => ({ id: str(source.id) ?? '', name: str(source.name) ?? '' }))
      .filter((source) => source.name !== ''),
  };
}

export function toServicesNeedingInput(raw: unknown): ServiceNeedingInput[] {
  return list<ServiceInputFieldsFragment>(raw)
    .map(toServiceNeedingInput)
    .filter((s): s is ServiceNeedingInput => s !== undefined);
}

function status(value: unknown): ExecutionStatus | null {
  // Statuses Harness may add later pass through as strings; the waiter treats unknown ones as running.
  return typeof value === 'string' ? (value as ExecutionStatus) : null;
}

export function toStageExecution(raw: StageExecutionFieldsFragment): StageExecution {
  const r = record(raw) ?? {};
  const typename = str(r.__typename);
  return {
    name: str(r.pipelineStageName),
    elementId: str(r.pipelineStageElementId),
    stepName: str(r.pipelineStepName),
    type: typename === 'ApprovalStageExecution' ? 'APPROVAL' : typename === 'WorkflowStageExecution' ? 'WORKFLOW' : 'OTHER',
    status: status(r.status),
    workflowExecutionId: str(r.workflowExecutionId),
    approvalStepType: str(r.approvalStepType),
    runtimeInputVariables: toDeclaredVariables(r.runtimeInputVariables),
  };
}

/** Converts an execution, or throws {@link HarnessServerError} when the answer is not an execution. */
export function toExecutionSummary(raw: ExecutionFieldsFragment | Readonly<Record<string, unknown>> | null | undefined, operation: string): ExecutionSummary {
  const r = record(raw);
  const id = str(r?.id);
  if (!r || id === null) {
    throw new HarnessServerError(
      `Harness answered ${operation} with data that is not an execution (no id). This looks like an API change or a proxy problem.`,
      '',
      { operation },
    );
  }
  const kind: ExecutionKind = r.__typename === 'PipelineExecution' || 'pipeline' in r ? 'PIPELINE' : 'WORKFLOW';
  const entity = record(kind === 'PIPELINE' ? r.pipeline : r.workflow);
  return {
    id,
    kind,
    status: status(r.status),
    url: str(r.executionUrl),
    applicationId: str(record(r.application)?.id),
    entity: entity ? { id: str(entity.id), name: str(entity.name) } : null,
    createdAt: num(r.createdAt),
    startedAt: num(r.startedAt),
    endedAt: num(r.endedAt),
    notes: str(r.notes),
    failureDetails: str(r.failureDetails),
    stages: list<StageExecutionFieldsFragment>(r.pipelineStageExecutions).map(toStageExecution),
  };
}
