import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { firstError, gql } from './client.js';

let fake: FakeHarness;
beforeAll(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

describe("the StartExecution guide's requests", () => {
  it('pipelineByName answers exactly the documented response', async () => {
    const r = await gql(
      fake,
      `{ pipelineByName(applicationId: "iIfYmHDqTj6Gsygtwt4VRQ", pipelineName: "Guestbook Pipeline") { id name pipelineVariables { name type required } } }`,
    );
    expect(r.json).toEqual({
      data: {
        pipelineByName: {
          id: 'YdK1ONo9TnyzIK5-plsnAg',
          name: 'Guestbook Pipeline',
          pipelineVariables: [
            { name: 'skipCV', type: 'Text', required: false },
            { name: 'hotfix', type: 'Text', required: false },
            { name: 'branch', type: 'Text', required: false },
          ],
        },
      },
    });
  });

  it('workflowByName answers exactly the documented response', async () => {
    const r = await gql(
      fake,
      `{ workflowByName(applicationId: "iIfYmHDqTj6Gsygtwt4VRQ", workflowName: "K8s Rolling Deployment") { id name workflowVariables { name type required } } }`,
    );
    expect(r.json).toEqual({
      data: {
        workflowByName: {
          id: 'VzViT24gTluKWNFpdrL95A',
          name: 'K8s Rolling Deployment',
          workflowVariables: [
            { name: 'Environment', type: 'Environment', required: true },
            { name: 'Service', type: 'Service', required: true },
            { name: 'InfraDefinition_KUBERNETES', type: 'Infrastructure definition', required: true },
            { name: 'hotfix', type: 'Text', required: false },
            { name: 'branch', type: 'Text', required: false },
            { name: 'skipCV', type: 'Text', required: false },
          ],
        },
      },
    });
  });

  it('applicationByName lists the pipelines with the requested limit', async () => {
    const r = await gql(fake, `query { applicationByName(name:"Harness Demo"){ id name pipelines(limit:4){ nodes{ id description } pageInfo { limit total hasMore offset } } } }`);
    const app = r.json.data?.['applicationByName'];
    expect(app.id).toBe(SEED.appId);
    expect(app.name).toBe('Harness Demo');
    expect(app.pipelines.nodes).toHaveLength(4);
    expect(app.pipelines.nodes[0]).toEqual({ id: 'YdK1ONo9TnyzIK5-plsnAg', description: 'dev, approval, prod' });
    expect(app.pipelines.pageInfo).toEqual({ limit: 4, total: 5, hasMore: true, offset: 0 });
  });
});

describe('null versus error on lookups', () => {
  const cases: [string, string, string | null][] = [
    [`{ pipelineByName(applicationId: "${SEED.appId}", pipelineName: "Nope") { id } }`, 'pipelineByName', null],
    [`{ pipelineByName(applicationId: "unknownApp", pipelineName: "Guestbook Pipeline") { id } }`, 'pipelineByName', 'Exception while fetching data (/pipelineByName) : User not authorized: ACCESS_DENIED'],
    [`{ pipelineByName(applicationId: "${SEED.appId}", pipelineName: "") { id } }`, 'pipelineByName', 'Exception while fetching data (/pipelineByName) : Invalid request: Empty Pipeline name'],
    [`{ workflowByName(applicationId: "${SEED.appId}", workflowName: "Nope") { id } }`, 'workflowByName', 'Exception while fetching data (/workflowByName) : Invalid request: Workflow does not exist'],
    [`{ workflowByName(applicationId: "unknownApp", workflowName: "Nope") { id } }`, 'workflowByName', 'Exception while fetching data (/workflowByName) : User not authorized: ACCESS_DENIED'],
    [`{ applicationByName(name: "harness demo") { id } }`, 'applicationByName', 'Exception while fetching data (/applicationByName) : Invalid request: Application does not exist'],
    [`{ application(applicationId: "blah") { id } }`, 'application', 'Exception while fetching data (/application) : User not authorized: ACCESS_DENIED'],
    [`{ pipeline(pipelineId: "blah") { id } }`, 'pipeline', 'Exception while fetching data (/pipeline) : Entity with id: blah is not found'],
    [`{ workflow(workflowId: "blah") { id } }`, 'workflow', 'Exception while fetching data (/workflow) : Entity with id: blah is not found'],
    [`{ execution(executionId: "blah") { id } }`, 'execution', 'Exception while fetching data (/execution) : Invalid request: Execution does not exist or access is denied'],
    [`{ approvalDetails(applicationId: "blah", executionId: "x") { approvalDetails { approvalId } } }`, 'approvalDetails', 'Exception while fetching data (/approvalDetails) : User not authorized: ACCESS_DENIED'],
  ];
  it.each(cases)('%s', async (query, fieldName, message) => {
    const r = await gql(fake, query);
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ [fieldName]: null });
    if (message === null) {
      expect(r.json.errors).toBeUndefined();
    } else {
      expect(r.json.errors).toHaveLength(1);
      expect(r.json.errors?.[0]).toMatchObject({ message, path: [fieldName], locations: [{ line: 1, column: 3 }] });
    }
  });

  it('the restricted key cannot see the Payments application but reads Harness Demo', async () => {
    const hidden = await gql(fake, `{ application(applicationId: "${SEED.otherAppId}") { id } }`, undefined, { key: fake.restrictedApiKey });
    expect(firstError(hidden)).toBe('Exception while fetching data (/application) : User not authorized: ACCESS_DENIED');
    const byName = await gql(fake, `{ applicationByName(name: "Payments") { id } }`, undefined, { key: fake.restrictedApiKey });
    expect(firstError(byName)).toBe('Exception while fetching data (/applicationByName) : User not authorized: Not authorized to access the app');
    const admin = await gql(fake, `{ application(applicationId: "${SEED.otherAppId}") { name } }`);
    expect(admin.json.data).toEqual({ application: { name: 'Payments' } });
  });
});

