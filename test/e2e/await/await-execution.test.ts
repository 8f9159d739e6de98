/**
 * awaitExecution against the fake Harness: success, failure, timeout, abort signal, transient and
 * fatal poll errors. Sleeping advances the fake's manual clock, so minutes pass in milliseconds.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  HarnessClient,
  describeProgress,
  isHarnessExecutionFailedError,
  isHarnessValidationError,
  isHarnessNotFoundError,
  isHarnessServerError,
  isHarnessWaitTimeoutError,
  WAIT_DEFAULTS,
  type PollEvent,
} from '../../../src/index.js';
import { BROKEN_WORKFLOW_FAILURE, type FakeHarness } from '../../../src/testing/index.js';
import { K8S_START, SEED, clientFor, failure, fakeClock, startFake } from './support.js';

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFake();
});

afterAll(async () => {
  await fake.close();
});

const polls = (id: string) => fake.requests.filter((r) => r.operationName === 'Execution' && r.variables?.executionId === id);

describe('awaitExecution', () => {
  it('resolves with the final execution once it succeeds, polling at once and then on the schedule', async () => {
    const clock = fakeClock(fake);
    const client = clientFor(fake, { clock });
    const started = await client.startWorkflow(K8S_START);
    const events: PollEvent[] = [];
    const begin = fake.clock.now();
    const controller = new AbortController();
    const done = await client.awaitExecution(started, { signal: controller.signal, onPoll: (e) => events.push(e) });
    expect(done).toMatchObject({ id: started.id, status: 'SUCCESS' });
    // Every sleep and request removed the listener it added on the caller's signal.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const run = fake.executions().find((e) => e.id === started.id);
    expect(run?.endedAt).not.toBeNull();
    // Seen within 15 s of its end, without sleeping in between polls shorter than the schedule allows.
    expect(fake.clock.now() - (run?.endedAt ?? 0)).toBeLessThanOrEqual(15_000);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(Math.floor(WAIT_DEFAULTS.minDelayMs * (1 - WAIT_DEFAULTS.jitter)));
    expect(clock.slept.every((ms) => ms <= Math.ceil(WAIT_DEFAULTS.maxDelayMs * (1 + WAIT_DEFAULTS.jitter)))).toBe(true);
    expect(events[0]).toMatchObject({ polls: 1, elapsedMs: 0, previousStatus: null, waitingFor: null });
    expect(events.map((e) => e.status)).toContain('RUNNING');
    expect(events.at(-1)).toMatchObject({ status: 'SUCCESS', previousStatus: 'RUNNING', polls: events.length });
    expect(polls(started.id)).toHaveLength(events.length);
    expect(fake.clock.now() - begin).toBe(events.at(-1)?.elapsedMs);
  });

  it('throws HarnessExecutionFailedError with Harness failureDetails when it fails', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow({
      applicationId: SEED.appId,
      workflowName: 'Broken Smoke Test',
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
    });
    const error = await failure(client.awaitExecution(started.id));
    expect(isHarnessExecutionFailedError(error)).toBe(true);
    if (!isHarnessExecutionFailedError(error)) return;
    expect(error.execution).toMatchObject({ id: started.id, status: 'FAILED', failureDetails: BROKEN_WORKFLOW_FAILURE });
    expect(error.message).toContain(BROKEN_WORKFLOW_FAILURE);
  });

  it('throws HarnessWaitTimeoutError at the deadline, never sleeping past it', async () => {
    const clock = fakeClock(fake);
    const client = clientFor(fake, { clock });
    const started = await client.startWorkflow(K8S_START);
    const begin = fake.clock.now();
    const error = await failure(client.awaitExecution(started.id, { timeoutMs: 30_000 }));
    expect(isHarnessWaitTimeoutError(error)).toBe(true);
    if (!isHarnessWaitTimeoutError(error)) return;
    expect(fake.clock.now() - begin).toBe(30_000);
    expect(error.elapsedMs).toBe(30_000);
    expect(error.polls).toBe(polls(started.id).length);
    expect(error.statusesSeen).toEqual(expect.arrayContaining(['RUNNING']));
    expect(error.lastExecution?.id).toBe(started.id);
    expect(error.message).toMatch(/keeps running in Harness/);
  });

  it('a poll that hangs near the deadline gets only the time left, so the wait ends close to timeoutMs', async () => {
    // Wall time here: the fake's clock only moves with the client's sleeps, so the deadline is in
    // real milliseconds for the hanging poll. The client's own attempt timeout is ten minutes, far
    // past this test's limit: a poll that was not cut to the time left would fail the test by hanging.
    const waitTimeoutMs = 1_500;
    const uncutPollTimeoutMs = 600_000;
    const client = clientFor(fake, { retry: false, timeoutMs: uncutPollTimeoutMs, clock: { now: () => Date.now(), sleep: async () => undefined } });
    const started = await client.startWorkflow(K8S_START);
    fake.faults.arm({ kind: 'hang', operation: 'Execution', times: 10 });
    const begin = Date.now();
    const error = await failure(client.awaitExecution(started.id, { timeoutMs: waitTimeoutMs, maxConsecutiveErrors: 10 }));
    fake.faults.clear();
    expect(isHarnessWaitTimeoutError(error)).toBe(true);
    // The last poll may start just before the deadline and still get the shortest poll timeout (1 s);
    // the rest is room for a loaded machine, still a small part of the ten minutes an uncut poll takes.
    const shortestPollTimeoutMs = 1_000;
    const loadedMachineAllowanceMs = 20_000;
    expect(Date.now() - begin).toBeLessThan(waitTimeoutMs + shortestPollTimeoutMs + loadedMachineAllowanceMs);
  }, 60_000);

  it('an aborted signal stops it at once with the signal reason, even mid-sleep, and leaves no listener', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    const controller = new AbortController();
    const hanging = { now: () => fake.clock.now(), sleep: () => new Promise<void>(() => undefined) };
    const waiting = client.awaitExecution(started.id, {
      signal: controller.signal,
      clock: hanging,
      onPoll: () => setTimeout(() => controller.abort(new Error('deploy cancelled by user')), 5),
    });
    await expect(waiting).rejects.toThrow('deploy cancelled by user');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(polls(started.id)).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).awaitExecution('whatever', { signal: AbortSignal.abort(new Error('stop')) }));
    expect(error).toEqual(new Error('stop'));
    expect(fake.requests.length).toBe(before);
  });

  it('tolerates transient poll failures up to maxConsecutiveErrors, and an onPoll that throws', async () => {
    const client = clientFor(fake, { retry: false });
    const started = await client.startWorkflow(K8S_START);
    fake.faults.arm({ kind: 'http-503', times: 3, operation: 'Execution' });
    const done = await client.awaitExecution(started.id, {
      maxConsecutiveErrors: 3,
      onPoll: () => {
        throw new Error('logging bug');
      },
    });
    expect(done.status).toBe('SUCCESS');
    expect(polls(started.id).filter((r) => r.status === 503)).toHaveLength(3);
  });

  it('gives up with the error once transient failures exceed maxConsecutiveErrors', async () => {
    const client = clientFor(fake, { retry: false });
    const started = await client.startWorkflow(K8S_START);
    fake.faults.arm({ kind: 'http-500', times: 3, operation: 'Execution' });
    const error = await failure(client.awaitExecution(started.id, { maxConsecutiveErrors: 2 }));
    expect(isHarnessServerError(error)).toBe(true);
    expect(polls(started.id)).toHaveLength(3);
    fake.faults.clear();
  });

  it('ends at once on a not-found execution', async () => {
    const error = await failure(clientFor(fake).awaitExecution('noSuchExecution000001'));
    expect(isHarnessNotFoundError(error)).toBe(true);
    expect(polls('noSuchExecution000001')).toHaveLength(1);
  });

  it('validates its options before sending anything', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).awaitExecution('x', { minDelayMs: 0, successStatuses: [], maxConsecutiveErrors: -1 }));
    expect((error as { issues: { variable: string }[] }).issues.map((i) => i.variable).sort()).toEqual([
      'maxConsecutiveErrors',
      'minDelayMs',
      'successStatuses',
    ]);
    expect(fake.requests.length).toBe(before);
  });

  it('describeProgress reads a real execution', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    expect(describeProgress(started)).toMatch(/^workflow K8s Rolling Deployment: (QUEUED|RUNNING|PREPARING)$/);
  });

  it('refuses misspelt option keys, as start options are, before sending anything', async () => {
    const before = fake.requests.length;
    const error = await failure(clientFor(fake).awaitExecution('x', { timeout: 60_000 } as never));
    expect(isHarnessValidationError(error)).toBe(true);
    if (!isHarnessValidationError(error)) return;
    expect(error.issues).toEqual([expect.objectContaining({ code: 'invalid_option', variable: 'timeout' })]);
    expect(error.message).toContain('did you mean timeoutMs?');
    expect(fake.requests.length).toBe(before);
  });

  it('50 concurrent waits on one signal: one listener on it, no MaxListenersExceededWarning, all end at the abort', async () => {
    const client = clientFor(fake);
    const started = await client.startWorkflow(K8S_START);
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const forever = { now: () => fake.clock.now(), sleep: () => new Promise<void>(() => undefined) };
      let polled = 0;
      const waits = Array.from({ length: 50 }, () =>
        client.awaitExecution(started.id, { signal: controller.signal, clock: forever, onPoll: () => void (polled += 1) }),
      );
      await vi.waitUntil(() => polled === 50, { timeout: 10_000 });
      expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
      controller.abort(new Error('all done'));
      const outcomes = await Promise.allSettled(waits);
      expect(outcomes.every((o) => o.status === 'rejected' && (o.reason as Error).message === 'all done')).toBe(true);
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('aborted while its poll waits in the rate-limit queue: rejects at once, sends nothing more', async () => {
    const started = await clientFor(fake).startWorkflow(K8S_START);
    const controller = new AbortController();
    let waitStarted = false;
    let queuedSleeps = 0;
    // A clock that ignores signals, as an injected one may, and never wakes: only the abort can end the
    // queue's wait, so a wait that ignored the abort would hang to the test's limit. The abort comes
    // the moment the poll is put to sleep in the queue.
    const stuck = {
      now: () => fake.clock.now(),
      sleep: (ms: number) => {
        if (waitStarted) {
          queuedSleeps += 1;
          queueMicrotask(() => controller.abort(new Error('cancelled in the queue')));
        }
        return new Promise<void>(() => undefined);
      },
    };
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock: stuck, rateLimit: { requestsPerMinute: 1 } });
    await client.getExecution(started.id);
    const before = polls(started.id).length;
    waitStarted = true;
    const error = await failure(client.awaitExecution(started.id, { signal: controller.signal }));
    expect(error).toEqual(new Error('cancelled in the queue'));
    expect(queuedSleeps).toBeGreaterThanOrEqual(1);
    expect(polls(started.id)).toHaveLength(before);
  });

  it('a poll queued when the wait is aborted is never sent, even when the queue moves on later', async () => {
    const started = await clientFor(fake).startWorkflow(K8S_START);
    const controller = new AbortController();
    let offset = 0;
    // Ignores signals, as an injected clock may; each sleep takes a little wall time.
    const clock = {
      now: () => fake.clock.now() + offset,
      sleep: async (ms: number) => {
        if (ms > 1_000) controller.abort(new Error('stop waiting'));
        await new Promise((resolve) => setTimeout(resolve, 20));
        offset += ms;
      },
    };
    // Counts the polls this client hands to fetch, the moment it does: a leaked poll is counted as
    // soon as the queue lets it go, without waiting for the server to see it.
    let pollsFetched = 0;
    const countingFetch: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string' && init.body.includes(started.id)) pollsFetched += 1;
      return fetch(input, init);
    };
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock, fetch: countingFetch, rateLimit: { requestsPerMinute: 1 } });
    await client.getExecution(started.id);
    const before = polls(started.id).length;
    expect(pollsFetched).toBe(1);
    const error = await failure(client.awaitExecution(started.id, { signal: controller.signal, clock: { now: clock.now, sleep: () => new Promise<void>(() => undefined) } }));
    expect(error).toEqual(new Error('stop waiting'));
    // Make the queue move on: one more read needs the next slot of the window. The aborted poll was in
    // line before it, so had it been kept it would have gone first and been fetched by now.
    await client.getExecution(started.id);
    expect(pollsFetched).toBe(2);
    expect(polls(started.id)).toHaveLength(before + 1);
  });
});
