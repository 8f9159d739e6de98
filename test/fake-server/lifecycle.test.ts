import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BROKEN_WORKFLOW_FAILURE, QUEUE_MS, SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { APPROVAL_DETAILS, APPROVE, execution, firstError, gql, guestbookArtifact, nameVar, start } from './client.js';

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterEach(async () => {
  await fake.close();
});

const RESUME = `mutation ResumeExecution($input: ResumeExecutionInput!) { resumeExecution(input: $input) { clientMutationId execution { id status ... on PipelineExecution { pipelineStageExecutions { pipelineStageName ... on WorkflowStageExecution { status } } } } } }`;
const RUNTIME_RESUME = `mutation PipelineResumeRuntime($input: RuntimeExecutionInputsToResumePipeline!) { pipelineResumeRuntime(input: $input) { clientMutationId status } }`;
const RUNTIME_QUERY = `query RuntimeInputsToResumePipeline($applicationId: String!, $pipelineExecutionId: String!, $pipelineStageElementId: String!, $variableInputs: [VariableInput]) {
  runtimeExecutionInputsToResumePipeline(applicationId: $applicationId, pipelineExecutionId: $pipelineExecutionId, pipelineStageElementId: $pipelineStageElementId, variableInputs: $variableInputs) { serviceInputs { name } }
}`;

async function startPipeline(entityId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await start(fake, { applicationId: SEED.appId, entityId, executionType: 'PIPELINE', serviceInputs: [guestbookArtifact], ...extra });
  if (r.json.errors) throw new Error(firstError(r));
  return r.json.data?.['startExecution'].execution.id as string;
}

