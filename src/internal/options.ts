/** Checks of option objects shared by the public methods: they report every problem at once. */
import { HarnessValidationError, type ValidationIssue } from '../errors.js';
import { suggestClosest } from '../inputs/did-you-mean.js';

/** Checks that the named options are non-empty strings; reports all missing ones at once. */
export function requireStrings(operation: string, raw: Readonly<Record<string, unknown>>, names: readonly string[]): void {
  const issues: ValidationIssue[] = [];
  for (const name of names) {
    const value = raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({
        code: value === undefined ? 'missing_option' : 'invalid_option',
        variable: name,
        message: `${operation} needs ${name} as a non-empty string.`,
      });
    }
  }
  if (issues.length > 0) throw new HarnessValidationError(issues);
}

/** A string with something other than whitespace in it. */
export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Option keys every call takes (see CallOptions). */
export const CALL_OPTION_KEYS: readonly string[] = ['signal', 'timeoutMs', 'deadline'];

/** What {@link readOptions} checks. */
export interface OptionsRules {
  /** Names the call in messages, such as `findPipeline`. */
  readonly operation: string;
  /** The keys the options may have; any other is refused with a "did you mean". Omitted: not checked here. */
  readonly known?: readonly string[] | undefined;
  /** Whether the options may be left out (`undefined`). */
  readonly optional?: boolean | undefined;
}

/** Longest key quoted in a message: a huge key is named by its start. */
const MAX_QUOTED_KEY = 64;

function quoteKey(key: string): string {
  return JSON.stringify(key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key);
}

/**
 * Whether a value is an object whose own keys can be copied (its prototype is Object.prototype or
 * null). Answers undefined when even that cannot be read (a revoked or trapping proxy).
 */
function isPlainRecord(value: object): boolean | undefined {
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
  } catch {
    return undefined;
  }
}

/**
 * A copy of a plain object's own enumerable string keys, each read once, or the reason it cannot be read.
 * A `__proto__` key stays a plain key of the copy.
 */
function copyRecord(value: object): { copy: Record<string, unknown> } | { unreadable: string } {
  try {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, { value: (value as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
    }
    return { copy };
  } catch (error) {
    return { unreadable: error instanceof Error && error.message ? error.message.slice(0, 200) : 'reading it threw' };
  }
}

/**
 * Reads a public method's options once, at the edge, into a plain copy that the rest of the SDK can
 * read without surprises: the options must be a readable plain object (or left out when optional),
 * every key must be known (a misspelt one is refused with the closest known name, because it would
 * otherwise be ignored silently), `signal` must be an AbortSignal, a known `timeoutMs` or `deadline`
 * a number, and nested plain objects (variables, retry, headers, ...) are copied one level deep, so a getter or
 * a proxy that throws is a validation issue here and never an error from deep inside the SDK.
 * @throws {HarnessValidationError} listing every problem at once
 */
export function readOptions<T extends object>(options: unknown, rules: OptionsRules): T {
  const { operation } = rules;
  if (options === undefined && rules.optional === true) return {} as T;
  const fail = (message: string): never => {
    throw new HarnessValidationError([{ code: options === undefined ? 'missing_option' : 'invalid_option', variable: 'options', message }]);
  };
  if (typeof options !== 'object' || options === null) {
    return fail(`${operation} takes an options object, not ${describeValue(options)}.`);
  }
  // Any readable object but a list: its own keys are what is read (process.env, for one, is not a plain object).
  if (isPlainRecord(options) === undefined) return fail(`${operation}'s options could not be read (a revoked proxy or a trap that throws).`);
  if (Array.isArray(options)) return fail(`${operation} takes an options object, not a list.`);
  const read = copyRecord(options);
  if ('unreadable' in read) return fail(`${operation}'s options could not be read: ${read.unreadable}.`);
  const raw = read.copy;
  const issues: ValidationIssue[] = [];
  const known = rules.known === undefined ? undefined : new Set(rules.known);
  let suggestions = 0;
  for (const key of Object.keys(raw)) {
    if (known === undefined || known.has(key)) continue;
    // Bounded: a caller passing thousands of keys gets the first few suggestions only.
    const closest = suggestions < 20 ? suggestClosest(key, [...known]) : undefined;
    suggestions += 1;
    issues.push({
      code: 'invalid_option',
      variable: key.slice(0, MAX_QUOTED_KEY),
      message: `${quoteKey(key)} is not an option of ${operation}${closest === undefined ? '' : ` (did you mean ${JSON.stringify(closest)}?)`}; known: ${[...known].join(', ')}.`,
    });
  }
  const signal = raw.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    issues.push({ code: 'invalid_option', variable: 'signal', message: `signal must be an AbortSignal, not ${describeValue(signal)}.` });
  }
  // Call options' numbers, where the call takes them (the client's own options check theirs).
  for (const name of ['timeoutMs', 'deadline']) {
    const value = raw[name];
    if (known?.has(name) === true && value !== undefined && (typeof value !== 'number' || Number.isNaN(value) || value < 0)) {
      issues.push({ code: 'invalid_option', variable: name, message: `${name} must be a number of milliseconds, not ${describeValue(value)}.` });
    }
  }
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (key === 'signal' || typeof value !== 'object' || value === null) continue;
    const nestedPlain = isPlainRecord(value);
    if (nestedPlain === undefined) {
      issues.push({ code: 'invalid_option', variable: key, message: `${key} could not be read (a revoked proxy or a trap that throws).` });
    } else if (nestedPlain) {
      // Read once to prove it readable, but keep the caller's object: its identity matters (a clock or a
      // budget store shared by several clients is how they share one budget).
      const nested = copyRecord(value);
      if ('unreadable' in nested) issues.push({ code: 'invalid_option', variable: key, message: `${key} could not be read: ${nested.unreadable}.` });
    }
  }
  if (issues.length > 0) throw new HarnessValidationError(issues);
  return raw as T;
}

/** Names a value's kind for a message without converting it to a string (which may throw or be huge). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > MAX_QUOTED_KEY ? `a string of ${String(value.length)} characters` : 'a string';
  if (typeof value === 'object') return 'an object of another kind';
  return `a ${typeof value}`;
}

/** Whether a value is an AbortSignal; false for a proxy whose traps throw. */
function isAbortSignal(value: unknown): boolean {
  try {
    return value instanceof AbortSignal;
  } catch {
    return false;
  }
}
