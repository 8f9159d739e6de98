/**
 * The client-side limiter queues requests for a free slot in the sliding minute instead of letting
 * them fail with Harness's 429. Time is an injected clock: no wall time passes.
 */
import { describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessRateLimitError } from '../../src/index.js';
import type { Clock } from '../../src/internal/clock.js';
import { SlidingWindowRateLimiter, slotTimes, waitBeforeNextMs } from '../../src/rate-limiter.js';
import type { RequestPriority } from '../../src/transport.js';

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

describe('waitBeforeNextMs', () => {
  it('is zero below the limit and the time until the oldest send leaves the window at it', () => {
    expect(waitBeforeNextMs([0, 1_000], 2_000, 3)).toBe(0);
    expect(waitBeforeNextMs([0, 1_000, 1_500], 2_000, 3)).toBe(58_000);
    expect(waitBeforeNextMs([0, 1_000, 1_500], 60_000, 3)).toBe(0);
  });
});

describe('SlidingWindowRateLimiter', () => {
  it('queues callers beyond the limit until the window frees a slot, in order, and fails none', async () => {
    const clock = manualClock();
    const limiter = new SlidingWindowRateLimiter(3, clock);
    const granted: { caller: number; at: number }[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5, 6].map(async (caller) => {
        await limiter.acquire();
        granted.push({ caller, at: clock.now() });
      }),
    );
    expect(granted.map((g) => g.caller)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(granted.map((g) => g.at)).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  });

  it('a caller that gives up leaves the queue without blocking the ones behind it', async () => {
    const clock = manualClock();
    const limiter = new SlidingWindowRateLimiter(1, clock);
    await limiter.acquire();
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    const results = await Promise.allSettled([limiter.acquire({ signal: controller.signal, priority: 'query' }), limiter.acquire()]);
    expect(results[0]).toMatchObject({ status: 'rejected', reason: new Error('caller gave up') });
    expect(results[1]).toMatchObject({ status: 'fulfilled' });
    expect(clock.now()).toBe(60_000);
  });
});

describe('through the client', () => {
  it('sends 31 requests at the default 30 a minute without any failing: the 31st waits a minute', async () => {
    const clock = manualClock();
    const sentAt: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      sentAt.push(clock.now());
      const execution = { __typename: 'WorkflowExecution', id: 'ex1', status: 'RUNNING', application: { id: 'app' }, workflow: { id: 'w', name: 'W' } };
      return new Response(JSON.stringify({ data: { execution } }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = new HarnessClient({ accountId: 'acc', apiKey: 'key-never-shown', endpoint: 'https://harness.invalid/gateway/api/graphql', fetch, clock });
    const results = await Promise.allSettled(Array.from({ length: 31 }, () => client.getExecution('ex1')));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(sentAt.filter((t) => t === 0)).toHaveLength(30);
    expect(sentAt[30]).toBe(60_000);
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
    const limiter = new SlidingWindowRateLimiter(1, clock);
    await limiter.acquire({ priority: 'query' });
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal, priority: 'query' });
    const next = limiter.acquire({ priority: 'query' });
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    await clock.advance(60_000);
    await expect(next).resolves.toBeUndefined();
    expect(clock.now()).toBe(60_000);
  });
});

describe('slotTimes', () => {
  it('gives each queued request the time its slot frees, in order', () => {
    expect(slotTimes([0, 10_000], 20_000, 2, 3)).toEqual([60_000, 70_000, 120_000]);
    expect(slotTimes([], 5, 2, 3)).toEqual([5, 5, 60_005]);
  });
});

describe('priorities', () => {
  it('serves starts, then actions, then queries, then polls, in order of arrival within each', async () => {
    const clock = heldClock();
    const limiter = new SlidingWindowRateLimiter(1, clock);
    await limiter.acquire({ priority: 'query' });
    const served: string[] = [];
    const asks: [string, RequestPriority][] = [
      ['poll 1', 'poll'],
      ['query 1', 'query'],
      ['start 1', 'start'],
      ['poll 2', 'poll'],
      ['action 1', 'action'],
      ['start 2', 'start'],
    ];
    const all = asks.map(([name, priority]) => limiter.acquire({ priority }).then(() => served.push(name)));
    await clock.advance(6 * 60_000);
    await Promise.all(all);
    expect(served).toEqual(['start 1', 'start 2', 'action 1', 'query 1', 'poll 1', 'poll 2']);
  });
});
