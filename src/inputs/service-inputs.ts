/**
 * Turns artifact and manifest choices into the `serviceInputs` of startExecution, checking them
 * against the services Harness says need input (its executionInputs query) so that every missing or
 * malformed choice is reported at once, before anything is sent.
 */
import { HarnessValidationError, type ValidationIssue } from '../errors.js';
import type { ArtifactValueInput, ManifestValueInput, ServiceInput } from '../generated/graphql.js';
import type { ArtifactChoices, ManifestChoices, ServiceNeedingInput } from '../types.js';
import { readServiceNeeds, type ServiceNeedsDeclaration } from './declarations.js';
import { boundedSuggester, didYouMeanSentence, listForMessage, quoteForMessage, type Suggester } from './did-you-mean.js';
import { snapshot, unreadableMessage } from './untrusted.js';
import { capitalize, describeKind, issue, isRecord, type Record_ } from './values.js';

/** Options of {@link buildServiceInputs}. */
export interface BuildServiceInputsOptions {
  /**
   * Accept choices for services that need nothing in this start instead of reporting them. Such
   * choices are left out of the result: Harness would ignore them anyway.
   * @default false
   */
  allowUnknownServices?: boolean | undefined;
}

/** A checked choice: the wire value when there were no issues. */
interface Checked<T> {
  readonly value: T | undefined;
  readonly issues: readonly ValidationIssue[];
}

const ARTIFACT_KEYS: ReadonlySet<string> = new Set(['artifactSource', 'buildNumber', 'parameters', 'artifactId']);
const MANIFEST_KEYS: ReadonlySet<string> = new Set(['helmChartId', 'appManifestName', 'versionNumber']);

const ARTIFACT_SHAPES = '{ artifactSource, buildNumber } (with parameters for a parameterized source) or { artifactId }';
const MANIFEST_SHAPES = '{ appManifestName, versionNumber } or { helmChartId }';

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

function artifactSourceIssue(service: ServiceNeedingInput, source: string, suggest: Suggester): ValidationIssue | undefined {
  const names = service.artifactSources.map((artifactSource) => artifactSource.name);
  if (names.length === 0 || names.includes(source)) return undefined;
  return issue(
    'unknown_artifact_source',
    service.name,
    `${capitalize(serviceLabel(service.name))} has no artifact source ${quoteForMessage(source)}.` +
      `${suggest(source, names)} Its artifact sources: ${listForMessage(names)}.`,
  );
}

function checkArtifact(service: ServiceNeedingInput, raw: unknown, suggest: Suggester): Checked<ArtifactValueInput> {
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
  const unknownSource = source.value === undefined ? undefined : artifactSourceIssue(service, source.value, suggest);
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
  suggest: Suggester,
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
      : `${suggest(service, names)} Services that need one: ${listForMessage(names)}.`;
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
  suggest: Suggester,
): ValidationIssue[] {
  return givenKeys(choices)
    .filter((service) => !needing.has(service))
    .map((service) => unknownServiceIssue(service, what, needing, other.has(service), suggest));
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
 * `needs` may be what getExecutionInputs answers or Harness's raw GraphQL `ExecutionInputs`
 * (`serviceInputs`, `serviceManifestInputs`); every list and field in it may be null, as Harness's
 * schema allows: a null list or item is skipped. Any argument of another shape (including one whose
 * reading throws) is reported as a {@link HarnessValidationError}, never a TypeError.
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
  needs: ServiceNeedsDeclaration | null | undefined,
  artifacts?: ArtifactChoices | null,
  manifests?: ManifestChoices | null,
  options?: BuildServiceInputsOptions | null,
): ServiceInput[] {
  const copies = [
    snapshot(needs, 'needs'),
    snapshot(artifacts, 'artifacts'),
    snapshot(manifests, 'manifests'),
    snapshot(options, 'options'),
  ] as const;
  const [needsCopy, artifactsCopy, manifestsCopy, optionsCopy] = copies;
  const issues: ValidationIssue[] = copies.flatMap((copy) =>
    copy.unreadable.map((part) => issue('invalid_option', part.path, unreadableMessage(part))),
  );
  const allowUnknownServices = readAllowUnknownServices(optionsCopy.value, issues);
  const reading = readServiceNeeds(needsCopy.value, 'needs');
  issues.push(...reading.issues);
  if (issues.length > 0) {
    throw new HarnessValidationError(issues, `${problemCount(issues)} with the arguments of buildServiceInputs; nothing was sent to Harness`);
  }
  const artifactChoices = choicesRecord(artifactsCopy.value, 'artifacts', issues);
  const manifestChoices = choicesRecord(manifestsCopy.value, 'manifests', issues);
  const needArtifact = byName(reading.value.servicesNeedingArtifacts);
  const needManifest = byName(reading.value.servicesNeedingManifests);
  const suggest = boundedSuggester();

  if (!allowUnknownServices) {
    issues.push(...unknownChoiceIssues(artifactChoices, 'artifact', needArtifact, needManifest, suggest));
    issues.push(...unknownChoiceIssues(manifestChoices, 'manifest', needManifest, needArtifact, suggest));
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
        const checked = checkArtifact(service, choice, suggest);
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
    throw new HarnessValidationError(issues, `${problemCount(issues)} with the artifacts and manifests; nothing was sent to Harness`);
  }
  return inputs;
}

function readAllowUnknownServices(options: unknown, issues: ValidationIssue[]): boolean {
  if (options === undefined || options === null) return false;
  if (!isRecord(options)) {
    issues.push(issue('invalid_option', '(options)', `The options must be an object such as { allowUnknownServices: true }, not ${describeKind(options)}.`));
    return false;
  }
  const value = options.allowUnknownServices;
  if (value === undefined || typeof value === 'boolean') return value === true;
  issues.push(issue('invalid_option', 'allowUnknownServices', `allowUnknownServices must be a boolean, not ${describeKind(value)}.`));
  return false;
}

function problemCount(issues: readonly ValidationIssue[]): string {
  return `${String(issues.length)} problem${issues.length === 1 ? '' : 's'}`;
}
