/**
 * Resuming a failed pipeline from a stage (resumeExecution, facts §6.3) and aborting an execution
 * (Harness has no GraphQL abort; the REST route of facts §6.5 is used through the same transport).
 */
import type { ExecutionRef } from './approvals.js';
import { requireStrings } from './internal/options.js';
import { HarnessUnknownOutcomeError } from './errors.js';
import { ResumeExecutionDocument } from './generated/graphql.js';
import { toExecutionSummary } from './mappers.js';
import type { CallOptions, Transport } from './transport.js';
import type { ExecutionSummary } from './types.js';

/** Options of resumePipeline. */
export interface ResumePipelineOptions extends ExecutionRef, CallOptions {
  /** Name of the stage to run again from, such as `Stage 2` (`StageExecution.name`). */
  stageName: string;
}

/** Options of abortExecution. */
export interface AbortExecutionOptions extends ExecutionRef, CallOptions {}

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
