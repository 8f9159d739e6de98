import { describe, expect, it } from 'vitest';
import type { CollectedBuild } from '../../../src/builds.js';
import type { ListBuildsOptions } from '../../../src/client.js';
import { newestBuildsOfServices } from '../../../src/cli/newest-builds.js';

/** A stand-in listBuilds over fixed builds (newest first), recording each call's options. */
function stub(builds: CollectedBuild[]) {
  const calls: ListBuildsOptions[] = [];
  const listBuilds = (options: ListBuildsOptions): Promise<CollectedBuild[]> => {
    calls.push(options);
    const picked = builds.filter((b) => options.artifactSourceName === undefined || b.artifactSource.name === options.artifactSourceName);
    return Promise.resolve(picked.slice(0, options.limit ?? 10));
  };
  return { client: { listBuilds } as never, calls };
}

function build(source: string, n: number, at: number): CollectedBuild {
  return { buildNumber: `${source}-${String(n)}`, artifactId: `${source}${String(n)}`, collectedAt: at, artifactSource: { id: `id-${source}`, name: source } };
}

const service = (...sources: string[]) => ({ id: 'svc', name: 'web', artifactType: 'DOCKER', deploymentType: 'KUBERNETES', artifactSources: sources.map((s) => ({ id: `id-${s}`, name: s })) });

describe('newestBuildsOfServices', () => {
  it('asks once per service for 3 builds per source when the listing holds them all', async () => {
    const { client, calls } = stub([build('a', 5, 50), build('b', 2, 40), build('a', 4, 30), build('a', 3, 20), build('b', 1, 10)]);
    const result = await newestBuildsOfServices(client, 'app', [service('a', 'b')]);
    expect(calls).toEqual([{ applicationId: 'app', serviceName: 'web', limit: 6 }]);
    expect(result.map((r) => [r.artifactSource, r.builds.map((b) => b.buildNumber)])).toEqual([
      ['a', ['a-5', 'a-4', 'a-3']],
      ['b', ['b-2', 'b-1']],
    ]);
  });

  it('asks again, on its own, for a source that newer builds of its sibling crowded out of a full listing', async () => {
    const newer = [1, 2, 3, 4, 5, 6].map((n) => build('a', n, 100 - n));
    const { client, calls } = stub([...newer, build('b', 1, 10), build('b', 0, 5)]);
    const result = await newestBuildsOfServices(client, 'app', [service('a', 'b')]);
    expect(calls).toEqual([
      { applicationId: 'app', serviceName: 'web', limit: 6 },
      { applicationId: 'app', serviceName: 'web', artifactSourceName: 'b', limit: 3 },
    ]);
    expect(result[1]?.builds.map((b) => b.buildNumber)).toEqual(['b-1', 'b-0']);
  });

  it('sends nothing for a service without artifact sources', async () => {
    const { client, calls } = stub([]);
    expect(await newestBuildsOfServices(client, 'app', [service()])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
