/**
 * The checks of workflow and pipeline variables, in Harness's order: required ones first, then
 * fixed values (workflows only), allowed values, and each value's kind (environment, service,
 * infrastructure definition, text). Each check throws the message Harness gives for it.
 */
import { invalidRequest, verbatim } from '../errors.js';
import type { FakeVariable } from '../types.js';
import { parseCsv } from './csv.js';
import type { VarInput } from './records.js';
import type { EngineState } from './state.js';

/** The last input of that name: Harness keeps the last of repeated names. */
function lastByName(inputs: VarInput[], name: string): VarInput | undefined {
  let found: VarInput | undefined;
  for (const i of inputs) if (i.name === name) found = i;
  return found;
}

/** The environment id a templatized environment variable resolves to; null for a pipeline's runtime input left out. */
export function resolveTemplatedEnv(
  state: EngineState,
  label: 'Workflow' | 'Pipeline',
  entityName: string,
  envVar: FakeVariable,
  inputs: VarInput[],
  appId: string,
  allowRuntimeSkip: boolean,
): string | null {
  const input = lastByName(inputs, envVar.name);
  if (!input) {
    if (allowRuntimeSkip && envVar.runtimeInput) return null;
    throw invalidRequest(`${label} [${entityName}] has environment parameterized. However, the value not supplied`);
  }
  const { type, value } = input.variableValue;
  if (value === '') throw invalidRequest(`Please provide a non empty value for ${envVar.name}`);
  if (type === 'EXPRESSION') throw invalidRequest('Value Type EXPRESSION Not supported');
  const env =
    type === 'ID'
      ? state.env(appId, value)
      : state.data.environments.find((e) => e.appId === appId && e.name === value);
  if (!env) throw verbatim(`Environment [${value}] doesn't exist in specified application ${appId}`);
  return env.id;
}

/** Checks variable inputs against their declarations; returns their resolved values and the names not declared. */
export function validateVariables(
  state: EngineState,
  kind: 'workflow' | 'pipeline',
  variables: FakeVariable[],
  inputs: VarInput[],
  appId: string,
  envId: string | null,
  envTemplatized: boolean,
): { resolved: Map<string, string>; extras: string[] } {
  const resolved = new Map<string, string>();
  const extras: string[] = [];
  const addExtra = (n: string): void => {
    if (!extras.includes(n)) extras.push(n);
  };
  if (variables.length === 0) {
    if (kind === 'workflow') for (const i of inputs) addExtra(i.name);
    return { resolved, extras };
  }
  const byName = new Map(variables.map((x) => [x.name, x] as const));
  // a. required
  const missing = variables
    .filter((x) => x.required && !x.fixed && !(kind === 'pipeline' && x.runtimeInput))
    .filter((x) => !inputs.some((i) => i.name === x.name))
    .map((x) => x.name);
  if (missing.length > 0) throw invalidRequest(`Value not provided for required variable: [${missing.join(',')}]`);
  // b. fixed (workflows only)
  if (kind === 'workflow') {
    for (const i of inputs) {
      const def = byName.get(i.name);
      if (def?.fixed && i.variableValue.value !== (def.defaultValue ?? '')) {
        throw invalidRequest(
          `Cannot change value of a fixed variable in workflow: ${def.name}. Value set in workflow is: ${def.defaultValue ?? ''}`,
        );
      }
    }
  }
  // c. allowed values
  for (const i of inputs) {
    const def = byName.get(i.name);
    const allowed = def?.allowedValues ?? [];
    if (!def || allowed.length === 0 || i.variableValue.value === '') continue;
    if (parseCsv(i.variableValue.value).some((item) => !allowed.includes(item))) {
      throw invalidRequest(`Variable ${def.name} can only take values [${allowed.join(', ')}]`);
    }
  }
  // d. per input
  for (const i of inputs) {
    const def = byName.get(i.name);
    if (!def) {
      addExtra(i.name);
      continue;
    }
    const { type, value } = i.variableValue;
    if (type === 'EXPRESSION') throw invalidRequest('Expression Type not supported');
    resolved.set(def.name, resolveEntityValue(state, kind, def, type, value, appId, envId, envTemplatized));
  }
  return { resolved, extras };
}

/** The value a variable input stands for: entity names become ids. */
export function resolveEntityValue(
  state: EngineState,
  kind: 'workflow' | 'pipeline',
  def: FakeVariable,
  type: 'ID' | 'NAME',
  value: string,
  appId: string,
  envId: string | null,
  envTemplatized: boolean,
): string {
  switch (def.type) {
    case 'Text':
      return value;
    case 'Environment': {
      if (type === 'ID') return value;
      if (kind === 'pipeline') {
        if (!envId) throw verbatim('Value for environment variable not supplied');
        return envId;
      }
      const env = state.data.environments.find((e) => e.appId === appId && e.name === value);
      if (!env) throw verbatim(`Environment [${value}] doesn't exist in specified application ${appId}`);
      return env.id;
    }
    case 'Service': {
      if (value === '') throw invalidRequest(`Please provide a non empty value for ${def.name}`);
      if (type === 'ID') {
        if (!state.service(appId, value)) throw invalidRequest(`Service [${value}] doesn't exist in specified application ${appId}`);
        return value;
      }
      const svc = state.data.services.find((s) => s.appId === appId && s.name === value);
      if (!svc) throw verbatim(`Service [${value}] doesn't exist in specified application ${appId}`);
      return svc.id;
    }
    case 'Infrastructure definition': {
      if (type === 'ID') {
        const owner = state.data.environments.find((e) => e.appId === appId && e.infrastructures.some((x) => x.id === value));
        if (!owner) throw verbatim(`Infrastructure Definition  [${value}] doesn't exist in specified application ${appId}`);
        if (envId && owner.id !== envId) {
          throw invalidRequest(`Infrastructure Definition  [${value}] doesn't exist in specified application and environment `);
        }
        return value;
      }
      const lookupEnv = kind === 'pipeline' && !envTemplatized ? (def.envId ?? null) : envId;
      if (kind === 'pipeline' && !lookupEnv) return value;
      const names = kind === 'pipeline' && value.includes(',') ? value.split(',').map((x) => x.trim()) : [value];
      if (names.length > 1 && !def.allowMultipleValues) throw invalidRequest(`Variable ${def.name} doesnt allow multiple values`);
      const env = lookupEnv ? state.env(appId, lookupEnv) : undefined;
      return names
        .map((n) => {
          const infra = env?.infrastructures.find((x) => x.name === n);
          if (!infra) {
            throw verbatim(`Infrastructure Definition  [${n}] doesn't exist in specified application and environment ${appId}`);
          }
          return infra.id;
        })
        .join(',');
    }
    default:
      if (value === '') throw invalidRequest(`Please provide a non empty value for ${def.name}`);
      return value;
  }
}
