/**
 * Starts under concurrency, cancellation and odd answers, over real HTTP against the fake Harness:
 * one execution per idempotency key, a key reused with other inputs refused, an abort told apart by
 * whether startExecution had left, and failures that may hide an execution saying how to check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HarnessClient,
  isHarnessIdempotencyConflictError,
  isHarnessNetworkError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
} from '../../../src/index.js';
import type { FakeHarness } from '../../../src/testing/index.js';
import type { Clock } from '../../../src/internal/clock.js';
import { GUESTBOOK_START, K8S_START, SEED, clientFor, failure, startFake } from '../await/support.js';

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFake();
});

afterAll(async () => {
  await fake.close();
});

const topLevel = (entityId: string) => fake.executions().filter((e) => e.entityId === entityId && e.pipelineExecutionId === null);
const startsSent = () => fake.requests.filter((r) => r.operationName === 'StartExecution').length;
const carrying = (key: string) => fake.executions().filter((e) => e.notes?.includes(`[idempotency-key: ${key}]`));

/** A fetch that lets the test see and change what goes over the wire. */
function fetchWith(onRequest: (operation: string | undefined, response: Promise<Response>, init: RequestInit | undefined) => Promise<Response>): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { operationName?: string }) : {};
    return onRequest(body.operationName, fetch(input, init), init);
  };
}

