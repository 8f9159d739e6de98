/**
 * --abort-on-interrupt as a real child process against the fake Harness server: SIGTERM or SIGINT
 * during --wait aborts the execution in Harness and exits 143 or 130; when the abort itself fails,
 * harness-exec says so and how to abort by hand; without --wait the flag is a usage error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';
import { runBin, stdoutJson, waitUntil, type BinRun, type BinRunOptions } from './bin.js';

const API_KEY = 'cli-abort-secret-key-9b1d6f42';
const APP = SEED.appName;
const GUESTBOOK = ['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Pipeline', '--artifact', 'guestbook=guestbook:v6'];
let fake: FakeHarness;

function run(args: readonly string[], kill?: BinRunOptions['kill']): Promise<BinRun> {
  return runBin(args, {
    secrets: [API_KEY],
    ...(kill === undefined ? {} : { kill }),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HARNESS_ACCOUNT_ID: fake.accountId,
      HARNESS_API_KEY: API_KEY,
      HARNESS_ENDPOINT: fake.endpoint,
      HARNESS_EXEC_POLL_INTERVAL_MS: '150',
    },
  });
}

function statusOf(id: string): string | null | undefined {
  return fake.executions().find((e) => e.id === id)?.status;
}

function aborts(): number {
  return fake.requests.filter((r) => r.operationName === 'abort').length;
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, clock: { realTime: true, speed: 1000 }, rateLimit: false });
});

afterAll(async () => {
  fake.faults.clear();
  await fake.close();
});

describe('--abort-on-interrupt', () => {
  it('SIGTERM while waiting for a started pipeline aborts it in Harness and exits 143', async () => {
    const result = await run([...GUESTBOOK, '--wait', '--abort-on-interrupt', '--json'], { signal: 'SIGTERM', when: ({ stderr }) => /PAUSED/u.test(stderr) });
    expect(result.code, result.stderr).toBe(143);
    const body = stdoutJson(result) as { executionId: string; waitEnded: string; abortOnInterrupt: unknown };
    expect(body).toMatchObject({ waitEnded: 'interrupted', abortOnInterrupt: { aborted: true } });
    expect(result.stderr).toContain(`Interrupted: aborted execution ${body.executionId} in Harness (--abort-on-interrupt)`);
    await waitUntil(() => statusOf(body.executionId) === 'ABORTED');
  });

  it('SIGINT while status --wait follows an execution aborts it and exits 130', async () => {
    const started = await run([...GUESTBOOK, '--json']);
    const id = (stdoutJson(started) as { executionId: string }).executionId;
    const result = await run(['status', id, '--wait', '--abort-on-interrupt'], { signal: 'SIGINT', when: ({ stderr }) => /PAUSED/u.test(stderr) });
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain(`aborted execution ${id} in Harness`);
    await waitUntil(() => statusOf(id) === 'ABORTED');
  });

  it('says when the abort itself fails, and how to abort by hand; still exits 143', async () => {
    const before = aborts();
    fake.faults.arm({ kind: 'http-503', operation: 'abort', times: 20 });
    const result = await run([...GUESTBOOK, '--wait', '--abort-on-interrupt', '--json'], { signal: 'SIGTERM', when: ({ stderr }) => /PAUSED/u.test(stderr) });
    fake.faults.clear();
    expect(result.code, result.stderr).toBe(143);
    const body = stdoutJson(result) as { executionId: string; abortOnInterrupt: { aborted: boolean; error: string } };
    expect(body.abortOnInterrupt).toMatchObject({ aborted: false, error: expect.any(String) });
    expect(aborts()).toBeGreaterThan(before);
    expect(result.stderr).toContain(`Interrupted, but the abort of execution ${body.executionId} failed:`);
    expect(result.stderr).toContain(`Abort it by hand with: harness-exec abort ${body.executionId} --app-id ${SEED.appId}`);
    expect(statusOf(body.executionId)).not.toBe('ABORTED');
    const byHand = await run(['abort', body.executionId, '--app-id', SEED.appId]);
    expect(byHand.code, byHand.stderr).toBe(0);
  });

  it('several executions: each one followed is aborted', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) ids.push((stdoutJson(await run([...GUESTBOOK, '--json'])) as { executionId: string }).executionId);
    const result = await run(['status', ...ids, '--wait', '--abort-on-interrupt', '--json'], {
      signal: 'SIGTERM',
      when: ({ stderr }) => stderr.includes(`Waiting for ${ids.join(', ')}.`),
    });
    expect(result.code, result.stderr).toBe(143);
    const rows = stdoutJson(result) as { executionId: string; abortOnInterrupt: unknown }[];
    expect(rows.map((row) => [row.executionId, row.abortOnInterrupt])).toEqual(ids.map((id) => [id, { aborted: true }]));
    for (const id of ids) await waitUntil(() => statusOf(id) === 'ABORTED');
  });

  it('needs --wait (exit 2, nothing sent)', async () => {
    const before = fake.requests.length;
    const result = await run([...GUESTBOOK, '--abort-on-interrupt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--abort-on-interrupt only applies with --wait');
    expect(fake.requests.length).toBe(before);
  });
});
