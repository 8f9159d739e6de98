/**
 * Resuming a failed pipeline from a stage (the resumeExecution mutation), the rules of what may be
 * resumed, and aborting an execution (Harness has no GraphQL abort: its REST route
 * `PUT /executions/{id}` is used through the same transport).
 */
import type { ExecutionRef } from './approvals.js';
import { requireStrings } from './internal/options.js';
import { HarnessUnknownOutcomeError } from './errors.js';
import { ResumeExecutionDocument } from './generated/graphql.js';
import { toExecutionSummary } from './mappers.js';
import type { CallOptions, Transport } from './transport.js';
import { isResumableStatus } from './statuses.js';
import type { ExecutionSummary, StageExecution } from './types.js';

/** Options of resumePipeline. */
export interface ResumePipelineOptions extends ExecutionRef, CallOptions {
  /** Name of the stage to run again from, such as `Stage 2` (`StageExecution.name`). */
  stageName: string;
}

/** Options of abortExecution. */
export interface AbortExecutionOptions extends ExecutionRef, CallOptions {}

/** Why an execution cannot be resumed from a stage; `null` when it can. */
export type ResumeProblem =
  | { reason: 'not-a-pipeline'; message: string }
  | { reason: 'unknown-stage'; message: string; stageNames: readonly string[] }
  | { reason: 'stage-never-started'; message: string; stage: StageExecution; stagesThatRan: readonly StageExecution[] }
  | { reason: 'not-resumable'; message: string };

/** `"Stage 2" (Deploy to qa)`: a stage's name, and its step's name when that says more. */
export function stageLabel(stage: StageExecution): string {
  return stage.stepName && stage.stepName !== stage.name ? `"${stage.name ?? '?'}" (${stage.stepName})` : `"${stage.name ?? stage.stepName ?? '?'}"`;
}

/**
 * Pure: whether Harness would resume `execution` from the stage named `stageName`, checked in the
 * order a user fixes them: a pipeline execution, a stage of that name, a stage that ran, and a
 * FAILED, ABORTED, REJECTED, EXPIRED or ERROR execution. Returns the problem, or `null`.
 */
export function resumeProblem(execution: ExecutionSummary, stageName: string): ResumeProblem | null {
  const id = execution.id;
  if (execution.kind !== 'PIPELINE') {
    return { reason: 'not-a-pipeline', message: `Execution ${id} is a workflow execution; only pipeline executions can be resumed.` };
  }
  const stage = execution.stages.find((s) => s.name === stageName);
  if (stage === undefined) {
    return {
      reason: 'unknown-stage',
      message: `Execution ${id} has no stage ${JSON.stringify(stageName)}.`,
      stageNames: execution.stages.map((s) => s.name).filter((n): n is string => n !== null),
    };
  }
  if (stage.status === null) {
    const stagesThatRan = execution.stages.filter((s) => s.status !== null);
    return {
      reason: 'stage-never-started',
      message: `Stage ${stageLabel(stage)} of execution ${id} never started; resume from a stage that ran: ${stagesThatRan.map(stageLabel).join(', ') || 'none'}.`,
      stage,
      stagesThatRan,
    };
  }
  if (!isResumableStatus(execution.status)) {
    return {
      reason: 'not-resumable',
      message: `Execution ${id} is ${execution.status ?? 'PREPARING'}; only a FAILED, ABORTED, REJECTED, EXPIRED or ERROR pipeline execution can be resumed.`,
    };
  }
  return null;
}

/**
 * Runs a finished, unsuccessful pipeline execution (FAILED, ABORTED, REJECTED, EXPIRED, ERROR) again
 * from a stage. Harness creates a new execution; the old one stays as it was.
 * @returns the new execution (a new id)
 */
export async function resumePipeline(transport: Transport, options: ResumePipelineOptions): Promise<ExecutionSummary> {
  requireStrings('resumePipeline', options as unknown as Record<string, unknown>, ['applicationId', 'executionId', 'stageName']);
  const data = await transport.request(
    ResumeExecutionDocument,
    { input: { applicationId: options.applicationId, pipelineExecutionId: options.executionId, pipelineStageName: options.stageName } },
    { signal: options.signal, timeoutMs: options.timeoutMs, notFoundLookup: options.executionId },
  );
  const execution = data?.resumeExecution?.execution;
  if (!execution) {
    throw new HarnessUnknownOutcomeError(
      `Harness answered resumePipeline for execution ${options.executionId} without a new execution and without an error. ` +
        "A new execution may or may not have started: list the pipeline's recent executions before resuming again.",
      undefined,
      { operation: 'ResumeExecution' },
    );
  }
  const summary = toExecutionSummary(execution, 'ResumeExecution');
  return { ...summary, applicationId: summary.applicationId ?? options.applicationId };
}

/**
 * Asks Harness to abort every running part of an execution (`ABORT_ALL`). The abort is
 * asynchronous: the status reads ABORTED shortly after; awaitExecution then throws
 * HarnessExecutionFailedError.
 */
export async function abortExecution(transport: Transport, options: AbortExecutionOptions): Promise<void> {
  requireStrings('abortExecution', options as unknown as Record<string, unknown>, ['applicationId', 'executionId']);
  await transport.rest(
    'PUT',
    `/executions/${encodeURIComponent(options.executionId)}`,
    { appId: options.applicationId },
    { executionInterruptType: 'ABORT_ALL' },
    { operation: 'AbortExecution', isMutation: true, signal: options.signal, timeoutMs: options.timeoutMs },
  );
}