describe('connections', () => {
  const list = (limit: number, offset?: number) =>
    gql(
      fake,
      `query ListPipelines($applicationId: String!, $limit: Int!, $offset: Int) {
        pipelines(filters: [{ application: { operator: EQUALS, values: [$applicationId] } }], limit: $limit, offset: $offset) {
          pageInfo { hasMore total offset limit } nodes { id }
        }
      }`,
      { applicationId: SEED.appId, limit, ...(offset === undefined ? {} : { offset }) },
    );

  it('clamps limit above 100 to 100 and echoes it', async () => {
    const r = await list(500);
    expect(r.json.data?.['pipelines'].pageInfo).toEqual({ hasMore: false, total: 5, offset: 0, limit: 100 });
  });

  it('pages with offset and hasMore', async () => {
    const r = await list(2, 2);
    expect(r.json.data?.['pipelines'].pageInfo).toEqual({ hasMore: true, total: 5, offset: 2, limit: 2 });
    expect(r.json.data?.['pipelines'].nodes.map((n: { id: string }) => n.id)).toEqual([SEED.runtimePipelineId, SEED.smokePipelineId]);
  });

  it('rejects negative limit and offset with the Harness messages', async () => {
    expect(firstError(await list(-1))).toBe('Exception while fetching data (/pipelines) : Invalid request: Limit argument accepts only non negative values');
    expect(firstError(await list(1, -1))).toBe('Exception while fetching data (/pipelines) : Invalid request: Offset argument accepts only non negative values');
  });

  it('filters workflows by application and returns nothing for another application', async () => {
    const q = `query W($a: String!) { workflows(filters: [{ application: { operator: EQUALS, values: [$a] } }], limit: 10) { pageInfo { total } nodes { name } } }`;
    expect((await gql(fake, q, { a: SEED.appId })).json.data?.['workflows'].pageInfo.total).toBe(6);
    expect((await gql(fake, q, { a: SEED.otherAppId })).json.data?.['workflows'].nodes).toEqual([]);
  });

  it('nested connection errors carry the nested path', async () => {
    const r = await gql(fake, `{ applicationByName(name: "Harness Demo") { id services(limit: -5) { nodes { id } } } }`);
    expect(firstError(r)).toBe('Exception while fetching data (/applicationByName/services) : Invalid request: Limit argument accepts only non negative values');
    expect(r.json.data).toEqual({ applicationByName: { id: SEED.appId, services: null } });
  });
});
