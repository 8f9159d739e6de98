/**
 * Collected builds and "latest" artifact choices, over real HTTP against the fake Harness server
 * (its seed dates builds on stable days; `Payments`' `payments-api` source has collected none).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessNotFoundError, isHarnessValidationError, type HarnessClientOptions } from '../../../src/index.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { K8S_START } from '../../support/fake-harness.js';

let fake: FakeHarness;

const instant = { now: () => Date.now(), sleep: async () => undefined };

function client(extra: Partial<HarnessClientOptions> = {}) {
  return new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false, clock: instant, ...extra });
}

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation).length;

function guestbookSource() {
  const source = fake.data.services.find((s) => s.id === SEED.guestbookServiceId)?.artifactSources[0];
  if (!source) throw new Error('the seed has no guestbook source');
  return source;
}

/** The build number a prepared start sends for a service. */
function sentBuild(input: { serviceInputs?: readonly unknown[] | null | undefined }, service: string): unknown {
  const found = (input.serviceInputs ?? []).find((s) => (s as { name?: unknown }).name === service) as
    | { artifactValueInput?: { buildNumber?: { buildNumber?: unknown } } }
    | undefined;
  return found?.artifactValueInput?.buildNumber?.buildNumber;
}

beforeEach(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterEach(async () => {
  await fake.close();
});

describe('listBuilds', () => {
  it('lists a service’s collected builds most recently collected first, with ids, dates and source', async () => {
    const builds = await client().listBuilds({ applicationName: SEED.appName, serviceName: 'guestbook' });
    expect(builds.map((b) => b.buildNumber)).toEqual(['v6', 'v5', 'v4']);
    expect(builds[0]).toMatchObject({ artifactId: SEED.guestbookV6ArtifactId, artifactSource: { id: SEED.guestbookSourceId, name: 'guestbook' } });
    const dates = builds.map((b) => b.collectedAt ?? 0);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(new Set(dates).size).toBe(3);
  });

  it('takes a limit and a source name, and spends one request per source after the lookups', async () => {
    const before = fake.requests.length;
    const builds = await client().listBuilds({ applicationId: SEED.appId, serviceName: 'fargate-nginx', artifactSourceName: 'library_nginx', limit: 1 });
    expect(builds.map((b) => b.buildNumber)).toEqual(['1.11.0']);
    // The service's sources, then its builds: no application lookup with an id.
    expect(fake.requests.slice(before).map((r) => r.operationName)).toEqual(['ApplicationArtifactSources', 'CollectedBuilds']);
  });

  it('answers an empty list for a source that has collected nothing', async () => {
    expect(await client().listBuilds({ applicationName: 'Payments', serviceName: 'payments-api' })).toEqual([]);
  });

  it('refuses an unknown source or service with the closest name, and bad options unsent', async () => {
    const wrongSource = await client()
      .listBuilds({ applicationId: SEED.appId, serviceName: 'guestbook', artifactSourceName: 'guestbok' })
      .catch((e: unknown) => e);
    expect(isHarnessValidationError(wrongSource) && wrongSource.message).toContain('Did you mean "guestbook"?');
    expect(sent('CollectedBuilds')).toBe(0);

    const wrongService = await client().listBuilds({ applicationId: SEED.appId, serviceName: 'gustbook' }).catch((e: unknown) => e);
    expect(isHarnessNotFoundError(wrongService) && wrongService.message).toContain('Did you mean "guestbook"?');

    const before = fake.requests.length;
    for (const options of [{ applicationId: SEED.appId, serviceName: 'guestbook', limit: 101 }, { applicationId: SEED.appId }, { applicationId: SEED.appId, serviceName: 'guestbook', limt: 1 }]) {
      const error = await client().listBuilds(options as never).catch((e: unknown) => e);
      expect(isHarnessValidationError(error)).toBe(true);
    }
    expect(fake.requests.length).toBe(before);
  });
});

describe('an artifact choice { artifactSource, latest: true }', () => {
  const latestStart = { ...K8S_START, artifacts: { guestbook: { artifactSource: 'guestbook', latest: true } } } as const;

  it('deploys the most recently collected build, looked up with one request', async () => {
    const prepared = await client().prepareWorkflowStart(latestStart);
    expect(sentBuild(prepared.input, 'guestbook')).toBe('v6');
    expect(sent('CollectedBuilds')).toBe(1);
  });

  it('means most recently collected, not the highest version', async () => {
    const v4 = guestbookSource().artifacts?.find((a) => a.buildNo === 'v4');
    if (!v4) throw new Error('the seed has no v4');
    v4.collectedAt = Date.UTC(2023, 11, 31, 12);
    const result = await client().startWorkflow(latestStart);
    const execution = await client().getExecution(result.id);
    expect(execution.id).toBe(result.id);
    const started = fake.requests.filter((r) => r.operationName === 'StartExecution').at(-1);
    expect(JSON.stringify(started?.variables)).toContain('"buildNumber":"v4"');
  });

  it('is refused, with nothing started, when the source has no collected build', async () => {
    guestbookSource().artifacts = [];
    const error = await client().startWorkflow(latestStart).catch((e: unknown) => e);
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('artifact source "guestbook" of service "guestbook" has no collected build');
    expect(sent('StartExecution')).toBe(0);
  });

  it('names the closest source when the source is unknown, without a builds request', async () => {
    const error = await client()
      .prepareWorkflowStart({ ...K8S_START, artifacts: { guestbook: { artifactSource: 'guestbok', latest: true } } })
      .catch((e: unknown) => e);
    expect(isHarnessValidationError(error) && error.message).toContain('Did you mean "guestbook"?');
    expect(sent('CollectedBuilds')).toBe(0);
  });

  it('leaves a build really tagged latest alone: buildNumber "latest" is sent as is', async () => {
    const prepared = await client().prepareWorkflowStart({ ...K8S_START, artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'latest' } } });
    expect(sentBuild(prepared.input, 'guestbook')).toBe('latest');
    expect(sent('CollectedBuilds')).toBe(0);
  });
});

describe('listApplications', () => {
  it('lists every application the key may read', async () => {
    const names: string[] = [];
    for await (const application of client().listApplications()) names.push(application.name);
    expect(names.sort()).toEqual([SEED.appName, SEED.gatesAppName, SEED.otherAppName].sort());
  });
});
