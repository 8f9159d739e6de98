/**
 * harness-exec list, generate and status with several ids, as real child processes against the fake
 * Harness server over loopback.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';
import { fakeEnv, runBin, stdoutJson, type BinRun } from './bin.js';

const API_KEY = 'cli-list-secret-key-3c8e5a20';
const APP = SEED.appName;
const dir = mkdtempSync(join(tmpdir(), 'harness-exec-list-'));
let fake: FakeHarness;

function run(args: readonly string[]): Promise<BinRun> {
  return runBin(args, { secrets: [API_KEY], env: fakeEnv(fake, API_KEY, { HARNESS_EXEC_POLL_INTERVAL_MS: '150' }) });
}

async function started(pipeline: string, artifact: string): Promise<string> {
  const result = await run(['start-pipeline', '--app', APP, '--pipeline', pipeline, '--artifact', artifact, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return (stdoutJson(result) as { executionId: string }).executionId;
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, clock: { realTime: true, speed: 1000 }, rateLimit: false });
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('harness-exec list', () => {
  it('lists the applications the key may read, sorted by name, in one request', async () => {
    const before = fake.requests.length;
    const result = await run(['list', 'applications']);
    expect(result.code, result.stderr).toBe(0);
    const names = fake.data.applications.map((a) => a.name).sort((a, b) => a.localeCompare(b));
    expect(result.stdout.trim().split('\n').map((line) => line.split(/ {2,}/u)[0])).toEqual(names);
    expect(result.stdout).toContain(SEED.appId);
    expect(fake.requests.length - before).toBe(1);
  });

  it('lists applications as JSON', async () => {
    const result = await run(['list', 'applications', '--json']);
    expect(result.code).toBe(0);
    expect((stdoutJson(result) as { applications: unknown[] }).applications).toContainEqual({ id: SEED.appId, name: APP });
  });

  it("lists an application's pipelines with their variables, and its workflows as JSON", async () => {
    const pipelines = await run(['list', 'pipelines', '--app', APP]);
    expect(pipelines.code, pipelines.stderr).toBe(0);
    const expected = fake.data.pipelines.filter((p) => p.appId === SEED.appId).map((p) => p.name).sort((a, b) => a.localeCompare(b));
    expect(pipelines.stdout.trim().split('\n').map((line) => line.split(/ {2,}/u)[0])).toEqual(expected);
    expect(pipelines.stdout).toMatch(/Guestbook Pipeline +YdK1ONo9TnyzIK5-plsnAg +variables: /u);

    const workflows = await run(['list', 'workflows', '--app-id', SEED.appId, '--json']);
    expect(workflows.code, workflows.stderr).toBe(0);
    const body = stdoutJson(workflows) as { workflows: { id: string; name: string; variables: unknown[] }[] };
    expect(body.workflows.map((w) => w.id).sort()).toEqual(fake.data.workflows.filter((w) => w.appId === SEED.appId).map((w) => w.id).sort());
  });

  it('refuses what it cannot list, and an unknown application with the closest name (exit 2)', async () => {
    const wrong = await run(['list', 'pipeline']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Name the application with --app NAME');
    const what = await run(['list', 'environments']);
    expect(what.code).toBe(2);
    expect(what.stderr).toContain('list takes applications, pipelines or workflows; got "environments".');
    const unknown = await run(['list', 'workflows', '--app', 'Harness Demoo']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Harness Demo');
  });
});

describe('harness-exec generate', () => {
  it('writes the types, passes --check, then fails --check with exit 1 once the account changed', async () => {
    const out = join(dir, 'harness-types.ts');
    const written = await run(['generate', '--app', APP, '--out', out]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/^Wrote .*harness-types\.ts: 1 application, \d+ pipelines, \d+ workflows \(\d+ requests\)\./u);
    expect(readFileSync(out, 'utf8')).toContain("declare module 'harness-graphql-sdk'");

    const same = await run(['generate', '--app', APP, '--out', out, '--check']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('matches the account');

    fake.addPipeline({ id: 'pipeDeployApi00000001', appId: SEED.appId, name: 'Deploy API', variables: [], stages: [] });
    const drift = await run(['generate', '--app', APP, '--out', out, '--check', '--json']);
    expect(drift.code).toBe(1);
    expect(JSON.parse(drift.stdout)).toMatchObject({ upToDate: false, drift: [{ change: 'added', subject: 'pipeline "Deploy API" (Harness Demo)' }] });
  });

  it('needs --app (exit 2, nothing sent), and names an unknown application (exit 2)', async () => {
    const before = fake.requests.length;
    const none = await run(['generate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('generate needs at least one --app NAME.');
    expect(fake.requests.length).toBe(before);
    const unknown = await run(['generate', '--app', 'Nope', '--out', join(dir, 'nope.ts')]);
    expect(unknown.code).toBe(2);
  });
});

describe('harness-exec status with several ids', () => {
  it('waits for all of them in one process and exits with the worst outcome (1 when one failed)', async () => {
    const ok = await started('Fargate Production Pipeline', 'fargate-nginx=library_nginx:1.10.1');
    const failing = await started('Smoke Test Pipeline', 'guestbook=guestbook:v6');
    const result = await run(['status', ok, failing, '--wait', '--json']);
    expect(result.code, result.stderr).toBe(1);
    const rows = stdoutJson(result) as { executionId: string; status: string; exitCode: number }[];
    expect(rows.map((row) => [row.executionId, row.status, row.exitCode])).toEqual([
      [ok, 'SUCCESS', 0],
      [failing, 'FAILED', 1],
    ]);

    const plain = await run(['status', ok, failing]);
    expect(plain.code).toBe(1);
    expect(plain.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${ok}  SUCCESS  pipeline "Fargate Production Pipeline"`, 'u')), expect.stringMatching(new RegExp(`^${failing}  FAILED`, 'u'))]);
  });

  it('an unknown id is worse than a failure (exit 2), and its error is in its own line', async () => {
    const ok = await started('Fargate Production Pipeline', 'fargate-nginx=library_nginx:1.10.1');
    const result = await run(['status', ok, 'noSuchExecution000001', '--json']);
    expect(result.code).toBe(2);
    const rows = stdoutJson(result) as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({ executionId: ok, exitCode: 0 });
    expect(rows[1]).toMatchObject({ executionId: 'noSuchExecution000001', exitCode: 2, error: { code: 'NOT_FOUND' } });
  });
});
