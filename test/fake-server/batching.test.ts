/** Many executions in one request: aliased `execution` fields and the `executions` IN filter, over real HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { QUEUE_MS, SEED, startFakeHarness, type FakeHarness, type FakeHarnessOptions } from '../../src/testing/index.js';
import { firstError, gql, guestbookArtifact, start } from './client.js';

let fake: FakeHarness;
afterEach(async () => {
  await fake.close();
});

async function startOk(input: Record<string, unknown>): Promise<string> {
  const r = await start(fake, input);
  if (r.json.errors) throw new Error(firstError(r));
  return r.json.data?.['startExecution'].execution.id as string;
}
const startGuestbookPipeline = (): Promise<string> =>
  startOk({ applicationId: SEED.appId, entityId: SEED.guestbookPipelineId, executionType: 'PIPELINE', serviceInputs: [guestbookArtifact] });
const startBrokenWorkflow = (): Promise<string> =>
  startOk({ applicationId: SEED.appId, entityId: SEED.brokenWorkflowId, executionType: 'WORKFLOW', serviceInputs: [guestbookArtifact] });
const startGatesWorkflow = (): Promise<string> =>
  startOk({ applicationId: SEED.gatesAppId, entityId: SEED.approvedDeployWorkflowId, executionType: 'WORKFLOW' });

const aliasedExecutions = (ids: Record<string, string>): string =>
  `query Many { ${Object.entries(ids)
    .map(([alias, id]) => `${alias}: execution(executionId: ${JSON.stringify(id)}) { id status }`)
    .join('\n')} }`;

const EXECUTIONS = `query Executions($filters: [ExecutionFilter], $limit: Int!, $indirect: Boolean) {
  executions(filters: $filters, limit: $limit, includeIndirectExecutions: $indirect) {
    pageInfo { limit total }
    nodes { id }
  }
}`;
const byIds = (ids: string[]) => [{ execution: { operator: 'IN', values: ids } }];

describe('aliased execution fields', () => {
  it('resolve each alias on its own for one unit of budget; an unknown or hidden id is null with one error for its alias', async () => {
    fake = await startFakeHarness({ accountType: 'COMMUNITY' });
    const a = await startGuestbookPipeline();
    const b = await startBrokenWorkflow();
    const c = await startGatesWorkflow(); // the restricted key cannot read the Release Gates application
    expect(fake.budget().used).toBe(3);

    const r = await gql(fake, aliasedExecutions({ one: a, unknown: 'noSuchExecution00000001', two: b, hidden: c }), undefined, {
      key: fake.restrictedApiKey,
    });
    expect(r.status).toBe(200);
    expect(fake.budget().used).toBe(4);
    expect(r.json.data).toEqual({
      one: { id: a, status: 'QUEUED' },
      unknown: null,
      two: { id: b, status: 'QUEUED' },
      hidden: null,
    });
    expect(r.json.errors?.map((e) => ({ message: e.message, path: e.path }))).toEqual([
      { message: 'Exception while fetching data (/unknown) : Invalid request: Execution does not exist or access is denied', path: ['unknown'] },
      { message: 'Exception while fetching data (/hidden) : Invalid request: Execution does not exist or access is denied', path: ['hidden'] },
    ]);
  });

  it('accept 50 aliases in one document', async () => {
    fake = await startFakeHarness({ accountType: 'COMMUNITY' });
    const id = await startBrokenWorkflow();
    const ids = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`e${i}`, id]));
    const r = await gql(fake, aliasedExecutions(ids));
    expect(r.json.errors).toBeUndefined();
    expect(Object.values(r.json.data ?? {}).every((x) => (x as { id: string }).id === id)).toBe(true);
    expect(Object.keys(r.json.data ?? {})).toHaveLength(50);
    expect(fake.budget().used).toBe(2);
  });
});

describe('executions listed by id', () => {
  it('lists the given ids newest created first and clamps the page size to 100', async () => {
    fake = await startFakeHarness({ rateLimit: false });
    const older = await startBrokenWorkflow();
    fake.clock.advance(1_000);
    const newer = await startGuestbookPipeline();
    fake.clock.advance(1_000);
    await startBrokenWorkflow(); // not asked for
    const r = await gql(fake, EXECUTIONS, { filters: byIds([older, newer, 'noSuchExecution00000001']), limit: 500 });
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data?.['executions']).toEqual({ pageInfo: { limit: 100, total: 2 }, nodes: [{ id: newer }, { id: older }] });
  });

  it('leaves out workflow executions run as pipeline stages unless includeIndirectExecutions is true', async () => {
    fake = await startFakeHarness({ rateLimit: false });
    const pipelineId = await startGuestbookPipeline();
    fake.clock.advance(QUEUE_MS);
    const member = fake.executions().find((e) => e.pipelineExecutionId === pipelineId);
    expect(member).toBeDefined();
    const ids = [pipelineId, member?.id ?? ''];
    const direct = await gql(fake, EXECUTIONS, { filters: byIds(ids), limit: 10 });
    expect(direct.json.data?.['executions'].nodes).toEqual([{ id: pipelineId }]);
    const all = await gql(fake, EXECUTIONS, { filters: byIds(ids), limit: 10, indirect: true });
    expect(all.json.data?.['executions'].nodes).toEqual([{ id: member?.id }, { id: pipelineId }]);
  });

  it('needs exactly one application filter when the account has GRAPHQL_WORKFLOW_EXECUTION_OPTIMIZATION', async () => {
    const list = async (filters: unknown[]) => gql(fake, EXECUTIONS, { filters, limit: 10 });
    const prefix = 'Exception while fetching data (/executions) : Invalid request: ';
    fake = await startFakeHarness({ rateLimit: false });
    const id = await startBrokenWorkflow();
    expect((await list(byIds([id]))).json.data?.['executions'].nodes).toEqual([{ id }]);
    await fake.close();

    const options: FakeHarnessOptions = { rateLimit: false, singleApplicationExecutions: true };
    fake = await startFakeHarness(options);
    expect(await startBrokenWorkflow()).toBe(id);
    expect(firstError(await list(byIds([id])))).toBe(`${prefix}Application Id filter is required`);
    expect(firstError(await list([]))).toBe(`${prefix}Application Id filter is required`);
    expect(
      firstError(await list([...byIds([id]), { applicationId: SEED.appId }, { application: { operator: 'EQUALS', values: [SEED.appId] } }])),
    ).toBe(`${prefix}Only one of application Id and application filter can be passed.`);
    expect(firstError(await list([{ application: { operator: 'IN', values: [SEED.appId] } }]))).toBe(
      `${prefix}Application filter is required and should be EQUALS`,
    );
    for (const appFilter of [{ applicationId: SEED.appId }, { application: { operator: 'EQUALS', values: [SEED.appId] } }]) {
      const r = await list([...byIds([id]), appFilter]);
      expect(r.json.errors).toBeUndefined();
      expect(r.json.data?.['executions'].nodes).toEqual([{ id }]);
    }
  });
});
