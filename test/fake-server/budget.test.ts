/** The account's request budget over real HTTP, on the fake's manual clock. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BUDGET_WINDOW_MS,
  COMMUNITY_REQUESTS_PER_MINUTE,
  PAID_REQUESTS_PER_MINUTE,
  RATE_LIMIT_MESSAGE,
  SEED,
  startFakeHarness,
  type FakeHarness,
  type FakeHarnessOptions,
} from '../../src/testing/index.js';
import { gql } from './client.js';

const APP_QUERY = 'query ApplicationById($id: String!) { application(applicationId: $id) { id name } }';
const ask = async (fake: FakeHarness): Promise<number> => (await gql(fake, APP_QUERY, { id: SEED.appId })).status;

let fake: FakeHarness | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
const start = async (options: FakeHarnessOptions = {}): Promise<FakeHarness> => (fake = await startFakeHarness(options));

describe('request budget', () => {
  it('gives community and essentials accounts 5 requests a minute and paid or trial accounts 30', async () => {
    expect(COMMUNITY_REQUESTS_PER_MINUTE).toBe(5);
    expect(PAID_REQUESTS_PER_MINUTE).toBe(30);
    for (const [accountType, limit] of [
      ['COMMUNITY', 5],
      ['ESSENTIALS', 5],
      ['TRIAL', 30],
      ['PAID', 30],
    ] as const) {
      const f = await start({ accountType });
      for (let i = 0; i < limit; i++) expect(await ask(f)).toBe(200);
      const refused = await gql(f, APP_QUERY, { id: SEED.appId });
      expect(refused.status).toBe(429);
      expect(refused.json).toEqual({ errors: [{ message: RATE_LIMIT_MESSAGE }] });
      expect(refused.headers.get('retry-after')).toBeNull();
      await f.close();
      fake = undefined;
    }
  });

  it('lets an explicit rateLimit win over the account type', async () => {
    const f = await start({ accountType: 'COMMUNITY', rateLimit: { perMinute: 7 } });
    for (let i = 0; i < 7; i++) expect(await ask(f)).toBe(200);
    expect(await ask(f)).toBe(429);
  });

  it('counts one unit per HTTP request, however many aliased fields the document holds', async () => {
    const f = await start({ accountType: 'COMMUNITY' });
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: application(applicationId: "${SEED.appId}") { id }`).join('\n');
    const batch = await gql(f, `query Many { ${aliases} }`);
    expect(batch.status).toBe(200);
    expect(Object.keys(batch.json.data ?? {})).toHaveLength(50);
    expect(f.budget()).toMatchObject({ limit: 5, used: 1 });
    for (let i = 0; i < 4; i++) expect(await ask(f)).toBe(200);
    expect(await ask(f)).toBe(429);
  });

  it('is a fixed window: it opens with its first request and gives the whole budget back a minute later', async () => {
    const f = await start({ accountType: 'COMMUNITY' });
    const opened = f.clock.now();
    expect(f.budget()).toEqual({ limit: 5, used: 0, resetsAt: null });
    expect(await ask(f)).toBe(200);
    f.clock.advance(BUDGET_WINDOW_MS - 1);
    for (let i = 0; i < 4; i++) expect(await ask(f)).toBe(200); // all five in the last millisecond of the window
    expect(f.budget()).toEqual({ limit: 5, used: 5, resetsAt: opened + BUDGET_WINDOW_MS });
    expect(await ask(f)).toBe(429);
    f.clock.advance(1);
    // A sliding window would still hold the four requests of a millisecond ago.
    for (let i = 0; i < 5; i++) expect(await ask(f)).toBe(200);
    expect(await ask(f)).toBe(429);
  });

  it('does not count refused requests, nor requests refused for their credentials', async () => {
    const f = await start({ accountType: 'COMMUNITY' });
    for (let i = 0; i < 5; i++) expect(await ask(f)).toBe(200);
    for (let i = 0; i < 20; i++) expect(await ask(f)).toBe(429);
    expect(f.budget().used).toBe(5);
    f.clock.advance(BUDGET_WINDOW_MS);
    expect((await gql(f, APP_QUERY, { id: SEED.appId }, { key: 'not-a-key' })).status).toBe(401);
    expect(f.budget()).toMatchObject({ used: 0, resetsAt: null });
    for (let i = 0; i < 5; i++) expect(await ask(f)).toBe(200);
    expect(await ask(f)).toBe(429);
  });

  it('has no limit when turned off', async () => {
    const f = await start({ accountType: 'COMMUNITY', rateLimit: false });
    for (let i = 0; i < 12; i++) expect(await ask(f)).toBe(200);
    expect(f.budget()).toEqual({ limit: null, used: 0, resetsAt: null });
  });
});
