/**
 * Executions that wait before running (PREPARING, public `status: null`) and workflows that stop for
 * a human inside the run (manual intervention → WAITING, approval steps → PAUSED), over real HTTP on
 * the manual clock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MANUAL_GATE_FAILURE,
  PREPARING_MS,
  QUEUE_MS,
  SEED,
  startFakeHarness,
  type FakeHarness,
  type FakeHarnessOptions,
} from '../../src/testing/index.js';
import { APPROVAL_DETAILS, APPROVE, execution, firstError, gql, guestbookArtifact, start } from './client.js';

let fake: FakeHarness;
const open = async (options: FakeHarnessOptions = {}): Promise<void> => {
  fake = await startFakeHarness({ rateLimit: false, ...options });
};
beforeEach(async () => {
  await open();
});
afterEach(async () => {
  await fake.close();
});

const RUNTIME_RESUME = `mutation PipelineResumeRuntime($input: RuntimeExecutionInputsToResumePipeline!) { pipelineResumeRuntime(input: $input) { status } }`;
const BY_STATUS = `query ByStatus($s: [String]!) { executions(filters: [{ status: { operator: IN, values: $s } }], includeIndirectExecutions: true, limit: 100) { nodes { id status } } }`;

const nexusParameterized = {
  name: 'nexus-app',
  artifactValueInput: {
    valueType: 'PARAMETERIZED_ARTIFACT_SOURCE',
    parameterizedArtifactSource: { artifactSourceName: 'nexus-params', buildNumber: '1.0.0', parameterValueInputs: [{ name: 'repository', value: 'releases' }] },
  },
};

async function startOk(input: Record<string, unknown>, key?: string): Promise<string> {
  const r = await start(fake, { applicationId: SEED.appId, ...input }, key);
  if (r.json.errors) throw new Error(firstError(r));
  return r.json.data?.['startExecution'].execution.id as string;
}
const startGates = (entityId: string, executionType: 'WORKFLOW' | 'PIPELINE' = 'WORKFLOW') =>
  startOk({ applicationId: SEED.gatesAppId, entityId, executionType });

async function idsWithStatus(...statuses: string[]): Promise<string[]> {
  const r = await gql(fake, BY_STATUS, { s: statuses });
  return (r.json.data?.['executions'].nodes as { id: string }[]).map((n) => n.id);
}

async function abort(id: string, appId: string = SEED.gatesAppId): Promise<Response> {
  return fetch(`${fake.baseUrl}/gateway/api/executions/${id}?appId=${appId}&accountId=${fake.accountId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
    body: JSON.stringify({ executionInterruptType: 'ABORT_ALL' }),
  });
}

async function approvals(executionId: string, appId: string = SEED.gatesAppId): Promise<Record<string, any>[]> {
  const r = await gql(fake, APPROVAL_DETAILS, { applicationId: appId, executionId });
  if (r.json.errors) throw new Error(firstError(r));
  return r.json.data?.['approvalDetails'].approvalDetails as Record<string, any>[];
}

const snapshot = (id: string) => fake.executions().find((e) => e.id === id);

/** A pipeline in Release Gates with one stage running `workflowId`. */
function gatesPipeline(id: string, workflowId: string, stages: 'one' | 'after-approval' = 'one'): void {
  fake.addPipeline({
    id,
    appId: SEED.gatesAppId,
    name: id,
    stages: [
      ...(stages === 'after-approval'
        ? [{ kind: 'approval' as const, id: `${id}-appr`, name: 'Stage 0', stepName: 'Go ahead', userGroups: [SEED.adminGroupName] }]
        : []),
      { kind: 'workflow', id: `${id}-wf`, name: 'Stage 1', stepName: 'Gate', workflowId },
    ],
  });
}

