/**
 * Turns artifact and manifest choices into the `serviceInputs` of startExecution, checking them
 * against the services Harness says need input (executionInputs, facts §3.7 and §4) so that every
 * missing or malformed choice is reported at once, before anything is sent.
 */
import { HarnessValidationError, type ValidationIssue, type ValidationIssueCode } from '../errors.js';
import type { ArtifactValueInput, ManifestValueInput, ServiceInput } from '../generated/graphql.js';
import type { ArtifactChoices, ExecutionInputsInfo, ManifestChoices, ServiceNeedingInput } from '../types.js';
import { didYouMeanSentence, listForMessage, quoteForMessage } from './did-you-mean.js';

/** Options of {@link buildServiceInputs}. */
export interface BuildServiceInputsOptions {
  /**
   * Accept choices for services that need nothing in this start instead of reporting them. Such
   * choices are left out of the result: Harness would ignore them anyway.
   * @default false
   */
  allowUnknownServices?: boolean | undefined;
}

type Record_ = Readonly<Record<string, unknown>>;

/** A checked choice: the wire value when there were no issues. */
interface Checked<T> {
  readonly value: T | undefined;
  readonly issues: readonly ValidationIssue[];
}

const ARTIFACT_KEYS: ReadonlySet<string> = new Set(['artifactSource', 'buildNumber', 'parameters', 'artifactId']);
const MANIFEST_KEYS: ReadonlySet<string> = new Set(['helmChartId', 'appManifestName', 'versionNumber']);

const ARTIFACT_SHAPES = '{ artifactSource, buildNumber } (with parameters for a parameterized source) or { artifactId }';
const MANIFEST_SHAPES = '{ appManifestName, versionNumber } or { helmChartId }';

