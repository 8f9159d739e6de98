/**
 * `harness-exec status ID ID ...`: several executions in one process. Each id is read (and with
 * --wait, waited for) on its own, concurrently, on one client, so the client can share its polls
 * among them; the exit code is the worst of the executions' own codes.
 */
import { isHarnessExecutionFailedError, isHarnessWaitTimeoutError } from '../errors.js';
import { isTerminalStatus } from '../statuses.js';
import type { ExecutionSummary } from '../types.js';
import { abortAfterInterrupt, abortOutcomeJson, type AbortOutcome } from './abort-on-interrupt.js';
import type { CliClient, Context, WaitRequest } from './context.js';
import { EXIT, exitCodeForError, exitCodeForStatus } from './exit-codes.js';
import { errorJson, formatError, shellQuote, toExecutionJson } from './format.js';
import { exitCodeForSignal } from './interrupt.js';
import { pollDelayOverride } from './finish.js';

/** What became of one execution. */
export type ExecutionOutcome =
  | { id: string; kind: 'read'; execution: ExecutionSummary; code: number; waitEnded?: 'timeout' | 'interrupted'; abort?: AbortOutcome }
  | { id: string; kind: 'error'; error: unknown; code: number };

/**
 * The exit codes of several executions, worst first: one could not be read (unknown outcome, other
 * API error, authentication, unknown id), then one ended unsuccessfully, then one still running at
 * --timeout, then success.
 */
export const EXIT_SEVERITY: readonly number[] = [EXIT.UNKNOWN_OUTCOME, EXIT.API, EXIT.AUTH, EXIT.USAGE, EXIT.EXECUTION_FAILED, EXIT.WAIT_TIMEOUT, EXIT.SUCCESS];

/** The worst of several exit codes, by {@link EXIT_SEVERITY}. Pure. */
export function worstExitCode(codes: readonly number[]): number {
  let worst: number = EXIT.SUCCESS;
  for (const code of codes) {
    const rank = EXIT_SEVERITY.indexOf(code);
    if (rank !== -1 && rank < EXIT_SEVERITY.indexOf(worst)) worst = code;
  }
  return worst;
}

type FirstRead = { id: string; execution: ExecutionSummary } | { id: string; error: unknown };

async function readOne(ctx: Context, api: CliClient, id: string): Promise<FirstRead> {
  try {
    return { id, execution: await api.getExecution(id, { signal: ctx.signal }) };
  } catch (error) {
    return { id, error };
  }
}

function ended(execution: ExecutionSummary, wait: WaitRequest): ExecutionOutcome {
  const running = !isTerminalStatus(execution.status);
  // Without --wait a running execution is fine so far; with it, only SUCCESS is.
  const code = running && !wait.wait ? EXIT.SUCCESS : exitCodeForStatus(execution.status);
  return { id: execution.id, kind: 'read', execution, code };
}

async function waitForOne(ctx: Context, api: CliClient, first: ExecutionSummary, wait: WaitRequest): Promise<ExecutionOutcome> {
  const id = first.id;
  let last = first;
  let shown = first.status;
  try {
    const execution = await api.awaitExecution(id, {
      timeoutMs: wait.timeoutMs,
      signal: ctx.signal,
      ...pollDelayOverride(ctx.io.env),
      onPoll: (event) => {
        last = event.execution;
        if (event.status !== shown) ctx.err(`${id}: ${event.status ?? 'PREPARING'}`);
        shown = event.status;
      },
    });
    return ended(execution, wait);
  } catch (error) {
    if (ctx.signal.aborted) {
      const abort = wait.abortOnInterrupt && !isTerminalStatus(last.status) ? await abortAfterInterrupt(api, last) : undefined;
      return { id, kind: 'read', execution: last, code: exitCodeForSignal(ctx.interruptedBy ?? 'SIGINT'), waitEnded: 'interrupted', ...(abort === undefined ? {} : { abort }) };
    }
    if (isHarnessExecutionFailedError(error)) return ended(error.execution, wait);
    if (isHarnessWaitTimeoutError(error)) return { id, kind: 'read', execution: error.lastExecution ?? last, code: EXIT.WAIT_TIMEOUT, waitEnded: 'timeout' };
    return { id, kind: 'error', error, code: exitCodeForError(error) };
  }
}

