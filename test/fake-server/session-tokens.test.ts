/** Session tokens (`Authorization: Bearer`) next to API keys, over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEVELOPER_BEARER_TOKEN,
  EXPIRED_BEARER_TOKEN,
  INVALID_TOKEN_BODY,
  SEED,
  USER_NOT_AUTHORIZED_BODY,
  startFakeHarness,
  type FakeHarness,
} from '../../src/testing/index.js';
import { firstError, gql, guestbookArtifact, START } from './client.js';

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness({ accountType: 'COMMUNITY' });
});
afterEach(async () => {
  await fake.close();
});

const APP_QUERY = 'query ApplicationById($id: String!) { application(applicationId: $id) { id name } }';

async function post(
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
  accountId: string | null = fake.accountId,
): Promise<{ status: number; headers: Headers; json: any }> {
  const url = `${fake.endpoint}${accountId === null ? '' : `?accountId=${accountId}`}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, json: JSON.parse(await res.text()) };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('session tokens', () => {
  it('accept the token of a seeded user, with the rights of its user groups', async () => {
    const ok = await post(bearer(fake.bearerToken), APP_QUERY, { id: SEED.gatesAppId });
    expect(ok.status).toBe(200);
    expect(ok.json.data.application).toEqual({ id: SEED.gatesAppId, name: SEED.gatesAppName });
    const developer = await post(bearer(DEVELOPER_BEARER_TOKEN), APP_QUERY, { id: SEED.gatesAppId });
    expect(developer.json.errors[0].message).toBe('Exception while fetching data (/application) : User not authorized: ACCESS_DENIED');
    expect(fake.requests.map((r) => r.credential)).toEqual(['BEARER', 'BEARER']);
  });

  it('record a start by a user as executed by that user', async () => {
    const input = { applicationId: SEED.appId, entityId: SEED.brokenWorkflowId, executionType: 'WORKFLOW', serviceInputs: [guestbookArtifact] };
    const r = await post(bearer(fake.bearerToken), START.replace('... on ExecutedByAPIKey', '... on ExecutedByUser { user { id name email } using } ... on ExecutedByAPIKey'), { input });
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.startExecution.execution.cause).toEqual({
      __typename: 'ExecutedByUser',
      user: { id: SEED.adminUserId, name: 'Ada Admin', email: 'ada.admin@example.com' },
      using: 'GRAPHQL_API',
    });
  });

  it('need the accountId parameter: without it a valid token is refused as not authorized', async () => {
    const r = await post(bearer(fake.bearerToken), APP_QUERY, { id: SEED.appId }, null);
    expect(r.status).toBe(403);
    expect(r.json).toEqual(USER_NOT_AUTHORIZED_BODY);
    expect(r.headers.get('x-harness-error')).toBe('ACCESS_DENIED');
    // An API key still carries its own account.
    expect((await post({ 'x-api-key': fake.apiKey }, APP_QUERY, { id: SEED.appId }, null)).status).toBe(200);
  });

  it('answer an expired, unknown or other-account token with the same 401 envelope as a bad key', async () => {
    const badKey = await post({ 'x-api-key': 'not-a-key' }, APP_QUERY, { id: SEED.appId });
    expect(badKey.status).toBe(401);
    for (const [headers, accountId] of [
      [bearer(EXPIRED_BEARER_TOKEN), fake.accountId],
      [bearer('not-a-session-token'), fake.accountId],
      [{ authorization: fake.bearerToken }, fake.accountId], // no Bearer scheme
      [bearer(fake.bearerToken), 'otherAccount000000001'],
      [bearer(EXPIRED_BEARER_TOKEN), null],
    ] as const) {
      const r = await post(headers, APP_QUERY, { id: SEED.appId }, accountId);
      expect(r.status).toBe(401);
      expect(r.json).toEqual(INVALID_TOKEN_BODY);
      expect(r.json).toEqual(badKey.json);
      expect(r.headers.get('x-harness-error')).toBe('INVALID_TOKEN');
    }
    expect(fake.budget().used).toBe(0);
  });

  it('fall back to the token when the key is refused, and share the account budget with keys', async () => {
    const fallback = await post({ 'x-api-key': 'not-a-key', ...bearer(fake.bearerToken) }, APP_QUERY, { id: SEED.appId });
    expect(fallback.status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await gql(fake, APP_QUERY, { id: SEED.appId })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post(bearer(fake.bearerToken), APP_QUERY, { id: SEED.appId })).status).toBe(200);
    expect((await post(bearer(fake.bearerToken), APP_QUERY, { id: SEED.appId })).status).toBe(429);
    expect(firstError(await gql(fake, APP_QUERY, { id: SEED.appId }))).toContain('rate limit');
  });

  it('accept users added at run time and honour their expiry on the fake clock', async () => {
    fake.addUser({
      id: 'userTemporary000000001',
      name: 'Temp',
      email: 'temp@example.com',
      userGroupIds: ['ugDevelopers000000001'],
      sessionTokens: [{ token: 'short-lived', expiresAt: fake.clock.now() + 1_000 }],
    });
    expect((await post(bearer('short-lived'), APP_QUERY, { id: SEED.appId })).status).toBe(200);
    fake.clock.advance(1_000);
    expect((await post(bearer('short-lived'), APP_QUERY, { id: SEED.appId })).status).toBe(401);
  });
});