function issue(code: ValidationIssueCode, variable: string, message: string): ValidationIssue {
  return { code, variable, message };
}

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** An own property's value; inherited ones (`constructor`, `toString`, ...) read as absent. */
function ownValue(record: Record_, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Own keys whose value is not `undefined`, in insertion order. */
function givenKeys(record: Record_): string[] {
  return Object.keys(record).filter((key) => record[key] !== undefined);
}

function serviceLabel(service: string): string {
  return `service ${quoteForMessage(service)}`;
}

/** Checks one required string field: present, a string, not blank. */
function checkText(
  service: string,
  choice: Record_,
  key: string,
  invalidCode: 'invalid_artifact' | 'invalid_manifest',
  shapes: string,
): Checked<string> {
  const value = ownValue(choice, key);
  const what = invalidCode === 'invalid_artifact' ? 'artifact' : 'manifest';
  if (value === undefined) {
    return {
      value: undefined,
      issues: [issue(invalidCode, service, `The ${what} for ${serviceLabel(service)} has no ${key}. Pass ${shapes}.`)],
    };
  }
  if (typeof value !== 'string') {
    return {
      value: undefined,
      issues: [issue(invalidCode, service, `The ${what} for ${serviceLabel(service)} has ${key} as ${describeKind(value)}; it must be a string.`)],
    };
  }
  if (value.trim() === '') {
    return {
      value: undefined,
      issues: [issue('empty_value', service, `The ${what} for ${serviceLabel(service)} has an empty ${key}. Pass a non-empty ${key}.`)],
    };
  }
  return { value, issues: [] };
}

/** Reports keys that belong to neither shape, and a choice that mixes the two shapes or has neither. */
function checkShape(
  service: string,
  choice: Record_,
  known: ReadonlySet<string>,
  shapeKeys: readonly [readonly string[], readonly string[]],
  invalidCode: 'invalid_artifact' | 'invalid_manifest',
  shapes: string,
): ValidationIssue[] {
  const what = invalidCode === 'invalid_artifact' ? 'artifact' : 'manifest';
  const keys = givenKeys(choice);
  const unexpected = keys.filter((key) => !known.has(key));
  if (unexpected.length > 0) {
    const hint = unexpected.length === 1 ? didYouMeanSentence(unexpected[0] ?? '', [...known]) : '';
    return [
      issue(invalidCode, service, `The ${what} for ${serviceLabel(service)} has unexpected keys ${listForMessage(unexpected)}.${hint} Pass ${shapes}.`),
    ];
  }
  const [first, second] = shapeKeys;
  const usesFirst = keys.some((key) => first.includes(key));
  const usesSecond = keys.some((key) => second.includes(key));
  if (usesFirst && usesSecond) {
    return [issue(invalidCode, service, `The ${what} for ${serviceLabel(service)} mixes two shapes. Pass either ${shapes}, not both.`)];
  }
  if (!usesFirst && !usesSecond) {
    return [issue(invalidCode, service, `The ${what} for ${serviceLabel(service)} is empty. Pass ${shapes}.`)];
  }
  return [];
}

function checkParameters(service: string, raw: unknown): Checked<{ name: string; value: string }[]> {
  if (raw === undefined) return { value: [], issues: [] };
  const invalid = (message: string): Checked<{ name: string; value: string }[]> => ({
    value: undefined,
    issues: [issue('invalid_artifact', service, `The artifact parameters for ${serviceLabel(service)} ${message}`)],
  });
  if (!isRecord(raw)) return invalid(`must be an object of parameter name to string value, not ${describeKind(raw)}.`);
  const names = Object.keys(raw);
  if (names.some((name) => name.trim() === '')) return invalid('include an empty parameter name. Remove it.');
  const notText = names.filter((name) => typeof raw[name] !== 'string');
  if (notText.length > 0) return invalid(`have values that are not strings: ${listForMessage(notText)}. Pass each value as a string.`);
  return { value: names.map((name) => ({ name, value: String(raw[name]) })), issues: [] };
}

function artifactSourceIssue(service: ServiceNeedingInput, source: string): ValidationIssue | undefined {
  const names = service.artifactSources.map((artifactSource) => artifactSource.name);
  if (names.length === 0 || names.includes(source)) return undefined;
  return issue(
    'unknown_artifact_source',
    service.name,
    `${capitalize(serviceLabel(service.name))} has no artifact source ${quoteForMessage(source)}.` +
      `${didYouMeanSentence(source, names)} Its artifact sources: ${listForMessage(names)}.`,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkArtifact(service: ServiceNeedingInput, raw: unknown): Checked<ArtifactValueInput> {
  const name = service.name;
  if (!isRecord(raw)) {
    return {
      value: undefined,
      issues: [issue('invalid_artifact', name, `The artifact for ${serviceLabel(name)} is ${describeKind(raw)}. Pass ${ARTIFACT_SHAPES}.`)],
    };
  }
  const shapeIssues = checkShape(
    name,
    raw,
    ARTIFACT_KEYS,
    [['artifactSource', 'buildNumber', 'parameters'], ['artifactId']],
    'invalid_artifact',
    ARTIFACT_SHAPES,
  );
  if (shapeIssues.length > 0) return { value: undefined, issues: shapeIssues };

  if (ownValue(raw, 'artifactId') !== undefined) {
    const id = checkText(name, raw, 'artifactId', 'invalid_artifact', ARTIFACT_SHAPES);
    if (id.value === undefined) return { value: undefined, issues: id.issues };
    return { value: { artifactId: { artifactId: id.value }, valueType: 'ARTIFACT_ID' }, issues: [] };
  }

  const source = checkText(name, raw, 'artifactSource', 'invalid_artifact', ARTIFACT_SHAPES);
  const build = checkText(name, raw, 'buildNumber', 'invalid_artifact', ARTIFACT_SHAPES);
  const parameters = checkParameters(name, ownValue(raw, 'parameters'));
  const unknownSource = source.value === undefined ? undefined : artifactSourceIssue(service, source.value);
  const issues = [...source.issues, ...(unknownSource === undefined ? [] : [unknownSource]), ...build.issues, ...parameters.issues];
  if (issues.length > 0 || source.value === undefined || build.value === undefined || parameters.value === undefined) {
    return { value: undefined, issues };
  }
  if (parameters.value.length === 0) {
    return {
      value: { buildNumber: { buildNumber: build.value, artifactSourceName: source.value }, valueType: 'BUILD_NUMBER' },
      issues: [],
    };
  }
  return {
    value: {
      parameterizedArtifactSource: {
        artifactSourceName: source.value,
        buildNumber: build.value,
        parameterValueInputs: parameters.value,
      },
      valueType: 'PARAMETERIZED_ARTIFACT_SOURCE',
    },
    issues: [],
  };
}

function checkManifest(service: ServiceNeedingInput, raw: unknown): Checked<ManifestValueInput> {
  const name = service.name;
  if (!isRecord(raw)) {
    return {
      value: undefined,
      issues: [issue('invalid_manifest', name, `The manifest for ${serviceLabel(name)} is ${describeKind(raw)}. Pass ${MANIFEST_SHAPES}.`)],
    };
  }
  const shapeIssues = checkShape(
    name,
    raw,
    MANIFEST_KEYS,
    [['appManifestName', 'versionNumber'], ['helmChartId']],
    'invalid_manifest',
    MANIFEST_SHAPES,
  );
  if (shapeIssues.length > 0) return { value: undefined, issues: shapeIssues };

  if (ownValue(raw, 'helmChartId') !== undefined) {
    const chart = checkText(name, raw, 'helmChartId', 'invalid_manifest', MANIFEST_SHAPES);
    if (chart.value === undefined) return { value: undefined, issues: chart.issues };
    return { value: { helmChartId: chart.value, valueType: 'HELM_CHART_ID' }, issues: [] };
  }
  const manifest = checkText(name, raw, 'appManifestName', 'invalid_manifest', MANIFEST_SHAPES);
  const version = checkText(name, raw, 'versionNumber', 'invalid_manifest', MANIFEST_SHAPES);
  if (manifest.value === undefined || version.value === undefined) {
    return { value: undefined, issues: [...manifest.issues, ...version.issues] };
  }
  return {
    value: { versionNumber: { appManifestName: manifest.value, versionNumber: version.value }, valueType: 'VERSION_NUMBER' },
    issues: [],
  };
}

function missingArtifactIssue(service: ServiceNeedingInput): ValidationIssue {
  const sources = service.artifactSources.map((source) => source.name);
  const example = sources.length === 1 ? quoteForMessage(sources[0] ?? '') : '"<artifact source name>"';
  const listed = sources.length > 0 ? ` Its artifact sources: ${listForMessage(sources)}.` : '';
  return issue(
    'missing_artifact',
    service.name,
    `${capitalize(serviceLabel(service.name))} needs an artifact for this start. Pass artifacts: ` +
      `{ ${quoteForMessage(service.name)}: { artifactSource: ${example}, buildNumber: "<build number>" } }, ` +
      `or { artifactId: "<artifact id>" } for that service.${listed}`,
  );
}

function missingManifestIssue(service: ServiceNeedingInput): ValidationIssue {
  return issue(
    'missing_manifest',
    service.name,
    `${capitalize(serviceLabel(service.name))} needs a manifest (Helm chart) for this start. Pass manifests: ` +
      `{ ${quoteForMessage(service.name)}: { appManifestName: "<manifest name>", versionNumber: "<chart version>" } }, ` +
      'or { helmChartId: "<helm chart id>" } for that service.',
  );
}

function unknownServiceIssue(
  service: string,
  what: 'artifact' | 'manifest',
  needing: ReadonlyMap<string, ServiceNeedingInput>,
  needsTheOther: boolean,
): ValidationIssue {
  const todo = ' Remove it, or pass allowUnknownServices: true to leave it out silently.';
  if (needsTheOther) {
    const other = what === 'artifact' ? 'a manifest' : 'an artifact';
    return issue(
      'unknown_service',
      service,
      `${capitalize(serviceLabel(service))} needs only ${other} in this start, so Harness would ignore its ${what}.${todo}`,
    );
  }
  const names = [...needing.keys()];
  const who =
    names.length === 0
      ? ` No service needs ${what === 'artifact' ? 'an artifact' : 'a manifest'} in this start.`
      : `${didYouMeanSentence(service, names)} Services that need one: ${listForMessage(names)}.`;
  return issue('unknown_service', service, `${capitalize(serviceLabel(service))} needs no ${what} in this start, so Harness would ignore it.${who}${todo}`);
}

function byName(services: readonly ServiceNeedingInput[]): Map<string, ServiceNeedingInput> {
  const map = new Map<string, ServiceNeedingInput>();
  for (const service of services) if (!map.has(service.name)) map.set(service.name, service);
  return map;
}

/** Reports choices for services that need nothing of that kind, unless the caller allows them. */
function unknownChoiceIssues(
  choices: Record_,
  what: 'artifact' | 'manifest',
  needing: ReadonlyMap<string, ServiceNeedingInput>,
  other: ReadonlyMap<string, ServiceNeedingInput>,
): ValidationIssue[] {
  return givenKeys(choices)
    .filter((service) => !needing.has(service))
    .map((service) => unknownServiceIssue(service, what, needing, other.has(service)));
}

function choicesRecord(raw: unknown, what: 'artifacts' | 'manifests', issues: ValidationIssue[]): Record_ {
  if (raw === undefined || raw === null) return {};
  if (isRecord(raw)) return raw;
  issues.push(
    issue(
      what === 'artifacts' ? 'invalid_artifact' : 'invalid_manifest',
      `(${what})`,
      `${what} must be an object keyed by service name, not ${describeKind(raw)}.`,
    ),
  );
  return {};
}

/**
 * Builds the `serviceInputs` of startExecution from artifact and manifest choices by service name,
 * checked against the services that need input in this start (from executionInputs).
 *
 * Artifacts: `{ artifactSource, buildNumber }` (BUILD_NUMBER), the same with a non-empty `parameters`
 * record (PARAMETERIZED_ARTIFACT_SOURCE) or `{ artifactId }` (ARTIFACT_ID). Manifests: `{ helmChartId }`
 * (HELM_CHART_ID) or `{ appManifestName, versionNumber }` (VERSION_NUMBER). Service and artifact source
 * names match exactly (case-sensitive); only own keys are read.
 *
 * The result has one entry per needing service, with its artifact and manifest together, in the order of
 * `needs` (artifact services first, then services that need only a manifest).
 *
 * @param needs - Which services need an artifact or a manifest for this start.
 * @param artifacts - Artifact choices by service name.
 * @param manifests - Manifest choices by service name.
 * @param options - How strict to be about services that need nothing.
 * @throws {@link HarnessValidationError} listing every problem found, when there is at least one.
 * @example
 * buildServiceInputs(needs, { 'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '1.10.1' } });
 */
export function buildServiceInputs(
  needs: ExecutionInputsInfo,
  artifacts?: ArtifactChoices,
  manifests?: ManifestChoices,
  options: BuildServiceInputsOptions = {},
): ServiceInput[] {
  const issues: ValidationIssue[] = [];
  const artifactChoices = choicesRecord(artifacts, 'artifacts', issues);
  const manifestChoices = choicesRecord(manifests, 'manifests', issues);
  const needArtifact = byName(needs.servicesNeedingArtifacts);
  const needManifest = byName(needs.servicesNeedingManifests);

  if (options.allowUnknownServices !== true) {
    issues.push(...unknownChoiceIssues(artifactChoices, 'artifact', needArtifact, needManifest));
    issues.push(...unknownChoiceIssues(manifestChoices, 'manifest', needManifest, needArtifact));
  }

  const services = [...needArtifact.values(), ...[...needManifest.values()].filter((service) => !needArtifact.has(service.name))];
  const inputs: ServiceInput[] = [];
  for (const service of services) {
    let artifactValueInput: ArtifactValueInput | undefined;
    let manifestValueInput: ManifestValueInput | undefined;
    if (needArtifact.has(service.name)) {
      const choice = ownValue(artifactChoices, service.name);
      if (choice === undefined) issues.push(missingArtifactIssue(service));
      else {
        const checked = checkArtifact(service, choice);
        issues.push(...checked.issues);
        artifactValueInput = checked.value;
      }
    }
    const manifestService = needManifest.get(service.name);
    if (manifestService !== undefined) {
      const choice = ownValue(manifestChoices, service.name);
      if (choice === undefined) issues.push(missingManifestIssue(manifestService));
      else {
        const checked = checkManifest(manifestService, choice);
        issues.push(...checked.issues);
        manifestValueInput = checked.value;
      }
    }
    inputs.push({
      name: service.name,
      ...(artifactValueInput === undefined ? {} : { artifactValueInput }),
      ...(manifestValueInput === undefined ? {} : { manifestValueInput }),
    });
  }
  if (issues.length > 0) {
    const count = `${String(issues.length)} problem${issues.length === 1 ? '' : 's'}`;
    throw new HarnessValidationError(issues, `${count} with the artifacts and manifests; nothing was sent to Harness`);
  }
  return inputs;
}
