/**
 * Collected builds: what Harness has collected from a service's artifact sources, most recently
 * collected first. "Latest" in this SDK always means the most recently *collected* build of a
 * source, not the highest version number: Harness orders builds by collection time only.
 */
import { HarnessNotFoundError, HarnessValidationError, type ValidationIssue } from './errors.js';
import { ApplicationArtifactSourcesDocument, CollectedBuildsDocument } from './generated/graphql.js';
import { suggestClosest } from './inputs/did-you-mean.js';
import { num, str } from './internal/loose-json.js';
import type { Transport, TransportCallOptions } from './transport.js';
import type { ExecutionInputsInfo } from './types.js';

/** Harness answers at most this many builds a page. */
export const MAX_BUILDS_PER_PAGE = 100;

/** Services read per page when looking a service up by name. */
const SERVICES_PAGE = 100;

/** A build Harness collected from an artifact source. */
export interface CollectedBuild {
  /** The build number (tag, version) to pass as `buildNumber`. */
  buildNumber: string;
  /** Harness's id of this artifact (what `{ artifactId }` takes). */
  artifactId: string;
  /** When Harness collected it, in epoch milliseconds; null when Harness does not say. */
  collectedAt: number | null;
  /** The artifact source it was collected from. */
  artifactSource: { id: string; name: string };
}

/** An artifact source of a service, by id and name. */
export interface ArtifactSourceRef {
  id: string;
  name: string;
}

/**
 * The newest collected builds of one source, most recently collected first (one request).
 * @param limit - At most this many, 1 to 100.
 */
export async function collectedBuilds(transport: Transport, source: ArtifactSourceRef, limit: number, call: TransportCallOptions): Promise<CollectedBuild[]> {
  const data = await transport.request(
    CollectedBuildsDocument,
    { filters: [{ artifactSource: { operator: 'EQUALS', values: [source.id] } }], limit, offset: 0 },
    call,
  );
  const nodes = Array.isArray(data?.artifacts?.nodes) ? data.artifacts.nodes : [];
  const builds: CollectedBuild[] = [];
  for (const node of nodes) {
    const buildNumber = str(node?.buildNo);
    const artifactId = str(node?.id);
    if (buildNumber === null || artifactId === null) continue;
    builds.push({
      buildNumber,
      artifactId,
      collectedAt: num(node?.collectedAt),
      artifactSource: { id: str(node?.artifactSource?.id) ?? source.id, name: str(node?.artifactSource?.name) ?? source.name },
    });
  }
  return builds;
}

/**
 * The artifact sources of a service found by exact name in an application (one request per 100
 * services). @throws {HarnessNotFoundError} naming the closest service name
 */
export async function artifactSourcesOfService(
  transport: Transport,
  applicationId: string,
  serviceName: string,
  call: TransportCallOptions,
): Promise<ArtifactSourceRef[]> {
  const names: string[] = [];
  for (let offset = 0; ; offset += SERVICES_PAGE) {
    const data = await transport.request(ApplicationArtifactSourcesDocument, { applicationId, limit: SERVICES_PAGE, offset }, call);
    const nodes = Array.isArray(data?.application?.services?.nodes) ? data.application.services.nodes : [];
    for (const node of nodes) {
      const name = str(node?.name);
      if (name === null) continue;
      if (name === serviceName) {
        const sources = Array.isArray(node?.artifactSources) ? node.artifactSources : [];
        return sources.flatMap((source) => {
          const id = str(source?.id);
          return id === null ? [] : [{ id, name: str(source?.name) ?? id }];
        });
      }
      names.push(name);
    }
    if (nodes.length < SERVICES_PAGE) break;
  }
  const closest = suggestClosest(serviceName, names);
  const hint = closest === undefined ? '' : ` Did you mean ${JSON.stringify(closest)}?`;
  return Promise.reject(
    new HarnessNotFoundError('service', serviceName, `Service "${serviceName}" was not found in application ${applicationId}.${hint} Names are exact and case-sensitive.`, {
      operation: 'ApplicationArtifactSources',
    }),
  );
}

