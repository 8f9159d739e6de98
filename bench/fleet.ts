/**
 * Fleet: many deploy jobs and many waits on one account, against the fake Harness with Harness's real
 * rule (a fixed minute of 30 requests, 5 on community accounts) in real time. Each figure stands next
 * to its lower bound from the budget. These runs take minutes of wall time by nature (the budget is a
 * minute long), so they live here and not in the test suite.
 *
 * Lower bound of a fleet run: the requests it needed (those the fake accepted) sent at 30 a minute, the
 * first 30 at once, that is (ceil(N / 30) − 1) minutes; and never less than the longest execution's
 * own run time.
 *
 *   1. 12 `harness-exec start-workflow … --idempotency-key K --wait` processes, in-process budgets
 *   2. the same with the Redis store (HARNESS_BUDGET_REDIS_URL), and with 30 processes
 *   3. 40 concurrent waits in one process: poll requests a minute, worst detection lag, 429s
 *   4. one deploy with --wait on a 5-a-minute account, no options
 *   5. 12 HarnessClients in one process (same endpoint and account): start with a key and wait
 *
 * Run with `npm run bench -- fleet` (or BENCH_FLEET=1 npm run bench); not part of the default run.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessClient } from '../src/index.js';
import { startFakeHarness, type FakeHarness } from '../src/testing/index.js';
import { K8S_START } from '../test/support/fake-harness.js';
import { redisAvailable, startRedis, type RunningRedis } from '../test/e2e/budget/redis-server.js';
import { round, type Figure } from './figures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'src/cli/main.ts');
const MINUTE = 60_000;
/** A single wait's longest delay between polls (12.5 s + 15 % jitter): its worst detection lag. */
const ONE_WAIT_WORST_LAG_MS = 14_375;
/** A single wait's steady polls a minute at the 12.5 s cap, jitter included (60 / (0.85 × 12.5)). */
const ONE_WAIT_POLLS_PER_MINUTE = 5.65;

interface JobResult {
  code: number | null;
  ms: number;
}

function lowerBoundMs(acceptedRequests: number, perMinute: number, longestExecutionMs: number): number {
  return Math.max((Math.ceil(acceptedRequests / perMinute) - 1) * MINUTE, longestExecutionMs);
}

function runJob(fake: FakeHarness, key: string, extraEnv: Record<string, string>): Promise<JobResult> {
  const started = Date.now();
  const args = [
    'start-workflow',
    '--app', 'Harness Demo',
    '--workflow', K8S_START.workflowName,
    '--var', 'Environment=dev',
    '--var', 'InfraDefinition_KUBERNETES=k8s-dev',
    '--var', 'Service=guestbook',
    '--artifact', 'guestbook=guestbook:v6',
    '--idempotency-key', key,
    '--wait',
    '--timeout', '1800',
  ];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    HARNESS_ENDPOINT: fake.endpoint,
    HARNESS_ACCOUNT_ID: fake.accountId,
    HARNESS_API_KEY: fake.apiKey,
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });
}

async function fleetRun(label: string, jobs: number, redis: RunningRedis | undefined, target: number): Promise<Figure[]> {
  const fake = await startFakeHarness({ clock: { realTime: true }, rateLimit: { perMinute: 30 } });
  try {
    const started = Date.now();
    const extraEnv: Record<string, string> = redis ? { HARNESS_BUDGET_REDIS_URL: redis.url } : {};
    const results = await Promise.all(Array.from({ length: jobs }, (_, i) => runJob(fake, `fleet-${label}-${i}`, extraEnv)));
    const elapsed = Date.now() - started;
    const executions = fake.executions().filter((e) => e.createdAt >= started && e.pipelineExecutionId === null);
    const accepted = fake.requests.filter((r) => r.status !== 429 && r.time >= started).length;
    const refused = fake.requests.filter((r) => r.status === 429 && r.time >= started).length;
    const longest = Math.max(0, ...executions.map((e) => (e.endedAt ?? e.createdAt) - e.createdAt));
    const bound = lowerBoundMs(accepted, 30, longest);
    const ok = results.filter((r) => r.code === 0).length;
    const part = `fleet ${label}`;
    return [
      { part, name: `${jobs} jobs: exit 0`, value: ok, unit: `of ${jobs}`, target: `= ${jobs}`, meetsTarget: ok === jobs },
      { part, name: `${jobs} jobs: duplicate executions`, value: Math.max(0, executions.length - jobs), unit: 'executions', target: '= 0', meetsTarget: executions.length === jobs },
      {
        part,
        name: `${jobs} jobs: time until all done`,
        value: round(elapsed / 1000, 1),
        unit: 's',
        baseline: { name: `lower bound: ${accepted} requests at 30/min`, value: round(bound / 1000, 1) },
        ratio: round(elapsed / bound, 2),
        target: `<= ${target}`,
        meetsTarget: elapsed / bound <= target,
        note: `${refused} requests refused with 429`,
      },
    ];
  } finally {
    await fake.close();
  }
}

