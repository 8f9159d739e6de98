/**
 * A deadline is a deadline also when many waits crowd the account's budget: 100 waits polling on
 * their own schedules ask for far more than 30 requests a minute, so most polls queue for the budget.
 * The queue, every retry and every attempt must fit in each wait's timeoutMs.
 *
 * Time runs on the fake's clock, sped up SPEED times, and the client sleeps on the same clock, so a
 * minute of Harness time takes a few seconds here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessWaitTimeoutError } from '../../../src/index.js';
import { systemClock } from '../../../src/internal/clock.js';
import { startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { seededRandom } from '../../support/random.js';
import { GUESTBOOK_START } from './support.js';

const SPEED = 10;
const WAITS = 100;
const TIMEOUT_MS = 60_000;
/** A poll in flight at the deadline gets at least this long (the waiter's floor for a poll's timeout). */
const MIN_POLL_TIMEOUT_MS = 1_000;
/** How late this machine may run the last timer, in real milliseconds, times the clock's speed. */
const SCHEDULING_ALLOWANCE_MS = 500 * SPEED;

let fake: FakeHarness;

beforeAll(async () => {
  fake = await startFakeHarness({ clock: { realTime: true, speed: SPEED } });
});

afterAll(async () => {
  await fake.close();
});

describe('awaitExecution under a crowded budget', () => {
  it(`${WAITS} waits polling on their own schedules all end by their ${TIMEOUT_MS / 1000} s deadline, queue time included`, async () => {
    const clock = { now: () => fake.clock.now(), sleep: (ms: number, signal?: AbortSignal) => systemClock.sleep(ms / SPEED, signal) };
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock, budget: 'own' });
    // The pipeline stops at its approval stage, so it is still running when every wait's deadline comes.
    const started = await client.startPipeline(GUESTBOOK_START);
    const random = seededRandom(42);
    const begin = fake.clock.now();
    const ends = await Promise.all(
      Array.from({ length: WAITS }, async () => {
        const error = await client.awaitExecution(started.id, { timeoutMs: TIMEOUT_MS, minDelayMs: 5_000, random }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        return { error, endedAt: fake.clock.now() };
      }),
    );
    const kinds = ends.map((end) => (isHarnessWaitTimeoutError(end.error) ? 'WAIT_TIMEOUT' : String((end.error as Error | undefined)?.message)));
    expect(kinds.filter((kind) => kind !== 'WAIT_TIMEOUT')).toEqual([]);
    const latest = Math.max(...ends.map((end) => end.endedAt - begin));
    expect(latest).toBeLessThanOrEqual(TIMEOUT_MS + MIN_POLL_TIMEOUT_MS + SCHEDULING_ALLOWANCE_MS);
    // The account's budget held: the fake refused nothing.
    expect(fake.requests.filter((r) => r.status === 429)).toEqual([]);
  }, 60_000);
});
