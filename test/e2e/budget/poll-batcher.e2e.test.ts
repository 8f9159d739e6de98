/**
 * 40 waits on the fake Harness, with its real rule of 30 requests a minute, share their polls: one
 * aliased request per tick, no 429, each wait sees its execution's end within one wait's delay, and
 * an unknown execution gets its own error without disturbing the others. Time is the fake's manual
 * clock, moved only when every waiter is waiting for the next tick.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { BATCH_OPERATION_NAME, type BatchAnswer } from '../../../src/budget/batch-document.js';
import { PollBatcher, TICK_SCHEDULE, type BatchSendOptions } from '../../../src/budget/poll-batcher.js';
import { HarnessRequestError } from '../../../src/errors.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { guestbookArtifact, nameVar, start } from '../../fake-server/client.js';
import { manualClock, type ManualClock } from '../../unit/budget/manual-clock.js';

/** How long a request to the fake over loopback may take: the SDK's default attempt timeout. */
const ANSWER_WAIT_MS = 30_000;

const WAITS = 40;
const TERMINAL = new Set(['SUCCESS', 'FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']);

describe('PollBatcher against the fake Harness', () => {
  let fake: FakeHarness;
  let clock: ManualClock;
  const ids: string[] = [];

  beforeAll(async () => {
    fake = await startFakeHarness({ clock: 'manual', rateLimit: { perMinute: 30 } });
    clock = manualClock(fake.clock.now(), fake.clock);
    // 40 starts need two of the fake's minutes; the later executions start a minute after the first.
    for (let i = 0; i < WAITS; i += 1) {
      if (i === 25) await clock.advance(61_000);
      const broken = i % 10 === 9;
      const r = await start(fake, {
        applicationId: SEED.appId,
        entityId: broken ? SEED.brokenWorkflowId : SEED.k8sWorkflowId,
        executionType: 'WORKFLOW',
        serviceInputs: [guestbookArtifact],
        variableInputs: [nameVar('Environment', 'dev'), nameVar('Service', 'guestbook'), nameVar('InfraDefinition_KUBERNETES', 'k8s-dev')],
      });
      const id = r.json.data?.['startExecution']?.execution?.id as string | undefined;
      if (!id) throw new Error(`start ${i} failed: ${r.text}`);
      ids.push(id);
    }
    await clock.advance(61_000);
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('shares one request per tick among 40 waits, sees every end within one wait delay, and is never refused', async () => {
    const budget = new AccountBudget({ key: 'fake', requestsPerMinute: 30, clock });
    const firstPoll = fake.requests.length;
    const send = async (document: string, variables: Record<string, string>, options: BatchSendOptions): Promise<BatchAnswer> => {
      await budget.acquire({ priority: 'poll', signal: options.signal, deadline: options.deadline });
      const response = await fetch(`${fake.endpoint}?accountId=${fake.accountId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
        body: JSON.stringify({ query: document, variables, operationName: BATCH_OPERATION_NAME }),
        signal: options.signal,
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as BatchAnswer;
    };
    const batcher = new PollBatcher({ send, clock, random: () => 0.5 });

    const waitStartedAt = clock.now();
    const unknownId = 'noSuchExecution000001';
    const seenEnd = new Map<string, { at: number; status: string }>();
    let active = WAITS + 1;
    const unknown = batcher.poll(unknownId).catch((e: unknown) => e).finally(() => (active -= 1));
    const waits = ids.map(async (id) => {
      try {
        for (;;) {
          const execution = await batcher.poll(id);
          const status = execution?.status ?? null;
          if (status !== null && TERMINAL.has(status)) {
            seenEnd.set(id, { at: clock.now(), status });
            return;
          }
        }
      } finally {
        active -= 1;
      }
    });

    // Move time only when every waiter is waiting for the next tick (no request in flight).
    for (let steps = 0; active > 0; steps += 1) {
      if (steps > 1_000) throw new Error('the waits did not end');
      // Every poll in flight is answered within the SDK's default attempt timeout, or a real client would give up.
      await vi.waitUntil(() => batcher.waiting >= active, { timeout: ANSWER_WAIT_MS, interval: 1 });
      if (active === 0) break;
      const wake = clock.nextWakeAt();
      if (wake === undefined) throw new Error('nobody is scheduled to poll');
      await clock.advance(wake - clock.now());
    }
    await Promise.all(waits);

    const unknownError = await unknown;
    expect(unknownError).toBeInstanceOf(HarnessRequestError);
    expect((unknownError as HarnessRequestError).graphqlErrors.join()).toMatch(/does not exist or access is denied/);

    const polls = fake.requests.slice(firstPoll);
    expect(polls.every((r) => r.operationName === BATCH_OPERATION_NAME)).toBe(true);
    expect(polls.filter((r) => r.status === 429)).toHaveLength(0);
    expect(polls.length).toBe(batcher.requestsSent);

    const ends = new Map(fake.executions().map((e) => [e.id, e]));
    let worstLag = 0;
    for (const id of ids) {
      const seen = seenEnd.get(id);
      const truth = ends.get(id);
      expect(seen?.status).toBe(truth?.status);
      // An execution that ended before the waits began is seen by the first tick.
      worstLag = Math.max(worstLag, (seen?.at ?? Infinity) - Math.max(waitStartedAt, truth?.endedAt ?? 0));
    }
    expect(new Set([...seenEnd.values()].map((s) => s.status))).toEqual(new Set(['SUCCESS', 'FAILED']));
    // Within one wait's longest delay of each end.
    expect(worstLag).toBeLessThanOrEqual(TICK_SCHEDULE.maxDelayMs * (1 + TICK_SCHEDULE.jitter));
    // As many polls as one wait: no more than a tick per smallest delay over the polling time.
    const span = (polls[polls.length - 1]?.time ?? 0) - (polls[0]?.time ?? 0);
    expect(polls.length).toBeLessThanOrEqual(Math.floor(span / TICK_SCHEDULE.minDelayMs / (1 - TICK_SCHEDULE.jitter)) + 2);
  });
});
