/**
 * runCli: reads the command line, runs the command from the registry and turns what happened
 * (a result, a usage problem, an SDK error, SIGINT/SIGTERM) into output and an exit code.
 */
import { isHarnessUnknownOutcomeError } from '../errors.js';
import { SDK_VERSION } from '../version.js';
import { parseCommandLine } from './args.js';
import type { CommandModule } from './command.js';
import { findCommand } from './commands/index.js';
import { UsageError, type CliIo, type Context, type InterruptSignal } from './context.js';
import { EXIT, exitCodeForError } from './exit-codes.js';
import { createRedactor, errorJson, formatError, formatUsageProblems } from './format.js';
import { secretsOfRun } from './secrets.js';
import { helpText } from './help.js';
import { describeInterrupt, howToCheck, interruptJson, StartTracker } from './interrupt.js';

export type { CliClient, CliIo } from './context.js';

/** Runs harness-exec; resolves with the exit code. Never throws. */
export async function runCli(io: CliIo): Promise<number> {
  const redact = createRedactor(secretsOfRun(io.env, io.argv, io.readText));
  // Once an interrupt has been reported, a command still finishing in the background stays silent.
  let muted = false;
  const out = (text: string): void => {
    if (!muted) io.stdout.write(redact(`${text}\n`));
  };
  const err = (text: string): void => {
    if (!muted) io.stderr.write(redact(`${text}\n`));
  };
  const rawErr = (text: string): void => {
    if (!muted) io.stderr.write(redact(text));
  };
  const parsed = parseCommandLine(io.argv);
  switch (parsed.kind) {
    case 'help':
      out(helpText(parsed.command).trimEnd());
      return EXIT.SUCCESS;
    case 'version':
      out(SDK_VERSION);
      return EXIT.SUCCESS;
    case 'raw': {
      const command = findCommand(parsed.command);
      return command?.runRaw === undefined ? EXIT.USAGE : command.runRaw(parsed.argv, { io, err });
    }
    case 'usage-error':
      if (parsed.json) out(JSON.stringify({ error: { code: 'USAGE', problems: parsed.problems }, exitCode: EXIT.USAGE }));
      err(formatUsageProblems(parsed.problems, parsed.command));
      return EXIT.USAGE;
    case 'command':
      break;
  }
  const command = findCommand(parsed.command);
  if (command?.run === undefined) return EXIT.USAGE;
  const controller = new AbortController();
  const ctx: Context = {
    io,
    command: parsed.command,
    values: parsed.values,
    positionals: parsed.positionals,
    problems: [...parsed.problems],
    json: parsed.json,
    debug: parsed.debug,
    out,
    err,
    rawErr,
    now: io.now ?? Date.now,
    signal: controller.signal,
    interruptedBy: undefined,
    tracker: new StartTracker(),
    cleanups: [],
  };
  let reportInterrupt: (code: number) => void = () => undefined;
  const interrupted = new Promise<number>((resolve) => {
    reportInterrupt = resolve;
  });
  let deferredReport = false;
  const onSignal = (signal: InterruptSignal): void => {
    const first = ctx.interruptedBy === undefined;
    ctx.interruptedBy ??= signal;
    controller.abort();
    // A wait reports the interrupt itself (where the execution is); a second signal does not wait for it.
    if (first && ctx.tracker.phase === 'waiting') return;
    // --abort-on-interrupt: a start or resume in flight is let finish, so that its execution, once
    // known, is aborted by the wait that follows.
    if (first && abortsOnInterrupt(ctx) && (ctx.tracker.phase === 'sending' || ctx.tracker.phase === 'done')) {
      err('Interrupted: waiting for Harness to answer, then aborting the execution (--abort-on-interrupt). Interrupt again to leave without aborting.');
      deferredReport = true;
      return;
    }
    const report = describeInterrupt(ctx.command, ctx.interruptedBy, ctx.tracker);
    if (first || deferredReport || ctx.tracker.phase === 'waiting') {
      if (ctx.json) out(JSON.stringify(interruptJson(report)));
      err(report.lines.join('\n'));
    }
    muted = true;
    reportInterrupt(report.exitCode);
  };
  const unsubscribe = io.onInterrupt(onSignal);
  try {
    return await Promise.race([runCommand(command, ctx), interrupted]);
  } finally {
    unsubscribe();
    await runCleanups(ctx.cleanups);
  }
}

/** How long closing (a Redis connection) may delay the exit. */
const CLEANUP_TIMEOUT_MS = 2000;

async function runCleanups(cleanups: ReadonlyArray<() => Promise<void>>): Promise<void> {
  if (cleanups.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLEANUP_TIMEOUT_MS);
    timer.unref();
  });
  await Promise.race([Promise.allSettled(cleanups.map((cleanup) => cleanup())), late]);
  clearTimeout(timer);
}

async function runCommand(command: CommandModule, ctx: Context): Promise<number> {
  try {
    if (command.run === undefined) return EXIT.USAGE;
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      if (ctx.json) ctx.out(JSON.stringify({ error: { code: 'USAGE', problems: error.problems }, exitCode: EXIT.USAGE }));
      ctx.err(formatUsageProblems(error.problems, ctx.command));
      return EXIT.USAGE;
    }
    const code = exitCodeForError(error);
    const action = ctx.tracker.action;
    // An unknown outcome of a start: say how to find out before anyone runs it again.
    const hints = isHarnessUnknownOutcomeError(error) && action !== undefined ? howToCheck(action, ctx.tracker) : [];
    if (ctx.json) {
      const body = errorJson(error, code);
      ctx.out(JSON.stringify(hints.length === 0 ? body : { ...body, hint: hints.map((line) => line.trim()).join(' ') }));
    }
    ctx.err([formatError(error, ctx.debug), ...hints].join('\n'));
    return code;
  }
}

function abortsOnInterrupt(ctx: Context): boolean {
  return ctx.values['abort-on-interrupt'] === true && ctx.values.wait === true;
}

