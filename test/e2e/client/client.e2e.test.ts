/**
 * Every core HarnessClient method and every error class, over real HTTP against the fake Harness
 * server with the seed data.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HarnessClient,
  isHarnessAuthenticationError,
  isHarnessNetworkError,
  isHarnessNotFoundError,
  isHarnessPermissionError,
  isHarnessRateLimitError,
  isHarnessRequestError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
  isHarnessValidationError,
  type HarnessClientOptions,
} from '../../../src/index.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { failure } from '../../support/fake-harness.js';
import { seededRandom } from '../../support/random.js';

let fake: FakeHarness;

const instant = { now: () => Date.now(), sleep: async () => undefined };

function client(extra: Partial<HarnessClientOptions> = {}) {
  return new HarnessClient({
    accountId: fake.accountId,
    apiKey: fake.apiKey,
    endpoint: fake.endpoint,
    rateLimit: false,
    clock: instant,
    random: seededRandom(30),
    ...extra,
  });
}

const startsOnServer = () => fake.requests.filter((r) => r.operationName === 'StartExecution').length;

beforeAll(async () => {
  fake = await startFakeHarness({ rateLimit: false });
  // Enough pipelines to need a second page (Harness caps a page at 100).
  for (let i = 0; i < 105; i += 1) {
    fake.addPipeline({ id: `bulkPipeline${String(i).padStart(4, '0')}`, appId: SEED.otherAppId, name: `Bulk ${i}`, stages: [] });
  }
});

afterAll(async () => {
  await fake.close();
});

describe('lookups', () => {
  it('findApplication', async () => {
    await expect(client().findApplication('Harness Demo')).resolves.toEqual({ id: SEED.appId, name: 'Harness Demo' });
    expect(isHarnessNotFoundError(await failure(client().findApplication('harness demo')))).toBe(true);
  });

  it('findPipeline by names, with variables exactly as declared', async () => {
    const pipeline = await client().findPipeline({ applicationName: 'Harness Demo', pipelineName: 'Guestbook Pipeline' });
    expect(pipeline).toMatchObject({ id: SEED.guestbookPipelineId, name: 'Guestbook Pipeline', applicationId: SEED.appId, kind: 'PIPELINE' });
    expect(pipeline.variables.map((v) => [v.name, v.type, v.required])).toEqual([
      ['skipCV', 'Text', false],
      ['hotfix', 'Text', false],
      ['branch', 'Text', false],
    ]);
  });

  it('findWorkflow by id and by name', async () => {
    const byName = await client().findWorkflow({ applicationId: SEED.appId, workflowName: 'Configurable Release' });
    const byId = await client().findWorkflow({ applicationId: SEED.appId, workflowId: byName.id });
    expect(byId).toEqual(byName);
    const channel = byName.variables.find((v) => v.name === 'channel');
    expect(channel).toMatchObject({ fixed: true, defaultValue: 'stable', required: true });
    expect(byName.variables.find((v) => v.name === 'region')?.allowedValues).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('not found: pipelineByName answers null, workflowByName an error; both are HarnessNotFoundError', async () => {
    const pipeline = await failure(client().findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook pipeline' }));
    expect(isHarnessNotFoundError(pipeline)).toBe(true);
    expect((pipeline as Error).message).toContain('case-sensitive');
    const workflow = await failure(client().findWorkflow({ applicationId: SEED.appId, workflowName: 'Nope' }));
    expect(isHarnessNotFoundError(workflow)).toBe(true);
  });

  it('not found: suggests the closest name (case slips included) from one page of names, and says what it compared', async () => {
    const before = fake.requests.length;
    const app = await failure(client().findApplication('harness demo'));
    expect((app as Error).message).toContain('Did you mean "Harness Demo"? (compared, ignoring case, with the first 100 applications the API key can read)');
    expect(fake.requests.length - before).toBe(2);
    const pipeline = await failure(client().findPipeline({ applicationId: SEED.appId, pipelineName: 'guestbook pipeline' }));
    expect((pipeline as Error).message).toContain('Did you mean "Guestbook Pipeline"? (compared, ignoring case, with the first 100 pipelines of the application)');
    const workflow = await failure(client().findWorkflow({ applicationName: 'Harness Demo', workflowName: 'K8s Rolling Deploymnet' }));
    expect(isHarnessNotFoundError(workflow)).toBe(true);
    expect((workflow as Error).message).toContain('Did you mean "K8s Rolling Deployment"?');
    const nothingClose = await failure(client().findWorkflow({ applicationId: SEED.appId, workflowName: 'Nope' }));
    expect((nothingClose as Error).message).not.toContain('Did you mean');
    // By id there is no name to compare: no listing is spent.
    const countBefore = fake.requests.length;
    await failure(client().findWorkflow({ applicationId: SEED.appId, workflowId: 'noSuchWorkflow0000001' }));
    expect(fake.requests.length - countBefore).toBe(1);
  });

  it('listPipelines pages past the 100-item cap', async () => {
    const names: string[] = [];
    for await (const pipeline of client().listPipelines({ applicationId: SEED.otherAppId })) names.push(pipeline.name);
    expect(names.filter((n) => n.startsWith('Bulk '))).toHaveLength(105);
    const listRequests = fake.requests.filter((r) => r.operationName === 'ListPipelines' && (r.variables as { applicationId?: string }).applicationId === SEED.otherAppId);
    expect(listRequests.length).toBeGreaterThanOrEqual(2);
  });

  it('listWorkflows', async () => {
    const names: string[] = [];
    for await (const workflow of client().listWorkflows({ applicationName: 'Harness Demo' })) names.push(workflow.name);
    expect(names).toEqual(expect.arrayContaining(['K8s Rolling Deployment', 'Configurable Release']));
  });

  it('getExecutionInputs names the services that need an artifact, given the variables', async () => {
    const inputs = await client().getExecutionInputs({
      applicationName: 'Harness Demo',
      workflowName: 'K8s Rolling Deployment',
      variables: { Environment: 'dev', Service: 'guestbook', InfraDefinition_KUBERNETES: 'k8s-dev' },
    });
    expect(inputs.servicesNeedingArtifacts.map((s) => s.name)).toEqual(['guestbook']);
    expect(inputs.servicesNeedingArtifacts[0]?.artifactSources.map((s) => s.name)).toEqual(['guestbook']);
  });
});

describe('starts', () => {
  it("startWorkflow with the seed's inputs starts one execution", async () => {
    const before = fake.executions().length;
    const started = await client().startWorkflow({
      applicationId: SEED.appId,
      workflowName: 'K8s Rolling Deployment',
      notes: 'Demo',
      variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook', skipCV: 'true' },
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    expect(started).toMatchObject({ kind: 'WORKFLOW', applicationId: SEED.appId, notes: 'Demo', warningMessage: null });
    expect(started.url).toContain(`#/account/${fake.accountId}/app/${SEED.appId}/env/`);
    expect(fake.executions().length).toBe(before + 1);
    const read = await client().getExecution(started.id);
    expect(read).toMatchObject({ id: started.id, kind: 'WORKFLOW', entity: { id: SEED.k8sWorkflowId } });
  });

  it('startPipeline with variables and an artifact; getExecution shows its stages', async () => {
    const started = await client().startPipeline({
      applicationName: 'Harness Demo',
      pipelineName: 'Guestbook Pipeline',
      variables: { branch: 'master', skipCV: 'true' },
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    expect(started.kind).toBe('PIPELINE');
    expect(started.url).toContain('/pipeline-execution/');
    const read = await client().getExecution(started.id);
    expect(read.stages.map((s) => s.name)).toEqual(['Stage 1', 'Stage 2', 'Stage 3']);
    expect(read.stages.map((s) => s.type)).toEqual(['WORKFLOW', 'APPROVAL', 'WORKFLOW']);
  });

  it('validation: every problem at once, and nothing started', async () => {
    const before = startsOnServer();
    const error = await failure(
      client().startWorkflow({
        applicationId: SEED.appId,
        workflowName: 'Configurable Release',
        variables: { region: 'ap-south-1', channel: 'beta', feautres: 'search' },
      }),
    );
    expect(isHarnessValidationError(error)).toBe(true);
    const codes = (error as { issues: { code: string; variable: string }[] }).issues.map((i) => `${i.code}:${i.variable}`);
    expect(codes).toEqual(expect.arrayContaining(['value_not_allowed:region', 'fixed_variable_changed:channel', 'unknown_variable:feautres']));
    expect((error as Error).message).toContain('features');
    expect(startsOnServer()).toBe(before);
  });

  it('a missing artifact is caught after executionInputs, before startExecution', async () => {
    const before = startsOnServer();
    const error = await failure(client().startPipeline({ applicationId: SEED.appId, pipelineId: SEED.fargatePipelineId }));
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as { issues: { code: string; variable: string }[] }).issues).toEqual([
      expect.objectContaining({ code: 'missing_artifact', variable: 'fargate-nginx' }),
    ]);
    expect(startsOnServer()).toBe(before);
  });

  it('the restricted key may not deploy to production: HarnessPermissionError', async () => {
    const error = await failure(
      client({ apiKey: fake.restrictedApiKey }).startWorkflow({
        applicationName: 'Harness Demo',
        workflowName: 'K8s Rolling Deployment',
        variables: { Environment: 'prod', Service: 'guestbook', InfraDefinition_KUBERNETES: 'k8s-prod' },
        artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
      }),
    );
    expect(isHarnessPermissionError(error)).toBe(true);
    expect((error as Error).message).toContain("User doesn't have rights to execute Workflow in this Environment");
  });

  it('a null startExecution payload is an unknown outcome, although the server did start it', async () => {
    fake.faults.arm({ kind: 'null-start-payload', operation: 'StartExecution' });
    const before = fake.executions().length;
    const error = await failure(client().startPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline', artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } } }));
    expect(isHarnessUnknownOutcomeError(error)).toBe(true);
    expect(fake.executions().length).toBe(before + 1);
  });

  it('a 5xx on startExecution is not retried: one execution at most', async () => {
    fake.faults.arm({ kind: 'http-502', operation: 'StartExecution' });
    const before = startsOnServer();
    const error = await failure(client().startPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline', artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } } }));
    expect(isHarnessServerError(error)).toBe(true);
    expect(startsOnServer()).toBe(before + 1);
  });
});

describe('error classes over real HTTP', () => {
  it('bad key -> HarnessAuthenticationError', async () => {
    const error = await failure(client({ apiKey: 'not-a-valid-key' }).findApplication('Harness Demo'));
    expect(isHarnessAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toContain('Token is not valid.');
  });

  it('unknown execution -> HarnessNotFoundError', async () => {
    expect(isHarnessNotFoundError(await failure(client().getExecution('doesNotExist')))).toBe(true);
  });

  it('429 from the account budget -> HarnessRateLimitError when retries are off', async () => {
    fake.faults.arm({ kind: 'rate-limit', operation: 'ApplicationByName' });
    expect(isHarnessRateLimitError(await failure(client({ retry: false }).findApplication('Harness Demo')))).toBe(true);
  });

  it('transient faults on reads are retried until they clear', async () => {
    fake.faults.arm({ kind: 'html-page', operation: 'ApplicationByName' });
    fake.faults.arm({ kind: 'reset-before', operation: 'ApplicationByName' });
    await expect(client({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).findApplication('Harness Demo')).resolves.toMatchObject({ id: SEED.appId });
  });

  it('a hanging server -> HarnessTimeoutError', async () => {
    fake.faults.arm({ kind: 'hang', operation: 'Execution' });
    expect(isHarnessTimeoutError(await failure(client({ timeoutMs: 200, retry: false }).getExecution('x')))).toBe(true);
  });

  it('nothing listening -> HarnessNetworkError that says nothing was sent', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const error = await failure(client({ endpoint: `http://127.0.0.1:${port}/api/graphql`, retry: false }).findApplication('Harness Demo'));
    expect(isHarnessNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ requestSent: 'no' });
  });

  it('a GraphQL error that fits no narrower class -> HarnessRequestError', async () => {
    const error = await failure(
      client().startPipeline({
        applicationId: SEED.appId,
        pipelineName: 'Guestbook Pipeline',
        artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v404' } },
      }),
    );
    expect(isHarnessRequestError(error)).toBe(true);
    expect((error as Error).message).toContain('Cannot find or collect artifact for specified Build Number: v404');
  });

  it('request(): the typed escape hatch sends any document with the same auth and errors', async () => {
    const document = Object.assign(new String('query Probe($name: String!) { applicationByName(name: $name) { id } }'), {}) as unknown as import('../../../src/index.js').TypedDocument<
      { applicationByName: { id: string } | null },
      { name: string }
    >;
    await expect(client().request(document, { name: 'Harness Demo' })).resolves.toEqual({ applicationByName: { id: SEED.appId } });
  });
});

describe('all problems at once', () => {
  it('a misspelled variable and a misspelled artifact source come back together, and nothing starts', async () => {
    const before = startsOnServer();
    const error = await failure(
      client().startWorkflow({
        applicationId: SEED.appId,
        workflowName: 'K8s Rolling Deployment',
        variables: { Environment: 'dev', Service: 'guestbook', InfraDefinition_KUBERNETES: 'k8s-dev', skipCv: 'true' },
        artifacts: { guestbook: { artifactSource: 'guestbok', buildNumber: 'v6' } },
      }),
    );
    expect(isHarnessValidationError(error)).toBe(true);
    const issues = (error as { issues: { code: string; variable: string }[] }).issues.map((i) => `${i.code}:${i.variable}`);
    expect(issues).toEqual(['unknown_variable:skipCv', 'unknown_artifact_source:guestbook']);
    // The hint names the start's own option, not the builder's.
    expect((error as Error).message).toContain('allowUnknownVariables: true');
    expect((error as Error).message).toMatch(/^2 problems with the inputs for workflow "K8s Rolling Deployment"; no execution was started:/);
    expect(startsOnServer()).toBe(before);
  });

  it('when a required variable is missing, the services cannot be known: only the variable problems', async () => {
    const error = await failure(
      client().startWorkflow({
        applicationId: SEED.appId,
        workflowName: 'K8s Rolling Deployment',
        variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev' },
        artifacts: { guestbook: { artifactSource: 'guestbok', buildNumber: 'v6' } },
      }),
    );
    const issues = (error as { issues: { code: string; variable: string }[] }).issues.map((i) => `${i.code}:${i.variable}`);
    expect(issues).toEqual(['missing_required:Service']);
  });
});
