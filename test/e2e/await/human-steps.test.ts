/**
 * Approvals, runtime inputs, resume and abort against the fake Harness, waited for with
 * awaitExecution on the fake's manual clock, each wait with a seeded jitter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHarnessExecutionFailedError, isHarnessValidationError, type PollEvent } from '../../../src/index.js';
import type { FakeHarness } from '../../../src/testing/index.js';
import { GUESTBOOK_START, K8S_START, SEED, clientFor, failure, seededRandom, startFake } from './support.js';

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFake();
});

afterAll(async () => {
  await fake.close();
});

const sent = (operation: string) => fake.requests.filter((r) => r.operationName === operation);

describe('approvals', () => {
  it('pauses for approval (onPoll says so), lists it, and approving lets it succeed', async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline(GUESTBOOK_START);
    const ref = { applicationId: SEED.appId, executionId: started.id };
    await expect(client.listPendingApprovals(ref)).resolves.toEqual([]);

    const events: PollEvent[] = [];
    const paused = await client.awaitExecution(started, { random: seededRandom(21), successStatuses: ['PAUSED'], onPoll: (e) => events.push(e) });
    expect(paused.status).toBe('PAUSED');
    expect(events.at(-1)?.waitingFor).toBe('approval');
    expect(events.filter((e) => e.status === 'RUNNING').every((e) => e.waitingFor === null)).toBe(true);

    const pending = await client.listPendingApprovals(ref);
    expect(pending).toEqual([
      expect.objectContaining({ approvalType: 'USER_GROUP', stepName: 'Approve prod', approvers: expect.arrayContaining(['Account Administrator']) }),
    ]);
    const approval = pending[0];
    if (!approval) throw new Error('no pending approval');
    expect(approval.approvalId).not.toBe('');
    await client.approve({ ...ref, approvalId: approval.approvalId, comments: 'ship it', variables: { ticket: 'REL-42' } });
    expect(sent('ApproveOrRejectApprovals').at(-1)?.variables).toMatchObject({
      input: { action: 'APPROVE', approvalId: approval.approvalId, comments: 'ship it', variableInputs: [{ name: 'ticket', value: 'REL-42' }] },
    });

    const done = await client.awaitExecution(started, { random: seededRandom(22) });
    expect(done.status).toBe('SUCCESS');
    await expect(client.listPendingApprovals(ref)).resolves.toEqual([]);
  });

  it('rejecting ends the execution REJECTED: HarnessExecutionFailedError', async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline(GUESTBOOK_START);
    const ref = { applicationId: SEED.appId, executionId: started.id };
    await client.awaitExecution(started, { random: seededRandom(23), successStatuses: ['PAUSED'] });
    const [approval] = await client.listPendingApprovals(ref);
    if (!approval) throw new Error('no pending approval');
    await client.reject({ ...ref, approvalId: approval.approvalId, comments: 'not today' });
    const error = await failure(client.awaitExecution(started, { random: seededRandom(24) }));
    expect(isHarnessExecutionFailedError(error)).toBe(true);
    expect((error as { execution: { status: string } }).execution.status).toBe('REJECTED');
  });

  it('refuses to act without an approval id, sending nothing', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).approve({ applicationId: SEED.appId, executionId: 'x', approvalId: '' }));
    expect(isHarnessValidationError(error)).toBe(true);
    expect(fake.requests.length).toBe(before);
  });
});

describe('runtime inputs', () => {
  const STAGE = 'stageRuntimeQa0000001';

  it('pauses for runtime inputs, tells which, refuses bad values locally, and continues with good ones', async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline({
      applicationId: SEED.appId,
      pipelineName: 'Guestbook Runtime Release',
      runtimeInputs: ['releaseTag', 'ticket'],
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    const events: PollEvent[] = [];
    const paused = await client.awaitExecution(started, { random: seededRandom(25), successStatuses: ['PAUSED'], onPoll: (e) => events.push(e) });
    expect(events.at(-1)?.waitingFor).toBe('runtime-inputs');
    const stage = paused.stages.find((s) => s.elementId === STAGE);
    expect(stage?.runtimeInputVariables.map((v) => v.name).sort()).toEqual(['releaseTag', 'ticket']);

    const ref = { applicationId: SEED.appId, executionId: started.id, stageElementId: STAGE };
    const info = await client.getRuntimeInputs({ ...ref, variables: { releaseTag: 'v1.2.3' } });
    expect(info.variables.map((v) => v.name).sort()).toEqual(['releaseTag', 'ticket']);
    expect(info.stage.elementId).toBe(STAGE);

    const mutationsBefore = sent('PipelineResumeRuntime').length;
    const bad = await failure(client.continuePipeline({ ...ref, variables: { branch: 'main' } }));
    expect(isHarnessValidationError(bad)).toBe(true);
    const codes = (bad as { issues: { code: string; variable: string }[] }).issues.map((i) => `${i.code}:${i.variable}`);
    expect(codes).toEqual(expect.arrayContaining(['unknown_variable:branch', 'missing_required:releaseTag']));
    expect(sent('PipelineResumeRuntime')).toHaveLength(mutationsBefore);

    const artifacts = Object.fromEntries(info.servicesNeedingArtifacts.map((s) => [s.name, { artifactSource: 'guestbook', buildNumber: 'v6' }]));
    await client.continuePipeline({ ...ref, variables: { releaseTag: 'v1.2.3' }, artifacts });
    expect(sent('PipelineResumeRuntime').at(-1)?.variables).toMatchObject({
      input: { pipelineStageElementId: STAGE, variableInputs: [{ name: 'releaseTag', variableValue: { type: 'NAME', value: 'v1.2.3' } }] },
    });
    const done = await client.awaitExecution(started, { random: seededRandom(26) });
    expect(done.status).toBe('SUCCESS');
  });

  it('continuePipeline on a stage that is not paused says so before sending the mutation', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    const error = await failure(client.continuePipeline({ applicationId: SEED.appId, executionId: started.id, stageElementId: STAGE }));
    expect(isHarnessValidationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/workflow execution/);
  });
});

describe('resume and abort', () => {
  it('resumePipeline runs a failed pipeline again from a stage, as a new execution', async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline({
      applicationId: SEED.appId,
      pipelineName: 'Smoke Test Pipeline',
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    const failed = await failure(client.awaitExecution(started, { random: seededRandom(27) }));
    expect(isHarnessExecutionFailedError(failed)).toBe(true);
    const resumed = await client.resumePipeline({ applicationId: SEED.appId, executionId: started.id, stageName: 'Stage 2' });
    expect(resumed.id).not.toBe(started.id);
    expect(resumed.kind).toBe('PIPELINE');
    expect(fake.executions().find((e) => e.id === resumed.id)?.resumedFrom).toBe(started.id);
  });

  it('abortExecution uses the REST route with the same key, and the wait then ends ABORTED', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    await client.abortExecution({ applicationId: SEED.appId, executionId: started.id });
    const abort = fake.requests.filter((r) => r.operationName === 'abort').at(-1);
    expect(abort).toMatchObject({ method: 'PUT', path: `/gateway/api/executions/${started.id}`, apiKeyValid: true, status: 200 });
    const error = await failure(client.awaitExecution(started, { random: seededRandom(28) }));
    expect(isHarnessExecutionFailedError(error)).toBe(true);
    expect((error as { execution: { status: string } }).execution.status).toBe('ABORTED');
  });
});
