/**
 * Argument parsing: Node's util.parseArgs in non-strict token mode, checked by hand so that every
 * problem is reported at once (unknown options with a "did you mean", missing values, flags given
 * twice) instead of the first one only. Pure apart from the file reader passed in.
 */
import { parseArgs } from 'node:util';
import { suggestClosest } from '../inputs/did-you-mean.js';

export type CommandName =
  | 'start-pipeline'
  | 'start-workflow'
  | 'status'
  | 'inputs'
  | 'resume'
  | 'continue'
  | 'runtime-inputs'
  | 'approve'
  | 'reject'
  | 'abort'
  | 'fake-harness';

export const COMMANDS: readonly CommandName[] = [
  'start-pipeline',
  'start-workflow',
  'status',
  'inputs',
  'resume',
  'continue',
  'runtime-inputs',
  'approve',
  'reject',
  'abort',
  'fake-harness',
];

interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

type OptionSpecs = Record<string, OptionSpec>;

/** Options every command accepts. */
const COMMON: OptionSpecs = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  'account-id': { type: 'string' },
  endpoint: { type: 'string' },
  'api-key-file': { type: 'string' },
  // Declared only so that its value is consumed (and never echoed) before it is refused.
  'api-key': { type: 'string' },
};

const APP: OptionSpecs = { app: { type: 'string' }, 'app-id': { type: 'string' } };

const WAIT: OptionSpecs = { wait: { type: 'boolean' }, timeout: { type: 'string' } };

const VARIABLES: OptionSpecs = {
  var: { type: 'string', multiple: true },
  'vars-file': { type: 'string' },
  'allow-unknown-variables': { type: 'boolean' },
};

const ARTIFACTS: OptionSpecs = {
  artifact: { type: 'string', multiple: true },
  'artifact-param': { type: 'string', multiple: true },
};

const START: OptionSpecs = {
  ...APP,
  ...VARIABLES,
  ...WAIT,
  ...ARTIFACTS,
  manifest: { type: 'string', multiple: true },
  notes: { type: 'string' },
  'idempotency-key': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'exclude-hosts-with-same-artifact': { type: 'boolean' },
};

export const COMMAND_OPTIONS: Readonly<Record<Exclude<CommandName, 'fake-harness'>, OptionSpecs>> = {
  'start-pipeline': {
    ...START,
    pipeline: { type: 'string' },
    'pipeline-id': { type: 'string' },
    'runtime-input': { type: 'string', multiple: true },
    'continue-with-defaults': { type: 'boolean' },
  },
  'start-workflow': {
    ...START,
    workflow: { type: 'string' },
    'workflow-id': { type: 'string' },
    host: { type: 'string', multiple: true },
  },
  status: { ...WAIT },
  inputs: {
    ...APP,
    ...VARIABLES,
    pipeline: { type: 'string' },
    'pipeline-id': { type: 'string' },
    workflow: { type: 'string' },
    'workflow-id': { type: 'string' },
    'runtime-input': { type: 'string', multiple: true },
  },
  resume: { ...APP, ...WAIT, stage: { type: 'string' } },
  continue: {
    ...APP,
    ...WAIT,
    ...ARTIFACTS,
    var: { type: 'string', multiple: true },
    'vars-file': { type: 'string' },
    'stage-id': { type: 'string' },
  },
  'runtime-inputs': {
    ...APP,
    var: { type: 'string', multiple: true },
    'vars-file': { type: 'string' },
    'stage-id': { type: 'string' },
  },
  approve: { ...APP, comment: { type: 'string' }, 'approval-id': { type: 'string' }, 'approval-var': { type: 'string', multiple: true } },
  reject: { ...APP, comment: { type: 'string' }, 'approval-id': { type: 'string' }, 'approval-var': { type: 'string', multiple: true } },
  abort: { ...APP },
};

/** How many positionals each command takes, and what they are called in messages. */
const POSITIONALS: Readonly<Record<Exclude<CommandName, 'fake-harness'>, readonly string[]>> = {
  'start-pipeline': [],
  'start-workflow': [],
  status: ['executionId'],
  inputs: [],
  resume: ['executionId'],
  continue: ['executionId'],
  'runtime-inputs': ['executionId'],
  approve: ['executionId'],
  reject: ['executionId'],
  abort: ['executionId'],
};

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** The outcome of reading the command line. */
export type ParsedCommandLine =
  | { kind: 'help'; command: CommandName | undefined }
  | { kind: 'version' }
  | { kind: 'fake-harness'; argv: string[] }
  | { kind: 'command'; command: Exclude<CommandName, 'fake-harness'>; positionals: string[]; values: OptionValues; problems: string[]; debug: boolean; json: boolean }
  | { kind: 'usage-error'; command: CommandName | undefined; problems: string[]; debug: boolean; json: boolean };

/**
 * Options of one command mistaken for another's, with what to write instead: resume names a stage
 * by its name, continue and runtime-inputs by its element id (as Harness's API does).
 */