describe('PREPARING: status null while artifacts are collected', () => {
  it('a parameterized build reads status null for PREPARING_MS, then QUEUED, RUNNING and SUCCESS', async () => {
    const r = await start(fake, { applicationId: SEED.appId, entityId: SEED.parameterizedWorkflowId, executionType: 'WORKFLOW', serviceInputs: [nexusParameterized] });
    expect(r.json.errors).toBeUndefined();
    const created = fake.clock.now();
    const id = r.json.data?.['startExecution'].execution.id as string;
    expect(r.json.data?.['startExecution'].execution.status).toBeNull();
    expect(await execution(fake, id)).toMatchObject({ status: null, startedAt: null });
    expect(snapshot(id)).toMatchObject({ status: null, internalStatus: 'PREPARING' });
    // the status filter compares internal strings: QUEUED does not match PREPARING
    expect(await idsWithStatus('QUEUED')).not.toContain(id);
    expect(await idsWithStatus('PREPARING')).toEqual([id]);

    fake.clock.advance(PREPARING_MS - 1);
    expect((await execution(fake, id)).status).toBeNull();
    fake.clock.advance(1);
    expect((await execution(fake, id)).status).toBe('QUEUED');
    expect(await idsWithStatus('QUEUED')).toEqual([id]);
    fake.clock.advance(QUEUE_MS);
    expect(await execution(fake, id)).toMatchObject({ status: 'RUNNING', startedAt: created + PREPARING_MS + QUEUE_MS });
    fake.clock.advance(45_000);
    expect(await execution(fake, id)).toMatchObject({ status: 'SUCCESS', endedAt: created + PREPARING_MS + QUEUE_MS + 45_000 });
  });

  it('a build number of the same source needs no preparation by default', async () => {
    const id = await startOk({
      entityId: SEED.parameterizedWorkflowId,
      executionType: 'WORKFLOW',
      serviceInputs: [{ name: 'nexus-app', artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { artifactSourceName: 'nexus-params', buildNumber: '1.0.0' } } }],
    });
    expect((await execution(fake, id)).status).toBe('QUEUED');
  });

  it("'any-artifact' on a workflow prepares every start that picks an artifact, for its own preparationMs", async () => {
    fake.addWorkflow({
      id: 'wfCollectsAlways00001',
      appId: SEED.appId,
      name: 'Collects Always',
      envId: SEED.devEnvId,
      serviceIds: [SEED.guestbookServiceId],
      preparation: 'any-artifact',
      preparationMs: 10_000,
      durationMs: 20_000,
    });
    const id = await startOk({ entityId: 'wfCollectsAlways00001', executionType: 'WORKFLOW', serviceInputs: [guestbookArtifact] });
    expect((await execution(fake, id)).status).toBeNull();
    fake.clock.advance(10_000);
    expect((await execution(fake, id)).status).toBe('QUEUED');
  });

  it('a pipeline prepares when a stage asks for it (stage setting overrides the workflow) and leaves it alone otherwise', async () => {
    const stage = { kind: 'workflow' as const, name: 'Stage 1', stepName: 'Deploy', workflowId: SEED.fargateWorkflowId };
    fake.addPipeline({ id: 'pipeCollects000000001', appId: SEED.appId, name: 'Collects', stages: [{ ...stage, id: 's1', preparation: 'any-artifact', preparationMs: 7_000 }] });
    fake.addPipeline({ id: 'pipePlain00000000001', appId: SEED.appId, name: 'Plain', stages: [{ ...stage, id: 's2' }] });
    const nginx = { name: 'fargate-nginx', artifactValueInput: { valueType: 'ARTIFACT_ID', artifactId: { artifactId: SEED.nginxArtifactId } } };
    const preparing = await startOk({ entityId: 'pipeCollects000000001', executionType: 'PIPELINE', serviceInputs: [nginx] });
    const plain = await startOk({ entityId: 'pipePlain00000000001', executionType: 'PIPELINE', serviceInputs: [nginx] });
    const p = await execution(fake, preparing);
    expect(p.status).toBeNull();
    expect(p.pipelineStageExecutions.map((s: { status: string }) => s.status)).toEqual(['QUEUED']);
    expect((await execution(fake, plain)).status).toBe('QUEUED');
    fake.clock.advance(7_000 + QUEUE_MS);
    expect((await execution(fake, preparing)).status).toBe('RUNNING');
  });
});

