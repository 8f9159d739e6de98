/**
 * Collected builds (Harness calls them artifacts): the `artifacts` query and every artifact
 * source's `artifacts` field list them most recently collected first. Builds collected at the same
 * moment keep the order they were collected in, as Harness has no second sort key.
 */
import type { FakeArtifact, FakeArtifactSource, FakeService } from '../types.js';
import { matchesIdFilter, type IdFilter } from './id-filter.js';
import { canReadApp } from './permissions.js';
import type { Caller } from './records.js';
import type { EngineState } from './state.js';

/** One entry of `artifacts(filters:)`: only ids of builds, sources and source types can be filtered on. */
export interface ArtifactFilter {
  artifact?: IdFilter | null;
  artifactSource?: IdFilter | null;
  artifactStreamType?: IdFilter | null;
}

/** A collected build with where it comes from. */
export interface CollectedBuild {
  artifact: FakeArtifact;
  source: FakeArtifactSource;
  service: FakeService;
}

/** When a build was collected; seeded builds without a date count as collected when the fake started. */
export function collectedAtOf(state: EngineState, artifact: FakeArtifact): number {
  return artifact.collectedAt ?? state.createdAtDefault;
}

/** The builds of one source, most recently collected first. */
export function buildsOfSource(state: EngineState, source: FakeArtifactSource): FakeArtifact[] {
  return newestFirst(state, source.artifacts.map((artifact) => ({ artifact }))).map((x) => x.artifact);
}

/** The builds the caller may read (those of services in its applications) that pass every filter, most recently collected first. */
export function listCollectedBuilds(state: EngineState, caller: Caller, filters: readonly (ArtifactFilter | null)[]): CollectedBuild[] {
  const builds: CollectedBuild[] = [];
  for (const service of state.data.services) {
    if (!canReadApp(state, caller, service.appId)) continue;
    for (const source of service.artifactSources) {
      for (const artifact of source.artifacts) {
        const passes = filters.every(
          (f) =>
            !f ||
            (matchesIdFilter(f.artifact, artifact.id) &&
              matchesIdFilter(f.artifactSource, source.id) &&
              matchesIdFilter(f.artifactStreamType, source.kind ?? 'DOCKER')),
        );
        if (passes) builds.push({ artifact, source, service });
      }
    }
  }
  return newestFirst(state, builds);
}

function newestFirst<T extends { artifact: FakeArtifact }>(state: EngineState, builds: T[]): T[] {
  // Array.prototype.sort is stable: builds collected at the same time keep their collection order.
  return [...builds].sort((a, b) => collectedAtOf(state, b.artifact) - collectedAtOf(state, a.artifact));
}
