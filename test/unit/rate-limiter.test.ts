/**
 * The client-side limiter queues requests for a free slot in the sliding minute instead of letting
 * them fail with Harness's 429. Time is an injected clock: no wall time passes.
 */
import { describe, expect, it } from 'vitest';
import { HarnessClient } from '../../src/index.js';
import type { Clock } from '../../src/internal/clock.js';
import { SlidingWindowRateLimiter, waitBeforeNextMs } from '../../src/rate-limiter.js';

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
    const results = await Promise.allSettled([limiter.acquire(controller.signal), limiter.acquire()]);
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
