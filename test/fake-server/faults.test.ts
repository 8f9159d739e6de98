import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RATE_LIMIT_MESSAGE, SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { firstError, gql, nameVar, start } from './client.js';

const APP = 'query ApplicationById($id: String!) { application(applicationId: $id) { id name } }';
const appVars = { id: SEED.appId };
const fargateStart = {
  applicationId: SEED.appId,
  entityId: SEED.fargatePipelineId,
  executionType: 'PIPELINE',
  notes: 'Demo',
  serviceInputs: [
    { name: 'fargate-nginx', artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { buildNumber: '1.10.1', artifactSourceName: 'library_nginx' } } },
  ],
};

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness();
});
afterEach(async () => {
  await fake.close();
});

describe('fault injection', () => {
  it.each([
    ['http-500', 500, 'text/plain'],
    ['http-502', 502, 'text/html'],
    ['http-503', 503, 'text/html'],
    ['http-504', 504, 'text/html'],
    ['html-page', 200, 'text/html'],
  ] as const)('%s answers %i with a %s body once, then the server is healthy again', async (kind, status, ctype) => {
    fake.faults.arm({ kind });
    const r = await gql(fake, APP, appVars);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toContain(ctype);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
    expect((await gql(fake, APP, appVars)).json.data?.['application'].name).toBe('Harness Demo');
    expect(fake.requests[0]?.fault).toBe(kind);
  });

  it('rate-limit answers the 429 body; times counts matching requests', async () => {
    fake.faults.arm({ kind: 'rate-limit', times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await gql(fake, APP, appVars);
      expect(r.status).toBe(429);
      expect(r.json).toEqual({ errors: [{ message: RATE_LIMIT_MESSAGE }] });
    }
    expect((await gql(fake, APP, appVars)).status).toBe(200);
  });

  it('malformed-json and empty-body answer 200 with bodies that do not parse', async () => {
    fake.faults.arm({ kind: 'malformed-json' });
    fake.faults.arm({ kind: 'empty-body' });
    const a = await gql(fake, APP, appVars);
    expect(a.status).toBe(200);
    expect(() => JSON.parse(a.text) as unknown).toThrow();
    const b = await gql(fake, APP, appVars);
    expect(b.status).toBe(200);
    expect(b.text).toBe('');
  });

  it('matches faults by operation name only', async () => {
    fake.faults.arm({ kind: 'http-503', operation: 'StartExecution' });
    expect((await gql(fake, APP, appVars)).status).toBe(200);
    expect((await start(fake, fargateStart)).status).toBe(503);
    expect(fake.executions()).toHaveLength(0);
    expect((await start(fake, fargateStart)).status).toBe(200);
    fake.faults.arm({ kind: 'http-500' });
    fake.faults.clear();
    expect((await gql(fake, APP, appVars)).status).toBe(200);
  });

  it('hang never answers: the client timeout fires; close() still ends', async () => {
    fake.faults.arm({ kind: 'hang' });
    await expect(
      fetch(`${fake.endpoint}?accountId=${fake.accountId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
        body: JSON.stringify({ query: APP, variables: appVars }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(fake.requests[0]?.status).toBe(0);
  });

  it('reset-before destroys the socket without running the mutation', async () => {
    fake.faults.arm({ kind: 'reset-before', operation: 'StartExecution' });
    await expect(start(fake, fargateStart)).rejects.toThrow();
    expect(fake.executions()).toHaveLength(0);
  });

  it('reset-after runs the mutation, then destroys the socket', async () => {
    fake.faults.arm({ kind: 'reset-after', operation: 'StartExecution' });
    await expect(start(fake, fargateStart)).rejects.toThrow();
    expect(fake.executions()).toHaveLength(1);
  });

  it('null-start-payload starts the execution but answers a null payload and no errors', async () => {
    fake.faults.arm({ kind: 'null-start-payload' });
    const r = await start(fake, fargateStart);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: { startExecution: null } });
    expect(fake.executions()).toHaveLength(1);
    const recent = await gql(
      fake,
      `query RecentExecutions($filters: [ExecutionFilter], $limit: Int!) { executions(filters: $filters, limit: $limit) { nodes { id } } }`,
      { filters: [{ pipeline: { operator: 'EQUALS', values: [SEED.fargatePipelineId] } }, { applicationId: SEED.appId }], limit: 5 },
    );
    expect(recent.json.data?.['executions'].nodes).toEqual([{ id: fake.executions()[0]?.id }]);
  });

  it('already-triggered answers the Harness error and starts nothing', async () => {
    fake.faults.arm({ kind: 'already-triggered', operation: 'StartExecution' });
    const r = await start(fake, fargateStart);
    expect(r.json.data).toEqual({ startExecution: null });
    expect(firstError(r)).toBe('Exception while fetching data (/startExecution) : Pipeline is already triggered.');
    expect(fake.executions()).toHaveLength(0);
  });

  it('applies to the REST abort route with operation "abort"', async () => {
    const r = await start(fake, {
      applicationId: SEED.appId,
      entityId: SEED.configurableWorkflowId,
      executionType: 'WORKFLOW',
      variableInputs: [nameVar('region', 'us-east-1')],
      serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { buildNumber: 'v6', artifactSourceName: 'guestbook' } } }],
    });
    const id = r.json.data?.['startExecution'].execution.id as string;
    fake.faults.arm({ kind: 'http-502', operation: 'abort' });
    const res = await fetch(`${fake.baseUrl}/api/executions/${id}?appId=${SEED.appId}&accountId=${fake.accountId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
      body: JSON.stringify({ executionInterruptType: 'ABORT_ALL' }),
    });
    expect(res.status).toBe(502);
    expect(fake.executions()[0]?.status).toBe('QUEUED');
  });
});
