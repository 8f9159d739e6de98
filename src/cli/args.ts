/**
 * Argument parsing: Node's util.parseArgs in non-strict token mode, checked by hand so that every
 * problem is reported at once (unknown options with a "did you mean", missing values, flags given
 * twice) instead of the first one only. The commands, their options and positionals come from the
 * registry. Pure.
 */
import { parseArgs } from 'node:util';
import { suggestClosest } from '../inputs/did-you-mean.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { COMMON_OPTIONS, type OptionSpecs, type OptionValues } from './options.js';

/** The outcome of reading the command line. */
export type ParsedCommandLine =
  | { kind: 'help'; command: string | undefined }
  | { kind: 'version' }
  | { kind: 'raw'; command: string; argv: string[] }
  | { kind: 'command'; command: string; positionals: string[]; values: OptionValues; problems: string[]; debug: boolean; json: boolean }
  | { kind: 'usage-error'; command: string | undefined; problems: string[]; debug: boolean; json: boolean };

const API_KEY_REFUSAL =
  '--api-key is not accepted: a key on the command line ends up in shell history, process listings and CI logs. ' +
  'Set HARNESS_API_KEY in the environment (for example from a Jenkins credential or a GitHub secret), or pass --api-key-file FILE.';

/** Reads argv (without node and the script path). */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? argv[1] : undefined;
    return { kind: 'help', command: findCommand(topic)?.name };
  }
  if (first === '--version' || first === '-V' || first === 'version') return { kind: 'version' };
  const command = findCommand(first);
  const debug = argv.includes('--debug');
  const json = argv.includes('--json');
  if (command === undefined) {
    const suggestion = first.startsWith('-') ? undefined : suggestClosest(first, COMMANDS);
    const problem = first.startsWith('-')
      ? `Put the command first, for example: harness-exec start-pipeline ${first} ... (commands: ${COMMANDS.join(', ')}).`
      : `Unknown command ${JSON.stringify(first)}.${suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`} Commands: ${COMMANDS.join(', ')}.`;
    return { kind: 'usage-error', command: undefined, problems: [problem], debug, json };
  }
  const name = command.name;
  const rest = argv.slice(1);
  if (command.runRaw !== undefined) {
    if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help', command: name };
    return { kind: 'raw', command: name, argv: [...rest] };
  }
  const specs: OptionSpecs = { ...COMMON_OPTIONS, ...command.options };
  const { tokens } = parseArgs({ args: [...rest], options: specs, strict: false, allowPositionals: true, tokens: true });
  const values: OptionValues = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  const known = Object.keys(specs).filter((option) => option !== 'api-key');
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
      const mixUp = command.mixUps?.[token.name];
      const suggestion = suggestClosest(token.name, known);
      problems.push(
        `${name} has no option ${token.rawName}.${mixUp === undefined ? (suggestion === undefined ? '' : ` Did you mean --${suggestion}?`) : ` ${mixUp}`} See harness-exec ${name} --help.`,
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
      const given = values[token.name];
      values[token.name] = Array.isArray(given) ? [...given, value] : [value];
    } else if (values[token.name] !== undefined) {
      problems.push(`--${token.name} is given more than once.`);
    } else {
      values[token.name] = value;
    }
  }
  if (values.help === true) return { kind: 'help', command: name };
  const expected = command.positionals;
  if (positionals.length > expected.length && command.repeatsLastPositional !== true) {
    const extra = positionals.slice(expected.length).map((p) => JSON.stringify(p.length > 40 ? `${p.slice(0, 40)}…` : p));
    problems.push(
      expected.length === 0
        ? `${name} takes no positional arguments; got ${extra.join(', ')}. Options start with --.`
        : `${name} takes one ${expected.join(' ')}; unexpected ${extra.join(', ')}.`,
    );
  }
  for (let index = positionals.length; index < expected.length; index += 1) {
    problems.push(`${name} needs ${expected[index] ?? 'an argument'}: harness-exec ${name} <${expected[index] ?? 'argument'}> ...`);
  }
  return { kind: 'command', command: name, positionals, values, problems, debug, json };
}
