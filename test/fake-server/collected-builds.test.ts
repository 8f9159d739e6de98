/** Collected builds (`artifacts`) over real HTTP: newest collected first, filters by id, page clamp, permissions. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { firstError, gql, start } from './client.js';

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterEach(async () => {
  await fake.close();
});

const DAY_MS = 86_400_000;
const beforeStart = (days: number): number => Date.UTC(2024, 0, 1) - days * DAY_MS;

const ARTIFACTS = `query Artifacts($filters: [ArtifactFilter], $limit: Int!, $offset: Int) {
  artifacts(filters: $filters, limit: $limit, offset: $offset) {
    pageInfo { limit offset total hasMore }
    nodes { id buildNo collectedAt artifactSource { __typename id name } }
  }
}`;
const bySource = (id: string) => [{ artifactSource: { operator: 'EQUALS', values: [id] } }];
const buildNumbers = (r: Awaited<ReturnType<typeof gql>>): string[] =>
  (r.json.data?.['artifacts'].nodes as { buildNo: string }[]).map((n) => n.buildNo);

describe('artifacts query', () => {
  it('answers the latest build of a source with limit 1, and all of them newest collected first', async () => {
    const latest = await gql(fake, ARTIFACTS, { filters: bySource(SEED.guestbookSourceId), limit: 1 });
    expect(latest.json.errors).toBeUndefined();
    expect(latest.json.data?.['artifacts']).toEqual({
      pageInfo: { limit: 1, offset: 0, total: 3, hasMore: true },
      nodes: [
        {
          id: SEED.guestbookV6ArtifactId,
          buildNo: 'v6',
          collectedAt: beforeStart(1),
          artifactSource: { __typename: 'DockerArtifactSource', id: SEED.guestbookSourceId, name: 'guestbook' },
        },
      ],
    });
    const all = await gql(fake, ARTIFACTS, { filters: bySource(SEED.guestbookSourceId), limit: 10 });
    expect(buildNumbers(all)).toEqual(['v6', 'v5', 'v4']);
    const second = await gql(fake, ARTIFACTS, { filters: bySource(SEED.guestbookSourceId), limit: 1, offset: 1 });
    expect(buildNumbers(second)).toEqual(['v5']);
  });

  it('lists every readable build newest first without filters and clamps the page size to 100', async () => {
    const r = await gql(fake, ARTIFACTS, { limit: 1000 });
    expect(r.json.data?.['artifacts'].pageInfo).toMatchObject({ limit: 100, total: 6 });
    expect(buildNumbers(r)).toEqual(['v6', 'v5', 'v4', '1.11.0', '1.0.0', '1.10.1']);
    const times = (r.json.data?.['artifacts'].nodes as { collectedAt: number }[]).map((n) => n.collectedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by build ids, source ids and source type only, ANDing the filters', async () => {
    const byIds = await gql(fake, ARTIFACTS, {
      filters: [{ artifact: { operator: 'IN', values: [SEED.nginxArtifactId, SEED.guestbookV6ArtifactId, 'noSuchArtifact000001'] } }],
      limit: 10,
    });
    expect(buildNumbers(byIds)).toEqual(['v6', '1.10.1']);
    const custom = await gql(fake, ARTIFACTS, { filters: [{ artifactStreamType: { operator: 'EQUALS', values: ['CUSTOM'] } }], limit: 10 });
    expect(buildNumbers(custom)).toEqual(['1.0.0']);
    const both = await gql(fake, ARTIFACTS, {
      filters: [...bySource(SEED.nginxSourceId), { artifact: { operator: 'NOT_IN', values: [SEED.nginxArtifactId] } }],
      limit: 10,
    });
    expect(buildNumbers(both)).toEqual(['1.11.0']);
    const invalid = await gql(fake, ARTIFACTS, { filters: [{ service: { operator: 'EQUALS', values: [SEED.guestbookServiceId] } }], limit: 10 });
    expect(firstError(invalid)).toContain('service');
    expect(invalid.json.data).toBeUndefined();
  });

  it('answers an empty page for a source that has collected no build', async () => {
    const r = await gql(fake, ARTIFACTS, { filters: bySource(SEED.emptySourceId), limit: 1 });
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data?.['artifacts']).toEqual({ pageInfo: { limit: 1, offset: 0, total: 0, hasMore: false }, nodes: [] });
  });

  it('shows a build collected by a start as the newest, with the time it was collected', async () => {
    fake.clock.advance(60_000);
    const r = await start(fake, {
      applicationId: SEED.appId,
      entityId: SEED.brokenWorkflowId,
      executionType: 'WORKFLOW',
      serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { buildNumber: 'v7', artifactSourceName: 'guestbook' } } }],
    });
    expect(r.json.errors).toBeUndefined();
    const latest = await gql(fake, ARTIFACTS, { filters: bySource(SEED.guestbookSourceId), limit: 1 });
    expect(latest.json.data?.['artifacts'].nodes[0]).toMatchObject({ buildNo: 'v7', collectedAt: fake.clock.now() });
  });

  it('lists only builds of services in applications the key may read', async () => {
    const payments = fake.data.services.find((s) => s.id === SEED.paymentsServiceId);
    payments?.artifactSources[0]?.artifacts.push({ id: 'artPaymentsApi0000001', buildNo: '2.0.0', collectedAt: beforeStart(0) });
    const admin = await gql(fake, ARTIFACTS, { filters: bySource(SEED.emptySourceId), limit: 1 });
    expect(buildNumbers(admin)).toEqual(['2.0.0']);
    const restricted = await gql(fake, ARTIFACTS, { filters: bySource(SEED.emptySourceId), limit: 1 }, { key: fake.restrictedApiKey });
    expect(restricted.json.errors).toBeUndefined();
    expect(buildNumbers(restricted)).toEqual([]);
  });

  it('refuses a negative limit or offset and a missing limit as Harness does', async () => {
    expect(firstError(await gql(fake, ARTIFACTS, { limit: -1 }))).toBe(
      'Exception while fetching data (/artifacts) : Invalid request: Limit argument accepts only non negative values',
    );
    expect(firstError(await gql(fake, ARTIFACTS, { limit: 1, offset: -1 }))).toBe(
      'Exception while fetching data (/artifacts) : Invalid request: Offset argument accepts only non negative values',
    );
    const missing = await gql(fake, '{ artifacts { nodes { id } } }');
    expect(firstError(missing)).toContain('limit');
  });
});

describe('ArtifactSource.artifacts', () => {
  it('lists the builds of each source newest collected first, also for a source with none', async () => {
    const query = `query Sources($appId: String!) {
      application(applicationId: $appId) {
        services(limit: 10) { nodes { name artifactSources { name artifacts(limit: 2) { pageInfo { total limit } nodes { buildNo artifactSource { id } } } } } }
      }
    }`;
    const demo = await gql(fake, query, { appId: SEED.appId });
    expect(demo.json.errors).toBeUndefined();
    const sources = (demo.json.data?.['application'].services.nodes as { name: string; artifactSources: any[] }[]).flatMap((s) => s.artifactSources);
    const guestbook = sources.find((s) => s.name === 'guestbook');
    expect(guestbook.artifacts).toEqual({
      pageInfo: { total: 3, limit: 2 },
      nodes: [
        { buildNo: 'v6', artifactSource: { id: SEED.guestbookSourceId } },
        { buildNo: 'v5', artifactSource: { id: SEED.guestbookSourceId } },
      ],
    });
    expect(sources.find((s) => s.name === 'library_nginx').artifacts.nodes.map((n: { buildNo: string }) => n.buildNo)).toEqual(['1.11.0', '1.10.1']);
    const payments = await gql(fake, query, { appId: SEED.otherAppId });
    expect(payments.json.data?.['application'].services.nodes).toEqual([
      { name: 'payments-api', artifactSources: [{ name: 'payments-api', artifacts: { pageInfo: { total: 0, limit: 2 }, nodes: [] } }] },
    ]);
  });
});
