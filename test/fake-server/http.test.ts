import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RATE_LIMIT_MESSAGE, SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { firstError, gql, guestbookArtifact, nameVar, start } from './client.js';

const APP_QUERY = 'query ApplicationById($id: String!) { application(applicationId: $id) { id name } }';

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness();
});
afterEach(async () => {
  await fake.close();
});

describe('authentication', () => {
  const envelope = {
    metaData: {},
    resource: null,
    responseMessages: [{ code: 'INVALID_TOKEN', level: 'ERROR', message: 'Token is not valid.' }],
  };

  it('answers 401 with the REST envelope and X-Harness-Error for a missing key', async () => {
    const r = await gql(fake, APP_QUERY, { id: SEED.appId }, { key: null });
    expect(r.status).toBe(401);
    expect(r.json).toEqual(envelope);
    expect(r.headers.get('x-harness-error')).toBe('INVALID_TOKEN');
  });

  it('answers 401 for an unknown key and for a wrong accountId', async () => {
    expect((await gql(fake, APP_QUERY, { id: SEED.appId }, { key: 'nope' })).status).toBe(401);
    const wrongAccount = await gql(fake, APP_QUERY, { id: SEED.appId }, { accountId: 'someOtherAccount' });
    expect(wrongAccount.status).toBe(401);
    expect(wrongAccount.json).toEqual(envelope);
  });

  it('reads the header case-insensitively and records whether the key was valid, never its value', async () => {
    const res = await fetch(`${fake.endpoint}?accountId=${fake.accountId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-API-KEY': fake.apiKey },
      body: JSON.stringify({ query: APP_QUERY, variables: { id: SEED.appId }, operationName: 'ApplicationById' }),
    });
    expect(res.status).toBe(200);
    const last = fake.requests.at(-1);
    expect(last).toMatchObject({ method: 'POST', path: '/gateway/api/graphql', operationName: 'ApplicationById', status: 200, apiKeyValid: true });
    expect(JSON.stringify(fake.requests)).not.toContain(fake.apiKey);
  });

  it('serves /api/graphql and text/plain bodies too', async () => {
    const res = await fetch(`${fake.baseUrl}/api/graphql?accountId=${fake.accountId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-api-key': fake.apiKey },
      body: `{ application(applicationId: "${SEED.appId}") { name } }`,
    });
    expect(await res.json()).toEqual({ data: { application: { name: 'Harness Demo' } } });
  });
});

describe('rate limit', () => {
  it('answers 429 after 30 requests in a fixed minute, with no Retry-After, and opens a whole new minute when it ends', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await gql(fake, APP_QUERY, { id: SEED.appId })).status).toBe(200);
      if (i === 9) fake.clock.advance(30_000); // 10 requests at t=0, 20 at t=30s
    }
    const limited = await gql(fake, APP_QUERY, { id: SEED.appId });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ errors: [{ message: RATE_LIMIT_MESSAGE }] });
    expect(limited.headers.get('retry-after')).toBeNull();
    fake.clock.advance(29_999);
    expect((await gql(fake, APP_QUERY, { id: SEED.appId })).status).toBe(429);
    fake.clock.advance(1); // the window opened at t=0 closes: the whole budget is back, not only the first 10
    for (let i = 0; i < 30; i++) expect((await gql(fake, APP_QUERY, { id: SEED.appId })).status).toBe(200);
    expect((await gql(fake, APP_QUERY, { id: SEED.appId })).status).toBe(429);
  });

  it('checks authentication before the rate limit, is shared by all keys of the account, and can be disabled', async () => {
    const small = await startFakeHarness({ rateLimit: { perMinute: 2 } });
    try {
      expect((await gql(small, APP_QUERY, { id: SEED.appId })).status).toBe(200);
      expect((await gql(small, APP_QUERY, { id: SEED.appId }, { key: small.restrictedApiKey })).status).toBe(200);
      expect((await gql(small, APP_QUERY, { id: SEED.appId }, { key: 'bad' })).status).toBe(401);
      expect((await gql(small, APP_QUERY, { id: SEED.appId })).status).toBe(429);
    } finally {
      await small.close();
    }
    const off = await startFakeHarness({ rateLimit: false });
    try {
      for (let i = 0; i < 40; i++) expect((await gql(off, APP_QUERY, { id: SEED.appId })).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});

describe('query validation and depth', () => {
  it('answers schema validation errors as graphql-js does, with HTTP 200', async () => {
    const r = await gql(fake, '{ pipelines { nodes { id } } }');
    expect(r.status).toBe(200);
    expect(r.json.data).toBeUndefined();
    expect(firstError(r)).toBe('Field "pipelines" argument "limit" of type "Int!" is required, but it was not provided.');
  });

  it('refuses queries deeper than 10 (leaf fields count) and lets depth 10 through', async () => {
    const nest = (levels: string[], leaf: string): string => levels.reduceRight((inner, level) => `${level} { ${inner} }`, leaf);
    const hop = ['... on WorkflowExecution', 'cause', '... on ExecutedAlongPipeline', 'execution', 'memberExecutions', 'nodes'];
    // execution(1) cause(2) execution(3) memberExecutions(4) nodes(5) cause(6) execution(7) memberExecutions(8) nodes(9) id(10)
    const allowed = `{ ${nest(['execution(executionId: "x")', ...hop, ...hop], 'id')} }`;
    const shallow = await gql(fake, allowed);
    expect(firstError(shallow)).toBe('Exception while fetching data (/execution) : Invalid request: Execution does not exist or access is denied');
    const r = await gql(fake, `{ ${nest(['execution(executionId: "x")', ...hop, ...hop, 'application'], 'id')} }`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ errors: [{ message: 'maximum query depth exceeded 11 > 10' }] });
    expect(r.json.data).toBeUndefined();
  });
});

describe('REST abort', () => {
  const abort = (id: string, body: unknown, key: string | null = fake.apiKey, prefix = '/gateway') =>
    fetch(`${fake.baseUrl}${prefix}/api/executions/${id}?appId=${SEED.appId}&accountId=${fake.accountId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('aborts a running execution and then reports it as already completed', async () => {
    const started = await start(fake, {
      applicationId: SEED.appId,
      entityId: SEED.k8sWorkflowId,
      executionType: 'WORKFLOW',
      variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')],
      serviceInputs: [guestbookArtifact],
    });
    const id = started.json.data?.['startExecution'].execution.id as string;
    fake.clock.advance(10_000);
    const res = await abort(id, { executionInterruptType: 'ABORT_ALL' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body['responseMessages']).toEqual([]);
    expect(body['resource']).toMatchObject({ executionInterruptType: 'ABORT_ALL', executionUuid: id, appId: SEED.appId });
    expect(fake.executions().find((e) => e.id === id)?.status).toBe('ABORTED');
    const again = await abort(id, { executionInterruptType: 'ABORT_ALL' }, fake.apiKey, '');
    expect(again.status).toBe(400);
    expect(((await again.json()) as any).responseMessages[0].message).toBe('Workflow execution [K8s Rolling Deployment] already completed.');
  });

  it('answers 400 for an unknown execution and 401 without a key', async () => {
    const res = await abort('doesNotExist', { executionInterruptType: 'ABORT_ALL' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).responseMessages[0].message).toBe('Workflow execution does not exist.');
    const unauth = await abort('doesNotExist', { executionInterruptType: 'ABORT_ALL' }, null);
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-harness-error')).toBe('INVALID_TOKEN');
  });
});