describe('WAITING: a step fails into manual intervention', () => {
  it('Manual Gate reads WAITING for the intervention timeout, then ends FAILED with failureDetails', async () => {
    const id = await startGates(SEED.manualGateWorkflowId);
    fake.clock.advance(QUEUE_MS + 19_999);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(1);
    const waitingSince = fake.clock.now();
    expect(await execution(fake, id)).toMatchObject({ status: 'WAITING', failureDetails: null, endedAt: null });
    expect(await idsWithStatus('WAITING')).toEqual([id]);
    const none = await gql(fake, APPROVAL_DETAILS, { applicationId: SEED.gatesAppId, executionId: id });
    expect(firstError(none)).toBe(`Exception while fetching data (/approvalDetails) : Invalid request: No Approval found for execution [${id}]`);

    fake.clock.advance(SEED.manualGateTimeoutMs - 1);
    expect((await execution(fake, id)).status).toBe('WAITING');
    fake.clock.advance(1);
    expect(await execution(fake, id)).toMatchObject({
      status: 'FAILED',
      failureDetails: MANUAL_GATE_FAILURE,
      endedAt: waitingSince + SEED.manualGateTimeoutMs,
    });
  });

  it('without the WORKFLOW_EXECUTION_REFRESH_STATUS flag a standalone workflow reads RUNNING while it waits', async () => {
    await fake.close();
    await open({ workflowWaitingStatus: false });
    const id = await startGates(SEED.manualGateWorkflowId);
    fake.clock.advance(QUEUE_MS + 30_000);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    expect(snapshot(id)).toMatchObject({ status: 'RUNNING', internalStatus: 'WAITING' });
    expect(await idsWithStatus('WAITING')).toEqual([id]);
    fake.clock.advance(SEED.manualGateTimeoutMs);
    expect((await execution(fake, id)).status).toBe('FAILED');
  });

  it('ends as the configured action says (EXPIRED), and time spent waiting does not count as running time', async () => {
    fake.addWorkflow({
      id: 'wfExpiringGate0000001',
      appId: SEED.gatesAppId,
      name: 'Expiring Gate',
      envId: SEED.gatesEnvId,
      durationMs: 30_000,
      humanSteps: [{ kind: 'manual-intervention', stepName: 'Check', atMs: 10_000, timeoutMs: 60_000, endsAs: 'EXPIRED' }],
    });
    const id = await startGates('wfExpiringGate0000001');
    fake.clock.advance(QUEUE_MS + 10_000 + 60_000);
    expect(await execution(fake, id)).toMatchObject({ status: 'EXPIRED', failureDetails: null });
  });

  it('ABORT_ALL on the REST interrupt route ends a WAITING workflow ABORTED', async () => {
    const id = await startGates(SEED.manualGateWorkflowId);
    fake.clock.advance(QUEUE_MS + 20_000);
    expect((await execution(fake, id)).status).toBe('WAITING');
    const res = await abort(id);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { resource: { executionUuid: string } }).resource.executionUuid).toBe(id);
    expect((await execution(fake, id)).status).toBe('ABORTED');
    fake.clock.advance(SEED.manualGateTimeoutMs);
    expect((await execution(fake, id)).status).toBe('ABORTED');
    const again = await abort(id);
    expect(again.status).toBe(400);
  });

  it('a pipeline reads WAITING while its stage waits, and ends with the stage', async () => {
    gatesPipeline('pipeManualGate0000001', SEED.manualGateWorkflowId);
    const id = await startGates('pipeManualGate0000001', 'PIPELINE');
    fake.clock.advance(QUEUE_MS + 20_000);
    const waiting = await execution(fake, id);
    expect(waiting.status).toBe('WAITING');
    expect(waiting.pipelineStageExecutions[0]).toMatchObject({ status: 'WAITING', runtimeInputVariables: [] });
    const memberId = waiting.pipelineStageExecutions[0].workflowExecutionId as string;
    expect((await execution(fake, memberId)).status).toBe('WAITING');
    expect((await idsWithStatus('WAITING')).sort()).toEqual([id, memberId].sort());

    fake.clock.advance(SEED.manualGateTimeoutMs);
    const failed = await execution(fake, id);
    expect(failed).toMatchObject({ status: 'FAILED', failureDetails: MANUAL_GATE_FAILURE });
    expect(failed.pipelineStageExecutions[0].status).toBe('FAILED');
  });

  it('the pipeline flag does not hide WAITING, and ABORT_ALL ends a waiting pipeline and its workflow', async () => {
    await fake.close();
    await open({ workflowWaitingStatus: false });
    gatesPipeline('pipeManualGate0000002', SEED.manualGateWorkflowId);
    const id = await startGates('pipeManualGate0000002', 'PIPELINE');
    fake.clock.advance(QUEUE_MS + 20_000);
    const waiting = await execution(fake, id);
    expect(waiting.status).toBe('WAITING');
    expect((await abort(id)).status).toBe(200);
    expect((await execution(fake, id)).status).toBe('ABORTED');
    expect((await execution(fake, waiting.pipelineStageExecutions[0].workflowExecutionId)).status).toBe('ABORTED');
  });
});

