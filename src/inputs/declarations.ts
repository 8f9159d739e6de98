/**
 * Reads what Harness declares (variables, services needing an artifact or a manifest) into the SDK's
 * definite shapes, from either those shapes or the raw GraphQL answer.
 *
 * Harness's schema makes every field of `Variable`, `Service`, `ArtifactSource` and `ExecutionInputs`
 * nullable, lists included, and their items too. A null is read as Harness means it: no list is an
 * empty list, a null flag is false, a null type is `Text`, and an item without a name (or a null item)
 * cannot be chosen, so it is skipped. Anything else of the wrong type is a problem to report, never a
 * TypeError later.
 */
import type { ValidationIssue } from '../errors.js';
import type { DeclaredVariable, ExecutionInputsInfo, ServiceNeedingInput } from '../types.js';
import { describeKind, issue, isRecord, type Record_ } from './values.js';

/**
 * A declared variable as the SDK maps it ({@link DeclaredVariable}) or as Harness's GraphQL `Variable`
 * type returns it, where every field may be null or absent.
 */
export interface VariableDeclaration {
  readonly name?: string | null | undefined;
  /** `Text`, or an entity kind such as `Environment`. Null or absent reads as `Text`. */
  readonly type?: string | null | undefined;
  /** Null or absent reads as false. */
  readonly required?: boolean | null | undefined;
  /** Null or absent reads as none; null items are skipped. */
  readonly allowedValues?: readonly (string | null)[] | null | undefined;
  readonly defaultValue?: string | null | undefined;
  /** Null or absent reads as false. */
  readonly fixed?: boolean | null | undefined;
  /** Null or absent reads as false. */
  readonly allowMultipleValues?: boolean | null | undefined;
}

/** An artifact source as the SDK maps it or as Harness's GraphQL `ArtifactSource` returns it. */
export interface ArtifactSourceDeclaration {
  readonly id?: string | null | undefined;
  readonly name?: string | null | undefined;
}

/** A service as the SDK maps it ({@link ServiceNeedingInput}) or as Harness's GraphQL `Service` returns it. */
export interface ServiceDeclaration {
  readonly id?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly artifactType?: string | null | undefined;
  readonly deploymentType?: string | null | undefined;
  /** Null or absent reads as none; null items are skipped. */
  readonly artifactSources?: readonly (ArtifactSourceDeclaration | null)[] | null | undefined;
}

/**
 * Which services need input for a start: what {@link ExecutionInputsInfo} holds, with null lists
 * allowed, or Harness's GraphQL `ExecutionInputs` as it answers (`serviceInputs` for artifacts,
 * `serviceManifestInputs` for manifests).
 */
export type ServiceNeedsDeclaration =
  | {
      readonly servicesNeedingArtifacts?: readonly (ServiceDeclaration | null)[] | null | undefined;
      readonly servicesNeedingManifests?: readonly (ServiceDeclaration | null)[] | null | undefined;
    }
  | {
      readonly serviceInputs?: readonly (ServiceDeclaration | null)[] | null | undefined;
      readonly serviceManifestInputs?: readonly (ServiceDeclaration | null)[] | null | undefined;
    };

/** A reading: the definite value and the problems found on the way. */
export interface Reading<T> {
  readonly value: T;
  readonly issues: readonly ValidationIssue[];
}

type Problems = ValidationIssue[];

function optionalString(record: Record_, key: string, at: string, problems: Problems): string | null {
  const value = record[key];
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  problems.push(issue('invalid_option', at, `${at}.${key} is ${describeKind(value)}; it must be a string or null.`));
  return null;
}

function flag(record: Record_, key: string, at: string, problems: Problems): boolean {
  const value = record[key];
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  problems.push(issue('invalid_option', at, `${at}.${key} is ${describeKind(value)}; it must be a boolean or null.`));
  return false;
}

/** The non-null items of a nullable list; `undefined` after reporting a value that is not a list. */
function nullableList(value: unknown, at: string, what: string, problems: Problems): unknown[] | undefined {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(issue('invalid_option', at, `${at} is ${describeKind(value)}; it must be ${what} or null.`));
    return undefined;
  }
  return value;
}

function allowedValues(record: Record_, at: string, problems: Problems): string[] {
  const path = `${at}.allowedValues`;
  const items = nullableList(record.allowedValues, path, 'an array of strings', problems) ?? [];
  const values: string[] = [];
  items.forEach((item, index) => {
    if (typeof item === 'string') values.push(item);
    else if (item !== null && item !== undefined) {
      problems.push(issue('invalid_option', path, `${path}[${String(index)}] is ${describeKind(item)}; allowed values are strings.`));
    }
  });
  return values;
}