describe('guestbook pipeline with an approval', () => {
  it('goes queued → running → paused for approval → approved → success, and shows stages and members', async () => {
    const id = await startPipeline(SEED.guestbookPipelineId);
    expect((await execution(fake, id)).status).toBe('QUEUED');
    fake.clock.advance(QUEUE_MS);
    const running = await execution(fake, id);
    expect(running.status).toBe('RUNNING');
    expect(running.startedAt).toBe(fake.clock.now());
    expect(running.pipelineStageExecutions[0]).toMatchObject({ __typename: 'WorkflowStageExecution', status: 'RUNNING' });
    const memberId = running.pipelineStageExecutions[0].workflowExecutionId as string;
    expect((await execution(fake, memberId)).status).toBe('RUNNING');

    const noApproval = await gql(fake, APPROVAL_DETAILS, { applicationId: SEED.appId, executionId: id });
    expect(firstError(noApproval)).toBe(`Exception while fetching data (/approvalDetails) : Invalid request: No Approval found for execution [${id}]`);

    fake.clock.advance(120_000);
    const paused = await execution(fake, id);
    expect(paused.status).toBe('PAUSED');
    expect(paused.pipelineStageExecutions.map((s: { status: string }) => s.status)).toEqual(['SUCCESS', 'PAUSED', 'QUEUED']);
    expect(paused.pipelineStageExecutions[1]).toMatchObject({ __typename: 'ApprovalStageExecution', approvalStepType: 'USER_GROUP' });
    expect(paused.memberExecutions.nodes).toEqual([{ id: memberId, status: 'SUCCESS' }]);

    const details = await gql(fake, APPROVAL_DETAILS, { applicationId: SEED.appId, executionId: id });
    const [approval] = details.json.data?.['approvalDetails'].approvalDetails as Record<string, any>[];
    expect(approval).toMatchObject({
      __typename: 'UserGroupApprovalDetails',
      approvalType: 'USER_GROUP',
      stepName: 'Approve prod',
      stageName: 'Stage 2',
      approvers: ['Account Administrator', 'Release Managers'],
      executionId: id,
      startedAt: fake.clock.now(),
    });
    expect(approval?.['willExpireAt']).toBe(approval?.['startedAt'] + 86_400_000);

    // executions are listed newest first, without member workflow executions by default
    const list = await gql(fake, `{ executions(filters: [{ applicationId: "${SEED.appId}" }], limit: 10) { nodes { id } } }`);
    expect(list.json.data?.['executions'].nodes).toEqual([{ id }]);
    const withMembers = await gql(fake, `{ executions(includeIndirectExecutions: true, limit: 10) { nodes { id } } }`);
    expect(withMembers.json.data?.['executions'].nodes).toHaveLength(2);

    const base = { executionId: id, applicationId: SEED.appId, approvalId: approval?.['approvalId'], action: 'APPROVE' };
    const wrongId = await gql(fake, APPROVE, { input: { ...base, approvalId: 'nope' } });
    expect(firstError(wrongId)).toBe(
      `Exception while fetching data (/approveOrRejectApprovals) : Invalid argument(s): No Pipeline execution [${id}] waiting for approval id: nope`,
    );
    const badVar = await gql(fake, APPROVE, { input: { ...base, variableInputs: [{ name: 'color', value: 'x' }] } });
    expect(firstError(badVar)).toBe('Exception while fetching data (/approveOrRejectApprovals) : Invalid request: Variable with name "color" not present');
    const restricted = await gql(fake, APPROVE, { input: base }, { key: fake.restrictedApiKey });
    expect(firstError(restricted)).toBe(
      'Exception while fetching data (/approveOrRejectApprovals) : Invalid request: User not authorized to accept or reject the approval',
    );
    const ok = await gql(fake, APPROVE, { input: { ...base, clientMutationId: 'm1', variableInputs: [{ name: 'ticket', value: 'CHG-1' }] } });
    expect(ok.json.data).toEqual({ approveOrRejectApprovals: { success: true, clientMutationId: 'm1' } });
    const twice = await gql(fake, APPROVE, { input: base });
    expect(firstError(twice)).toContain('waiting for approval id');

    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(120_000);
    const done = await execution(fake, id);
    expect(done.status).toBe('SUCCESS');
    expect(done.endedAt).toBe(fake.clock.now());
    expect(done.failureDetails).toBeNull();
  });

  it('rejecting ends the pipeline REJECTED with failureDetails', async () => {
    const id = await startPipeline(SEED.guestbookPipelineId);
    fake.clock.advance(QUEUE_MS + 120_000);
    const snap = fake.executions().find((e) => e.id === id);
    const approvalId = snap?.stages[1]?.approvalId;
    expect(approvalId).toBeTruthy();
    const r = await gql(fake, APPROVE, { input: { executionId: id, applicationId: SEED.appId, approvalId, action: 'REJECT', comments: 'not today' } });
    expect(r.json.data?.['approveOrRejectApprovals'].success).toBe(true);
    const e = await execution(fake, id);
    expect(e.status).toBe('REJECTED');
    expect(e.failureDetails).toContain('not today');
  });

  it('an approval that is not acted on expires', async () => {
    const id = await startPipeline(SEED.guestbookPipelineId);
    fake.clock.advance(QUEUE_MS + 120_000 + 86_400_000);
    expect((await execution(fake, id)).status).toBe('EXPIRED');
  });

  it('abort stops the pipeline and its running member', async () => {
    const id = await startPipeline(SEED.guestbookPipelineId);
    fake.clock.advance(QUEUE_MS + 1000);
    const res = await fetch(`${fake.baseUrl}/gateway/api/executions/${id}?appId=${SEED.appId}&accountId=${fake.accountId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
      body: JSON.stringify({ executionInterruptType: 'ABORT_ALL' }),
    });
    expect(res.status).toBe(200);
    const e = await execution(fake, id);
    expect(e.status).toBe('ABORTED');
    expect((await execution(fake, e.pipelineStageExecutions[0].workflowExecutionId)).status).toBe('ABORTED');
    fake.clock.advance(1_000_000);
    expect((await execution(fake, id)).status).toBe('ABORTED');
  });
});

describe('workflows', () => {
  it('a failing workflow ends FAILED with failureDetails after its duration', async () => {
    const r = await start(fake, { applicationId: SEED.appId, entityId: SEED.brokenWorkflowId, executionType: 'WORKFLOW', serviceInputs: [guestbookArtifact] });
    const id = r.json.data?.['startExecution'].execution.id as string;
    fake.clock.advance(QUEUE_MS + 29_999);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(1);
    const e = await execution(fake, id);
    expect(e).toMatchObject({ status: 'FAILED', failureDetails: BROKEN_WORKFLOW_FAILURE });
  });
});

describe('resume after failure', () => {
  it('resumes a failed pipeline from the failed stage as a new execution, once', async () => {
    const id = await startPipeline(SEED.smokePipelineId);
    const notYet = await gql(fake, RESUME, { input: { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageName: 'Stage 2' } });
    expect(firstError(notYet)).toBe(
      `Exception while fetching data (/resumeExecution) : Invalid request: Pipeline resume is not available for [${id}]. Resumable states are : [[FAILED, ABORTED, REJECTED, EXPIRED, ERROR]]`,
    );
    fake.clock.advance(QUEUE_MS + 120_000 + 30_000);
    const failed = await execution(fake, id);
    expect(failed).toMatchObject({ status: 'FAILED', failureDetails: BROKEN_WORKFLOW_FAILURE });

    const unknownStage = await gql(fake, RESUME, { input: { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageName: 'Stage 9' } });
    expect(firstError(unknownStage)).toBe('Exception while fetching data (/resumeExecution) : Invalid request: Pipeline Stage does not exist or has not yet started: [Stage 9]');
    const missing = await gql(fake, RESUME, { input: { applicationId: SEED.appId, pipelineExecutionId: 'nope', pipelineStageName: 'Stage 2' } });
    expect(firstError(missing)).toBe("Exception while fetching data (/resumeExecution) : Execution [nope] doesn't exist.");

    const r = await gql(fake, RESUME, { input: { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageName: 'Stage 2', clientMutationId: 'r1' } });
    const resumed = r.json.data?.['resumeExecution'];
    expect(resumed.clientMutationId).toBe('r1');
    expect(resumed.execution.id).not.toBe(id);
    expect(resumed.execution.pipelineStageExecutions.map((s: { status: string }) => s.status)).toEqual(['SUCCESS', 'QUEUED']);
    expect(fake.executions().find((e) => e.id === resumed.execution.id)?.resumedFrom).toBe(id);

    const again = await gql(fake, RESUME, { input: { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageName: 'Stage 2' } });
    expect(firstError(again)).toBe(
      `Exception while fetching data (/resumeExecution) : Invalid request: Pipeline resume is only available on the latest iteration of a resumed execution: ${id}`,
    );
  });
});

describe('runtime inputs', () => {
  const stageId = 'stageRuntimeQa0000001';

  it('pauses the stage for runtime inputs, then continues with pipelineResumeRuntime', async () => {
    const id = await startPipeline(SEED.runtimePipelineId, { variableInputs: [nameVar('branch', 'main')] });
    fake.clock.advance(QUEUE_MS + 120_000);
    const paused = await execution(fake, id);
    expect(paused.status).toBe('PAUSED');
    expect(paused.pipelineStageExecutions[1]).toMatchObject({
      pipelineStageElementId: stageId,
      status: 'PAUSED',
      workflowExecutionId: null,
      runtimeInputVariables: [
        { name: 'releaseTag', type: 'Text', required: true },
        { name: 'ticket', type: 'Text', required: false },
      ],
    });
    expect(paused.pipelineStageExecutions[0].runtimeInputVariables).toEqual([]);
    const approval = await gql(fake, APPROVAL_DETAILS, { applicationId: SEED.appId, executionId: id });
    expect(firstError(approval)).toContain('No Approval found for execution');

    const q = await gql(fake, RUNTIME_QUERY, { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageElementId: stageId, variableInputs: [nameVar('releaseTag', '1.2.3')] });
    expect(q.json.data).toEqual({ runtimeExecutionInputsToResumePipeline: { serviceInputs: [] } });
    const qMissing = await gql(fake, RUNTIME_QUERY, { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageElementId: stageId, variableInputs: [] });
    expect(firstError(qMissing)).toBe('Exception while fetching data (/runtimeExecutionInputsToResumePipeline) : Invalid request: Value not provided for required variable: [releaseTag]');

    const input = { applicationId: SEED.appId, pipelineExecutionId: id, pipelineStageElementId: stageId };
    const notRuntime = await gql(fake, RUNTIME_RESUME, { input: { ...input, variableInputs: [nameVar('releaseTag', '1'), nameVar('branch', 'x')] } });
    expect(firstError(notRuntime)).toBe(
      'Exception while fetching data (/pipelineResumeRuntime) : Invalid request: Cannot override value for variables: [branch] These are not marked runtime in stage',
    );
    const missing = await gql(fake, RUNTIME_RESUME, { input: { ...input, variableInputs: [nameVar('ticket', 'T-1')] } });
    expect(firstError(missing)).toBe('Exception while fetching data (/pipelineResumeRuntime) : Invalid request: Please provide value for required runtime variables: [releaseTag]');
    const wrongStage = await gql(fake, RUNTIME_RESUME, { input: { ...input, pipelineStageElementId: 'stageRuntimeDev000001', variableInputs: [] } });
    expect(firstError(wrongStage)).toBe(
      'Exception while fetching data (/pipelineResumeRuntime) : Invalid request: Cannot continue Pipeline stage, PipelineStageExecution is not Paused. current status: SUCCESS',
    );

    const ok = await gql(fake, RUNTIME_RESUME, { input: { ...input, variableInputs: [nameVar('releaseTag', '1.2.3')], clientMutationId: 'c1' } });
    expect(ok.json.data).toEqual({ pipelineResumeRuntime: { clientMutationId: 'c1', status: true } });
    const running = await execution(fake, id);
    expect(running.status).toBe('RUNNING');
    expect(running.pipelineStageExecutions[1].runtimeInputVariables).toEqual([]);
    fake.clock.advance(120_000);
    expect((await execution(fake, id)).status).toBe('SUCCESS');
    expect(fake.executions().find((e) => e.id === running.pipelineStageExecutions[1].workflowExecutionId)?.inputVariables).toContainEqual({
      name: 'hotfix',
      value: '1.2.3',
    });
    const over = await gql(fake, RUNTIME_RESUME, { input: { ...input, variableInputs: [] } });
    expect(firstError(over)).toBe(
      `Exception while fetching data (/pipelineResumeRuntime) : Invalid request: Cannot continue Pipeline stage, Pipeline is not active anymore. PipelineExecutionId: ${id}`,
    );
  });

  it('never pauses with continueWithDefaultValues', async () => {
    const id = await startPipeline(SEED.runtimePipelineId, { continueWithDefaultValues: true });
    fake.clock.advance(QUEUE_MS + 120_000);
    expect((await execution(fake, id)).status).toBe('RUNNING');
    fake.clock.advance(120_000);
    expect((await execution(fake, id)).status).toBe('SUCCESS');
  });
});

describe('real-time clock', () => {
  it('moves executions with scaled wall time', async () => {
    const rt = await startFakeHarness({ clock: { realTime: true, speed: 1000 } });
    try {
      const r = await gql(rt, `mutation S($input: StartExecutionInput!) { startExecution(input: $input) { execution { id } } }`, {
        input: { applicationId: SEED.appId, entityId: SEED.brokenWorkflowId, executionType: 'WORKFLOW', serviceInputs: [guestbookArtifact] },
      });
      expect(r.json.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 100)); // ≥ 100 s of fake time
      expect(rt.executions()[0]?.status).toBe('FAILED');
    } finally {
      await rt.close();
    }
  });
});