describe('approval steps inside workflows', () => {
  it('Approved Deploy pauses at its approval step, lists it, refuses bad actions, and approving lets it finish', async () => {
    const id = await startGates(SEED.approvedDeployWorkflowId);
    fake.clock.advance(QUEUE_MS + 15_000);
    const pausedAt = fake.clock.now();
    expect(await execution(fake, id)).toMatchObject({ status: 'PAUSED', endedAt: null });
    expect(await idsWithStatus('PAUSED')).toEqual([id]);
    const [approval, ...rest] = await approvals(id);
    expect(rest).toEqual([]);
    expect(approval).toMatchObject({
      __typename: 'UserGroupApprovalDetails',
      approvalType: 'USER_GROUP',
      stepName: SEED.approvedDeployStepName,
      stageName: 'Phase 1',
      startedAt: pausedAt,
      willExpireAt: pausedAt + 3_600_000,
      approvers: [SEED.adminGroupName],
      executionId: id,
      variables: [{ name: 'ticket', value: '' }],
    });
    expect(snapshot(id)?.pendingApprovalId).toBe(approval?.['approvalId']);

    const base = { executionId: id, applicationId: SEED.gatesAppId, approvalId: approval?.['approvalId'], action: 'APPROVE' };
    const wrongId = await gql(fake, APPROVE, { input: { ...base, approvalId: 'nope' } });
    expect(firstError(wrongId)).toBe(
      `Exception while fetching data (/approveOrRejectApprovals) : Invalid argument(s): No Workflow execution [${id}] waiting for approval id: nope`,
    );
    const badVar = await gql(fake, APPROVE, { input: { ...base, variableInputs: [{ name: 'color', value: 'x' }] } });
    expect(firstError(badVar)).toBe('Exception while fetching data (/approveOrRejectApprovals) : Invalid request: Variable with name "color" not present');
    fake.addUserGroup({ id: 'ugGatesViewers0000001', name: 'Gates Viewers', appIds: [SEED.gatesAppId], deployEnvironmentTypes: ['NON_PROD'] });
    const viewerKey = fake.addApiKey({ id: 'apiKeyGatesViewer0001', name: 'gates-viewer', key: 'gates-viewer-key', userGroupIds: ['ugGatesViewers0000001'] });
    const notApprover = await gql(fake, APPROVE, { input: base }, { key: viewerKey });
    expect(firstError(notApprover)).toBe(
      'Exception while fetching data (/approveOrRejectApprovals) : Invalid request: User not authorized to accept or reject the approval',
    );
    const hidden = await gql(fake, APPROVE, { input: base }, { key: fake.restrictedApiKey });
    expect(firstError(hidden)).toBe('Exception while fetching data (/approveOrRejectApprovals) : Invalid request: Execution does not exist or access is denied');

    fake.clock.advance(60_000); // a minute of waiting does not count as running time
    const ok = await gql(fake, APPROVE, { input: { ...base, clientMutationId: 'a1', variableInputs: [{ name: 'ticket', value: 'CHG-7' }] } });
    expect(ok.json.data).toEqual({ approveOrRejectApprovals: { success: true, clientMutationId: 'a1' } });
    const approvedAt = fake.clock.now();
    expect((await execution(fake, id)).status).toBe('RUNNING');
    const twice = await gql(fake, APPROVE, { input: base });
    expect(firstError(twice)).toContain('waiting for approval id');
    fake.clock.advance(45_000 - 1);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(1);
    expect(await execution(fake, id)).toMatchObject({ status: 'SUCCESS', endedAt: approvedAt + 45_000 });
  });

  it('rejecting ends the workflow REJECTED (no failureDetails for a workflow); an unanswered one expires', async () => {
    const rejected = await startGates(SEED.approvedDeployWorkflowId);
    const expiring = await startGates(SEED.approvedDeployWorkflowId);
    fake.clock.advance(QUEUE_MS + 15_000);
    const [approval] = await approvals(rejected);
    const r = await gql(fake, APPROVE, { input: { executionId: rejected, applicationId: SEED.gatesAppId, approvalId: approval?.['approvalId'], action: 'REJECT', comments: 'no' } });
    expect(r.json.data?.['approveOrRejectApprovals'].success).toBe(true);
    expect(await execution(fake, rejected)).toMatchObject({ status: 'REJECTED', failureDetails: null });
    fake.clock.advance(3_600_000);
    expect((await execution(fake, expiring)).status).toBe('EXPIRED');
    expect((await execution(fake, rejected)).status).toBe('REJECTED');
  });

  it('a pipeline whose stage runs it reads PAUSED; approvalDetails walks approval stages, then the workflows of running stages', async () => {
    gatesPipeline('pipeApprovedDeploy001', SEED.approvedDeployWorkflowId, 'after-approval');
    const id = await startGates('pipeApprovedDeploy001', 'PIPELINE');
    fake.clock.advance(QUEUE_MS);
    const [stageApproval] = await approvals(id);
    expect(stageApproval).toMatchObject({ stepName: 'Go ahead', stageName: 'Stage 0', executionId: id });
    const approve = (approvalId: unknown, executionId = id) =>
      gql(fake, APPROVE, { input: { executionId, applicationId: SEED.gatesAppId, approvalId, action: 'APPROVE' } });
    expect((await approve(stageApproval?.['approvalId'])).json.data?.['approveOrRejectApprovals'].success).toBe(true);

    fake.clock.advance(15_000);
    const paused = await execution(fake, id);
    expect(paused.status).toBe('PAUSED');
    expect(paused.pipelineStageExecutions.map((s: { status: string }) => s.status)).toEqual(['SUCCESS', 'PAUSED']);
    expect(paused.pipelineStageExecutions[1].runtimeInputVariables).toEqual([]);
    const memberId = paused.pipelineStageExecutions[1].workflowExecutionId as string;
    expect((await execution(fake, memberId)).status).toBe('PAUSED');
    const [stepApproval, ...rest] = await approvals(id);
    expect(rest).toEqual([]);
    expect(stepApproval).toMatchObject({ stepName: SEED.approvedDeployStepName, stageName: 'Stage 1', executionId: memberId });
    // the workflow's own execution lists the same approval
    expect((await approvals(memberId)).map((a) => a['approvalId'])).toEqual([stepApproval?.['approvalId']]);

    // paused for an approval, not for runtime inputs
    const cont = await gql(fake, RUNTIME_RESUME, { input: { applicationId: SEED.gatesAppId, pipelineExecutionId: id, pipelineStageElementId: 'pipeApprovedDeploy001-wf', variableInputs: [] } });
    expect(firstError(cont)).toBe('Exception while fetching data (/pipelineResumeRuntime) : Invalid request: Pipeline stage is not in paused state');

    expect((await approve(stepApproval?.['approvalId'])).json.data?.['approveOrRejectApprovals'].success).toBe(true);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(45_000);
    const done = await execution(fake, id);
    expect(done.status).toBe('SUCCESS');
    expect(done.memberExecutions.nodes).toEqual([{ id: memberId, status: 'SUCCESS' }]);
  });

  it('rejecting the step of a pipeline stage ends the pipeline REJECTED with failureDetails', async () => {
    gatesPipeline('pipeApprovedDeploy002', SEED.approvedDeployWorkflowId);
    const id = await startGates('pipeApprovedDeploy002', 'PIPELINE');
    fake.clock.advance(QUEUE_MS + 15_000);
    const [approval] = await approvals(id);
    await gql(fake, APPROVE, { input: { executionId: id, applicationId: SEED.gatesAppId, approvalId: approval?.['approvalId'], action: 'REJECT', comments: 'not now' } });
    const e = await execution(fake, id);
    expect(e.status).toBe('REJECTED');
    expect(e.failureDetails).toContain('not now');
    expect(e.pipelineStageExecutions[0].status).toBe('REJECTED');
  });
});
