/**
 * The budget wired into HarnessClient, on the fake Harness with its real rule (30 requests in each fixed
 * minute, refused requests answered 429) and the fake's clock moved by hand:
 * - 40 concurrent waits on one client see their ends as fast as one wait does, polling no more than one
 *   wait does, and Harness never refuses a request;
 * - a fleet of 12 clients in one process (same endpoint and account) each start a pipeline with an
 *   idempotency key and wait: all succeed, 12 executions, no duplicate, no 429.
 * Time moves only when no request is in flight, to the next time anyone sleeps until.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TICK_SCHEDULE } from '../../../src/budget/poll-batcher.js';
import { HarnessClient, type ExecutionSummary } from '../../../src/index.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { K8S_START } from '../../support/fake-harness.js';
import { manualClock, type ManualClock } from '../../unit/budget/manual-clock.js';

const LIMIT = 30;
/** One wait's detection lag: its longest delay between polls, jitter included (the schedule's constants). */
const ONE_WAIT_LAG_MS = TICK_SCHEDULE.maxDelayMs * (1 + TICK_SCHEDULE.jitter);

let fake: FakeHarness | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake on a 30-a-minute account, a manual clock mirrored onto the fake's, and a fetch that counts what is in flight. */
async function setUp() {
  fake = await startFakeHarness({ clock: 'manual', rateLimit: { perMinute: LIMIT } });
  const clock = manualClock(fake.clock.now(), fake.clock);
  let inFlight = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    inFlight += 1;
    try {
      const response = await globalThis.fetch(input, init);
      const text = await response.text();
      return new Response(text, { status: response.status, headers: response.headers });
    } finally {
      inFlight -= 1;
    }
  };
  const f = fake;
  const client = (): HarnessClient =>
    new HarnessClient({ accountId: f.accountId, apiKey: f.apiKey, endpoint: f.endpoint, clock, fetch, proxy: 'none', timeoutMs: 60_000 });
  /** Runs `work` to its end, moving time to the next sleeper whenever nothing is in flight. */
  async function drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => undefined);
    for (let steps = 0; !done; steps += 1) {
      if (steps > 5_000) throw new Error('the calls did not end');
      // Idle: nothing in flight across two settles with a real millisecond between them.
      let idle = 0;
      while (idle < 2 && !done) {
        await clock.settle();
        await new Promise((resolve) => setTimeout(resolve, 1));
        idle = inFlight === 0 ? idle + 1 : 0;
      }
      if (done) break;
      const wake = clock.nextWakeAt();
      if (wake !== undefined) await clock.advance(wake - clock.now());
    }
    return result;
  }
  return { fake: f, clock, client, drive };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/** Waits for each id on `client`, noting when each end was seen. */
function waitAll(setup: Setup, client: HarnessClient, ids: readonly string[]) {
  const seen = new Map<string, number>();
  const waits = ids.map((id) =>
    client
      .awaitExecution(id, { successStatuses: ['SUCCESS', 'FAILED'] })
      .then((execution: ExecutionSummary) => seen.set(execution.id, setup.clock.now())),
  );
  return { all: Promise.all(waits), seen };
}

/** The worst lag between an execution's end and its wait seeing it, and the polls sent. */
function measure(setup: Setup, ids: readonly string[], seen: ReadonlyMap<string, number>, since: number, firstRequest: number) {
  const ends = new Map(setup.fake.executions().map((e) => [e.id, e.endedAt ?? 0]));
  const lag = Math.max(...ids.map((id) => (seen.get(id) ?? Infinity) - Math.max(since, ends.get(id) ?? 0)));
  const polls = setup.fake.requests.slice(firstRequest);
  const span = Math.max(1, (polls.at(-1)?.time ?? since) - since);
  return { lag, polls, perMinute: (polls.length / span) * 60_000, span };
}

/** Starts `count` K8s workflows through the fake's budget, on one client. */
async function startWorkflows(setup: Setup, count: number): Promise<string[]> {
  const client = setup.client();
  const started = await setup.drive(Promise.all(Array.from({ length: count }, () => client.startWorkflow(K8S_START))));
  return started.map((s) => s.id);
}

describe('many waits cost about one', () => {
  it('40 concurrent waits on one client see their ends within one wait\'s lag, poll no more than one wait, and get no 429', async () => {
    const setup = await setUp();
    const ids = await startWorkflows(setup, 40);
    const client = setup.client();
    const first = setup.fake.requests.length;
    const since = setup.clock.now();
    const many = waitAll(setup, client, ids);
    await setup.drive(many.all);
    const shared = measure(setup, ids, many.seen, since, first);

    expect(many.seen.size).toBe(40);
    expect(shared.lag).toBeLessThanOrEqual(ONE_WAIT_LAG_MS);
    // No more polls than one wait sends over the same time: at most one per shortest delay, plus the first.
    expect(shared.polls.length).toBeLessThanOrEqual(Math.floor(shared.span / (TICK_SCHEDULE.minDelayMs * (1 - TICK_SCHEDULE.jitter))) + 1);
    expect(shared.polls.every((r) => r.operationName === 'BatchedExecutions')).toBe(true);
    expect(setup.fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(setup.fake.budget().limit).toBe(LIMIT);
  });
});

describe('a fleet of clients in one process', () => {
  it('12 clients of one account each start a pipeline with its own key and wait: 12 succeed, 12 executions, no 429', async () => {
    const setup = await setUp();
    const start = {
      applicationId: SEED.appId,
      pipelineName: 'Fargate Production Pipeline',
      artifacts: { 'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '1.10.1' } },
    } as const;
    const jobs = Array.from({ length: 12 }, async (_, job) => {
      const client = setup.client();
      const started = await client.startPipeline({ ...start, idempotencyKey: `deploy-${job}` });
      return client.awaitExecution(started, { timeoutMs: 30 * 60_000 });
    });
    const results = await setup.drive(Promise.allSettled(jobs));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(12);
    const executions = setup.fake.executions().filter((e) => e.entityId === SEED.fargatePipelineId);
    expect(executions).toHaveLength(12);
    expect(new Set(executions.map((e) => e.notes)).size).toBe(12);
    expect(setup.fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    // Every minute of the fake held at most its limit of the fleet's requests.
    const times = setup.fake.requests.map((r) => r.time);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(LIMIT);
  });
});
