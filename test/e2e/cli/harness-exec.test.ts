/**
 * Runs the real harness-exec bin as a child process against the fake Harness server over loopback:
 * every command, every exit code, --json parsed, progress lines in a non-TTY, and the API key in no
 * output at all.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const API_KEY = 'cli-e2e-secret-key-5f1c9a7e';
const APP = SEED.appName;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let fake: FakeHarness;
const outputs: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'harness-exec-'));

function env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HARNESS_ACCOUNT_ID: fake.accountId,
    HARNESS_API_KEY: API_KEY,
    HARNESS_ENDPOINT: fake.endpoint,
    HARNESS_EXEC_POLL_INTERVAL_MS: '150',
    ...overrides,
  };
  for (const [key, value] of Object.entries(base)) if (value === undefined) delete base[key];
  return base;
}

/** Runs the bin; sends SIGINT once stderr matches `interruptWhen` or stdout matches `interruptWhenStdout`. */
function run(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; interruptWhen?: RegExp; interruptWhenStdout?: RegExp } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: options.env ?? env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (options.interruptWhenStdout && !interrupted && options.interruptWhenStdout.test(stdout)) {
        interrupted = true;
        // The banner is written just before the signal handlers are installed.
        setTimeout(() => child.kill('SIGINT'), 200);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (options.interruptWhen && !interrupted && options.interruptWhen.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      outputs.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function json(result: Run): Record<string, unknown> {
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

function starts(): number {
  return fake.requests.filter((r) => r.operationName === 'StartExecution').length;
}

async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startPausedGuestbook(): Promise<string> {
  const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Pipeline', '--artifact', 'guestbook=guestbook:v6', '--json']);
  expect(result.code).toBe(0);
  const id = json(result).executionId as string;
  await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'PAUSED');
  return id;
}

beforeAll(async () => {
  // 1 real ms = 1000 fake ms: a 2-minute workflow takes 0.12 s; a 1-day approval stays pending.
  fake = await startFakeHarness({ apiKey: API_KEY, clock: { realTime: true, speed: 1000 }, rateLimit: false });
});

afterAll(async () => {
  await fake.close();
  // The key must never appear, whatever the command, outcome or format.
  expect(outputs.length).toBeGreaterThan(0);
  for (const text of outputs) expect(text).not.toContain(API_KEY);
});

describe('help and version', () => {
  it('prints the overview with the exit codes', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('harness-exec start-pipeline');
    expect(result.stdout).toContain('124  --timeout passed');
    expect(result.stdout).toContain('130  interrupted');
  });
  it.each(['start-pipeline', 'start-workflow', 'status', 'inputs', 'approve', 'reject', 'abort', 'fake-harness'])('%s --help has examples', async (command) => {
    const result = await run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain(`harness-exec ${command}`);
  });
  it('prints the SDK version', async () => {
    const { SDK_VERSION } = await import('../../../src/version.js');
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${SDK_VERSION}\n` });
  });
});

describe('start-pipeline / start-workflow', () => {
  it('starts, prints the URL at once, shows progress lines on a non-TTY and exits 0 on SUCCESS (--json)', async () => {
    const result = await run([
      'start-pipeline', '--app', APP, '--pipeline', 'Fargate Production Pipeline', '--artifact', 'fargate-nginx=library_nginx:1.10.1',
      '--notes', 'from the CLI', '--wait', '--timeout', '60', '--json',
    ]);
    expect(result.code).toBe(0);
    const body = json(result);
    expect(body).toMatchObject({ kind: 'PIPELINE', status: 'SUCCESS', failureDetails: null, warningMessage: null, entity: { name: 'Fargate Production Pipeline' } });
    expect(body.url).toMatch(/^https:\/\/app\.harness\.io\//);
    expect(body.stages).toEqual([expect.objectContaining({ name: 'Stage 1', status: 'SUCCESS', type: 'WORKFLOW' })]);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`Started pipeline "Fargate Production Pipeline" execution ${String(body.executionId)}: ${String(body.url)}`);
    const progress = lines.filter((line) => /^\[\d+:\d\d\] /.test(line));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toContain('SUCCESS');
    expect(result.stderr).not.toContain('\r');
    expect(fake.executions().find((e) => e.id === body.executionId)?.notes).toBe('from the CLI');
  });

  it('prints a human summary on stdout and exits 1 when the execution fails', async () => {
    const result = await run(['start-workflow', '--app', APP, '--workflow', 'Broken Smoke Test', '--artifact', 'guestbook=guestbook:v6', '--wait']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Workflow "Broken Smoke Test" execution \S+: FAILED\n {2}URL: https:/);
    expect(result.stdout).toContain('Failure: Phase 1 failed');
  });

  it('a failed execution with --json carries failureDetails', async () => {
    const result = await run(['start-workflow', '--app', APP, '--workflow', 'Broken Smoke Test', '--artifact', 'guestbook=id:' + SEED.guestbookV6ArtifactId, '--wait', '--json']);
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ status: 'FAILED', failureDetails: expect.stringContaining('Smoke Test failed') });
  });

  it('without --wait, exits 0 as soon as the execution started', async () => {
    const result = await run(['start-workflow', '--app', APP, '--workflow', 'Fargate Rolling', '--artifact', 'fargate-nginx=library_nginx:1.11.0', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ kind: 'WORKFLOW', executionId: expect.any(String) });
  });

  it('reads variables from --vars-file and @file, by ids', async () => {
    const varsFile = join(dir, 'release.vars');
    writeFileSync(varsFile, '# release\nregion=eu-west-1\nfeatures=search,likes\n');
    const replicas = join(dir, 'replicas.txt');
    writeFileSync(replicas, '3\n');
    const result = await run([
      'start-workflow', '--app-id', SEED.appId, '--workflow-id', SEED.configurableWorkflowId, '--vars-file', varsFile, '--var', `replicas=@${replicas}`,
      '--artifact', 'guestbook=guestbook:v5', '--wait', '--json',
    ]);
    expect(result.code).toBe(0);
    const id = json(result).executionId;
    const inputs = fake.executions().find((e) => e.id === id)?.inputVariables;
    expect(inputs).toEqual(expect.arrayContaining([{ name: 'region', value: 'eu-west-1' }, { name: 'replicas', value: '3' }]));
  });

  it('lists every input problem at once with allowed values and did-you-mean, sends nothing, exits 2', async () => {
    const before = starts();
    const result = await run([
      'start-workflow', '--app', APP, '--workflow', 'Configurable Release', '--var', 'regoin=us-east-1', '--var', 'features=search,dislikes',
      '--var', 'channel=beta', '--artifact', 'guestbok=guestbook:v6',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Did you mean "region"?');
    expect(result.stderr).toContain('Allowed values: "us-east-1", "eu-west-1"');
    expect(result.stderr).toContain('"dislikes"');
    expect(result.stderr).toContain('fixed to "stable"');
    expect(result.stderr).toContain('pass --allow-unknown-variables');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(starts()).toBe(before);
  });

  it('reports a misspelled service with a did-you-mean (exit 2)', async () => {
    const result = await run(['start-workflow', '--app', APP, '--workflow', 'Fargate Rolling', '--artifact', 'fargate-ngnix=library_nginx:1.10.1', '--json']);
    expect(result.code).toBe(2);
    const body = json(result) as { error: { code: string; message: string; issues: unknown[] }; exitCode: number };
    expect(body.exitCode).toBe(2);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('Did you mean "fargate-nginx"?');
  });

  it('reports argument problems and missing credentials together (exit 2)', async () => {
    const result = await run(['start-pipeline', '--pipline', 'X', '--var', 'novalue', '--timeout', '10'], { env: env({ HARNESS_ACCOUNT_ID: undefined }) });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Did you mean --pipeline?');
    expect(result.stderr).toContain('Name the application with --app NAME');
    expect(result.stderr).toContain('--var "novalue" is not NAME=VALUE');
    expect(result.stderr).toContain('--timeout only applies with --wait');
    expect(result.stderr).toContain('HARNESS_ACCOUNT_ID');
  });

  it('refuses --api-key without echoing it (exit 2)', async () => {
    const result = await run(['status', 'x', '--api-key', API_KEY]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api-key is not accepted');
    expect(result.stderr).toContain('HARNESS_API_KEY');
  });

  it('reads the key from --api-key-file', async () => {
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, `${API_KEY}\n`);
    const result = await run(['inputs', '--app', APP, '--workflow', 'Fargate Rolling', '--api-key-file', keyFile], { env: env({ HARNESS_API_KEY: undefined }) });
    expect(result.code).toBe(0);
  });

  it('a pipeline runtime input is named with --runtime-input (without it: exit 2 saying so)', async () => {
    const base = ['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Runtime Release', '--artifact', 'guestbook=guestbook:v6'];
    const refused = await run(base);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --runtime-input NAME');
    const started = await run([...base, '--runtime-input', 'releaseTag', '--json']);
    expect(started.code).toBe(0);
    expect(json(started)).toMatchObject({ kind: 'PIPELINE', entity: { id: SEED.runtimePipelineId } });
  });

  it('--dry-run validates and prints the exact input without starting anything', async () => {
    const before = starts();
    const result = await run([
      'start-pipeline', '--app', APP, '--pipeline', 'Templatized Guestbook', '--var', 'env=dev', '--var', 'infra=k8s-dev',
      '--artifact', 'guestbook=guestbook:v6', '--dry-run', '--json',
    ]);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({
      dryRun: true,
      entity: { id: SEED.templatizedPipelineId },
      input: {
        applicationId: SEED.appId,
        executionType: 'PIPELINE',
        entityId: SEED.templatizedPipelineId,
        variableInputs: expect.arrayContaining([expect.objectContaining({ name: 'env' })]),
        serviceInputs: [expect.objectContaining({ name: 'guestbook' })],
      },
    });
    expect(starts()).toBe(before);
  });

  it('an --idempotency-key run twice starts one execution', async () => {
    const args = ['start-workflow', '--app', APP, '--workflow', 'Fargate Rolling', '--artifact', 'fargate-nginx=library_nginx:1.10.1', '--idempotency-key', 'build-4711', '--json'];
    const first = await run(args);
    const second = await run(args);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(json(second).executionId).toBe(json(first).executionId);
    expect(json(second).reused).toBe(true);
    expect(second.stderr).toContain('already exists; not starting another');
  });
});

describe('wait endings', () => {
  it('exits 124 on --timeout, saying the execution keeps running and where', async () => {
    const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Pipeline', '--artifact', 'guestbook=guestbook:v6', '--wait', '--timeout', '2', '--json']);
    expect(result.code).toBe(124);
    const body = json(result);
    expect(body).toMatchObject({ status: 'PAUSED', waitEnded: 'timeout' });
    expect(result.stderr).toContain('keeps running in Harness');
    expect(result.stderr).toContain(String(body.url));
    expect(result.stderr).toMatch(/approval pending/);
  });

  it('exits 130 on SIGINT during --wait, saying the execution keeps running', async () => {
    const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Pipeline', '--artifact', 'guestbook=guestbook:v6', '--wait'], {
      interruptWhen: /PAUSED/,
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Interrupted: stopped waiting');
    expect(result.stderr).toContain('keeps running in Harness: https://');
    expect(result.stdout).toContain('PAUSED');
  });
});

describe('status', () => {
  it('shows an execution and exits 1 for one that failed', async () => {
    const started = await run(['start-workflow', '--app', APP, '--workflow', 'Broken Smoke Test', '--artifact', 'guestbook=guestbook:v6', '--wait', '--json']);
    const id = String(json(started).executionId);
    const result = await run(['status', id, '--json']);
    expect(result.code).toBe(1);
    expect(json(result)).toMatchObject({ executionId: id, status: 'FAILED' });
  });
  it('an unknown execution is exit 2', async () => {
    const result = await run(['status', 'doesNotExist0000000001']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
  });
});

describe('approve, reject, abort', () => {
  it('approve lets a paused pipeline finish; status --wait then exits 0', async () => {
    const id = await startPausedGuestbook();
    const approved = await run(['approve', id, '--app', APP, '--comment', 'QA signed off']);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`Approved`);
    const waited = await run(['status', id, '--wait', '--timeout', '60', '--json']);
    expect(waited.code).toBe(0);
    expect(json(waited)).toMatchObject({ status: 'SUCCESS' });
  });

  it('reject ends it REJECTED (exit 1 on status); approving again is exit 2', async () => {
    const id = await startPausedGuestbook();
    const rejected = await run(['reject', id, '--app-id', SEED.appId, '--json']);
    expect(rejected.code).toBe(0);
    expect(json(rejected)).toMatchObject({ executionId: id, action: 'REJECT', success: true });
    await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'REJECTED');
    const status = await run(['status', id, '--wait']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('REJECTED');
    const again = await run(['approve', id, '--app', APP]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('has no pending approval');
  });

  it('abort stops a running execution', async () => {
    const id = await startPausedGuestbook();
    const aborted = await run(['abort', id, '--app', APP]);
    expect(aborted.code).toBe(0);
    expect(aborted.stdout).toContain('Abort requested');
    await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'ABORTED');
    const status = await run(['status', id, '--json']);
    expect(status.code).toBe(1);
    expect(json(status)).toMatchObject({ status: 'ABORTED' });
  });
});

describe('inputs', () => {
  it('says which required variables decide the services and how to pass them', async () => {
    const result = await run(['inputs', '--app', APP, '--pipeline', 'Templatized Guestbook']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('env: Environment, required');
    expect(result.stdout).toContain('color: Text, optional, allowed "blue", "green"');
    expect(result.stdout).toContain('depends on "env", "infra", not given');
    expect(result.stdout).toContain('--var env=ENVIRONMENT_NAME');
  });
  it('lists services needing an artifact with their sources, and a start command', async () => {
    const result = await run(['inputs', '--app', APP, '--pipeline', 'Templatized Guestbook', '--var', 'env=dev', '--var', 'infra=k8s-dev']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('guestbook (KUBERNETES, DOCKER): artifact sources "guestbook"');
    expect(result.stdout).toContain("harness-exec start-pipeline --app 'Harness Demo' --pipeline 'Templatized Guestbook' --var env=dev --var infra=k8s-dev --artifact guestbook=guestbook:BUILD");
  });
  it('--json for a workflow', async () => {
    const result = await run(['inputs', '--app', APP, '--workflow', 'Configurable Release', '--var', 'region=us-east-1', '--json']);
    expect(result.code).toBe(0);
    const body = json(result) as { kind: string; variables: { name: string }[]; servicesNeedingArtifacts: { name: string }[] };
    expect(body.kind).toBe('WORKFLOW');
    expect(body.variables.map((v) => v.name)).toEqual(['region', 'channel', 'features', 'replicas']);
    expect(body.servicesNeedingArtifacts.map((s) => s.name)).toEqual(['guestbook']);
  });
  it('a misspelled pipeline is exit 2', async () => {
    const result = await run(['inputs', '--app', APP, '--pipeline', 'Guestbok Pipeline']);
    expect(result.code).toBe(2);
  });
});

describe('authentication, permission and API errors', () => {
  it('a wrong key is exit 3', async () => {
    const result = await run(['status', 'x'], { env: env({ HARNESS_API_KEY: 'not-the-right-key' }) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).not.toContain('not-the-right-key');
  });
  it('a key that may not deploy to production is exit 3', async () => {
    const result = await run(
      ['start-pipeline', '--app', APP, '--pipeline', 'Fargate Production Pipeline', '--artifact', 'fargate-nginx=library_nginx:1.10.1', '--json'],
      { env: env({ HARNESS_API_KEY: fake.restrictedApiKey }) },
    );
    expect(result.code).toBe(3);
    expect(json(result)).toMatchObject({ exitCode: 3, error: { code: expect.stringMatching(/PERMISSION|AUTHENTICATION/) } });
  });
  it('rate limiting is exit 4', async () => {
    fake.faults.arm({ kind: 'rate-limit', times: 20 });
    try {
      const result = await run(['inputs', '--app', APP, '--workflow', 'Fargate Rolling']);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('HTTP 429');
    } finally {
      fake.faults.clear();
    }
  });
  it('an unreachable endpoint is exit 4', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
      });
    });
    const result = await run(['status', 'x'], { env: env({ HARNESS_ENDPOINT: `http://127.0.0.1:${String(port)}/gateway/api/graphql` }) });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: /);
  });
});

describe('fake-harness', () => {
  it('runs the bundled fake server until interrupted', async () => {
    const result = await run(['fake-harness', '--port', '0', '--speed', '10'], { env: { PATH: process.env.PATH ?? '' }, interruptWhenStdout: /Press Ctrl\+C/ });
    // The banner goes to stdout; SIGINT stops the server cleanly.
    expect(result.stdout).toContain('Fake Harness listening on http://127.0.0.1:');
    expect(result.code).toBe(0);
  });
  it('bad arguments are exit 2', async () => {
    const result = await run(['fake-harness', '--port', 'nope'], { env: { PATH: process.env.PATH ?? '' } });
    expect(result.code).toBe(2);
  });
});
