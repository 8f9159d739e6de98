/**
 * The SDK reproduces the requests of Harness's public StartExecution guide exactly (kept verbatim in
 * test/fixtures/start-execution-payloads.json): the same startExecution input JSON for the same
 * intent, after validating it against the declared variables and executionInputs.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarnessClient } from '../../src/index.js';
import { fillPlaceholders, guideStartPayloads, normaliseListInputs } from '../support/start-execution-payloads.js';

const ORIGIN = 'https://app.harness.io';
const PATH = '/gateway/api/graphql';
const APP_ID = 'iIfYmHDqTj6Gsygtwt4VRQ';
const WORKFLOW_ID = 'VzViT24gTluKWNFpdrL95A';
const PIPELINE_ID = 'YdK1ONo9TnyzIK5-plsnAg';

const text = (name: string, required = false) => ({
  name,
  type: 'Text',
  required,
  allowedValues: null,
  defaultValue: null,
  fixed: false,
  allowMultipleValues: false,
});

/** The guide workflow's declared variables (its workflowByName response), with the other fields Harness adds. */
const guideWorkflowVariables = [
  { ...text('Environment', true), type: 'Environment' },
  { ...text('Service', true), type: 'Service' },
  { ...text('InfraDefinition_KUBERNETES', true), type: 'Infrastructure definition' },
  text('hotfix'),
  text('branch'),
  text('skipCV'),
];

const service = (name: string, source: string) => ({
  id: `${name}-id`,
  name,
  artifactType: 'DOCKER',
  deploymentType: 'KUBERNETES',
  artifactSources: [{ id: `${source}-id`, name: source }],
});

function execution(kind: 'WorkflowExecution' | 'PipelineExecution', id: string) {
  return {
    __typename: kind,
    id,
    status: 'QUEUED',
    executionUrl: `https://app.harness.io/#/account/acct/app/${APP_ID}/x/${id}`,
    createdAt: 1,
    startedAt: null,
    endedAt: null,
    notes: 'Demo',
    failureDetails: null,
    application: { id: APP_ID },
    ...(kind === 'PipelineExecution' ? { pipeline: { id: PIPELINE_ID, name: 'p' }, pipelineStageExecutions: [] } : { workflow: { id: WORKFLOW_ID, name: 'w' } }),
  };
}

/** Answers each operation by name and keeps the variables each one was sent with. */
function fakeApi(answers: Record<string, unknown>) {
  const sent: { operationName: string; variables: Record<string, unknown> }[] = [];
  nock(ORIGIN)
    .persist()
    .post(PATH)
    .query({ accountId: 'acct' })
    .reply(200, (_uri, body) => {
      const { operationName, variables } = body as { operationName: string; variables: Record<string, unknown> };
      sent.push({ operationName, variables });
      return { data: answers[operationName] };
    });
  return sent;
}

