/**
 * Parsing of --var, --vars-file, --artifact and --manifest values into the SDK's variable values and
 * artifact/manifest choices. Pure: file contents come in through a reader function. Every problem is
 * collected, so one run reports them all.
 */
import type { ArtifactChoice, ArtifactChoices, ManifestChoice, ManifestChoices, StartArtifactChoice, StartArtifactChoices } from '../types.js';

/** Reads a file as UTF-8 text; throws on failure (the message is shown). */
export type ReadText = (path: string) => string;

/** Values that passed parsing, plus the problems found. */
export interface Parsed<T> {
  value: T;
  problems: string[];
}

function splitAssignment(text: string): [string, string] | undefined {
  const at = text.indexOf('=');
  if (at <= 0) return undefined;
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

function describeReadFailure(path: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === 'ENOENT') return `file ${JSON.stringify(path)} does not exist`;
  if (code === 'EACCES') return `file ${JSON.stringify(path)} cannot be read (permission denied)`;
  if (code === 'EISDIR') return `${JSON.stringify(path)} is a directory, not a file`;
  return `file ${JSON.stringify(path)} cannot be read`;
}

/** Drops one trailing line break, as `$(cat file)` would. */
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/u, '');
}

/**
 * Parses `NAME=VALUE` and `NAME=@FILE` (the value is the file's content without its final line
 * break; write `NAME=@@text` for a value that starts with `@`). Later values win. `flag` names the
 * option in messages (`--var`, `--approval-var`).
 */
export function parseVarArgs(args: readonly string[], readText: ReadText, flag = '--var'): Parsed<Record<string, string>> {
  const value: Record<string, string> = {};
  const problems: string[] = [];
  for (const arg of args) {
    const pair = splitAssignment(arg);
    if (pair === undefined || pair[0] === '') {
      problems.push(`${flag} ${JSON.stringify(arg)} is not NAME=VALUE. Write ${flag} NAME=VALUE, or ${flag} NAME=@FILE to read the value from a file.`);
      continue;
    }
    const [name, raw] = pair;
    if (raw.startsWith('@@')) {
      value[name] = raw.slice(1);
    } else if (raw.startsWith('@') && raw.length > 1) {
      const path = raw.slice(1);
      try {
        value[name] = withoutFinalNewline(readText(path));
      } catch (error) {
        problems.push(`${flag} ${name}=@${path}: ${describeReadFailure(path, error)}.`);
      }
    } else {
      value[name] = raw;
    }
  }
  return { value, problems };
}

/**
 * Parses a variables file: a JSON object whose values are strings, numbers, booleans or string
 * arrays (several values), or `KEY=VALUE` lines (blank lines and lines starting with `#` are skipped,
 * an optional `export ` prefix and matching quotes around the value are removed).
 */
export function parseVarsFile(text: string, source: string): Parsed<Record<string, string | string[]>> {
  const trimmed = text.trim();
  const value: Record<string, string | string[]> = {};
  const problems: string[] = [];
  if (trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      problems.push(`--vars-file ${source} is not valid JSON: ${(error as Error).message}.`);
      return { value, problems };
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      problems.push(`--vars-file ${source} must hold a JSON object of variable values.`);
      return { value, problems };
    }
    for (const [name, item] of Object.entries(data as Record<string, unknown>)) {
      if (typeof item === 'string') value[name] = item;
      else if (typeof item === 'number' || typeof item === 'boolean') value[name] = String(item);
      else if (Array.isArray(item) && item.every((entry) => typeof entry === 'string')) value[name] = [...(item as string[])];
      else problems.push(`--vars-file ${source}: variable ${JSON.stringify(name)} must be a string, number, boolean or array of strings.`);
    }
    return { value, problems };
  }
  const lines = text.split(/\r?\n/u);
  lines.forEach((line, index) => {
    const content = line.trim();
    if (content === '' || content.startsWith('#')) return;
    const pair = splitAssignment(content.startsWith('export ') ? content.slice(7).trimStart() : content);
    if (pair === undefined || pair[0] === '') {
      problems.push(`--vars-file ${source} line ${String(index + 1)} is not KEY=VALUE.`);
      return;
    }
    const [name, raw] = pair;
    let item = raw.trim();
    if (item.length >= 2 && (item[0] === '"' || item[0] === "'") && item.at(-1) === item[0]) item = item.slice(1, -1);
    value[name] = item;
  });
  return { value, problems };
}

