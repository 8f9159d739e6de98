/**
 * Option declarations shared by several commands, and readers of parsed option values. Pure.
 */
import { WAIT_DEFAULTS } from '../waiter.js';

/** How util.parseArgs reads one option. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Parsed option values by option name (without the leading --). */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  'account-id': { type: 'string' },
  endpoint: { type: 'string' },
  'api-key-file': { type: 'string' },
  'bearer-token-file': { type: 'string' },
  // Declared only so that its value is consumed (and never echoed) before it is refused.
  'api-key': { type: 'string' },
};

export const APP_OPTIONS: OptionSpecs = { app: { type: 'string' }, 'app-id': { type: 'string' } };

export const WAIT_OPTIONS: OptionSpecs = { wait: { type: 'boolean' }, timeout: { type: 'string' }, 'abort-on-interrupt': { type: 'boolean' } };

export const VARIABLE_OPTIONS: OptionSpecs = {
  var: { type: 'string', multiple: true },
  'vars-file': { type: 'string' },
};

export const ARTIFACT_OPTIONS: OptionSpecs = {
  artifact: { type: 'string', multiple: true },
  'artifact-param': { type: 'string', multiple: true },
};

/** Options of start-pipeline and start-workflow. */
export const START_OPTIONS: OptionSpecs = {
  ...APP_OPTIONS,
  ...VARIABLE_OPTIONS,
  'allow-unknown-variables': { type: 'boolean' },
  ...WAIT_OPTIONS,
  ...ARTIFACT_OPTIONS,
  manifest: { type: 'string', multiple: true },
  notes: { type: 'string' },
  'idempotency-key': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'exclude-hosts-with-same-artifact': { type: 'boolean' },
};

/** A string option, or undefined. */
export function str(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option (empty when absent). */
export function list(values: OptionValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

/** A boolean flag. */
export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/**
 * The shortest --timeout accepted: a wait sends its first poll at once, and a round trip to Harness
 * can take about a second, so a shorter wait could only ever time out.
 */
export const MIN_TIMEOUT_MS = 1000;

/** The longest --timeout accepted: Node's timers cannot count further (about 24.8 days). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The --timeout of --wait when none is given: the SDK's default wait. */
export const DEFAULT_WAIT_MS = WAIT_DEFAULTS.timeoutMs;

/**
 * Parses a --timeout value: seconds, or a number with an `s`, `m` or `h` suffix. Returns ms, or a
 * problem sentence for a value that is not a number or is too small or too large to wait with.
 */
export function parseTimeout(text: string): { ms: number } | { problem: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/iu.exec(text);
  const amount = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (match === null || !Number.isFinite(amount) || amount <= 0) {
    return { problem: `--timeout ${JSON.stringify(text)} is not a positive number of seconds (for example 1800, 90s, 30m or 2h).` };
  }
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000;
  const ms = Math.round(amount * factor);
  if (ms < MIN_TIMEOUT_MS) {
    return { problem: `--timeout ${JSON.stringify(text)} is too short to wait: one status check alone can take that long. Give at least ${String(MIN_TIMEOUT_MS / 1000)} s.` };
  }
  if (ms > MAX_TIMEOUT_MS) {
    return { problem: `--timeout ${JSON.stringify(text)} is too long: at most ${String(Math.floor(MAX_TIMEOUT_MS / 3_600_000))}h (about 24 days).` };
  }
  return { ms };
}

/**
 * Checks that exactly one of a name flag and an id flag is given, pushing a problem otherwise.
 * Returns the pair as SDK options.
 */
export function pickNameOrId(
  values: OptionValues,
  problems: string[],
  nameFlag: string,
  idFlag: string,
  what: string,
): { name?: string; id?: string } {
  const name = str(values, nameFlag);
  const id = str(values, idFlag);
  if (name !== undefined && id !== undefined) {
    problems.push(`Give --${nameFlag} or --${idFlag}, not both.`);
  } else if (name === undefined && id === undefined) {
    problems.push(`Name the ${what} with --${nameFlag} NAME (or --${idFlag} ID).`);
  } else if ((name ?? id ?? '').trim() === '') {
    problems.push(`--${name === undefined ? idFlag : nameFlag} is empty.`);
  }
  return { ...(name === undefined ? {} : { name }), ...(id === undefined ? {} : { id }) };
}