const MIX_UPS: Readonly<Partial<Record<CommandName, Readonly<Record<string, string>>>>> = {
  resume: { 'stage-id': 'resume names the stage by its name, not its id: --stage NAME (such as --stage "Stage 2").' },
  continue: { stage: 'continue names the stage by its element id: --stage-id ID (runtime-inputs prints it), or leave it out to use the one paused stage.' },
  'runtime-inputs': { stage: 'runtime-inputs names the stage by its element id: --stage-id ID, or leave it out to use the one paused stage.' },
};

const API_KEY_REFUSAL =
  '--api-key is not accepted: a key on the command line ends up in shell history, process listings and CI logs. ' +
  'Set HARNESS_API_KEY in the environment (for example from a Jenkins credential or a GitHub secret), or pass --api-key-file FILE.';

/** Reads argv (without node and the script path). */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? argv[1] : undefined;
    return { kind: 'help', command: COMMANDS.find((c) => c === topic) };
  }
  if (first === '--version' || first === '-V' || first === 'version') return { kind: 'version' };
  const command = COMMANDS.find((c) => c === first);
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  if (command === undefined) {
    const suggestion = first.startsWith('-') ? undefined : suggestClosest(first, COMMANDS);
    const problem = first.startsWith('-')
      ? `Put the command first, for example: harness-exec start-pipeline ${first} ... (commands: ${COMMANDS.join(', ')}).`
      : `Unknown command ${JSON.stringify(first)}.${suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`} Commands: ${COMMANDS.join(', ')}.`;
    return { kind: 'usage-error', command: undefined, problems: [problem], debug, json };
  }
  const rest = argv.slice(1);
  if (command === 'fake-harness') {
    if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command };
    return { kind: 'fake-harness', argv: [...rest] };
  }
  const specs: OptionSpecs = { ...COMMON, ...COMMAND_OPTIONS[command] };
  const { tokens } = parseArgs({ args: [...rest], options: specs, strict: false, allowPositionals: true, tokens: true });
  const values: OptionValues = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  const known = Object.keys(specs).filter((name) => name !== 'api-key');
  // The index of the argument right after an unknown option: most likely that option's value.
  let unknownValueIndex = -1;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (token.index !== unknownValueIndex) positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') continue;
    const spec = specs[token.name];
    if (token.name === 'api-key') {
      if (!problems.includes(API_KEY_REFUSAL)) problems.push(API_KEY_REFUSAL);
      continue;
    }
    if (spec === undefined) {
      if (token.value === undefined) unknownValueIndex = token.index + 1;
      const mixUp = MIX_UPS[command]?.[token.name];
      const suggestion = suggestClosest(token.name, known);
      problems.push(
        `${command} has no option ${token.rawName}.${mixUp === undefined ? (suggestion === undefined ? '' : ` Did you mean --${suggestion}?`) : ` ${mixUp}`} See harness-exec ${command} --help.`,
      );
      continue;
    }
    if (spec.type === 'boolean') {
      if (token.value !== undefined) problems.push(`--${token.name} takes no value (got ${JSON.stringify(token.value)}).`);
      else values[token.name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      problems.push(`--${token.name} needs a value${value === undefined ? '' : ` (write --${token.name}=VALUE for a value that starts with -)`}.`);
      continue;
    }
    if (spec.multiple) {
      const list = values[token.name];
      values[token.name] = Array.isArray(list) ? [...list, value] : [value];
    } else if (values[token.name] !== undefined) {
      problems.push(`--${token.name} is given more than once.`);
    } else {
      values[token.name] = value;
    }
  }
  if (values.help === true) return { kind: 'help', command };
  const expected = POSITIONALS[command];
  if (positionals.length > expected.length) {
    const extra = positionals.slice(expected.length).map((p) => JSON.stringify(p.length > 40 ? `${p.slice(0, 40)}…` : p));
    problems.push(
      expected.length === 0
        ? `${command} takes no positional arguments; got ${extra.join(', ')}. Options start with --.`
        : `${command} takes one ${expected.join(' ')}; unexpected ${extra.join(', ')}.`,
    );
  }
  for (let index = positionals.length; index < expected.length; index += 1) {
    problems.push(`${command} needs ${expected[index] ?? 'an argument'}: harness-exec ${command} <${expected[index] ?? 'argument'}> ...`);
  }
  return { kind: 'command', command, positionals, values, problems, debug, json };
}

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
 * Parses a --timeout value: seconds, or a number with an `s`, `m` or `h` suffix. Returns ms, or a
 * problem sentence.
 */
export function parseTimeout(text: string): { ms: number } | { problem: string } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/iu.exec(text);
  const amount = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (match === null || !Number.isFinite(amount) || amount <= 0) {
    return { problem: `--timeout ${JSON.stringify(text)} is not a positive number of seconds (for example 1800, 90s, 30m or 2h).` };
  }
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000;
  return { ms: Math.round(amount * factor) };
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
