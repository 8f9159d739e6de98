/**
 * awaitExecution against executions that wait for a human inside a workflow (manual intervention →
 * WAITING, an approval step → PAUSED) and executions that are still preparing (`status: null`), on
 * the fake's manual clock. Every wait gets a seeded jitter, so each run polls at the same times.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT_DEFAULTS, isHarnessExecutionFailedError, type PollEvent } from '../../../src/index.js';
import { MANUAL_GATE_FAILURE, PREPARING_MS, type FakeHarness } from '../../../src/testing/index.js';
import { SEED, clientFor, failure, seededRandom, startFake } from './support.js';

/**
 * The longest time between two polls of a wait: the delay cap stretched by the most jitter. A change
 * of state is seen at most this long after it happens.
 */
const LONGEST_POLL_GAP_MS = WAIT_DEFAULTS.maxDelayMs * (1 + WAIT_DEFAULTS.jitter);

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFake();
  fake.addPipeline({
    id: 'pipeGatedRelease00001',
    appId: SEED.gatesAppId,
    name: 'Gated Release',
    stages: [{ kind: 'workflow', id: 'stageGatedManual00001', name: 'Stage 1', stepName: 'Gate', workflowId: SEED.manualGateWorkflowId }],
  });
  fake.addPipeline({
    id: 'pipeApprovedRelease01',
    appId: SEED.gatesAppId,
    name: 'Approved Release',
    stages: [{ kind: 'workflow', id: 'stageApprovedDeploy01', name: 'Stage 1', stepName: 'Deploy', workflowId: SEED.approvedDeployWorkflowId }],
  });
});

afterAll(async () => {
  await fake.close();
});

const gates = { applicationId: SEED.gatesAppId } as const;

describe('manual intervention', () => {
  it("reports waitingFor 'manual-intervention' while a workflow is WAITING, then fails when the intervention times out", async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow({ ...gates, workflowName: 'Manual Gate' });
    const events: PollEvent[] = [];
    const error = await failure(client.awaitExecution(started, { random: seededRandom(1), onPoll: (e) => events.push(e) }));
    expect(isHarnessExecutionFailedError(error)).toBe(true);
    expect((error as { execution: { status: string; failureDetails: string | null } }).execution).toMatchObject({
      status: 'FAILED',
      failureDetails: MANUAL_GATE_FAILURE,
    });
    const waiting = events.filter((e) => e.status === 'WAITING');
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((e) => e.waitingFor === 'manual-intervention')).toBe(true);
    expect(events.filter((e) => e.status !== 'WAITING').every((e) => e.waitingFor === null)).toBe(true);
    // The waiter kept polling through the whole intervention timeout: the first WAITING poll comes at
    // most one poll gap after the workflow starts waiting, the last at most one gap before it fails.
    expect(waiting.at(-1)!.elapsedMs - waiting[0]!.elapsedMs).toBeGreaterThanOrEqual(SEED.manualGateTimeoutMs - 2 * LONGEST_POLL_GAP_MS);
  });

  it("reports 'manual-intervention' for a pipeline whose stage waits, and can stop there with successStatuses", async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline({ ...gates, pipelineName: 'Gated Release' });
    const events: PollEvent[] = [];
    const waiting = await client.awaitExecution(started, { random: seededRandom(2), successStatuses: ['WAITING'], onPoll: (e) => events.push(e) });
    expect(waiting.status).toBe('WAITING');
    expect(events.at(-1)?.waitingFor).toBe('manual-intervention');
    expect(waiting.stages[0]?.status).toBe('WAITING');
    await client.abortExecution({ ...gates, executionId: started.id });
    const error = await failure(client.awaitExecution(started, { random: seededRandom(3) }));
    expect((error as { execution: { status: string } }).execution.status).toBe('ABORTED');
  });
});

describe('approval step inside a workflow', () => {
  it("reports 'approval' for a PAUSED workflow, lists the approval, and approving lets it finish SUCCESS", async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow({ ...gates, workflowName: 'Approved Deploy' });
    const ref = { ...gates, executionId: started.id };
    const events: PollEvent[] = [];
    const paused = await client.awaitExecution(started, { random: seededRandom(4), successStatuses: ['PAUSED'], onPoll: (e) => events.push(e) });
    expect(paused.status).toBe('PAUSED');
    expect(events.at(-1)?.waitingFor).toBe('approval');
    expect(events.filter((e) => e.status !== 'PAUSED').every((e) => e.waitingFor === null)).toBe(true);

    const pending = await client.listPendingApprovals(ref);
    expect(pending).toEqual([
      expect.objectContaining({ approvalType: 'USER_GROUP', stepName: SEED.approvedDeployStepName, stageName: 'Phase 1', approvers: [SEED.adminGroupName] }),
    ]);
    await client.approve({ ...ref, approvalId: pending[0]!.approvalId, variables: { ticket: 'CHG-9' } });
    const done = await client.awaitExecution(started, { random: seededRandom(5) });
    expect(done.status).toBe('SUCCESS');
    await expect(client.listPendingApprovals(ref)).resolves.toEqual([]);
  });

  it("reports 'approval' for a pipeline paused inside its workflow stage, and approving through the pipeline finishes it", async () => {
    const client = clientFor(fake);
    const started = await client.startPipeline({ ...gates, pipelineName: 'Approved Release' });
    const ref = { ...gates, executionId: started.id };
    const events: PollEvent[] = [];
    await client.awaitExecution(started, { random: seededRandom(6), successStatuses: ['PAUSED'], onPoll: (e) => events.push(e) });
    expect(events.at(-1)).toMatchObject({ status: 'PAUSED', waitingFor: 'approval' });
    const [approval] = await client.listPendingApprovals(ref);
    expect(approval).toMatchObject({ stepName: SEED.approvedDeployStepName, stageName: 'Stage 1' });
    await client.approve({ ...ref, approvalId: approval!.approvalId });
    await expect(client.awaitExecution(started, { random: seededRandom(7) })).resolves.toMatchObject({ status: 'SUCCESS' });
  });
});

describe('preparing (status null)', () => {
  it('keeps polling while the status is null, then follows the execution to its end', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow({
      applicationId: SEED.appId,
      workflowName: 'Nexus Deploy',
      artifacts: { 'nexus-app': { artifactSource: 'nexus-params', buildNumber: '1.0.0', parameters: { repository: 'releases' } } },
    });
    expect(started.status).toBeNull();
    const events: PollEvent[] = [];
    const done = await client.awaitExecution(started, { random: seededRandom(8), onPoll: (e) => events.push(e) });
    expect(done.status).toBe('SUCCESS');
    const preparing = events.filter((e) => e.status === null);
    expect(preparing.length).toBeGreaterThanOrEqual(2);
    expect(preparing.every((e) => e.waitingFor === null && e.previousStatus === null)).toBe(true);
    expect(preparing.at(-1)!.elapsedMs).toBeLessThan(PREPARING_MS);
    const seen = events.map((e) => e.status).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(seen[0]).toBeNull();
    expect(seen.slice(1)).toEqual(expect.arrayContaining(['RUNNING', 'SUCCESS']));
    expect(seen.at(-1)).toBe('SUCCESS');
  });
});
