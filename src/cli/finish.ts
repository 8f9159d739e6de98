/**
 * The end every execution command shares: wait for the execution when --wait asks (progress on
 * stderr), print it (a summary or one JSON object on stdout) and choose the exit code.
 */
import { isHarnessExecutionFailedError, isHarnessWaitTimeoutError } from '../errors.js';
import { isTerminalStatus } from '../statuses.js';
import type { ExecutionSummary, StartedExecution } from '../types.js';
import { describeProgress } from '../waiter.js';
import type { CliClient, Context, WaitRequest } from './context.js';
import { EXIT, exitCodeForStatus } from './exit-codes.js';
import { formatExecution, shellQuote, toExecutionJson } from './format.js';
import { exitCodeForSignal } from './interrupt.js';
import { ProgressReporter } from './progress.js';
import { abortAfterInterrupt, abortOutcomeJson, describeAbortOutcome, type AbortOutcome } from './abort-on-interrupt.js';

type WaitOutcome =
  | { kind: 'ended'; execution: ExecutionSummary }
  | { kind: 'timeout'; execution: ExecutionSummary | undefined }
  | { kind: 'interrupted'; execution: ExecutionSummary | undefined };

export function pollDelayOverride(env: Readonly<Record<string, string | undefined>>): { minDelayMs?: number; maxDelayMs?: number } {
  // Testing knob (for example against the fake server); Harness accounts should keep the defaults.
  const raw = env.HARNESS_EXEC_POLL_INTERVAL_MS;
  const ms = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? { minDelayMs: ms, maxDelayMs: ms } : {};
}

async function waitFor(ctx: Context, client: CliClient, first: ExecutionSummary, timeoutMs: number): Promise<WaitOutcome> {
  const reporter = new ProgressReporter({ write: ctx.rawErr, isTTY: ctx.io.stderr.isTTY, columns: ctx.io.stderr.columns }, ctx.now);
  let last: ExecutionSummary = first;
  ctx.tracker.waiting(first.id, first.url);
  try {
    const execution = await client.awaitExecution(first.id, {
      timeoutMs,
      signal: ctx.signal,
      ...pollDelayOverride(ctx.io.env),
      onPoll: (event) => {
        last = event.execution;
        reporter.update({ status: event.status ?? 'PREPARING', detail: describeProgress(event.execution, event.waitingFor), elapsedMs: event.elapsedMs });
      },
    });
    return { kind: 'ended', execution };
  } catch (error) {
    if (ctx.signal.aborted) return { kind: 'interrupted', execution: last };
    if (isHarnessExecutionFailedError(error)) return { kind: 'ended', execution: error.execution };
    if (isHarnessWaitTimeoutError(error)) return { kind: 'timeout', execution: error.lastExecution ?? last };
    throw error;
  } finally {
    reporter.stop();
  }
}

function abortHint(execution: ExecutionSummary): string {
  const app = execution.applicationId === null ? '--app <name>' : `--app-id ${shellQuote(execution.applicationId)}`;
  return `harness-exec abort ${shellQuote(execution.id)} ${app}`;
}

/** The exit code of a command that did not wait: 0, unless the execution already failed (status). */
export type ExitWhenNotWaiting = (execution: ExecutionSummary) => number;

/** Waits (when asked) and prints the result of an execution; returns the exit code. */
export async function finish(
  ctx: Context,
  client: CliClient,
  execution: ExecutionSummary | StartedExecution,
  wait: WaitRequest,
  exitWhenNotWaiting: ExitWhenNotWaiting = () => EXIT.SUCCESS,
  extraJson: Readonly<Record<string, unknown>> = {},
): Promise<number> {
  const warningMessage = 'warningMessage' in execution ? execution.warningMessage : null;
  if (!wait.wait || isTerminalStatus(execution.status)) {
    ctx.out(ctx.json ? JSON.stringify({ ...toExecutionJson(execution, { warningMessage }), ...extraJson }) : formatExecution(execution));
    return wait.wait ? exitCodeForStatus(execution.status) : exitWhenNotWaiting(execution);
  }
  const started = ctx.now();
  const outcome = await waitFor(ctx, client, execution, wait.timeoutMs);
  const elapsedMs = ctx.now() - started;
  const final = outcome.execution ?? execution;
  const url = final.url ?? execution.url ?? 'the Harness UI';
  let abortOutcome: AbortOutcome | undefined;
  const hints = `  Wait again with: harness-exec status ${shellQuote(final.id)} --wait\n  Stop it with:    ${abortHint(final)}`;
  if (outcome.kind === 'timeout') {
    ctx.err(
      `Timed out after ${String(Math.round(elapsedMs / 1000))} s waiting for execution ${final.id} (${final.status ?? 'PREPARING'}). ` +
        `It keeps running in Harness: ${url}\n${hints}`,
    );
  } else if (outcome.kind === 'interrupted' && wait.abortOnInterrupt) {
    abortOutcome = await abortAfterInterrupt(client, { ...final, applicationId: final.applicationId ?? execution.applicationId });
    ctx.err(describeAbortOutcome({ ...final, url: final.url ?? execution.url, applicationId: final.applicationId ?? execution.applicationId }, abortOutcome));
  } else if (outcome.kind === 'interrupted') {
    ctx.err(`Interrupted: stopped waiting for execution ${final.id} (${final.status ?? 'PREPARING'}). It keeps running in Harness: ${url}\n${hints}`);
  }
  const waitEnded = outcome.kind === 'ended' ? undefined : outcome.kind;
  const reused = 'reused' in execution && typeof execution.reused === 'boolean' ? { reused: execution.reused } : {};
  ctx.out(
    ctx.json
      ? JSON.stringify({
          ...toExecutionJson({ ...final, ...reused }, { warningMessage, elapsedMs, ...(waitEnded === undefined ? {} : { waitEnded }) }),
          ...(abortOutcome === undefined ? {} : { abortOnInterrupt: abortOutcomeJson(abortOutcome) }),
          ...extraJson,
        })
      : formatExecution({ ...final, ...(warningMessage === null ? {} : { warningMessage }) }, { elapsedMs }),
  );
  if (outcome.kind === 'timeout') return EXIT.WAIT_TIMEOUT;
  if (outcome.kind === 'interrupted') return exitCodeForSignal(ctx.interruptedBy ?? 'SIGINT');
  return exitCodeForStatus(final.status);
}
