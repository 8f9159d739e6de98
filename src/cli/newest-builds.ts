/**
 * The few newest collected builds of each artifact source of the services a start needs an artifact
 * for, as `inputs` shows them. Harness lists a service's builds merged across its sources, so one
 * listing per service is asked for three builds per source; only a source that may have been crowded
 * out of a full listing by newer builds of its siblings is asked for again on its own.
 */
import type { CollectedBuild } from '../builds.js';
import type { ServiceNeedingInput } from '../types.js';
import type { CliClient } from './context.js';

/** How many builds `inputs` shows per artifact source. */
export const BUILDS_SHOWN_PER_SOURCE = 3;

/** The largest `limit` a build listing takes. */
const MAX_LISTING = 100;

/** One artifact source of a service and its newest collected builds, newest first. */
export interface SourceBuilds {
  service: string;
  artifactSource: string;
  builds: readonly CollectedBuild[];
}

/** The newest builds of every source of every service, in the services' and sources' order. */
export async function newestBuildsOfServices(
  client: Pick<CliClient, 'listBuilds'>,
  applicationId: string,
  services: readonly ServiceNeedingInput[],
  signal?: AbortSignal,
): Promise<SourceBuilds[]> {
  const perService = await Promise.all(services.map((service) => newestBuildsOfService(client, applicationId, service, signal)));
  return perService.flat();
}

async function newestBuildsOfService(
  client: Pick<CliClient, 'listBuilds'>,
  applicationId: string,
  service: ServiceNeedingInput,
  signal: AbortSignal | undefined,
): Promise<SourceBuilds[]> {
  if (service.artifactSources.length === 0) return [];
  const call = signal === undefined ? {} : { signal };
  const limit = Math.min(MAX_LISTING, BUILDS_SHOWN_PER_SOURCE * service.artifactSources.length);
  const merged = await client.listBuilds({ applicationId, serviceName: service.name, limit, ...call });
  // A listing shorter than its limit holds every build there is; a full one may lack a source's older builds.
  const complete = merged.length < limit;
  return Promise.all(
    service.artifactSources.map(async (source) => {
      let builds = merged.filter((build) => build.artifactSource.id === source.id).slice(0, BUILDS_SHOWN_PER_SOURCE);
      if (!complete && builds.length < BUILDS_SHOWN_PER_SOURCE) {
        builds = await client.listBuilds({ applicationId, serviceName: service.name, artifactSourceName: source.name, limit: BUILDS_SHOWN_PER_SOURCE, ...call });
      }
      return { service: service.name, artifactSource: source.name, builds };
    }),
  );
}
