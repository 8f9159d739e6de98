/**
 * `harness-exec generate`: writes the account's types, or with `--check` compares a written file with
 * the account (exit 1 on drift). The process comes in through {@link GenerateIo}; errors of the SDK
 * (unknown application, bad key, network) are thrown for the CLI's shared error handling.
 */
import { parseArgs } from 'node:util';
import { readFile, writeFile } from 'node:fs/promises';
import { HarnessClient } from '../client.js';
import { optionsFromEnv, type HarnessClientOptions } from '../config.js';
import type { DriftItem } from './diff.js';
import { checkAccountTypes, generateAccountTypes, type GeneratedAccountTypes } from './generate.js';
import type { AccountModel, SkippedItem } from './model.js';
import { createRequestCounter, type AccountReader, type RequestCounter } from './read.js';
import { generateCommand } from './render.js';

/** Where `generate` writes when `--out` is not given. */
export const DEFAULT_OUT_FILE = 'harness-types.ts';

/** Exit codes of `generate` itself; SDK errors are thrown and mapped by the CLI. */
export const GENERATE_EXIT = {
  /** Written, or the file matches the account. */
  SUCCESS: 0,
  /** `--check`: the account no longer matches the file. */
  DRIFT: 1,
  /** Bad arguments, or a file to check that cannot be read. */
  USAGE: 2,
} as const;

export const GENERATE_HELP = `Usage: harness-exec generate --app NAME [--app NAME]... [--out FILE] [--check] [--json]

Writes one TypeScript module with the pipelines, workflows and variables of the named applications.
Once it is part of your compilation (imported once, or included by tsconfig), every HarnessClient
checks names and variables against it: a misspelt pipeline or variable no longer compiles.

Options:
  --app NAME    An application to type (repeat for several). Required.
  --out FILE    The module to write or check. Default: ${DEFAULT_OUT_FILE}.
  --check       Write nothing; exit 1 and list the differences when the account no longer
                matches FILE, 0 when it does (a CI gate for stale types).
  --json        Print the result as JSON on stdout.

Reading costs one request per application, one per 100 pipelines or workflows, and one per pipeline
or workflow whose services are knowable; the client keeps within the account's budget. Services that
depend on the value of an Environment, Service or Infrastructure definition variable are skipped and
listed. For names created after generation, use client.untyped.
`;

/** The world `generate` runs in. */
export interface GenerateIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  /** Reads a file as UTF-8. @default node:fs */
  readText?: ((path: string) => Promise<string>) | undefined;
  /** Writes a file as UTF-8. @default node:fs */
  writeText?: ((path: string, text: string) => Promise<void>) | undefined;
  /** Builds the client from options that carry the request-counting hooks. @default `new HarnessClient(options)` */
  createClient?: ((options: HarnessClientOptions) => AccountReader) | undefined;
}

/** The parsed command line of `generate`. */
export interface GenerateArgs {
  applications: string[];
  out: string;
  check: boolean;
  json: boolean;
  help: boolean;
}

/** Parses `generate`'s arguments; answers the problems instead when they are wrong. */
export function parseGenerateArgs(argv: readonly string[]): { args: GenerateArgs } | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        app: { type: 'string', multiple: true },
        out: { type: 'string' },
        check: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const applications = (values.app ?? []).map((name) => name.trim());
  const problems: string[] = [];
  if (values.help !== true) {
    if (applications.length === 0) problems.push('generate needs at least one --app NAME.');
    if (applications.some((name) => name === '')) problems.push('--app needs a non-empty application name.');
    if (values.out !== undefined && values.out.trim() === '') problems.push('--out needs a file name.');
  }
  if (problems.length > 0) return { problems };
  return {
    args: {
      applications,
      out: values.out ?? DEFAULT_OUT_FILE,
      check: values.check === true,
      json: values.json === true,
      help: values.help === true,
    },
  };
}

function counts(model: AccountModel): { applications: number; pipelines: number; workflows: number } {
  const apps = Object.values(model.applications);
  return {
    applications: apps.length,
    pipelines: apps.reduce((sum, app) => sum + Object.keys(app.pipelines).length, 0),
    workflows: apps.reduce((sum, app) => sum + Object.keys(app.workflows).length, 0),
  };
}

function plural(count: number, noun: string): string {
  return `${String(count)} ${noun}${count === 1 ? '' : 's'}`;
}

