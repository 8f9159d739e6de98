/**
 * Turns caller-friendly variable values into the `variableInputs` of startExecution, checking them
 * first the way Harness does, so that every mistake is reported at once, before any request spends
 * the account's rate budget.
 */
import { HarnessValidationError, type ValidationIssue } from '../errors.js';
import type { DeclaredVariable, ExecutionKind, VariableInput, VariableValues } from '../types.js';
import { parseCsvValue } from './csv.js';
import { readDeclaredVariables, type VariableDeclaration } from './declarations.js';
import { boundedSuggester, listForMessage, quoteForMessage, type Suggester } from './did-you-mean.js';
import { snapshot, unreadableMessage, type Snapshot } from './untrusted.js';
import { capitalize, describeKind, issue, isRecord } from './values.js';

/** Options of {@link buildVariableInputs}. */
export interface BuildVariableInputsOptions {
  /** Whether the values start a pipeline or a workflow; Harness checks the two differently. */
  kind: ExecutionKind;
  /**
   * Send values for names the pipeline or workflow does not declare instead of reporting them.
   * Harness ignores such values and only warns, so this is for entities changed since they were read.
   * @default false
   */
  allowUnknown?: boolean | undefined;
  /**
   * How messages name the way to send undeclared variables anyway, for callers whose own option has
   * another name (the client's starts say `allowUnknownVariables: true`).
   * @default 'allowUnknown: true'
   */
  allowUnknownHint?: string | undefined;
  /**
   * Pipelines only: names of pipeline variables that are runtime inputs of a stage (entered when the
   * stage runs, or defaulted with `continueWithDefaultValues`). They are not required at start.
   * The public schema does not say which variables these are, so the caller names them.
   * @default []
   */
  runtimeInputs?: readonly string[] | undefined;
  /**
   * Name of the pipeline or workflow, used in messages only.
   * @default undefined (messages say "the pipeline" / "the workflow")
   */
  entityName?: string | undefined;
}

const TEXT = 'Text';
const INFRASTRUCTURE = 'Infrastructure definition';
const ACCEPTED_SHAPES = 'Pass a string, an array of strings, { id: string } or { name: string }.';

/** A caller value reduced to what will be sent, or a description of why it cannot be sent. */
type NormalizedValue =
  | {
      readonly ok: true;
      readonly type: 'NAME' | 'ID';
      /** The value as it will be sent (array items joined with commas). */
      readonly value: string;
      /** The separate values the caller gave (one unless an array was given). */
      readonly items: readonly string[];
    }
  | { readonly ok: false; readonly received: string };

interface Context {
  readonly kind: ExecutionKind;
  /** `pipeline "Name"` or `the pipeline`. */
  readonly entity: string;
  readonly byName: ReadonlyMap<string, DeclaredVariable>;
  readonly names: readonly string[];
  readonly runtimeInputs: ReadonlySet<string>;
  readonly allowUnknown: boolean;
  readonly allowUnknownHint: string;
  /** "Did you mean" for a name, among the declared names; bounded in number per call. */
  readonly suggest: Suggester;
}

/** What checking one given value produced. */
interface ValueOutcome {
  readonly issues: readonly ValidationIssue[];
  readonly input: VariableInput | undefined;
}

function describeObject(value: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(value);
  if (Object.hasOwn(value, 'expression')) {
    return 'an expression; Harness refuses EXPRESSION values when an execution is started through the API';
  }
  if (keys.length === 0) return 'an object with no keys';
  if (keys.length === 1 && (keys[0] === 'id' || keys[0] === 'name')) {
    return `{ ${keys[0]} } whose ${keys[0]} is ${describeKind(value[keys[0]])}, not a string`;
  }
  if (Object.hasOwn(value, 'id') && Object.hasOwn(value, 'name')) return 'an object with both id and name';
  return `an object with keys ${listForMessage(keys)}`;
}

/** Reduces a caller value to the string and type to send, without trusting its shape. */
function normalizeValue(raw: unknown): NormalizedValue {
  if (typeof raw === 'string') return { ok: true, type: 'NAME', value: raw, items: [raw] };
  if (Array.isArray(raw)) {
    const items: string[] = [];
    // An index loop, not every(): sparse arrays must not skip their holes.
    for (let index = 0; index < raw.length; index += 1) {
      const item: unknown = raw[index];
      if (typeof item !== 'string') {
        return { ok: false, received: `an array whose item ${String(index)} is ${describeKind(item)}` };
      }
      items.push(item);
    }
    return { ok: true, type: 'NAME', value: items.join(','), items };
  }
  if (isRecord(raw)) {
    const keys = Object.keys(raw);
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only === 'id' && typeof raw.id === 'string') return { ok: true, type: 'ID', value: raw.id, items: [raw.id] };
    if (only === 'name' && typeof raw.name === 'string') {
      return { ok: true, type: 'NAME', value: raw.name, items: [raw.name] };
    }
    return { ok: false, received: describeObject(raw) };
  }
  return { ok: false, received: describeKind(raw) };
}

