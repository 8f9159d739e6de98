/**
 * What harness-exec knows when SIGINT or SIGTERM arrives: whether the command's action (a start, a
 * resume, an approval, ...) may have reached Harness, the idempotency key to rerun with, and the
 * command to check with. Commands record their progress in a {@link StartTracker}; the words are
 * built by {@link describeInterrupt}, a pure function.
 */
import { shellQuote } from './format.js';
import type { InterruptSignal } from './context.js';

/** Exit code of a signal, as shells report it: 128 + the signal's number. */
export function exitCodeForSignal(signal: InterruptSignal): 130 | 143 {
  return signal === 'SIGINT' ? 130 : 143;
}

/** What a command is about to do in Harness. */
export interface PlannedAction {
  /** The GraphQL operation (or REST route name) that does it, such as `StartExecution`. */
  operation: string;
  /** `start`, `resume`, `continue`, `approve`, `reject` or `abort`: the verb in messages ("the request to start ..."). */
  verb: string;
  /** What it acts on, such as `pipeline "Guestbook Pipeline"` or `execution Xj3k...`. */
  target: string;
  /** Set when the action may create an execution: how to look for it. */
  createsExecution: boolean;
  /** With --idempotency-key. */
  idempotencyKey?: string | undefined;
  /** The execution acted on, when it exists before the action. */
  executionId?: string | undefined;
  /** True when the client reports its requests (the real client); otherwise a call in flight counts as sent. */
  observed: boolean;
}

/** Where a command is. */
export type Phase = 'preparing' | 'sending' | 'done' | 'waiting';

/** Records what a command did, for {@link describeInterrupt}. */
export class StartTracker {
  phase: Phase = 'preparing';
  action: PlannedAction | undefined;
  /** Set once the action's request has left (or may have left). */
  sent = false;
  /** The execution the action created or acted on, once known. */
  executionId: string | undefined;
  url: string | null = null;

  /** The command is about to call the SDK function that sends `action`. */
  begin(action: PlannedAction): void {
    this.action = action;
    this.executionId = action.executionId;
    this.phase = 'sending';
    if (!action.observed) this.sent = true;
  }

  /** Called for every request the client sends. */
  requestSent(operation: string): void {
    if (this.action !== undefined && operation === this.action.operation) this.sent = true;
  }

  /** The action is done; `executionId` is the execution it created or acted on. */
  done(executionId: string, url: string | null): void {
    this.phase = 'done';
    this.executionId = executionId;
    this.url = url;
  }

  waiting(executionId: string, url: string | null): void {
    this.phase = 'waiting';
    this.executionId = executionId;
    this.url = url;
  }
}

/** What is printed on an interrupt. */
export interface InterruptReport {
  signal: InterruptSignal;
  exitCode: number;
  phase: 'preparing' | 'sending' | 'done';
  /** Whether the action may have reached Harness. */
  mayHaveReachedHarness: boolean;
  executionId: string | null;
  idempotencyKey: string | null;
  /** Sentences, the first one saying what happened. */
  lines: string[];
}

/**
 * Pure: what to do when the action may or may not have reached Harness (an interrupt while it was
 * sent, or an unknown outcome): rerun with the key, or look before running again.
 */
export function howToCheck(action: PlannedAction, tracker: StartTracker): string[] {
  const lines: string[] = [];
  if (action.createsExecution && action.idempotencyKey !== undefined) {
    lines.push(`  Run the same command again with --idempotency-key ${shellQuote(action.idempotencyKey)}: it finds that execution instead of starting another.`);
  } else if (action.createsExecution) {
    lines.push(
      `  Before running it again, look at the recent executions of ${action.target} in Harness (Continuous Deployment > Deployments).`,
      '  Next time pass --idempotency-key KEY: a rerun with the same key then never starts a second execution.',
    );
  }
  if (tracker.executionId !== undefined) lines.push(`  Check with: harness-exec status ${shellQuote(tracker.executionId)}`);
  return lines;
}

/** Pure: the report for an interrupt of `command` in the state `tracker` records. */
export function describeInterrupt(command: string, signal: InterruptSignal, tracker: StartTracker): InterruptReport {
  const { action } = tracker;
  const head = `Interrupted (${signal})`;
  const key = action?.idempotencyKey;
  const base = { signal, exitCode: exitCodeForSignal(signal), idempotencyKey: key ?? null };
  const id = tracker.executionId;
  if ((tracker.phase === 'done' || tracker.phase === 'waiting') && id !== undefined) {
    const after = action === undefined ? '' : ` after the request to ${action.verb} ${action.target} was answered`;
    return {
      ...base,
      phase: 'done',
      mayHaveReachedHarness: action !== undefined,
      executionId: id,
      lines: [
        `${head}${after}: execution ${id} goes on in Harness${tracker.url === null ? '' : `: ${tracker.url}`}.`,
        `  Check with: harness-exec status ${shellQuote(id)}`,
      ],
    };
  }
  if (action === undefined || !tracker.sent) {
    const what = action === undefined ? `${command} was still reading the arguments and looking things up` : `${command} was still looking up and checking the inputs of ${action.target}`;
    return {
      ...base,
      phase: 'preparing',
      mayHaveReachedHarness: false,
      executionId: id ?? null,
      lines: [`${head}: ${what}; nothing was ${action === undefined ? 'changed' : `sent to ${action.verb} it`} in Harness.`],
    };
  }
  const lines = [
    `${head} while sending the request to ${action.verb} ${action.target}: it may have reached Harness${action.createsExecution ? ', and an execution may be running' : ''}.`,
    ...howToCheck(action, tracker),
  ];
  return { ...base, phase: 'sending', mayHaveReachedHarness: true, executionId: id ?? null, lines };
}

/** The report as the one JSON object printed on stdout with --json. */
export function interruptJson(report: InterruptReport): Record<string, unknown> {
  return {
    error: {
      name: 'Interrupted',
      code: 'INTERRUPTED',
      message: report.lines.map((line) => line.trim()).join(' '),
      signal: report.signal,
      phase: report.phase,
      mayHaveReachedHarness: report.mayHaveReachedHarness,
      executionId: report.executionId,
      idempotencyKey: report.idempotencyKey,
    },
    exitCode: report.exitCode,
  };
}