function formatSkipped(skipped: readonly SkippedItem[]): string {
  if (skipped.length === 0) return '';
  return `Skipped (typed loosely, checked at run time):\n${skipped.map((entry) => `  - ${entry.item}: ${entry.reason}\n`).join('')}`;
}

function spent(result: GeneratedAccountTypes): string {
  return plural(result.requests ?? 0, 'request');
}

function skippedJson(skipped: readonly SkippedItem[]): SkippedItem[] {
  return skipped.map((entry) => ({ item: entry.item, reason: entry.reason }));
}

function driftJson(drift: readonly DriftItem[]): DriftItem[] {
  return drift.map((item) => ({ ...item }));
}

/** Runs `harness-exec generate` with the arguments after the command name; answers the exit code. */
export async function runGenerate(argv: readonly string[], io: GenerateIo): Promise<number> {
  const parsed = parseGenerateArgs(argv);
  if ('problems' in parsed) {
    io.stderr.write(`${parsed.problems.map((problem) => `error: ${problem}\n`).join('')}Run harness-exec generate --help for usage.\n`);
    return GENERATE_EXIT.USAGE;
  }
  const { args } = parsed;
  if (args.help) {
    io.stdout.write(GENERATE_HELP);
    return GENERATE_EXIT.SUCCESS;
  }
  const counter = createRequestCounter();
  const options: HarnessClientOptions = { ...optionsFromEnv(io.env), hooks: counter.hooks };
  const client = (io.createClient ?? ((clientOptions: HarnessClientOptions) => new HarnessClient(clientOptions)))(options);
  return generateWith(args, io, client, counter);
}

/**
 * Writes or checks the types with a client built by the caller (harness-exec builds it from its own
 * credentials options); `counter` must count that client's requests. Answers the exit code.
 */
export async function generateWith(
  args: GenerateArgs,
  io: GenerateIo,
  client: AccountReader,
  counter: RequestCounter,
  signal?: AbortSignal,
): Promise<number> {
  const command = generateCommand(args.applications, args.out === DEFAULT_OUT_FILE ? undefined : args.out);
  if (args.check) return check(args, io, client, counter, command, signal);

  const result = await generateAccountTypes(client, { applications: args.applications, counter, command, ...(signal === undefined ? {} : { signal }) });
  await (io.writeText ?? ((path: string, text: string) => writeFile(path, text, 'utf8')))(args.out, result.source);
  const total = counts(result.model);
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ file: args.out, ...total, requests: result.requests ?? 0, skipped: skippedJson(result.skipped) }, null, 2)}\n`);
  } else {
    io.stdout.write(
      `Wrote ${args.out}: ${plural(total.applications, 'application')}, ${plural(total.pipelines, 'pipeline')}, ` +
        `${plural(total.workflows, 'workflow')} (${spent(result)}).\n${formatSkipped(result.skipped)}`,
    );
  }
  return GENERATE_EXIT.SUCCESS;
}

async function check(
  args: GenerateArgs,
  io: GenerateIo,
  client: AccountReader,
  counter: RequestCounter,
  command: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  const read = io.readText ?? ((path: string) => readFile(path, 'utf8'));
  let text: string;
  try {
    text = await read(args.out);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    io.stderr.write(`error: cannot read ${args.out} (${why}). Run \`${command}\` to write it.\n`);
    return GENERATE_EXIT.USAGE;
  }
  const result = await checkAccountTypes(client, {
    file: args.out,
    applications: args.applications,
    counter,
    command,
    readText: () => Promise.resolve(text),
    ...(signal === undefined ? {} : { signal }),
  });
  if (args.json) {
    const json = {
      file: args.out,
      upToDate: result.upToDate,
      drift: driftJson(result.drift),
      summary: result.summary,
      requests: result.requests ?? 0,
      skipped: skippedJson(result.skipped),
    };
    io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (result.upToDate) {
    io.stdout.write(`${args.out} matches the account (${spent(result)}).\n`);
  } else {
    io.stdout.write(`${args.out} no longer matches the account (${spent(result)}):\n${result.summary}\nRun \`${command}\` to refresh it.\n`);
  }
  return result.upToDate ? GENERATE_EXIT.SUCCESS : GENERATE_EXIT.DRIFT;
}