/** The build text that means "the most recently collected build of the source". */
export const LATEST_BUILD = 'latest';

/**
 * The choice for `SOURCE:BUILD`. `latest` is the source's most recently collected build; a leading
 * `=` takes the rest as the build number exactly, so `SOURCE:=latest` is a build tagged "latest".
 */
function buildChoice(source: string, build: string): StartArtifactChoice {
  if (build === LATEST_BUILD) return { artifactSource: source, latest: true };
  return { artifactSource: source, buildNumber: build.startsWith('=') ? build.slice(1) : build };
}

/**
 * Parses `SERVICE=SOURCE:BUILD`, `SERVICE=SOURCE:latest` (the most recently collected build),
 * `SERVICE=SOURCE:=BUILD` (exactly this build number, even `latest`) and `SERVICE=id:ARTIFACT_ID`.
 */
export function parseArtifactArgs(args: readonly string[]): Parsed<StartArtifactChoices> {
  const value: Record<string, StartArtifactChoice> = {};
  const problems: string[] = [];
  const shape =
    'Write --artifact SERVICE=SOURCE:BUILD (artifact source name and build number), SERVICE=SOURCE:latest (the most recently collected build) or SERVICE=id:ARTIFACT_ID.';
  for (const arg of args) {
    const pair = splitAssignment(arg);
    const colon = pair === undefined ? -1 : pair[1].indexOf(':');
    if (pair === undefined || pair[0] === '' || colon <= 0 || colon === pair[1].length - 1 || pair[1].slice(colon + 1) === '=') {
      problems.push(`--artifact ${JSON.stringify(arg)} is not SERVICE=SOURCE:BUILD. ${shape}`);
      continue;
    }
    const [service, choice] = pair;
    if (value[service] !== undefined) {
      problems.push(`--artifact names service ${JSON.stringify(service)} twice. Give one artifact per service.`);
      continue;
    }
    const source = choice.slice(0, colon);
    const rest = choice.slice(colon + 1);
    value[service] = source === 'id' ? { artifactId: rest } : buildChoice(source, rest);
  }
  return { value, problems };
}

/**
 * Parses --artifact values and adds the --artifact-param values (`SERVICE.NAME=VALUE`, the runtime
 * parameters of a parameterized artifact source) to the `SERVICE=SOURCE:BUILD` choice of their
 * service. The service is the longest --artifact service the text before `=` starts with followed by
 * a dot (so service names may contain dots); otherwise the text up to its last dot. A parameter for a
 * service without --artifact, for an `id:` choice, or given twice is a problem.
 */
