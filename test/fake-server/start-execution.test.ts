import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { firstError, gql, guestbookArtifact, idVar, nameVar, start } from './client.js';

let fake: FakeHarness;
beforeAll(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

const PREFIX = 'Exception while fetching data (/startExecution) : ';
const k8sVars = [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')];
const wf = (extra: Record<string, unknown> = {}) => ({
  applicationId: SEED.appId,
  entityId: SEED.k8sWorkflowId,
  executionType: 'WORKFLOW',
  variableInputs: k8sVars,
  serviceInputs: [guestbookArtifact],
  ...extra,
});
const pipe = (extra: Record<string, unknown> = {}) => ({
  applicationId: SEED.appId,
  entityId: SEED.guestbookPipelineId,
  executionType: 'PIPELINE',
  serviceInputs: [guestbookArtifact],
  ...extra,
});
const buildInput = (svc: string, src: string, bn: string) => ({
  name: svc,
  artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { artifactSourceName: src, buildNumber: bn } },
});

describe("the StartExecution guide's payloads", () => {
  it('starts the K8s Rolling Deployment workflow with the documented variables', async () => {
    const before = fake.executions().length;
    const r = await start(fake, {
      applicationId: 'iIfYmHDqTj6Gsygtwt4VRQ',
      notes: 'Demo',
      executionType: 'WORKFLOW',
      entityId: 'VzViT24gTluKWNFpdrL95A',
      serviceInputs: { name: 'guestbook', artifactValueInput: { buildNumber: { buildNumber: 'v6', artifactSourceName: 'guestbook' }, valueType: 'BUILD_NUMBER' } },
      variableInputs: [
        nameVar('Environment', 'dev'),
        nameVar('InfraDefinition_KUBERNETES', 'k8s-dev'),
        nameVar('Service', 'guestbook'),
        nameVar('skipCV', 'true'),
      ],
    });
    expect(r.json.errors).toBeUndefined();
    const payload = r.json.data?.['startExecution'];
    expect(payload.warningMessage).toBeNull();
    expect(payload.clientMutationId).toBeNull();
    const e = payload.execution;
    expect(e).toMatchObject({ __typename: 'WorkflowExecution', status: 'QUEUED', notes: 'Demo', application: { id: SEED.appId } });
    expect(e.cause).toEqual({ __typename: 'ExecutedByAPIKey', apiKey: { id: SEED.adminKeyId, name: 'fake-admin-key' }, using: 'GRAPHQL_API' });
    expect(e.executionUrl).toBe(
      `https://app.harness.io/#/account/${fake.accountId}/app/${SEED.appId}/env/${SEED.devEnvId}/executions/${e.id}/details`,
    );
    expect(fake.executions()).toHaveLength(before + 1);
    expect(fake.executions().at(-1)?.inputVariables).toEqual([
      { name: 'Environment', value: SEED.devEnvId },
      { name: 'InfraDefinition_KUBERNETES', value: SEED.devInfraId },
      { name: 'Service', value: SEED.guestbookServiceId },
      { name: 'skipCV', value: 'true' },
    ]);
  });

  it('starts the Fargate production pipeline with the documented payload', async () => {
    const r = await start(fake, {
      applicationId: SEED.appId,
      notes: 'Demo',
      executionType: 'PIPELINE',
      entityId: SEED.fargatePipelineId,
      serviceInputs: { name: 'fargate-nginx', artifactValueInput: { buildNumber: { buildNumber: '1.10.1', artifactSourceName: 'library_nginx' }, valueType: 'BUILD_NUMBER' } },
      clientMutationId: 'abc-1',
    });
    const payload = r.json.data?.['startExecution'];
    expect(payload.clientMutationId).toBe('abc-1');
    expect(payload.execution.notes).toBe('Demo');
    expect(payload.execution.application).toEqual({ id: SEED.appId });
    expect(payload.execution.executionUrl).toBe(
      `https://app.harness.io/#/account/${fake.accountId}/app/${SEED.appId}/pipeline-execution/${payload.execution.id}/workflow-execution/undefined/details`,
    );
  });
});

describe('check order and exact messages', () => {
  const cases: [string, Record<string, unknown>, string, string?][] = [
    ['empty entity id', wf({ entityId: '' }), 'Invalid request: Entity Id cannot be empty'],
    ['empty application id', wf({ applicationId: '' }), 'Invalid request: Application Id cannot be empty'],
    ['unknown application', wf({ applicationId: 'nope' }), 'Invalid request: Application does not exist'],
    ['unknown workflow id', wf({ entityId: 'nope' }), 'User not authorized: Not authorized'],
    ['workflow id sent as PIPELINE', wf({ executionType: 'PIPELINE' }), 'User not authorized: Not authorized'],
    ['hosts flag without hosts (before variables)', wf({ targetToSpecificHosts: true, variableInputs: [] }), "Invalid request: Host list can't be empty when Target To Specific Hosts option is enabled"],
    ['pipeline with hosts', pipe({ specificHosts: ['h1'] }), "Invalid request: Hosts can't be overridden for pipeline,Target to specific hosts is only available in a Workflow Execution"],
    ['env not supplied', wf({ variableInputs: [] }), 'Invalid request: Workflow [K8s Rolling Deployment] has environment parameterized. However, the value not supplied'],
    ['env empty', wf({ variableInputs: [nameVar('Environment', '')] }), 'Invalid request: Please provide a non empty value for Environment'],
    ['env expression', wf({ variableInputs: [{ name: 'Environment', variableValue: { type: 'EXPRESSION', value: '${env}' } }] }), 'Invalid request: Value Type EXPRESSION Not supported'],
    ['env name unknown', wf({ variableInputs: [nameVar('Environment', 'staging')] }), `Environment [staging] doesn't exist in specified application ${SEED.appId}`],
    ['env id unknown', wf({ variableInputs: [idVar('Environment', 'envX')] }), `Environment [envX] doesn't exist in specified application ${SEED.appId}`],
    ['required missing (all listed)', wf({ variableInputs: [nameVar('Environment', 'dev')] }), 'Invalid request: Value not provided for required variable: [Service,InfraDefinition_KUBERNETES]'],
    ['service name unknown', wf({ variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'nginx'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')] }), `Service [nginx] doesn't exist in specified application ${SEED.appId}`],
    ['service id unknown', wf({ variableInputs: [nameVar('Environment', 'dev'), idVar('Service', 'svcX'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')] }), `Invalid request: Service [svcX] doesn't exist in specified application ${SEED.appId}`],
    ['infra name in another env', wf({ variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-prod')] }), `Infrastructure Definition  [k8s-prod] doesn't exist in specified application and environment ${SEED.appId}`],
    ['infra id in another env', wf({ variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), idVar('InfraDefinition_KUBERNETES', SEED.prodInfraId)] }), `Invalid request: Infrastructure Definition  [${SEED.prodInfraId}] doesn't exist in specified application and environment `],
    ['infra id unknown', wf({ variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), idVar('InfraDefinition_KUBERNETES', 'infraX')] }), `Infrastructure Definition  [infraX] doesn't exist in specified application ${SEED.appId}`],
    ['workflow infra comma list', wf({ variableInputs: [nameVar('Environment', 'qa'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-qa-east,k8s-qa-west')] }), `Infrastructure Definition  [k8s-qa-east,k8s-qa-west] doesn't exist in specified application and environment ${SEED.appId}`],
    ['text expression', wf({ variableInputs: [...k8sVars, { name: 'branch', variableValue: { type: 'EXPRESSION', value: '${x}' } }] }), 'Invalid request: Expression Type not supported'],
    ['no service input', wf({ serviceInputs: [] }), 'ServiceInput required for service: guestbook'],
    ['no artifact value', wf({ serviceInputs: [{ name: 'guestbook' }] }), 'ArtifactValueInput is required for the service Input: guestbook'],
    ['missing build number object', wf({ serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'BUILD_NUMBER' } }] }), 'BuildNumberInput is required for the service Input: guestbookfor value type as BUILD_NUMBER'],
    ['empty source name', wf({ serviceInputs: [buildInput('guestbook', '', 'v6')] }), 'Invalid request: Artifact Source name cannot be empty for serviceInput: guestbook'],
    ['empty build', wf({ serviceInputs: [buildInput('guestbook', 'guestbook', '')] }), 'Invalid request: Build Number cannot be empty for serviceInput: guestbook'],
    ['unknown source', wf({ serviceInputs: [buildInput('guestbook', 'library_nginx', 'v6')] }), 'Cannot find artifact Source: library_nginx in specified service: guestbook'],
    ['unknown build', wf({ serviceInputs: [buildInput('guestbook', 'guestbook', 'v99')] }), 'Cannot find or collect artifact for specified Build Number: v99'],
    ['artifact id of another service', wf({ serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'ARTIFACT_ID', artifactId: { artifactId: SEED.nginxArtifactId } } }] }), `Invalid request: Artifact Id: ${SEED.nginxArtifactId} does not belong to specified service: guestbook`],
    ['unknown artifact id', wf({ serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'ARTIFACT_ID', artifactId: { artifactId: 'artX' } } }] }), 'Cannot find artifact for specified Id: artX. Might be deleted'],
    ['missing artifact id object', wf({ serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'ARTIFACT_ID' } }] }), 'ArtifactIdInput is required for the service Input: guestbookfor value type as ARTIFACT_ID'],
    ['parameterized type on a plain source', wf({ serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'PARAMETERIZED_ARTIFACT_SOURCE', parameterizedArtifactSource: { artifactSourceName: 'guestbook', buildNumber: 'v6', parameterValueInputs: [{ name: 'a', value: 'b' }] } } }] }), 'Invalid request: Parameterized Artifact Source valueType cannot be used for non-parameterized artifact source'],
    ['pipeline not found', pipe({ entityId: SEED.k8sWorkflowId }), 'User not authorized: Not authorized'],
    ['pipeline required variable', { applicationId: SEED.appId, entityId: SEED.templatizedPipelineId, executionType: 'PIPELINE', variableInputs: [nameVar('env', 'qa')] }, 'Invalid request: Value not provided for required variable: [infra]'],
    ['pipeline env missing', { applicationId: SEED.appId, entityId: SEED.templatizedPipelineId, executionType: 'PIPELINE' }, 'Invalid request: Pipeline [Templatized Guestbook] has environment parameterized. However, the value not supplied'],
    ['pipeline infra multi-value not allowed', { ...pipe(), entityId: SEED.templatizedPipelineId, variableInputs: [nameVar('env', 'qa'), nameVar('infra', 'k8s-qa-east'), nameVar('color', 'blue,red')] }, 'Invalid request: Variable color can only take values [blue, green]'],
    ['allowed values CSV', { ...wf(), entityId: SEED.configurableWorkflowId, variableInputs: [nameVar('region', 'us-east-1'), nameVar('features', 'search, "likes", bogus')] }, 'Invalid request: Variable features can only take values [search, comments, likes]'],
    ['fixed variable changed', { ...wf(), entityId: SEED.configurableWorkflowId, variableInputs: [nameVar('region', 'us-east-1'), nameVar('channel', 'beta')] }, 'Invalid request: Cannot change value of a fixed variable in workflow: channel. Value set in workflow is: stable'],
  ];

  it.each(cases)('%s', async (_name, input, message) => {
    const before = fake.executions().length;
    const r = await start(fake, input);
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ startExecution: null });
    expect(firstError(r)).toBe(PREFIX + message);
    expect(fake.executions()).toHaveLength(before);
  });

  it('allows a fixed variable given its own value, and an empty value for an allowed-values variable', async () => {
    const r = await start(fake, { ...wf(), entityId: SEED.configurableWorkflowId, variableInputs: [nameVar('region', 'eu-west-1'), nameVar('channel', 'stable'), nameVar('features', '')] });
    expect(r.json.errors).toBeUndefined();
  });

  it('resolves comma-separated infrastructure names for pipelines that allow it', async () => {
    const r = await start(fake, { ...pipe(), entityId: SEED.templatizedPipelineId, variableInputs: [nameVar('env', 'qa'), nameVar('infra', 'k8s-qa-east, k8s-qa-west')] });
    expect(r.json.errors).toBeUndefined();
    expect(fake.executions().at(-1)?.inputVariables).toContainEqual({ name: 'infra', value: `${SEED.qaEastInfraId},${SEED.qaWestInfraId}` });
  });

  it('collects a build that is not collected yet', async () => {
    const r = await start(fake, wf({ serviceInputs: [buildInput('guestbook', 'guestbook', 'v7')] }));
    expect(r.json.errors).toBeUndefined();
    expect(fake.executions().at(-1)?.artifacts).toEqual(['guestbook:v7']);
  });
});

describe('warnings', () => {
  it('names ignored workflow variables', async () => {
    const r = await start(fake, wf({ variableInputs: [...k8sVars, nameVar('colour', 'x'), nameVar('size', 'y')] }));
    expect(r.json.data?.['startExecution'].warningMessage).toBe(
      "Ignoring values for variables: [colour,size] as they don't exist in workflow. Workflow Might be modified",
    );
  });

  it('reports every input of a workflow without variables', async () => {
    const r = await start(fake, { ...wf(), entityId: SEED.brokenWorkflowId, variableInputs: [nameVar('a', '1')] });
    expect(r.json.data?.['startExecution'].warningMessage).toBe("Ignoring values for variables: [a] as they don't exist in workflow. Workflow Might be modified");
  });

  it('uses the pipeline wording, and stays silent for a pipeline without variables', async () => {
    const r = await start(fake, pipe({ variableInputs: [nameVar('branch', 'main'), nameVar('colour', 'x')] }));
    expect(r.json.data?.['startExecution'].warningMessage).toBe("Ignoring values for variables: [colour] as they don't exist in Pipeline. Might be modified");
    const silent = await start(fake, {
      applicationId: SEED.appId,
      entityId: SEED.fargatePipelineId,
      executionType: 'PIPELINE',
      variableInputs: [nameVar('colour', 'x')],
      serviceInputs: [buildInput('fargate-nginx', 'library_nginx', '1.10.1')],
    });
    expect(silent.json.errors).toBeUndefined();
    expect(silent.json.data?.['startExecution'].warningMessage).toBeNull();
  });
});

describe('permissions of the restricted key', () => {
  it('may deploy the workflow to dev but not to prod', async () => {
    const ok = await start(fake, wf(), fake.restrictedApiKey);
    expect(ok.json.errors).toBeUndefined();
    const r = await start(
      fake,
      wf({ variableInputs: [nameVar('Environment', 'prod'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-prod')] }),
      fake.restrictedApiKey,
    );
    expect(firstError(r)).toBe(
      "Exception while fetching data (/startExecution) : User not authorized: User doesn't have rights to execute Workflow in this Environment",
    );
  });

  it('may not execute pipelines that deploy to production', async () => {
    const r = await start(fake, pipe(), fake.restrictedApiKey);
    expect(firstError(r)).toBe(PREFIX + 'User not authorized: Not authorized');
    const env = await start(fake, { ...pipe(), entityId: SEED.templatizedPipelineId, variableInputs: [nameVar('env', 'prod'), nameVar('infra', 'k8s-prod')] }, fake.restrictedApiKey);
    expect(firstError(env)).toBe(PREFIX + "User not authorized: User doesn't have rights to execute Pipeline in this Environment");
  });
});

describe('executionInputs', () => {
  const q = `query ExecutionInputs($applicationId: String!, $entityId: String!, $executionType: ExecutionType!, $variableInputs: [VariableInput]) {
    executionInputs(applicationId: $applicationId, entityId: $entityId, executionType: $executionType, variableInputs: $variableInputs) {
      serviceInputs { id name artifactSources { name } } serviceManifestInputs { name }
    }
  }`;

  it('depends on the templatized service', async () => {
    const r = await gql(fake, q, { applicationId: SEED.appId, entityId: SEED.k8sWorkflowId, executionType: 'WORKFLOW', variableInputs: k8sVars });
    expect(r.json.data?.['executionInputs']).toEqual({
      serviceInputs: [{ id: SEED.guestbookServiceId, name: 'guestbook', artifactSources: [{ name: 'guestbook' }] }],
      serviceManifestInputs: [],
    });
  });

  it('lists Helm services as manifest inputs', async () => {
    const r = await gql(fake, q, { applicationId: SEED.appId, entityId: SEED.helmWorkflowId, executionType: 'WORKFLOW' });
    expect(r.json.data?.['executionInputs']).toEqual({ serviceInputs: [], serviceManifestInputs: [{ name: 'guestbook-helm' }] });
  });

  it('validates variables like startExecution and reports a missing workflow verbatim', async () => {
    const bad = await gql(fake, q, { applicationId: SEED.appId, entityId: SEED.k8sWorkflowId, executionType: 'WORKFLOW', variableInputs: [nameVar('Environment', 'dev')] });
    expect(firstError(bad)).toBe('Exception while fetching data (/executionInputs) : Invalid request: Value not provided for required variable: [Service,InfraDefinition_KUBERNETES]');
    const missing = await gql(fake, q, { applicationId: SEED.appId, entityId: 'nope', executionType: 'WORKFLOW' });
    expect(firstError(missing)).toBe(`Exception while fetching data (/executionInputs) : Workflow nope doesn't exist in the specified application ${SEED.appId}`);
  });
});
