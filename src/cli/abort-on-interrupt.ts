/**
 * --abort-on-interrupt: when a CI job is cancelled (SIGINT/SIGTERM) while harness-exec waits, the
 * execution it started or follows is aborted in Harness too, so the cancel reaches the deployment.
 */
import { isHarnessError } from '../errors.js';
import type { ExecutionSummary } from '../types.js';
import type { CliClient } from './context.js';
import { cliWording, shellQuote } from './format.js';

/**
 * How long the abort request may take. The process is ending (a CI runner sends SIGKILL some
 * seconds after SIGTERM), so this is short; a second signal ends harness-exec at once anyway.
 */
export const ABORT_ON_INTERRUPT_TIMEOUT_MS = 10_000;

/** What became of the abort. */
export type AbortOutcome = { aborted: true } | { aborted: false; reason: string };

/** Sends the abort of `execution`; never throws. */
export async function abortAfterInterrupt(client: Pick<CliClient, 'abortExecution'>, execution: ExecutionSummary): Promise<AbortOutcome> {
  if (execution.applicationId === null) return { aborted: false, reason: 'Harness did not say which application the execution belongs to' };
  try {
    await client.abortExecution({ applicationId: execution.applicationId, executionId: execution.id, timeoutMs: ABORT_ON_INTERRUPT_TIMEOUT_MS });
    return { aborted: true };
  } catch (error) {
    const message = isHarnessError(error) ? cliWording(error.message) : error instanceof Error ? error.message : String(error);
    return { aborted: false, reason: message };
  }
}

/** The lines printed on stderr about the abort. */
export function describeAbortOutcome(execution: ExecutionSummary, outcome: AbortOutcome): string {
  const url = execution.url ?? 'the Harness UI';
  if (outcome.aborted) {
    return `Interrupted: aborted execution ${execution.id} in Harness (--abort-on-interrupt); it was ${execution.status ?? 'PREPARING'}. See ${url}`;
  }
  const app = execution.applicationId === null ? '--app <name>' : `--app-id ${shellQuote(execution.applicationId)}`;
  return (
    `Interrupted, but the abort of execution ${execution.id} failed: ${outcome.reason}\n` +
    `It may keep running in Harness: ${url}\n` +
    `  Abort it by hand with: harness-exec abort ${shellQuote(execution.id)} ${app}\n` +
    `  (or with the Abort button on its page in Harness)`
  );
}

/** The `abortOnInterrupt` field of the --json object. */
export function abortOutcomeJson(outcome: AbortOutcome): Record<string, unknown> {
  return outcome.aborted ? { aborted: true } : { aborted: false, error: outcome.reason };
}