export function parseArtifactChoices(artifactArgs: readonly string[], paramArgs: readonly string[]): Parsed<StartArtifactChoices> {
  const artifacts = parseArtifactArgs(artifactArgs);
  const problems = [...artifacts.problems];
  const parameters = new Map<string, Record<string, string>>();
  const services = Object.keys(artifacts.value).sort((a, b) => b.length - a.length);
  // Services whose --artifact was malformed: their problem is reported already.
  const malformed = new Set(artifactArgs.map((arg) => splitAssignment(arg)?.[0] ?? '').filter((name) => name !== '' && !Object.hasOwn(artifacts.value, name)));
  const shape = 'Write --artifact-param SERVICE.NAME=VALUE, for example --artifact-param nexus-app.repository=releases.';
  for (const arg of paramArgs) {
    const pair = splitAssignment(arg);
    const key = pair?.[0] ?? '';
    const service = services.find((name) => key.startsWith(`${name}.`) && key.length > name.length + 1) ?? (key.lastIndexOf('.') > 0 ? key.slice(0, key.lastIndexOf('.')) : undefined);
    const name = service === undefined ? '' : key.slice(service.length + 1).trim();
    if (pair === undefined || service === undefined || name === '') {
      problems.push(`--artifact-param ${JSON.stringify(arg)} is not SERVICE.NAME=VALUE. ${shape}`);
      continue;
    }
    const choice = artifacts.value[service];
    if (choice === undefined) {
      if (!malformed.has(service)) {
        problems.push(
          `--artifact-param ${JSON.stringify(arg)} is for service ${JSON.stringify(service)}, which has no --artifact. ` +
            `Name its source and build too: --artifact ${service}=SOURCE:BUILD.`,
        );
      }
      continue;
    }
    if ('artifactId' in choice) {
      problems.push(
        `--artifact-param ${JSON.stringify(arg)}: service ${JSON.stringify(service)} is given by artifact id (--artifact ${service}=id:${choice.artifactId}), ` +
          `which takes no parameters. Name its source and build instead: --artifact ${service}=SOURCE:BUILD.`,
      );
      continue;
    }
    const given = parameters.get(service) ?? {};
    if (Object.hasOwn(given, name)) {
      problems.push(`--artifact-param gives parameter ${JSON.stringify(name)} of service ${JSON.stringify(service)} twice. Give each parameter once.`);
      continue;
    }
    given[name] = pair[1];
    parameters.set(service, given);
  }
  const value: Record<string, StartArtifactChoice> = { ...artifacts.value };
  for (const [service, params] of parameters) {
    const choice = value[service];
    if (choice !== undefined && !('artifactId' in choice)) value[service] = { ...choice, parameters: params };
  }
  return { value, problems };
}

/**
 * The choices without `SOURCE:latest`, for commands that name builds exactly (continuing a paused
 * stage); each `latest` is a problem saying how to name the build.
 */
export function withoutLatest(parsed: Parsed<StartArtifactChoices>): Parsed<ArtifactChoices> {
  const value: Record<string, ArtifactChoice> = {};
  const problems = [...parsed.problems];
  for (const [service, choice] of Object.entries(parsed.value)) {
    if ('latest' in choice) {
      problems.push(
        `--artifact ${service}=${choice.artifactSource}:${LATEST_BUILD}: this command takes an exact build. ` +
          `Name it: --artifact ${service}=${choice.artifactSource}:BUILD (or --artifact ${service}=${choice.artifactSource}:=${LATEST_BUILD} for a build tagged "${LATEST_BUILD}").`,
      );
    } else {
      value[service] = choice;
    }
  }
  return { value, problems };
}

/** Parses `SERVICE=MANIFEST:VERSION` and `SERVICE=id:HELM_CHART_ID`. */
export function parseManifestArgs(args: readonly string[]): Parsed<ManifestChoices> {
  const value: Record<string, ManifestChoice> = {};
  const problems: string[] = [];
  for (const arg of args) {
    const pair = splitAssignment(arg);
    const colon = pair === undefined ? -1 : pair[1].indexOf(':');
    if (pair === undefined || pair[0] === '' || colon <= 0 || colon === pair[1].length - 1 || pair[1].slice(colon + 1) === '=') {
      problems.push(
        `--manifest ${JSON.stringify(arg)} is not SERVICE=MANIFEST:VERSION. Write --manifest SERVICE=MANIFEST:VERSION (application manifest name and chart version) or --manifest SERVICE=id:HELM_CHART_ID.`,
      );
      continue;
    }
    const [service, choice] = pair;
    if (value[service] !== undefined) {
      problems.push(`--manifest names service ${JSON.stringify(service)} twice. Give one manifest per service.`);
      continue;
    }
    const name = choice.slice(0, colon);
    const rest = choice.slice(colon + 1);
    value[service] = name === 'id' ? { helmChartId: rest } : { appManifestName: name, versionNumber: rest };
  }
  return { value, problems };
}
