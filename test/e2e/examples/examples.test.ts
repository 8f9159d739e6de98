/** The runnable examples work as their comments say, against the fake Harness server. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT_DEFAULTS } from '../../../src/index.js';
import { startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
let fake: FakeHarness;

/**
 * Starting Node and compiling an example with tsx: about two seconds on an idle machine, many times
 * that on one busy with other work. The fake answers every request at once, so this is most of a run.
 */
const PROCESS_START_MS = 60_000;
/** A run that only talks to the fake: start, one request or a few, exit. */
const QUICK_RUN_MS = PROCESS_START_MS;
/**
 * A run that also waits for a deployment. The example polls on the real clock with the SDK's default
 * schedule, and the deployment (minutes of Harness time at 600x) ends well within the first gap, so
 * the wait sees the end by the second poll at the latest: two of the longest poll gaps.
 */
const DEPLOY_RUN_MS = PROCESS_START_MS + 2 * WAIT_DEFAULTS.maxDelayMs * (1 + WAIT_DEFAULTS.jitter);

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  // Harness time runs 600x faster, so a two-minute deployment takes a fraction of a second.
  fake = await startFakeHarness({ clock: { realTime: true, speed: 600 }, rateLimit: false });
});

afterAll(async () => {
  await fake.close();
});

describe('examples/deploy-cli.ts (an in-house deploy command)', () => {
  const env = () => ({ HARNESS_ACCOUNT_ID: fake.accountId, HARNESS_API_KEY: fake.apiKey, HARNESS_ENDPOINT: fake.endpoint });

  it('deploys and waits: exit 0', async () => {
    const result = await run('examples/deploy-cli.ts', ['guestbook', 'v6', '--env', 'dev'], env());
    expect(result.stderr).toContain('deploying guestbook v6 to dev: https://app.harness.io/#/account/');
    expect(result.stdout).toContain('guestbook v6 is live in dev (SUCCESS)');
    expect(result.code).toBe(0);
  }, DEPLOY_RUN_MS);

  it('a build Harness cannot find: its message, exit 4, nothing started', async () => {
    const before = fake.executions().length;
    const result = await run('examples/deploy-cli.ts', ['guestbook', 'v404'], env());
    expect(result.stderr).toContain('Cannot find or collect artifact for specified Build Number: v404');
    expect(result.code).toBe(4);
    expect(fake.executions().length).toBe(before);
  }, QUICK_RUN_MS);

  it('a misspelled service: Harness names it, exit 4', async () => {
    const result = await run('examples/deploy-cli.ts', ['gustbook', 'v6'], env());
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("Service [gustbook] doesn't exist in specified application");
  }, QUICK_RUN_MS);

  it('a restricted key cannot deploy to prod: exit 3, and the key is never printed', async () => {
    const result = await run('examples/deploy-cli.ts', ['guestbook', 'v6', '--env', 'prod'], { ...env(), HARNESS_API_KEY: fake.restrictedApiKey });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("User doesn't have rights to execute Workflow in this Environment");
    expect(result.stdout + result.stderr).not.toContain(fake.restrictedApiKey);
  }, QUICK_RUN_MS);

  it('usage: exit 2', async () => {
    const result = await run('examples/deploy-cli.ts', [], env());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: deploy <service> <build>');
  }, QUICK_RUN_MS);
});