async function manyWaits(): Promise<Figure[]> {
  const fake = await startFakeHarness({ clock: { realTime: true }, rateLimit: { perMinute: 30 } });
  try {
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, proxy: 'none' });
    const started = await Promise.all(Array.from({ length: 40 }, () => client.startWorkflow(K8S_START)));
    const waitFrom = Date.now();
    const seen = new Map<string, number>();
    await Promise.all(
      started.map(async (s) => {
        await client.awaitExecution(s).catch(() => undefined);
        seen.set(s.id, Date.now());
      }),
    );
    const polls = fake.requests.filter((r) => r.time >= waitFrom && (r.operationName === 'Execution' || r.operationName === 'BatchedExecutions'));
    const refused = fake.requests.filter((r) => r.time >= waitFrom && r.status === 429).length;
    const minutes = Math.max(1 / 60, (Date.now() - waitFrom) / MINUTE);
    const ends = new Map(fake.executions().map((e) => [e.id, e.endedAt ?? 0]));
    const worstLag = Math.max(...[...seen].map(([id, at]) => at - Math.max(waitFrom, ends.get(id) ?? 0)));
    const part = 'fleet 40 waits';
    return [
      {
        part,
        name: 'poll requests a minute',
        value: round(polls.length / minutes, 2),
        unit: '/min',
        baseline: { name: "one wait's", value: ONE_WAIT_POLLS_PER_MINUTE },
        ratio: round(polls.length / minutes / ONE_WAIT_POLLS_PER_MINUTE, 2),
        target: '<= 1',
        meetsTarget: polls.length / minutes <= ONE_WAIT_POLLS_PER_MINUTE,
      },
      {
        part,
        name: 'worst detection lag',
        value: round(worstLag / 1000, 1),
        unit: 's',
        baseline: { name: "one wait's worst", value: round(ONE_WAIT_WORST_LAG_MS / 1000, 1) },
        target: "<= one wait's",
        meetsTarget: worstLag <= ONE_WAIT_WORST_LAG_MS + 1_000,
      },
      { part, name: '429 answers while waiting', value: refused, unit: 'requests', target: '= 0', meetsTarget: refused === 0 },
    ];
  } finally {
    await fake.close();
  }
}

async function clientsInOneProcess(jobs: number): Promise<Figure[]> {
  const fake = await startFakeHarness({ clock: { realTime: true }, rateLimit: { perMinute: 30 } });
  try {
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: jobs }, async (_, i) => {
        const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, proxy: 'none' });
        const execution = await client.startWorkflow({ ...K8S_START, idempotencyKey: `clients-${i}` });
        return client.awaitExecution(execution, { timeoutMs: 30 * MINUTE });
      }),
    );
    const elapsed = Date.now() - started;
    const executions = fake.executions().filter((e) => e.createdAt >= started && e.pipelineExecutionId === null);
    const accepted = fake.requests.filter((r) => r.status !== 429).length;
    const refused = fake.requests.filter((r) => r.status === 429).length;
    const longest = Math.max(0, ...executions.map((e) => (e.endedAt ?? e.createdAt) - e.createdAt));
    const bound = lowerBoundMs(accepted, 30, longest);
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const part = 'fleet clients';
    return [
      { part, name: `${jobs} clients in one process: succeeded`, value: ok, unit: `of ${jobs}`, target: `= ${jobs}`, meetsTarget: ok === jobs },
      { part, name: `${jobs} clients: executions`, value: executions.length, unit: 'executions', target: `= ${jobs}`, meetsTarget: executions.length === jobs },
      {
        part,
        name: `${jobs} clients: time until all done`,
        value: round(elapsed / 1000, 1),
        unit: 's',
        baseline: { name: `lower bound: ${accepted} requests at 30/min`, value: round(bound / 1000, 1) },
        ratio: round(elapsed / bound, 2),
        target: '<= 1.5',
        meetsTarget: elapsed / bound <= 1.5,
        note: `${refused} requests refused with 429`,
      },
    ];
  } finally {
    await fake.close();
  }
}

async function communityAccount(): Promise<Figure[]> {
  const fake = await startFakeHarness({ clock: { realTime: true }, rateLimit: { perMinute: 5 } });
  try {
    const result = await runJob(fake, 'community-0', {});
    return [
      {
        part: 'fleet community',
        name: 'one deploy --wait at 5/min, no options: exit code',
        value: result.code ?? -1,
        unit: '',
        target: '= 0',
        meetsTarget: result.code === 0,
        note: `${round(result.ms / 1000, 1)} s, ${fake.requests.filter((r) => r.status === 429).length} requests refused with 429`,
      },
    ];
  } finally {
    await fake.close();
  }
}

/**
 * The fleet figures, in real time (about 10 minutes, and about 10 more for the Redis runs, which need
 * redis-server). `BENCH_FLEET_ONLY=cli` runs only the harness-exec fleets.
 */
export async function benchFleet(): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (process.env.BENCH_FLEET_ONLY !== 'cli') {
    figures.push(...(await clientsInOneProcess(12)));
    figures.push(...(await manyWaits()));
    figures.push(...(await communityAccount()));
  }
  figures.push(...(await fleetRun('in-process', 12, undefined, 1.5)));
  if (redisAvailable()) {
    const redis = await startRedis();
    try {
      figures.push(...(await fleetRun('redis', 12, redis, 1.2)));
      figures.push(...(await fleetRun('redis x30', 30, redis, 1.2)));
    } finally {
      await redis.stop();
    }
  }
  return figures;
}