describe('one execution per idempotency key in a process', () => {
  it('five concurrent startPipeline calls with one key on one client start one execution; the others reuse it', async () => {
    const client = clientFor(fake);
    const before = topLevel(SEED.guestbookPipelineId).length;
    const sentBefore = startsSent();
    const results = await Promise.all(Array.from({ length: 5 }, () => client.startPipeline({ ...GUESTBOOK_START, idempotencyKey: 'concurrent-1' })));
    expect(topLevel(SEED.guestbookPipelineId)).toHaveLength(before + 1);
    expect(startsSent()).toBe(sentBefore + 1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.reused)).toHaveLength(1);
    expect(results.filter((r) => r.reused)).toHaveLength(4);
  });

  it('also across clients of one process', async () => {
    const clients = Array.from({ length: 4 }, () => clientFor(fake));
    const results = await Promise.all(clients.map((c) => c.startWorkflow({ ...K8S_START, idempotencyKey: 'concurrent-2' })));
    expect(carrying('concurrent-2')).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
  });

  it('refuses the key with other variables, artifacts, notes or another entity, and sends no start', async () => {
    const client = clientFor(fake);
    const first = await client.startWorkflow({ ...K8S_START, notes: 'Release 1', idempotencyKey: 'conflict-1' });
    const sent = startsSent();
    const others = [
      { ...K8S_START, notes: 'Release 1', variables: { ...K8S_START.variables, Environment: 'prod', InfraDefinition_KUBERNETES: 'k8s-prod' } },
      { ...K8S_START, notes: 'Release 1', artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v5' } } },
      { ...K8S_START, notes: 'Release 2' },
    ];
    for (const options of others) {
      const error = await failure(client.startWorkflow({ ...options, idempotencyKey: 'conflict-1' }));
      expect(isHarnessIdempotencyConflictError(error)).toBe(true);
      if (!isHarnessIdempotencyConflictError(error)) return;
      expect(error.existingExecutionId).toBe(first.id);
      expect(error.idempotencyKey).toBe('conflict-1');
    }
    const pipeline = await failure(client.startPipeline({ ...GUESTBOOK_START, notes: 'Release 1', idempotencyKey: 'conflict-1' }));
    expect(isHarnessIdempotencyConflictError(pipeline)).toBe(true);
    expect((pipeline as Error).message).toContain('the application, pipeline or workflow');
    expect(startsSent()).toBe(sent);
    // The same inputs in another order of keys still match.
    const again = await client.startWorkflow({ idempotencyKey: 'conflict-1', notes: 'Release 1', ...K8S_START, variables: { Service: 'guestbook', Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev' } });
    expect(again).toMatchObject({ id: first.id, reused: true });
  });

  it('checks the fingerprint another process wrote next to the key, and still reuses executions marked without one', async () => {
    const client = clientFor(fake);
    const prepared = await client.prepareWorkflowStart(K8S_START);
    const send = (notes: string) => client.request(
      // What another process (or an older version of the SDK) would have sent.
      { toString: () => 'mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { execution { id } } }' } as never,
      { input: { ...prepared.input, notes } },
    );
    await send('[idempotency-key: other-process] [idempotency-inputs: 000000000000]');
    const conflict = await failure(client.startWorkflow({ ...K8S_START, idempotencyKey: 'other-process' }));
    expect(isHarnessIdempotencyConflictError(conflict)).toBe(true);
    await send('Release 9 [idempotency-key: old-format]');
    const reused = await client.startWorkflow({ ...K8S_START, idempotencyKey: 'old-format' });
    expect(reused.reused).toBe(true);
    expect(carrying('old-format')).toHaveLength(1);
  });

  it('reads an executions list of odd shape as loose JSON, never throwing a TypeError', async () => {
    const shapes: unknown[] = [
      { executions: { nodes: {} } },
      { executions: { nodes: [null, 5, 'x', { id: null, notes: 7 }, { notes: null }, { id: 'a', notes: ['[idempotency-key: odd-0]'] }] } },
      { executions: 'none' },
      { executions: { nodes: [{ id: 42, notes: '[idempotency-key: odd-3]' }] } },
    ];
    for (const [index, shape] of shapes.entries()) {
      const client = clientFor(fake, {
        fetch: fetchWith(async (operation, response) =>
          operation === 'RecentExecutions' ? new Response(JSON.stringify({ data: shape }), { status: 200, headers: { 'content-type': 'application/json' } }) : response,
        ),
      });
      const started = await client.startWorkflow({ ...K8S_START, idempotencyKey: `odd-${index}` });
      expect(started).toMatchObject({ reused: false, reconciled: false });
    }
  });
});

describe('cancelling a start', () => {
  it('aborted while startExecution waits in the rate-limit queue: rejects at once with the reason, and nothing is sent later', async () => {
    const controller = new AbortController();
    let offset = 0;
    let releaseQueue = (): void => undefined;
    const queueHeld = new Promise<void>((resolve) => (releaseQueue = resolve));
    // A clock that ignores signals, as an injected one may. The sleep that makes the start wait for
    // its slot aborts and then holds until the test lets it go, after the rejection: a start that
    // ignored the abort would wait for it and never reject, failing at the test's limit.
    const clock: Clock = {
      now: () => fake.clock.now() + offset,
      sleep: async (ms) => {
        if (ms > 1_000 && !controller.signal.aborted) {
          controller.abort(new Error('job cancelled'));
          await queueHeld;
        } else {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        offset += ms;
      },
    };
    // Counts the starts this client hands to fetch, the moment it does.
    let startsFetched = 0;
    const countingFetch = fetchWith(async (operation, response) => {
      if (operation === 'StartExecution') startsFetched += 1;
      return response;
    });
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock, fetch: countingFetch, rateLimit: { requestsPerMinute: 2 } });
    const sent = startsSent();
    // applicationId is given: the lookup and executionInputs take the two slots, the start must wait.
    const error = await failure(client.startPipeline({ ...GUESTBOOK_START, signal: controller.signal }));
    expect(error).toEqual(new Error('job cancelled'));
    // Let the queue move on: a read after the abort needs a slot of the next window. The start was in
    // line before it, so had it been kept it would have been fetched first.
    releaseQueue();
    await failure(client.getExecution('noSuchExecution000001'));
    expect(startsFetched).toBe(0);
    expect(startsSent()).toBe(sent);
  });

  it('aborted during the lookups: the reason, and no start sent', async () => {
    const controller = new AbortController();
    const client = clientFor(fake, {
      fetch: fetchWith(async (operation, response) => {
        if (operation === 'ExecutionInputs') controller.abort(new Error('stop now'));
        return response;
      }),
    });
    const sent = startsSent();
    const error = await failure(client.startWorkflow({ ...K8S_START, signal: controller.signal }));
    expect(error).toEqual(new Error('stop now'));
    expect(startsSent()).toBe(sent);
  });

  /** A fetch that delivers startExecution to Harness, then loses the answer when the caller aborts. */
  function abortAfterSending(controller: AbortController): typeof fetch {
    return fetchWith(async (operation, response, init) => {
      if (operation !== 'StartExecution') return response;
      await response;
      controller.abort(new Error('pipeline job cancelled'));
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    });
  }

  it('aborted after startExecution left, without a key: HarnessUnknownOutcomeError saying how to check', async () => {
    const controller = new AbortController();
    const client = clientFor(fake, { fetch: abortAfterSending(controller) });
    const before = topLevel(SEED.k8sWorkflowId).length;
    const error = await failure(client.startWorkflow({ ...K8S_START, signal: controller.signal }));
    expect(isHarnessUnknownOutcomeError(error)).toBe(true);
    expect((error as Error).message).toMatch(/may have started an execution/);
    expect((error as Error).message).toContain('execution list of workflow "K8s Rolling Deployment"');
    expect(topLevel(SEED.k8sWorkflowId)).toHaveLength(before + 1);
  });

  it('aborted after startExecution left, with a key: HarnessUnknownOutcomeError reconciled to the execution', async () => {
    const controller = new AbortController();
    const client = clientFor(fake, { fetch: abortAfterSending(controller) });
    const error = await failure(client.startPipeline({ ...GUESTBOOK_START, idempotencyKey: 'cancelled-1', signal: controller.signal }));
    expect(isHarnessUnknownOutcomeError(error)).toBe(true);
    if (!isHarnessUnknownOutcomeError(error)) return;
    const [execution] = carrying('cancelled-1');
    expect(error.reconciled?.id).toBe(execution?.id);
    // And the same start again returns it instead of deploying twice.
    const again = await clientFor(fake).startPipeline({ ...GUESTBOOK_START, idempotencyKey: 'cancelled-1' });
    expect(again).toMatchObject({ id: execution?.id, reused: true });
    expect(carrying('cancelled-1')).toHaveLength(1);
  });
});

describe('a start that may have happened says so, and how to check', () => {
  const cases = [
    { fault: 'http-502', is: isHarnessServerError },
    { fault: 'html-page', is: isHarnessServerError },
    { fault: 'malformed-json', is: isHarnessServerError },
    { fault: 'reset-after', is: isHarnessNetworkError },
    { fault: 'hang', is: isHarnessTimeoutError },
  ] as const;
  for (const { fault, is } of cases) {
    it(`${fault} without a key`, async () => {
      const client = clientFor(fake, { mutationTimeoutMs: 300 });
      fake.faults.arm({ kind: fault, operation: 'StartExecution' });
      const error = await failure(client.startWorkflow(K8S_START));
      fake.faults.clear();
      expect(is(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).not.toMatch(/try again later|usually temporary/i);
      expect(message).toMatch(/may have reached Harness/);
      expect(message).toContain(`execution list of workflow "K8s Rolling Deployment" (id ${SEED.k8sWorkflowId}) in application ${SEED.appId}`);
      expect(message).toContain('idempotencyKey');
      expect(message).not.toContain(fake.apiKey);
    });
  }
});