function isBlank(value: string): boolean {
  return value.trim() === '';
}

function isRequired(context: Context, variable: DeclaredVariable): boolean {
  if (!variable.required || variable.fixed) return false;
  return !(context.kind === 'PIPELINE' && context.runtimeInputs.has(variable.name));
}

function allowedValuesHint(variable: DeclaredVariable): string {
  return variable.allowedValues.length > 0 ? ` Allowed values: ${listForMessage(variable.allowedValues)}.` : '';
}

function missingRequiredIssue(context: Context, variable: DeclaredVariable): ValidationIssue {
  const what = `Variable ${quoteForMessage(variable.name)} (${variable.type}) is required by ${context.entity} and was not given.`;
  const todo =
    context.kind === 'PIPELINE'
      ? ' Pass a value for it, or, if it is a runtime input of a stage (entered when that stage runs), name it in runtimeInputs.'
      : ' Pass a value for it.';
  return issue('missing_required', variable.name, `${what}${todo}${allowedValuesHint(variable)}`);
}

function unknownVariableIssue(context: Context, name: string): ValidationIssue {
  const todo = ` Remove it, or pass ${context.allowUnknownHint} to send it anyway (Harness ignores it and warns).`;
  if (context.names.length === 0) {
    return issue(
      'unknown_variable',
      name,
      `${capitalize(context.entity)} declares no variables, so ${quoteForMessage(name)} is unknown.${todo}`,
    );
  }
  return issue(
    'unknown_variable',
    name,
    `${capitalize(context.entity)} has no variable ${quoteForMessage(name)}.${context.suggest(name, context.names)}` +
      ` Its variables: ${listForMessage(context.names)}.${todo}`,
  );
}

function fixedValueIssue(context: Context, variable: DeclaredVariable, value: string): ValidationIssue | undefined {
  // Harness has no fixed-variable check for pipelines.
  if (context.kind !== 'WORKFLOW' || !variable.fixed) return undefined;
  const fixedValue = variable.defaultValue ?? '';
  if (value === fixedValue) return undefined;
  return issue(
    'fixed_variable_changed',
    variable.name,
    `Variable ${quoteForMessage(variable.name)} is fixed to ${quoteForMessage(fixedValue)} in ${context.entity} and cannot be changed.` +
      ` Leave it out, or pass exactly ${quoteForMessage(fixedValue)}.`,
  );
}

function emptyValueIssue(context: Context, variable: DeclaredVariable, normalized: { value: string; items: readonly string[] }): ValidationIssue | undefined {
  const label = `Variable ${quoteForMessage(variable.name)} (${variable.type})`;
  if (variable.type !== TEXT) {
    if (isBlank(normalized.value)) {
      return issue(
        'empty_value',
        variable.name,
        `${label} got an empty value. Pass the ${variable.type} name, or { id: "..." } for its id.`,
      );
    }
    if (normalized.items.length > 1 && normalized.items.some(isBlank)) {
      return issue('empty_value', variable.name, `${label} got a list with an empty item. Remove the empty item.`);
    }
    return undefined;
  }
  if (isBlank(normalized.value) && variable.required && !variable.fixed) {
    return issue(
      'empty_value',
      variable.name,
      `${label} is required by ${context.entity} but got an empty value. Pass a non-empty value.${allowedValuesHint(variable)}`,
    );
  }
  return undefined;
}

