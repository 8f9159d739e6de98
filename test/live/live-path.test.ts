/**
 * The live path end to end: the standalone fake started as its own process stands in for an
 * account, and `npm run test:live`'s entry point runs against it as a user would run it against
 * theirs, with the starts flag. It must pass, find no difference (it is the same fake), and say
 * how many requests it spent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY, DEFAULT_RESTRICTED_API_KEY, SEED } from '../../src/testing/index.js';
import { FAKE_PIPELINE, FAKE_WORKFLOW } from '../scenarios/fake-target.js';
import { SCENARIOS } from '../scenarios/scenarios.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
});

/** Starts `harness-exec fake-harness` and resolves with its endpoint and account once it listens. */
function startStandaloneFake(): Promise<{ endpoint: string; accountId: string }> {
  // Fast fake time so a pipeline reaches its approval within seconds; no budget, the suite paces itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'fake-harness', '--port', '0', '--rate-limit', 'off', '--speed', '60'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const endpoint = /listening on (\S+)/.exec(out)?.[1];
      const accountId = /account id:\s+(\S+)/.exec(out)?.[1];
      if (endpoint && accountId && out.includes('Press Ctrl+C')) resolve({ endpoint, accountId });
    });
    child.on('exit', (code) => reject(new Error(`the fake exited (${String(code)}) before listening: ${out}`)));
  });
}

function runLiveSuite(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/live/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The per-operation counts of the last line, and its total. */
function spent(stdout: string): { total: number; byOperation: Record<string, number> } {
  const match = /Requests sent to the account: (\d+) \((.*)\)/.exec(stdout);
  if (!match) throw new Error(`no request count in:\n${stdout}`);
  const byOperation = Object.fromEntries(
    (match[2] ?? '').split(', ').map((part) => {
      const [op, n] = part.split(' ');
      return [op, Number(n)];
    }),
  );
  return { total: Number(match[1]), byOperation };
}

describe('npm run test:live against the standalone fake', () => {
  it('runs every scenario green, starts included, finds no difference and prints what it spent', async () => {
    const { endpoint, accountId } = await startStandaloneFake();
    const result = await runLiveSuite(
      {
        HARNESS_ENDPOINT: endpoint,
        HARNESS_ACCOUNT_ID: accountId,
        HARNESS_API_KEY: DEFAULT_API_KEY,
        HARNESS_LIVE_APPLICATION: SEED.appName,
        HARNESS_LIVE_PIPELINE: FAKE_PIPELINE.name,
        HARNESS_LIVE_PIPELINE_INPUTS: JSON.stringify(FAKE_PIPELINE.inputs),
        HARNESS_LIVE_PIPELINE_HAS_APPROVAL: '1',
        HARNESS_LIVE_WORKFLOW: FAKE_WORKFLOW.name,
        HARNESS_LIVE_WORKFLOW_INPUTS: JSON.stringify(FAKE_WORKFLOW.inputs),
        HARNESS_LIVE_RESTRICTED_API_KEY: DEFAULT_RESTRICTED_API_KEY,
        HARNESS_LIVE_RESTRICTED_APPLICATION: SEED.otherAppName,
        HARNESS_LIVE_REQUESTS_PER_MINUTE: '600',
        HARNESS_LIVE_POLL_MS: '200',
      },
      ['--allow-starts', '--fail-on-differences'],
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/FAILED|skipped|CLEANUP/);
    expect(result.stdout.match(/^ {2}passed /gm)).toHaveLength(SCENARIOS.length);
    expect(result.stdout).toContain('Differences between the fake and the account (0)');
    const { total, byOperation } = spent(result.stdout);
    expect(Object.values(byOperation).reduce((a, b) => a + b, 0)).toBe(total);
    // Four starts (start and wait, approval, abort, the first idempotent one; the second is reused), three aborts
    // (the approval's run ends by its rejection), one rejection.
    expect(byOperation).toMatchObject({ StartExecution: 4, AbortExecution: 3, ApproveOrRejectApprovals: 1 });
    expect(total).toBeLessThanOrEqual(60);
  }, 120_000);

  it('without credentials says what to set and exits 0 with nothing run', async () => {
    const result = await runLiveSuite({}, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing was run');
    expect(result.stdout).toContain('Missing: HARNESS_ACCOUNT_ID, HARNESS_API_KEY (or HARNESS_BEARER_TOKEN), HARNESS_LIVE_APPLICATION');
    expect(result.stdout).not.toContain('Requests sent');
  }, 60_000);
});
