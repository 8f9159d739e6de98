/**
 * Starting with an idempotencyKey against the fake Harness: a repeated start starts nothing new, and
 * ambiguous failures (null payload, lost answer) are reconciled by the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHarnessUnknownOutcomeError, isHarnessValidationError } from '../../../src/index.js';
import type { FakeHarness } from '../../../src/testing/index.js';
import { GUESTBOOK_START, K8S_START, SEED, clientFor, failure, startFake } from './support.js';

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFake();
});

afterAll(async () => {
  await fake.close();
});

const runsOf = (entityId: string) => fake.executions().filter((e) => e.entityId === entityId && e.pipelineExecutionId === null);
const startsSent = () => fake.requests.filter((r) => r.operationName === 'StartExecution').length;

describe('idempotencyKey', () => {
  it('a repeated start with the same key returns the first execution and starts nothing', async () => {
    const client = clientFor(fake);
    const before = runsOf(SEED.k8sWorkflowId).length;
    const first = await client.startWorkflow({ ...K8S_START, notes: 'Release 42', idempotencyKey: 'build-1001' });
    expect(first).toMatchObject({ reused: false, reconciled: false });
    // The key, then the fingerprint of the inputs it was used with.
    expect(first.notes).toMatch(/^Release 42 \[idempotency-key: build-1001\] \[idempotency-inputs: [0-9a-f]{12}\]$/);
    const sentAfterFirst = startsSent();
    const again = await client.startWorkflow({ ...K8S_START, notes: 'Release 42', idempotencyKey: 'build-1001' });
    expect(again).toMatchObject({ id: first.id, reused: true, reconciled: false });
    expect(startsSent()).toBe(sentAfterFirst);
    expect(runsOf(SEED.k8sWorkflowId)).toHaveLength(before + 1);
    const other = await client.startWorkflow({ ...K8S_START, idempotencyKey: 'build-1002' });
    expect(other.id).not.toBe(first.id);
    expect(runsOf(SEED.k8sWorkflowId)).toHaveLength(before + 2);
  });

  it('a null start payload with a key is reconciled to the execution it started', async () => {
    const client = clientFor(fake);
    const before = runsOf(SEED.guestbookPipelineId).length;
    fake.faults.arm({ kind: 'null-start-payload', operation: 'StartExecution' });
    const result = await client.startPipeline({ ...GUESTBOOK_START, idempotencyKey: 'deploy-7' });
    const runs = runsOf(SEED.guestbookPipelineId);
    expect(runs).toHaveLength(before + 1);
    expect(result).toMatchObject({ id: runs.at(-1)?.id, reused: false, reconciled: true, kind: 'PIPELINE' });
    // Retrying the same start after that starts nothing either.
    await expect(client.startPipeline({ ...GUESTBOOK_START, idempotencyKey: 'deploy-7' })).resolves.toMatchObject({ id: result.id, reused: true });
    expect(runsOf(SEED.guestbookPipelineId)).toHaveLength(before + 1);
  });

  it('a lost answer (connection reset after sending) with a key is reconciled too', async () => {
    const client = clientFor(fake);
    const before = runsOf(SEED.k8sWorkflowId).length;
    fake.faults.arm({ kind: 'reset-after', operation: 'StartExecution' });
    const result = await client.startWorkflow({ ...K8S_START, idempotencyKey: 'build-2001' });
    expect(runsOf(SEED.k8sWorkflowId)).toHaveLength(before + 1);
    expect(result).toMatchObject({ id: runsOf(SEED.k8sWorkflowId).at(-1)?.id, reconciled: true });
  });

  it('says what it checked when the start failed ambiguously and nothing carries the key', async () => {
    const client = clientFor(fake, { retry: false });
    const before = runsOf(SEED.k8sWorkflowId).length;
    fake.faults.arm({ kind: 'http-502', operation: 'StartExecution' });
    const error = await failure(client.startWorkflow({ ...K8S_START, idempotencyKey: 'build-3001' }));
    expect(runsOf(SEED.k8sWorkflowId)).toHaveLength(before);
    expect(isHarnessUnknownOutcomeError(error)).toBe(true);
    if (!isHarnessUnknownOutcomeError(error)) return;
    expect(error.reconciled).toBeUndefined();
    expect(error.message).toContain('20 newest executions');
    expect(error.message).toContain('[idempotency-key: build-3001]');
    expect(error.message).not.toContain(fake.apiKey);
  });

  it('without a key a null payload is still HarnessUnknownOutcomeError, with no guessed execution', async () => {
    const client = clientFor(fake);
    fake.faults.arm({ kind: 'null-start-payload', operation: 'StartExecution' });
    const error = await failure(client.startWorkflow(K8S_START));
    expect(isHarnessUnknownOutcomeError(error)).toBe(true);
    expect((error as { reconciled: unknown }).reconciled).toBeUndefined();
  });

  it('a malformed key is reported with the other input problems, before anything is sent', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).startWorkflow({ ...K8S_START, idempotencyKey: 'a]b', notes: 7 as unknown as string }));
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as { issues: { variable: string }[] }).issues.map((i) => i.variable).sort()).toEqual(['idempotencyKey', 'notes']);
    expect(fake.requests.length).toBe(before);
  });
});
