/**
 * The account budget queues requests for a free slot in its sliding window instead of letting them
 * fail with Harness's 429, alone and through the client. Time is an injected clock: no wall time passes.
 */
import { describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessRateLimitError } from '../../../src/index.js';
import type { Clock } from '../../../src/internal/clock.js';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { BUDGET_WINDOW_MS } from '../../../src/budget/pacing.js';

function budgetOf(requestsPerMinute: number, clock: Clock): AccountBudget {
  return new AccountBudget({ key: 'https://harness.invalid/gateway/api/graphql#acc', requestsPerMinute, clock });
}

/** A clock whose sleep moves time forward at once (and honours an abort signal). */
function manualClock(): Clock & { time: number; sleeps: number[] } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

describe('AccountBudget queue', () => {
  it('queues callers beyond the limit until the window frees a slot, in order, and fails none', async () => {
    const clock = manualClock();
    const limiter = budgetOf(3, clock);
    const granted: { caller: number; at: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5, 6].map(async (caller) => {
        await limiter.acquire({ priority: 'query' });
        granted.push({ caller, at: clock.now() });
      }),
    );
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(granted.map((g) => g.at)).toEqual([0, 0, 0, BUDGET_WINDOW_MS, BUDGET_WINDOW_MS, BUDGET_WINDOW_MS, 2 * BUDGET_WINDOW_MS]);
  });

  it('a caller that gives up leaves the queue without blocking the ones behind it', async () => {
    const clock = manualClock();
    const limiter = budgetOf(1, clock);
    await limiter.acquire({ priority: 'query' });
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    const results = await Promise.allSettled([limiter.acquire({ signal: controller.signal, priority: 'query' }), limiter.acquire({ priority: 'query' })]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: new Error('caller gave up') });
    expect(results[1]).toMatchObject({ status: 'fulfilled' });
    expect(clock.now()).toBe(BUDGET_WINDOW_MS);
  });
});

describe('through the client', () => {
  it('sends 31 requests at the default 30 a minute without any failing: the 31st waits for the window', async () => {
    // Time moves only when the test moves it, so each request is sent at the time its slot was granted.
    const clock = heldClock();
    const sentAt: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      sentAt.push(clock.now());
      const execution = { __typename: 'WorkflowExecution', id: 'ex1', status: 'RUNNING', application: { id: 'app' }, workflow: { id: 'w', name: 'W' } };
      return new Response(JSON.stringify({ data: { execution } }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = new HarnessClient({ accountId: 'acc', apiKey: 'key-never-shown', endpoint: 'https://harness.invalid/gateway/api/graphql', fetch, clock });
    const calls = Promise.allSettled(Array.from({ length: 31 }, () => client.getExecution('ex1')));
    await clock.advance(BUDGET_WINDOW_MS);
    const results = await calls;
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(sentAt.filter((t) => t === 0)).toHaveLength(30);
    expect(sentAt[30]).toBe(BUDGET_WINDOW_MS);
  });
});

/** A clock whose sleeps end only when the test moves time past them. */
function heldClock() {
  let time = 0;
  let sleepers: { at: number; resolve: () => void }[] = [];
  const flush = async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return {
    now: () => time,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper = { at: time + ms, resolve };
        sleepers.push(sleeper);
        signal?.addEventListener('abort', () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal.reason);
        }, { once: true });
      }),
    flush,
    async advance(ms: number) {
      const target = time + ms;
      await flush();
      for (;;) {
        const due = sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        sleepers = sleepers.filter((s) => s !== due);
        time = Math.max(time, due.at);
        due.resolve();
        await flush();
      }
      time = target;
      await flush();
    },
  };
}

describe('cancellation and deadlines in the queue', () => {
  function countingClient(clock: ReturnType<typeof heldClock>) {
    const sent: string[] = [];
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      sent.push((JSON.parse(String(init?.body)) as { variables: { executionId: string } }).variables.executionId);
      const execution = { __typename: 'WorkflowExecution', id: 'ex', status: 'RUNNING', application: { id: 'app' }, workflow: { id: 'w', name: 'W' } };
      return new Response(JSON.stringify({ data: { execution } }), { status: 200 });
    };
    const client = new HarnessClient({ accountId: 'acc', apiKey: 'key-never-shown', endpoint: 'https://harness.invalid/gateway/api/graphql', fetch, clock, rateLimit: { requestsPerMinute: 1 } });
    return { client, sent };
  }

  it('a call aborted while queued behind others rejects at once, and nothing is sent for it later', async () => {
    const clock = heldClock();
    const { client, sent } = countingClient(clock);
    const controller = new AbortController();
    const first = client.getExecution('first');
    const second = client.getExecution('second');
    const aborted = client.getExecution('aborted', { signal: controller.signal });
    const outcome = aborted.then(
      () => 'resolved',
      (error: unknown) => (error as Error).message,
    );
    await clock.flush();
    controller.abort(new Error('caller gave up'));
    await clock.flush();
    expect(await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('still queued'), 50))])).toBe('caller gave up');
    expect(clock.now()).toBe(0);
    await clock.advance(10 * 60_000);
    await Promise.all([first, second]);
    expect(sent).toEqual(['first', 'second']);
  });

  it('a call whose deadline comes before its slot is refused at once with HarnessRateLimitError, nothing sent', async () => {
    const clock = heldClock();
    const { client, sent } = countingClient(clock);
    const first = client.getExecution('first');
    const late = client.getExecution('late', { deadline: 30_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await clock.flush();
    const error = await Promise.race([late, new Promise((resolve) => setTimeout(() => resolve('still queued'), 50))]);
    expect(isHarnessRateLimitError(error)).toBe(true);
    expect((error as Error).message).toContain('nothing was sent');
    await clock.advance(10 * 60_000);
    await first;
    expect(sent).toEqual(['first']);
  });

  it('a caller behind an aborted one moves up to its slot', async () => {
    const clock = heldClock();
    const limiter = budgetOf(1, clock);
    await limiter.acquire({ priority: 'query' });
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal, priority: 'query' });
    const next = limiter.acquire({ priority: 'query' });
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await clock.advance(BUDGET_WINDOW_MS);
    await expect(next).resolves.toBeUndefined();
    expect(clock.now()).toBe(BUDGET_WINDOW_MS);
  });
});
