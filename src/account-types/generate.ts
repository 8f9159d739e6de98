/**
 * The SDK's entry points for build scripts: write the account's types, and check a written file
 * against the account (a CI drift gate).
 */
import { readFile } from 'node:fs/promises';
import { diffAccountModels, formatDrift, type DriftItem } from './diff.js';
import type { AccountModel, SkippedItem } from './model.js';
import { readAccountModel, type AccountReader, type RequestCounter } from './read.js';
import { compareCodePoints, generateCommand, parseAccountTypes, renderAccountTypes } from './render.js';

/** Options of {@link generateAccountTypes}. */
export interface GenerateAccountTypesOptions {
  /** Exact names of the applications to type. */
  applications: readonly string[];
  /**
   * Counts the requests spent; give the same counter's `hooks` to the client when building it.
   * @default none (`requests` is then `undefined`)
   */
  counter?: RequestCounter | undefined;
  /**
   * The command line the file's banner names as the way to regenerate it.
   * @default `harness-exec generate --app <each application>`
   */
  command?: string | undefined;
  /** Cancels the reading. @default none */
  signal?: AbortSignal | undefined;
}

/** What {@link generateAccountTypes} answers. */
export interface GeneratedAccountTypes {
  /** The module text to write (for example to `harness-types.ts`). */
  source: string;
  /** The model the text embeds. */
  model: AccountModel;
  /** Requests sent while reading, when a counter was given. */
  requests: number | undefined;
  /** What was left out of the types, and why. */
  skipped: SkippedItem[];
}

/**
 * Reads the named applications and renders their types: pipelines and workflows with their declared
 * variables, and the services a start must give an artifact or manifest for where that does not
 * depend on variable values.
 * @example
 * ```ts
 * const counter = createRequestCounter();
 * const client = HarnessClient.fromEnv(process.env, { hooks: counter.hooks });
 * const { source, requests, skipped } = await generateAccountTypes(client, { applications: ['Harness Demo'], counter });
 * await writeFile('harness-types.ts', source);
 * ```
 * @throws {HarnessNotFoundError} when an application does not exist
 */
export async function generateAccountTypes(client: AccountReader, options: GenerateAccountTypesOptions): Promise<GeneratedAccountTypes> {
  const before = options.counter?.requests ?? 0;
  const { model, skipped } = await readAccountModel(client, { applications: options.applications, signal: options.signal });
  const command = options.command ?? generateCommand([...new Set(options.applications)].sort(compareCodePoints));
  return {
    source: renderAccountTypes(model, { command }),
    model,
    requests: options.counter === undefined ? undefined : options.counter.requests - before,
    skipped,
  };
}

/** Options of {@link checkAccountTypes}. */
export interface CheckAccountTypesOptions extends Omit<GenerateAccountTypesOptions, 'applications'> {
  /** Path of the generated file to check. */
  file: string;
  /**
   * The applications to read.
   * @default the applications the file holds
   */
  applications?: readonly string[] | undefined;
  /**
   * Reads the file.
   * @default node:fs `readFile` as UTF-8
   */
  readText?: ((path: string) => Promise<string>) | undefined;
}

/** What {@link checkAccountTypes} answers. */
export interface AccountTypesCheck extends GeneratedAccountTypes {
  /** Whether the file is exactly what generation writes now. */
  upToDate: boolean;
  /** The differences from the file to the account, in a stable order. */
  drift: DriftItem[];
  /** One line per difference (`+ added`, `- removed`, `~ changed`), or a line saying why the texts differ. */
  summary: string;
}

/**
 * Regenerates the types and compares them with a generated file: a CI gate for types gone stale.
 * @throws when the file cannot be read, or does not hold a generated model and no applications are given
 */
export async function checkAccountTypes(client: AccountReader, options: CheckAccountTypesOptions): Promise<AccountTypesCheck> {
  const text = await (options.readText ?? ((path: string) => readFile(path, 'utf8')))(options.file);
  const previous = parseAccountTypes(text);
  const applications = options.applications ?? (previous === undefined ? undefined : Object.keys(previous.applications));
  if (applications === undefined) {
    throw new Error(`${options.file} is not a file written by harness-exec generate; name the applications to check it against.`);
  }
  const fresh = await generateAccountTypes(client, { ...options, applications });
  const drift = previous === undefined ? [] : diffAccountModels(previous, fresh.model);
  const upToDate = fresh.source === text;
  let summary = formatDrift(drift);
  if (!upToDate && drift.length === 0) {
    summary =
      previous === undefined
        ? `~ ${options.file}: not a file written by harness-exec generate (its model cannot be read)`
        : `~ ${options.file}: same account, but the text differs from what generation writes (edited by hand, or written by another command line or version)`;
  }
  return { ...fresh, upToDate, drift, summary };
}
