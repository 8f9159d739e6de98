#!/usr/bin/env node
/**
 * harness-exec: the command-line entry point. Wires the process (argv, env, streams, signals, files)
 * into runCli and exits with its code. Crashes are printed without the API key.
 */
import { readFileSync } from 'node:fs';
import { runCli, type CliIo } from './commands.js';
import { createRedactor } from './format.js';
import { EXIT } from './exit-codes.js';

const redact = createRedactor([process.env.HARNESS_API_KEY]);
const debug = process.argv.includes('--debug');

function crash(error: unknown): never {
  const text = debug && error instanceof Error && error.stack ? error.stack : error instanceof Error ? error.message : String(error);
  process.stderr.write(redact(`error: unexpected failure: ${text}\n`));
  process.exit(EXIT.API);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const io: CliIo = {
  argv: process.argv.slice(2),
  env: process.env,
  stdout: { write: (text) => void process.stdout.write(text) },
  stderr: {
    write: (text) => void process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns,
  },
  readText: (path) => readFileSync(path, 'utf8'),
  onInterrupt(handler) {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

void runCli(io).then((code) => {
  process.exitCode = code;
  // Exit once output is flushed; if a stray handle keeps the loop alive, do not hang a CI job.
  setTimeout(() => process.exit(code), 2000).unref();
}, crash);