function line(outcome: ExecutionOutcome): string {
  if (outcome.kind === 'error') return `${outcome.id}  ${formatError(outcome.error, false).replace(/^error: /u, 'error: ')}`;
  const { execution } = outcome;
  const name = execution.entity?.name === undefined ? '' : `  ${execution.kind === 'PIPELINE' ? 'pipeline' : 'workflow'} ${JSON.stringify(execution.entity.name)}`;
  const ended = outcome.waitEnded === 'timeout' ? '  (still running at --timeout)' : outcome.waitEnded === 'interrupted' ? '  (wait interrupted)' : '';
  const abort = outcome.abort === undefined ? '' : outcome.abort.aborted ? '  aborted (--abort-on-interrupt)' : `  abort failed: ${outcome.abort.reason}`;
  return `${execution.id}  ${execution.status ?? 'PREPARING'}${name}${ended}${abort}${execution.url ? `  ${execution.url}` : ''}`;
}

function json(outcome: ExecutionOutcome): Record<string, unknown> {
  if (outcome.kind === 'error') return { executionId: outcome.id, ...errorJson(outcome.error, outcome.code) };
  return {
    ...toExecutionJson(outcome.execution, outcome.waitEnded === undefined ? {} : { waitEnded: outcome.waitEnded }),
    ...(outcome.abort === undefined ? {} : { abortOnInterrupt: abortOutcomeJson(outcome.abort) }),
    exitCode: outcome.code,
  };
}

/** Reads or waits for every id; prints one line each (or one JSON array) and answers the worst exit code. */
export async function statusOfMany(ctx: Context, api: CliClient, ids: readonly string[], wait: WaitRequest): Promise<number> {
  const unique = [...new Set(ids)];
  const reads = await Promise.all(unique.map((id) => readOne(ctx, api, id)));
  const toWait = reads.filter((read): read is { id: string; execution: ExecutionSummary } => 'execution' in read && wait.wait && !isTerminalStatus(read.execution.status));
  if (toWait.length > 0) {
    // An interrupt is then reported by the waits (where each execution is), as for a single wait.
    ctx.tracker.phase = 'waiting';
    ctx.err(`Waiting for ${toWait.map((read) => read.id).join(', ')}.`);
  }
  const outcomes = await Promise.all(
    reads.map((read): ExecutionOutcome | Promise<ExecutionOutcome> => {
      if ('error' in read) return { id: read.id, kind: 'error', error: read.error, code: exitCodeForError(read.error) };
      return toWait.includes(read) ? waitForOne(ctx, api, read.execution, wait) : ended(read.execution, wait);
    }),
  );
  if (ctx.json) ctx.out(JSON.stringify(outcomes.map(json)));
  else ctx.out(outcomes.map(line).join('\n'));
  const failedAborts = outcomes.filter((o) => o.kind === 'read' && o.abort !== undefined && !o.abort.aborted);
  for (const outcome of failedAborts) {
    if (outcome.kind !== 'read') continue;
    const app = outcome.execution.applicationId === null ? '--app <name>' : `--app-id ${shellQuote(outcome.execution.applicationId)}`;
    ctx.err(`The abort of ${outcome.id} failed; it may keep running. Abort it by hand with: harness-exec abort ${shellQuote(outcome.id)} ${app}`);
  }
  if (ctx.signal.aborted) return exitCodeForSignal(ctx.interruptedBy ?? 'SIGINT');
  return worstExitCode(outcomes.map((o) => o.code));
}
