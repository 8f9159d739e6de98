#!/usr/bin/env node
/**
 * harness-exec: the command-line entry point. Wires the process (argv, env, streams, signals, files)
 * into runCli and exits with its code. Crashes are printed without the API key.
 */
import { readFileSync } from 'node:fs';
import { runCli, type CliIo } from './run.js';
import type { InterruptSignal } from './context.js';
import { createRedactor } from './format.js';
import { secretsOfRun } from './secrets.js';
import { EXIT } from './exit-codes.js';

/**
 * A writer that drops its text once the reader is gone (`| head`, a closed CI log pipe): output
 * that nobody reads must not change the outcome of the work, so EPIPE and the like are ignored and
 * the command goes on to the exit code it earned.
 */
function quietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let gone = false;
  stream.on('error', () => {
    gone = true;
  });
  return (text) => {
    if (gone || stream.destroyed || !stream.writable) return;
    try {
      stream.write(text);
    } catch {
      gone = true;
    }
  };
}

const writeOut = quietWriter(process.stdout);
const writeErr = quietWriter(process.stderr);
const redact = createRedactor(secretsOfRun(process.env, process.argv.slice(2), (path) => readFileSync(path, 'utf8')));
const debug = process.argv.includes('--debug');

/** Exits once what was written has been handed to the streams (or after 2 s at most). */
function exitWith(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', done);
  }
  setTimeout(() => process.exit(code), 2000).unref();
}

function crash(error: unknown): void {
  const text = debug && error instanceof Error && error.stack ? error.stack : error instanceof Error ? error.message : String(error);
  writeErr(redact(`error: unexpected failure: ${text}\n`));
  exitWith(EXIT.API);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const io: CliIo = {
  argv: process.argv.slice(2),
  env: process.env,
  stdout: { write: writeOut },
  stderr: {
    write: writeErr,
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  },
  readText: (path) => readFileSync(path, 'utf8'),
  onInterrupt(handler) {
    const onSigint = (): void => handler('SIGINT' satisfies InterruptSignal);
    const onSigterm = (): void => handler('SIGTERM' satisfies InterruptSignal);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
    return () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    };
  },
};

void runCli(io).then(exitWith, crash);