/** Picks the source a listing is about: the named one, or the service's only one. */
export function pickArtifactSource(serviceName: string, sources: readonly ArtifactSourceRef[], sourceName: string | undefined): ArtifactSourceRef[] {
  if (sourceName === undefined) return [...sources];
  const source = sources.find((candidate) => candidate.name === sourceName);
  if (source) return [source];
  const closest = suggestClosest(sourceName, sources.map((candidate) => candidate.name));
  const listed = sources.length === 0 ? ' It has no artifact source.' : ` Its sources: ${sources.map((s) => JSON.stringify(s.name)).join(', ')}.`;
  const issue: ValidationIssue = {
    code: 'invalid_option',
    variable: 'artifactSourceName',
    message:
      `Service "${serviceName}" has no artifact source "${sourceName}".` +
      (closest === undefined ? '' : ` Did you mean ${JSON.stringify(closest)}?`) +
      listed,
  };
  throw new HarnessValidationError([issue]);
}

/** Newest first across several sources (stable for ties). */
export function newestFirst(builds: readonly CollectedBuild[]): CollectedBuild[] {
  return builds
    .map((build, index) => ({ build, index }))
    .sort((a, b) => (b.build.collectedAt ?? -Infinity) - (a.build.collectedAt ?? -Infinity) || a.index - b.index)
    .map(({ build }) => build);
}

/** Whether a value is an object whose own keys can be read as data. */
function plainRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replaces each `{ artifactSource, latest: true }` choice by the most recently collected build of
 * that source (one request per such choice, sent together), so the start carries a real build
 * number. Choices of other shapes are left for the builder to check.
 * @throws {HarnessValidationError} when a latest choice names no known service or source, or the
 * source has no collected build
 */
export async function resolveLatestBuilds(
  transport: Transport,
  needs: ExecutionInputsInfo,
  artifacts: unknown,
  call: TransportCallOptions,
): Promise<unknown> {
  const choices = plainRecord(artifacts);
  if (choices === undefined) return artifacts;
  let entries: [string, unknown][];
  try {
    entries = Object.entries(choices);
  } catch {
    return artifacts;
  }
  const issues: ValidationIssue[] = [];
  const resolved: Record<string, unknown> = {};
  const lookups: Promise<void>[] = [];
  for (const [serviceName, value] of entries) {
    Object.defineProperty(resolved, serviceName, { value, enumerable: true, writable: true, configurable: true });
    const choice = plainRecord(value);
    if (choice === undefined || !Object.hasOwn(choice, 'latest')) continue;
    const at = `artifacts.${serviceName}`;
    const { latest, artifactSource: sourceName, buildNumber, artifactId, parameters } = choice;
    if (latest !== true || buildNumber !== undefined || artifactId !== undefined || typeof sourceName !== 'string') {
      issues.push({
        code: 'invalid_artifact',
        variable: at,
        message: `${at}: the latest build is chosen with { artifactSource: "<source name>", latest: true } and no buildNumber or artifactId.`,
      });
      continue;
    }
    const service = needs.servicesNeedingArtifacts.find((candidate) => candidate.name === serviceName);
    if (service === undefined) {
      const closest = suggestClosest(serviceName, needs.servicesNeedingArtifacts.map((candidate) => candidate.name));
      issues.push({
        code: 'unknown_service',
        variable: at,
        message:
          `${at}: this start deploys no service "${serviceName}" needing an artifact, so its latest build cannot be looked up.` +
          (closest === undefined ? '' : ` Did you mean ${JSON.stringify(closest)}?`),
      });
      continue;
    }
    const source = service.artifactSources.find((candidate) => candidate.name === sourceName);
    if (source === undefined) {
      const closest = suggestClosest(sourceName, service.artifactSources.map((candidate) => candidate.name));
      issues.push({
        code: 'unknown_artifact_source',
        variable: at,
        message:
          `${at}: service "${serviceName}" has no artifact source "${sourceName}".` +
          (closest === undefined ? '' : ` Did you mean ${JSON.stringify(closest)}?`) +
          ` Its sources: ${service.artifactSources.map((candidate) => JSON.stringify(candidate.name)).join(', ') || 'none'}.`,
      });
      continue;
    }
    lookups.push(
      collectedBuilds(transport, source, 1, call).then(([newest]) => {
        if (newest === undefined) {
          issues.push({
            code: 'invalid_artifact',
            variable: at,
            message:
              `${at}: artifact source "${sourceName}" of service "${serviceName}" has no collected build, so there is no latest one. ` +
              'Check that artifact collection is enabled for the source, or pass a buildNumber.',
          });
          return;
        }
        resolved[serviceName] = { artifactSource: sourceName, buildNumber: newest.buildNumber, ...(parameters === undefined ? {} : { parameters }) };
      }),
    );
  }
  await Promise.all(lookups);
  if (issues.length > 0) throw new HarnessValidationError(issues);
  return resolved;
}