const client = () => new HarnessClient({ accountId: 'acct', apiKey: 'fake-guide-key', rateLimit: false });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("the requests of Harness's StartExecution guide", () => {
  it('workflow with variables and an artifact: the startExecution input equals the guide JSON', async () => {
    const sent = fakeApi({
      WorkflowByName: { workflowByName: { id: WORKFLOW_ID, name: 'K8s Rolling Deployment', description: null, workflowVariables: guideWorkflowVariables } },
      ExecutionInputs: { executionInputs: { serviceInputs: [service('guestbook', 'guestbook')], serviceManifestInputs: [] } },
      StartExecution: { startExecution: { clientMutationId: null, warningMessage: null, execution: execution('WorkflowExecution', 'e1') } },
    });
    const started = await client().startWorkflow({
      applicationId: APP_ID,
      workflowName: 'K8s Rolling Deployment',
      notes: 'Demo',
      variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook', skipCV: 'true' },
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    expect(sent.map((s) => s.operationName)).toEqual(['WorkflowByName', 'ExecutionInputs', 'StartExecution']);
    const expected = normaliseListInputs(guideStartPayloads().workflowStart.startExecution);
    expect(sent[2]?.variables.input).toStrictEqual(expected);
    expect(JSON.stringify(sent[2]?.variables.input)).toBe(JSON.stringify(expected));
    expect(started).toMatchObject({ id: 'e1', kind: 'WORKFLOW', status: 'QUEUED', applicationId: APP_ID, warningMessage: null });
  });

  it('Fargate production pipeline without variables: the input equals the guide JSON', async () => {
    const sent = fakeApi({
      ApplicationByName: { applicationByName: { id: APP_ID, name: 'Harness Demo' } },
      PipelineById: { pipeline: { id: PIPELINE_ID, name: 'Fargate Production', description: null, pipelineVariables: [] } },
      ExecutionInputs: { executionInputs: { serviceInputs: [service('fargate-nginx', 'library_nginx')], serviceManifestInputs: [] } },
      StartExecution: { startExecution: { clientMutationId: null, warningMessage: null, execution: execution('PipelineExecution', 'p1') } },
    });
    await client().startPipeline({
      applicationName: 'Harness Demo',
      pipelineId: PIPELINE_ID,
      notes: 'Demo',
      artifacts: { 'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '1.10.1' } },
    });
    // The guide's "Deploy Fargate Production Pipeline" request, with its placeholders filled in.
    const guide = fillPlaceholders(guideStartPayloads().fargatePipelineStart.startExecution, {
      'YOUR APPLICATION ID': APP_ID,
      'YOUR PIPELINE ID': PIPELINE_ID,
    });
    expect(sent.at(-1)?.variables.input).toStrictEqual(normaliseListInputs(guide));
    expect(sent.map((s) => s.operationName)).toEqual(['ApplicationByName', 'PipelineById', 'ExecutionInputs', 'StartExecution']);
  });

  it('pipeline with variables: NAME-typed values in the order given', async () => {
    const sent = fakeApi({
      PipelineByName: {
        pipelineByName: { id: PIPELINE_ID, name: 'Guestbook Pipeline', description: null, pipelineVariables: [text('skipCV'), text('hotfix'), text('branch')] },
      },
      ExecutionInputs: { executionInputs: { serviceInputs: [], serviceManifestInputs: [] } },
      StartExecution: { startExecution: { clientMutationId: null, warningMessage: null, execution: execution('PipelineExecution', 'p2') } },
    });
    await client().startPipeline({
      applicationId: APP_ID,
      pipelineName: 'Guestbook Pipeline',
      variables: { skipCV: 'true', branch: 'master', hotfix: 'false' },
    });
    expect(sent.at(-1)?.variables.input).toStrictEqual({
      applicationId: APP_ID,
      executionType: 'PIPELINE',
      entityId: PIPELINE_ID,
      variableInputs: [
        { name: 'skipCV', variableValue: { type: 'NAME', value: 'true' } },
        { name: 'branch', variableValue: { type: 'NAME', value: 'master' } },
        { name: 'hotfix', variableValue: { type: 'NAME', value: 'false' } },
      ],
    });
  });

  it('a misspelled variable is caught before any start is sent, together with a missing artifact', async () => {
    const sent = fakeApi({
      PipelineByName: {
        pipelineByName: { id: PIPELINE_ID, name: 'Guestbook Pipeline', description: null, pipelineVariables: [text('skipCV'), text('hotfix'), text('branch')] },
      },
      ExecutionInputs: { executionInputs: { serviceInputs: [service('guestbook', 'guestbook')], serviceManifestInputs: [] } },
    });
    await expect(
      client().startPipeline({ applicationId: APP_ID, pipelineName: 'Guestbook Pipeline', variables: { brnach: 'master' } }),
    ).rejects.toMatchObject({
      name: 'HarnessValidationError',
      issues: [
        { code: 'unknown_variable', variable: 'brnach' },
        { code: 'missing_artifact', variable: 'guestbook' },
      ],
    });
    // One read (which services need artifacts) buys reporting every problem at once; no start is sent.
    expect(sent.map((s) => s.operationName)).toEqual(['PipelineByName', 'ExecutionInputs']);
  });

  it('when executionInputs itself fails, the variable problems are what the caller gets', async () => {
    nock(ORIGIN)
      .persist()
      .post(PATH)
      .query(true)
      .reply(200, (_uri, body) =>
        (body as { operationName: string }).operationName === 'PipelineByName'
          ? { data: { pipelineByName: { id: PIPELINE_ID, name: 'Guestbook Pipeline', description: null, pipelineVariables: [text('branch')] } } }
          : { data: { executionInputs: null }, errors: [{ message: 'Exception while fetching data (/executionInputs) : Invalid request: something else' }] },
      );
    await expect(
      client().startPipeline({ applicationId: APP_ID, pipelineName: 'Guestbook Pipeline', variables: { brnach: 'master' } }),
    ).rejects.toMatchObject({ name: 'HarnessValidationError', issues: [{ code: 'unknown_variable', variable: 'brnach' }] });
  });

  it('a second start on the same client reuses the lookups: two requests', async () => {
    const sent = fakeApi({
      ApplicationByName: { applicationByName: { id: APP_ID, name: 'Harness Demo' } },
      PipelineByName: { pipelineByName: { id: PIPELINE_ID, name: 'Guestbook Pipeline', description: null, pipelineVariables: [text('branch')] } },
      ExecutionInputs: { executionInputs: { serviceInputs: [], serviceManifestInputs: [] } },
      StartExecution: { startExecution: { clientMutationId: null, warningMessage: null, execution: execution('PipelineExecution', 'p3') } },
    });
    const c = client();
    const start = () => c.startPipeline({ applicationName: 'Harness Demo', pipelineName: 'Guestbook Pipeline', variables: { branch: 'main' } });
    await start();
    expect(sent).toHaveLength(4);
    await start();
    expect(sent.slice(4).map((s) => s.operationName)).toEqual(['ExecutionInputs', 'StartExecution']);
  });

  it('a null startExecution payload is an unknown outcome, never a success', async () => {
    fakeApi({
      PipelineByName: { pipelineByName: { id: PIPELINE_ID, name: 'Guestbook Pipeline', description: null, pipelineVariables: [] } },
      ExecutionInputs: { executionInputs: { serviceInputs: [], serviceManifestInputs: [] } },
      StartExecution: { startExecution: null },
    });
    await expect(client().startPipeline({ applicationId: APP_ID, pipelineName: 'Guestbook Pipeline' })).rejects.toMatchObject({
      name: 'HarnessUnknownOutcomeError',
      code: 'UNKNOWN_OUTCOME',
    });
  });

  it('pipelineByName null and workflowByName error both become HarnessNotFoundError', async () => {
    nock(ORIGIN).post(PATH).query(true).reply(200, { data: { pipelineByName: null } });
    await expect(client().findPipeline({ applicationId: APP_ID, pipelineName: 'Nope' })).rejects.toMatchObject({
      name: 'HarnessNotFoundError',
      entity: 'pipeline',
      lookup: 'Nope',
    });
    nock(ORIGIN)
      .post(PATH)
      .query(true)
      .reply(200, { data: { workflowByName: null }, errors: [{ message: 'Exception while fetching data (/workflowByName) : Invalid request: Workflow does not exist' }] });
    await expect(client().findWorkflow({ applicationId: APP_ID, workflowName: 'Nope' })).rejects.toMatchObject({
      name: 'HarnessNotFoundError',
      entity: 'workflow',
    });
  });
});
