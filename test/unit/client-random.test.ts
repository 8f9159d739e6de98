/**
 * The client's `random` option: one seeded source replays every jitter the client draws (retry
 * backoff, the waits after a 429, the poll schedule of awaitExecution), and a faulty source is
 * clamped instead of bending a wait out of its schedule. An in-memory fetch and clock: no wall time.
 */
import { describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessValidationError } from '../../src/index.js';
import type { Clock } from '../../src/internal/clock.js';
import { clampedRandom } from '../../src/internal/random.js';
import { DEFAULT_RETRY, rateLimitDelayMs } from '../../src/retry.js';
import { WAIT_DEFAULTS } from '../../src/waiter.js';
import { seededRandom } from '../support/random.js';

const ENDPOINT = 'https://harness.invalid/gateway/api/graphql';
const RATE_LIMITED = '{"errors":[{"message":"You\'ve reached your account\'s rate limit for data queries. Please try again later."}]}';
const APPLICATION = '{"data":{"applicationByName":{"id":"app-1","name":"Demo"}}}';

function manualClock(): Clock & { sleeps: number[] } {
  let time = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      time += ms;
    },
  };
}

/** A fetch answering `bodies` in turn (status and body), then the last one for good. */
function scripted(answers: { status: number; body: string }[]): typeof fetch {
  let next = 0;
  return async () => {
    const { status, body } = answers[Math.min(next++, answers.length - 1)]!;
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };
}

function client(random: (() => number) | undefined, answers: { status: number; body: string }[]) {
  const clock = manualClock();
  const harness = new HarnessClient({ accountId: 'acc', apiKey: 'k', endpoint: ENDPOINT, budget: false, clock, fetch: scripted(answers), ...(random ? { random } : {}) });
  return { harness, clock };
}

const TWO_FAILURES_THEN_OK = [
  { status: 503, body: 'busy' },
  { status: 503, body: 'busy' },
  { status: 200, body: APPLICATION },
];

describe('the client draws every jitter from its random option', () => {
  it('backoff after server errors is the drawn fraction of each full-jitter window', async () => {
    const { harness, clock } = client(() => 0.25, TWO_FAILURES_THEN_OK);
    await expect(harness.findApplication('Demo')).resolves.toMatchObject({ id: 'app-1' });
    expect(clock.sleeps).toEqual([Math.floor(0.25 * DEFAULT_RETRY.baseDelayMs), Math.floor(0.25 * DEFAULT_RETRY.baseDelayMs * 2)]);
  });

  it('the waits after a 429 follow the same source', async () => {
    const { harness, clock } = client(() => 0.75, [
      { status: 429, body: RATE_LIMITED },
      { status: 429, body: RATE_LIMITED },
      { status: 200, body: APPLICATION },
    ]);
    await harness.findApplication('Demo');
    expect(clock.sleeps).toEqual([rateLimitDelayMs(1, () => 0.75), rateLimitDelayMs(2, () => 0.75)]);
  });

  it('one seed replays the same schedule and another seed draws a different one', async () => {
    const sleepsWith = async (seed: number) => {
      const { harness, clock } = client(seededRandom(seed), TWO_FAILURES_THEN_OK);
      await harness.findApplication('Demo');
      return clock.sleeps;
    };
    const first = await sleepsWith(42);
    expect(await sleepsWith(42)).toEqual(first);
    expect(await sleepsWith(43)).not.toEqual(first);
  });

  it("awaitExecution's poll schedule draws from the client's source unless the wait brings its own", async () => {
    const running = (n: number) => Array.from({ length: n }, () => ({ status: 200, body: '{"data":{"execution":{"__typename":"PipelineExecution","id":"e1","status":"RUNNING","createdAt":1,"startedAt":1,"endedAt":null,"application":{"id":"app-1","name":"Demo"},"pipeline":{"id":"p","name":"P"},"notes":null,"cause":null}}}' }));
    const success = { status: 200, body: '{"data":{"execution":{"__typename":"PipelineExecution","id":"e1","status":"SUCCESS","createdAt":1,"startedAt":1,"endedAt":2,"application":{"id":"app-1","name":"Demo"},"pipeline":{"id":"p","name":"P"},"notes":null,"cause":null}}}' };
    const pollSleeps = async (clientRandom: () => number, waitRandom?: () => number) => {
      const { harness, clock } = client(clientRandom, [...running(4), success]);
      await harness.awaitExecution('e1', waitRandom ? { random: waitRandom } : {});
      return clock.sleeps;
    };
    const low = await pollSleeps(() => 0);
    const high = await pollSleeps(() => 0.999);
    expect(low).toHaveLength(4);
    expect(high).toHaveLength(4);
    // With jitter 0.15 around each delay, the lowest draw waits less than the highest, every time.
    low.forEach((ms, i) => expect(ms).toBeLessThan(high[i]!));
    expect(Math.max(...high)).toBeLessThanOrEqual(Math.ceil(WAIT_DEFAULTS.maxDelayMs * (1 + WAIT_DEFAULTS.jitter)));
    // The wait's own source wins over the client's.
    expect(await pollSleeps(() => 0.999, () => 0)).toEqual(low);
  });
});

describe('a faulty source is clamped into [0, 1)', () => {
  it.each([
    ['NaN', Number.NaN, 0],
    ['a negative number', -3, 0],
    ['one', 1, 1 - Number.EPSILON / 2],
    ['more than one', 7, 1 - Number.EPSILON / 2],
    ['a string', '0.5' as unknown as number, 0],
  ])('%s becomes the nearest value inside', (_, value, expected) => {
    expect(clampedRandom(() => value)()).toBe(expected);
  });

  it('values inside pass through unchanged', () => {
    const source = seededRandom(5);
    const copy = seededRandom(5);
    for (let i = 0; i < 100; i += 1) expect(clampedRandom(source)()).toBe(copy());
  });

  it('a client whose source returns 5 still backs off no longer than each window allows', async () => {
    const { harness, clock } = client(() => 5, TWO_FAILURES_THEN_OK);
    await harness.findApplication('Demo');
    expect(clock.sleeps).toEqual([DEFAULT_RETRY.baseDelayMs - 1, DEFAULT_RETRY.baseDelayMs * 2 - 1]);
  });

  it('a random option that is not a function is refused before anything is sent', () => {
    let sent = 0;
    const attempt = () =>
      new HarnessClient({ accountId: 'acc', apiKey: 'k', endpoint: ENDPOINT, random: 0.5 as unknown as () => number, fetch: async () => (sent++, new Response('{}')) });
    expect(attempt).toThrow(/random must be a function returning a number in \[0, 1\)/);
    try {
      attempt();
    } catch (error) {
      expect(isHarnessValidationError(error) && error.issues.map((i) => i.variable)).toEqual(['random']);
    }
    expect(sent).toBe(0);
  });
});