function multipleValuesIssue(
  context: Context,
  variable: DeclaredVariable,
  normalized: { type: 'NAME' | 'ID'; value: string; items: readonly string[] },
): ValidationIssue | undefined {
  const label = `Variable ${quoteForMessage(variable.name)} (${variable.type})`;
  const fail = (message: string): ValidationIssue => issue('multiple_values_not_allowed', variable.name, message);
  if (normalized.items.length > 1 && !variable.allowMultipleValues) {
    return fail(`${label} takes a single value but got ${String(normalized.items.length)}. Pass one value.`);
  }
  // Harness splits comma lists only for infrastructure definitions of pipelines, given by name.
  if (variable.type !== INFRASTRUCTURE || !normalized.value.includes(',')) return undefined;
  if (!variable.allowMultipleValues) {
    return fail(`${label} takes a single infrastructure definition but got a comma-separated list. Pass one name.`);
  }
  if (context.kind === 'WORKFLOW') {
    return fail(
      `${label} got a comma-separated list, but a workflow deploys to one infrastructure definition. ` +
        'Pass one name, or start the workflow once per infrastructure definition (or through a pipeline).',
    );
  }
  if (normalized.type === 'ID') {
    return fail(
      `${label} got a comma-separated list as { id }, but Harness splits lists only when they are names. ` +
        'Pass the infrastructure definition names as a string or an array of strings.',
    );
  }
  return undefined;
}

function allowedValuesIssue(variable: DeclaredVariable, value: string): ValidationIssue | undefined {
  if (variable.allowedValues.length === 0 || value === '') return undefined;
  const label = `Variable ${quoteForMessage(variable.name)}`;
  const allowed = `Allowed values: ${listForMessage(variable.allowedValues)}.`;
  const parsed = parseCsvValue(value);
  if (!parsed.ok) {
    return issue(
      'value_not_allowed',
      variable.name,
      `${label} got a value Harness cannot split into items: ${parsed.reason}. ${allowed}`,
    );
  }
  const allowedSet = new Set(variable.allowedValues);
  const rejected = [...new Set(parsed.items.filter((item) => !allowedSet.has(item)))];
  if (rejected.length === 0) return undefined;
  const each = parsed.items.length > 1 ? ' Each comma-separated item must be one of them.' : '';
  return issue(
    'value_not_allowed',
    variable.name,
    `${label} cannot take ${listForMessage(rejected)}. ${allowed}${each}`,
  );
}

function toInput(name: string, normalized: { type: 'NAME' | 'ID'; value: string }): VariableInput {
  return { name, variableValue: { type: normalized.type, value: normalized.value } };
}

/** Checks one given value; returns its issues, or the input to send when there are none. */
function checkValue(context: Context, name: string, raw: unknown): ValueOutcome {
  const normalized = normalizeValue(raw);
  const variable = context.byName.get(name);
  const issues: ValidationIssue[] = [];
  if (variable === undefined && !context.allowUnknown) issues.push(unknownVariableIssue(context, name));
  if (!normalized.ok) {
    issues.push(issue('invalid_value_type', name, `Variable ${quoteForMessage(name)} got ${normalized.received}. ${ACCEPTED_SHAPES}`));
  }
  if (!normalized.ok || issues.length > 0) return { issues, input: undefined };
  if (variable === undefined) return { issues, input: toInput(name, normalized) };

  const fixed = fixedValueIssue(context, variable, normalized.value);
  // A value that must be replaced by the fixed one needs no further advice.
  if (fixed !== undefined) return { issues: [fixed], input: undefined };
  for (const found of [
    emptyValueIssue(context, variable, normalized),
    multipleValuesIssue(context, variable, normalized),
    allowedValuesIssue(variable, normalized.value),
  ]) {
    if (found !== undefined) issues.push(found);
  }
  return { issues, input: issues.length === 0 ? toInput(name, normalized) : undefined };
}

function runtimeInputsIssues(context: Context, runtimeInputs: unknown): ValidationIssue[] {
  if (runtimeInputs === undefined) return [];
  if (!Array.isArray(runtimeInputs) || !runtimeInputs.every((name) => typeof name === 'string')) {
    return [issue('invalid_option', 'runtimeInputs', 'runtimeInputs must be an array of pipeline variable names.')];
  }
  if (runtimeInputs.length === 0) return [];
  if (context.kind === 'WORKFLOW') {
    return [
      issue(
        'invalid_option',
        'runtimeInputs',
        'runtimeInputs applies to pipelines only; workflows have no runtime inputs. Remove it, or pass the values.',
      ),
    ];
  }
  return runtimeInputs
    .filter((name) => !context.byName.has(name))
    .map((name) =>
      issue(
        'invalid_option',
        'runtimeInputs',
        `runtimeInputs names ${quoteForMessage(name)}, which ${context.entity} does not declare.` +
          `${context.suggest(name, context.names)} Its variables: ${listForMessage(context.names) || 'none'}.`,
      ),
    );
}