function readVariable(raw: unknown, at: string, problems: Problems): DeclaredVariable | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!isRecord(raw)) {
    problems.push(issue('invalid_option', at, `${at} is ${describeKind(raw)}; a declared variable is an object { name, type, required, ... }.`));
    return undefined;
  }
  const before = problems.length;
  const name = optionalString(raw, 'name', at, problems);
  const variable: DeclaredVariable = {
    name: name ?? '',
    type: optionalString(raw, 'type', at, problems) ?? 'Text',
    required: flag(raw, 'required', at, problems),
    allowedValues: allowedValues(raw, at, problems),
    defaultValue: optionalString(raw, 'defaultValue', at, problems),
    fixed: flag(raw, 'fixed', at, problems),
    allowMultipleValues: flag(raw, 'allowMultipleValues', at, problems),
  };
  // A variable without a name cannot be given a value, so there is nothing to check it against.
  return name === null || problems.length > before ? undefined : variable;
}

/**
 * The declared variables of a pipeline or workflow, from the SDK's shape or Harness's raw one.
 *
 * @param raw - The caller's (already copied) declarations.
 * @param at - How messages name them, such as `declared`.
 */
export function readDeclaredVariables(raw: unknown, at: string): Reading<DeclaredVariable[]> {
  const problems: Problems = [];
  const items = nullableList(raw, at, 'an array of declared variables', problems) ?? [];
  const variables: DeclaredVariable[] = [];
  items.forEach((item, index) => {
    const variable = readVariable(item, `${at}[${String(index)}]`, problems);
    if (variable !== undefined) variables.push(variable);
  });
  return { value: variables, issues: problems };
}

function readSource(raw: unknown, at: string, problems: Problems): { id: string; name: string } | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!isRecord(raw)) {
    problems.push(issue('invalid_option', at, `${at} is ${describeKind(raw)}; an artifact source is an object { id, name }.`));
    return undefined;
  }
  const name = optionalString(raw, 'name', at, problems);
  const id = optionalString(raw, 'id', at, problems);
  return name === null ? undefined : { id: id ?? '', name };
}

function readService(raw: unknown, at: string, problems: Problems): ServiceNeedingInput | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (!isRecord(raw)) {
    problems.push(issue('invalid_option', at, `${at} is ${describeKind(raw)}; a service is an object { id, name, artifactSources }.`));
    return undefined;
  }
  const before = problems.length;
  const name = optionalString(raw, 'name', at, problems);
  const sourcesAt = `${at}.artifactSources`;
  const sourceItems = nullableList(raw.artifactSources, sourcesAt, 'an array of artifact sources', problems) ?? [];
  const artifactSources: { id: string; name: string }[] = [];
  sourceItems.forEach((item, index) => {
    const source = readSource(item, `${sourcesAt}[${String(index)}]`, problems);
    if (source !== undefined) artifactSources.push(source);
  });
  const service: ServiceNeedingInput = {
    id: optionalString(raw, 'id', at, problems) ?? '',
    name: name ?? '',
    artifactType: optionalString(raw, 'artifactType', at, problems),
    deploymentType: optionalString(raw, 'deploymentType', at, problems),
    artifactSources,
  };
  // A service without a name cannot be given a choice, since choices are keyed by service name.
  return name === null || problems.length > before ? undefined : service;
}

function readServices(raw: unknown, at: string, problems: Problems): ServiceNeedingInput[] {
  const items = nullableList(raw, at, 'an array of services', problems) ?? [];
  const services: ServiceNeedingInput[] = [];
  items.forEach((item, index) => {
    const service = readService(item, `${at}[${String(index)}]`, problems);
    if (service !== undefined) services.push(service);
  });
  return services;
}

/**
 * Which services need an artifact or a manifest, from {@link ExecutionInputsInfo} (null lists allowed)
 * or Harness's raw `ExecutionInputs`. A null or absent value means no service needs anything.
 *
 * @param raw - The caller's (already copied) value.
 * @param at - How messages name it, such as `needs`.
 */
export function readServiceNeeds(raw: unknown, at: string): Reading<ExecutionInputsInfo> {
  const problems: Problems = [];
  const none: ExecutionInputsInfo = { servicesNeedingArtifacts: [], servicesNeedingManifests: [] };
  if (raw === null || raw === undefined) return { value: none, issues: [] };
  if (!isRecord(raw)) {
    problems.push(
      issue('invalid_option', at, `${at} is ${describeKind(raw)}; pass what getExecutionInputs answers ({ servicesNeedingArtifacts, servicesNeedingManifests }).`),
    );
    return { value: none, issues: problems };
  }
  const sdkShape = 'servicesNeedingArtifacts' in raw || 'servicesNeedingManifests' in raw;
  const [artifactsKey, manifestsKey] = sdkShape ? ['servicesNeedingArtifacts', 'servicesNeedingManifests'] : ['serviceInputs', 'serviceManifestInputs'];
  return {
    value: {
      servicesNeedingArtifacts: readServices(raw[artifactsKey], `${at}.${artifactsKey}`, problems),
      servicesNeedingManifests: readServices(raw[manifestsKey], `${at}.${manifestsKey}`, problems),
    },
    issues: problems,
  };
}
