/**
 * The budget in front of the fake Harness and its rule of 30 requests a minute: 75 requests at once
 * all get through without one 429, and when someone else spends the account's budget, the budget
 * slows down and its requests still all get through. Time is the fake's manual clock, moved only when
 * no request is in flight.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { BUDGET_WINDOW_MS } from '../../../src/budget/pacing.js';
import { startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { manualClock, type ManualClock } from '../../unit/budget/manual-clock.js';

const QUERY = 'query ApplicationByName($name: String!) { applicationByName(name: $name) { id } }';

async function ask(fake: FakeHarness): Promise<number> {
  const response = await fetch(`${fake.endpoint}?accountId=${fake.accountId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey },
    body: JSON.stringify({ query: QUERY, variables: { name: 'Harness Demo' } }),
  });
  await response.text();
  return response.status;
}

/**
 * How long a request to the fake over loopback may take before the test gives up on it: the SDK's
 * default attempt timeout, after which a real client would have given up too.
 */
const ANSWER_WAIT_MS = 30_000;

/** Runs `tasks` to the end, moving time to the next sleeper whenever no request is in flight. */
async function drive(clock: ManualClock, tasks: Promise<unknown>[], inFlight: () => number): Promise<void> {
  let done = false;
  const all = Promise.all(tasks).finally(() => (done = true));
  for (let steps = 0; !done; steps += 1) {
    if (steps > 2_000) throw new Error('the requests did not end');
    // Let granted callers start their requests, then wait for every answer before time moves.
    await clock.settle();
    await vi.waitUntil(() => inFlight() === 0, { timeout: ANSWER_WAIT_MS, interval: 1 });
    await clock.settle();
    if (done) break;
    const wake = clock.nextWakeAt();
    if (wake === undefined) {
      // A granted caller has not sent yet: wait until it has, it ends, or someone sleeps.
      await vi.waitUntil(() => done || inFlight() > 0 || clock.nextWakeAt() !== undefined, { timeout: ANSWER_WAIT_MS, interval: 1 });
      continue;
    }
    await clock.advance(wake - clock.now());
  }
  await all;
}

describe('AccountBudget against the fake Harness', () => {
  let fake: FakeHarness | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('sends 75 requests at 30 a minute without a single 429', async () => {
    fake = await startFakeHarness({ clock: 'manual', rateLimit: { perMinute: 30 } });
    const server = fake;
    const clock = manualClock(server.clock.now(), server.clock);
    const budget = new AccountBudget({ key: 'fake', requestsPerMinute: 30, clock });
    let inFlight = 0;
    const statuses: number[] = [];
    const started = clock.now();
    const tasks = Array.from({ length: 75 }, async () => {
      await budget.acquire({ priority: 'query' });
      inFlight += 1;
      try {
        statuses.push(await ask(server));
      } finally {
        inFlight -= 1;
      }
    });
    await drive(clock, tasks, () => inFlight);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(statuses).toHaveLength(75);
    // 75 requests: 30 at once, 30 a window later, the last 15 two windows later.
    expect(clock.now() - started).toBe(2 * BUDGET_WINDOW_MS);
  });

  /** 40 requests of ours while another process spends 20 at the start of every minute; answers how many Harness refused. */
  async function withAnotherSpender(adapt: boolean): Promise<{ refused: number; served: number; limit: number }> {
    fake = await startFakeHarness({ clock: 'manual', rateLimit: { perMinute: 30 } });
    const server = fake;
    const clock = manualClock(server.clock.now(), server.clock);
    const budget = new AccountBudget({ key: 'fake', requestsPerMinute: 30, clock });
    let inFlight = 0;
    let refused = 0;
    let served = 0;
    let ours = 40;
    const send = async () => {
      inFlight += 1;
      try {
        return await ask(server);
      } finally {
        inFlight -= 1;
      }
    };
    const other = (async () => {
      while (ours > 0) {
        await Promise.all(Array.from({ length: 20 }, send));
        await clock.sleep(60_000);
      }
    })();
    await clock.settle();
    const tasks = Array.from({ length: 40 }, async () => {
      for (;;) {
        await budget.acquire({ priority: 'query' });
        if ((await send()) !== 429) {
          served += 1;
          ours -= 1;
          return;
        }
        refused += 1;
        if (adapt) budget.noteRateLimited();
      }
    });
    await drive(clock, [...tasks, other], () => inFlight);
    return { refused, served, limit: budget.currentLimit };
  }

  it('slows down when someone else spends the budget, so Harness refuses fewer of its requests, and gets every one through', async () => {
    const adaptive = await withAnotherSpender(true);
    await fake?.close();
    const blind = await withAnotherSpender(false);
    expect(adaptive.served).toBe(40);
    expect(blind.served).toBe(40);
    expect(adaptive.limit).toBeLessThan(30);
    expect(adaptive.refused).toBeLessThan(blind.refused);
  });
});