/** The options as read from the caller's copy: every field of the right type, or a problem. */
interface ReadOptions {
  readonly kind: ExecutionKind | undefined;
  readonly allowUnknown: boolean;
  readonly allowUnknownHint: string;
  readonly runtimeInputs: unknown;
  readonly entityName: string | undefined;
  readonly issues: readonly ValidationIssue[];
}

function readOptions(raw: unknown): ReadOptions {
  const issues: ValidationIssue[] = [];
  const options = isRecord(raw) ? raw : {};
  if (!isRecord(raw)) {
    issues.push(issue('invalid_option', '(options)', `The options must be an object such as { kind: 'PIPELINE' }, not ${describeKind(raw)}.`));
  }
  const optionalOfType = <T>(key: string, type: 'string' | 'boolean', fallback: T): T => {
    const value = options[key];
    if (value === undefined) return fallback;
    if (typeof value === type) return value as T;
    issues.push(issue('invalid_option', key, `${key} must be a ${type}, not ${describeKind(value)}.`));
    return fallback;
  };
  const kind = options.kind;
  const readKind = kind === 'PIPELINE' || kind === 'WORKFLOW' ? kind : undefined;
  if (readKind === undefined && isRecord(raw)) {
    const shown = typeof kind === 'string' ? ` ${quoteForMessage(kind)}` : '';
    issues.push(issue('invalid_option', 'kind', `kind must be 'PIPELINE' or 'WORKFLOW', not ${describeKind(kind)}${shown}.`));
  }
  return {
    kind: readKind,
    allowUnknown: optionalOfType('allowUnknown', 'boolean', false),
    allowUnknownHint: optionalOfType('allowUnknownHint', 'string', 'allowUnknown: true'),
    runtimeInputs: options.runtimeInputs,
    entityName: optionalOfType<string | undefined>('entityName', 'string', undefined),
    issues,
  };
}

function makeContext(declared: readonly DeclaredVariable[], options: ReadOptions & { kind: ExecutionKind }): Context {
  const byName = new Map<string, DeclaredVariable>();
  // If Harness ever lists a name twice, the first declaration is the one checked.
  for (const variable of declared) if (!byName.has(variable.name)) byName.set(variable.name, variable);
  const noun = options.kind === 'PIPELINE' ? 'pipeline' : 'workflow';
  const runtimeInputs = Array.isArray(options.runtimeInputs) ? options.runtimeInputs.filter((name) => typeof name === 'string') : [];
  return {
    kind: options.kind,
    entity: options.entityName === undefined ? `the ${noun}` : `${noun} ${quoteForMessage(options.entityName)}`,
    byName,
    names: [...byName.keys()],
    runtimeInputs: new Set(runtimeInputs),
    allowUnknown: options.allowUnknown,
    allowUnknownHint: options.allowUnknownHint,
    suggest: boundedSuggester(),
  };
}

/** The caller's own entries whose value is not `undefined`, in the caller's key order. */
function givenEntries(values: unknown): [string, unknown][] {
  if (!isRecord(values)) return [];
  return Object.keys(values)
    .map((name): [string, unknown] => [name, values[name]])
    .filter(([, raw]) => raw !== undefined);
}

function unreadableIssues(...snapshots: Snapshot[]): ValidationIssue[] {
  return snapshots.flatMap((taken) => taken.unreadable.map((part) => issue('invalid_value_type', part.path, unreadableMessage(part))));
}

/**
 * Validates caller values against the variables a pipeline or workflow declares and returns the
 * `variableInputs` to send with startExecution (or executionInputs).
 *
 * Each value is a string (sent as NAME: entity variables are resolved by name), `{ name }` (the same),
 * `{ id }` (sent as ID) or a string array (joined with commas, only where the variable allows several
 * values). The checks mirror Harness: required variables (`required && !fixed`, and for pipelines not a
 * runtime input), fixed values (workflows only), allowed values (each comma-separated item), multiple
 * values, empty values, value shapes and unknown names. EXPRESSION values are never produced.
 *
 * The result follows the key order of `values`; optional variables that are not given are not sent,
 * so Harness uses their defaults. A key whose value is `undefined` counts as not given.
 *
 * The declarations may be the SDK's ({@link DeclaredVariable}) or Harness's raw GraphQL `Variable`s,
 * whose fields are all nullable: a null list or null item is skipped, null flags read as false, a null
 * type as `Text`. Any argument of another shape (including one whose reading throws) is reported as a
 * {@link HarnessValidationError}, never a TypeError.
 *
 * @param declared - The variables the pipeline or workflow declares.
 * @param values - Caller values by variable name (own keys only are read).
 * @param options - Pipeline or workflow, and how strict to be.
 * @returns One `{ name, variableValue: { type, value } }` per given value.
 * @throws {@link HarnessValidationError} listing every problem found, when there is at least one.
 * @example
 * buildVariableInputs(workflow.variables, { Environment: 'dev', Service: { id: 'svc1' } }, { kind: 'WORKFLOW' });
 */
