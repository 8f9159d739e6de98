/** One test per bug the reliability suites found, each at the depth it was fixed. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorFromRestSuccess } from '../../src/error-mapping.js';
import { isHarnessNotFoundError, isHarnessServerError, isHarnessValidationError } from '../../src/index.js';
import { parseCsv } from '../../src/testing/engine.js';
import type { FakeHarness } from '../../src/testing/index.js';
import { K8S_START, SEED, clientFor, failure, freshFake } from './support.js';

let fake: FakeHarness;
beforeAll(async () => {
  fake = await freshFake();
});
afterAll(async () => {
  await fake.close();
});

describe('abortExecution answered 200 with something that is not Harness JSON', () => {
  it.each(['html-page', 'malformed-json', 'empty-body'] as const)('%s: HarnessServerError, not success (the abort was never done)', async (kind) => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    fake.faults.arm({ kind, operation: 'abort' });
    const error = await failure(client.abortExecution({ applicationId: SEED.appId, executionId: started.id }));
    expect(isHarnessServerError(error)).toBe(true);
    expect((error as Error).message).toMatch(/may not have been done/);
    expect(fake.executions().find((e) => e.id === started.id)?.status).not.toBe('ABORTED');
  });

  it('a JSON envelope is still success', () => {
    expect(errorFromRestSuccess({ status: 200, body: '{"metaData":{},"resource":{},"responseMessages":[]}', operation: 'AbortExecution' })).toBeUndefined();
    expect(errorFromRestSuccess({ status: 200, body: '[]', operation: 'AbortExecution' })).toBeDefined();
  });
});

describe('start options with an unknown key', () => {
  it('are refused, naming the key, before any request', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).startWorkflow({ ...K8S_START, artifact: {} } as never));
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as { issues: { variable: string }[] }).issues.map((i) => i.variable)).toEqual(['artifact']);
    expect(fake.requests.length).toBe(before);
  });

  it('pipeline-only and workflow-only options stay where they belong', async () => {
    const error = await failure(clientFor(fake).prepareWorkflowStart({ ...K8S_START, continueWithDefaultValues: true } as never));
    expect((error as { issues: { variable: string }[] }).issues.map((i) => i.variable)).toEqual(['continueWithDefaultValues']);
  });
});

describe('a pipeline or workflow lookup answered {"data": null}', () => {
  it('is a HarnessNotFoundError, not a TypeError', async () => {
    const nullData: typeof fetch = async () => new Response('{"data":null}', { status: 200, headers: { 'content-type': 'application/json' } });
    const client = clientFor(fake, { fetch: nullData });
    for (const call of [
      () => client.findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' }),
      () => client.findWorkflow({ applicationId: SEED.appId, workflowId: SEED.k8sWorkflowId }),
    ]) {
      expect(isHarnessNotFoundError(await failure(call()))).toBe(true);
    }
    const listed: unknown[] = [];
    for await (const p of client.listPipelines({ applicationId: SEED.appId })) listed.push(p);
    expect(listed).toEqual([]);
  });
});

describe("the fake splits allowed values like Harness's CsvParser", () => {
  it('drops an empty last item', () => {
    expect(parseCsv('a,')).toEqual(['a']);
    expect(parseCsv('   ')).toEqual([]);
    expect(parseCsv('a,,b')).toEqual(['a', '', 'b']);
  });
});