export function buildVariableInputs(
  declared: readonly (VariableDeclaration | null)[] | null | undefined,
  values: VariableValues | null | undefined,
  options: BuildVariableInputsOptions,
): VariableInput[] {
  const declaredCopy = snapshot(declared, 'declared');
  const valuesCopy = snapshot(values, 'variables');
  const optionsCopy = snapshot(options, 'options');
  const read = readOptions(optionsCopy.value);
  const reading = readDeclaredVariables(declaredCopy.value, 'declared');
  const inputIssues = [...unreadableIssues(declaredCopy, valuesCopy, optionsCopy), ...read.issues, ...reading.issues];
  const rawValues = valuesCopy.value;
  if (rawValues !== null && rawValues !== undefined && !isRecord(rawValues)) {
    inputIssues.push(
      issue('invalid_value_type', '(variables)', `Variable values must be an object keyed by variable name, not ${describeKind(rawValues)}.`),
    );
  }
  if (inputIssues.length > 0 || read.kind === undefined) {
    throw new HarnessValidationError(inputIssues, `${problemCount(inputIssues)} with the arguments of buildVariableInputs; nothing was sent to Harness`);
  }
  const context = makeContext(reading.value, { ...read, kind: read.kind });
  const given = givenEntries(rawValues);
  const givenNames = new Set(given.map(([name]) => name));
  const issues: ValidationIssue[] = [...runtimeInputsIssues(context, read.runtimeInputs)];
  for (const variable of context.byName.values()) {
    if (isRequired(context, variable) && !givenNames.has(variable.name)) issues.push(missingRequiredIssue(context, variable));
  }
  const inputs: VariableInput[] = [];
  for (const [name, raw] of given) {
    const outcome = checkValue(context, name, raw);
    issues.push(...outcome.issues);
    if (outcome.input !== undefined) inputs.push(outcome.input);
  }
  if (issues.length > 0) {
    throw new HarnessValidationError(issues, `${problemCount(issues)} with the variables for ${context.entity}; nothing was sent to Harness`);
  }
  return inputs;
}

function problemCount(issues: readonly ValidationIssue[]): string {
  return `${String(issues.length)} problem${issues.length === 1 ? '' : 's'}`;
}

/**
 * One line describing a declared variable, for listings and help text, for example
 * `Environment: Environment, required` or
 * `region: Text, optional, allowed "us", "eu", default "us", several values allowed`.
 *
 * @param declaration - A variable as the pipeline or workflow declares it (the SDK's shape or Harness's).
 * @throws {@link HarnessValidationError} when it is not a declared variable with a name.
 */
export function describeVariable(declaration: VariableDeclaration): string {
  const copy = snapshot(declaration, 'variable');
  const reading = readDeclaredVariables([copy.value], 'variable');
  const issues = [...unreadableIssues(copy), ...reading.issues];
  const variable = reading.value[0];
  if (issues.length > 0 || variable === undefined) {
    const problems = issues.length > 0 ? issues : [issue('invalid_option', 'variable', 'The variable has no name; pass a declared variable with a name.')];
    throw new HarnessValidationError(problems, `${problemCount(problems)} with the variable to describe`);
  }
  const parts = [variable.type, variable.required ? 'required' : 'optional'];
  if (variable.fixed) parts.push(`fixed to ${quoteForMessage(variable.defaultValue ?? '')}`);
  if (variable.allowedValues.length > 0) parts.push(`allowed ${listForMessage(variable.allowedValues)}`);
  if (!variable.fixed && variable.defaultValue !== null) parts.push(`default ${quoteForMessage(variable.defaultValue)}`);
  if (variable.allowMultipleValues) parts.push('several values allowed');
  // Names with blanks, quotes or line breaks are quoted so the description stays one readable line.
  const name = /^[\w.-]+$/u.test(variable.name) ? variable.name : quoteForMessage(variable.name);
  return `${name}: ${parts.join(', ')}`;
}
