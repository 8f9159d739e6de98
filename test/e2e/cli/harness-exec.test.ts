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
import { COMMANDS } from '../../../src/cli/commands/index.js';
import { seedData, startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';

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
        // The banner is written just before the signal handlers are installed, in the same turn of the
        // child's event loop: once the server it names has answered a request, that turn is over.
        const endpoint = /listening on (http:\S+)/.exec(stdout)?.[1] ?? '';
        const signal = (): void => void child.kill('SIGINT');
        void fetch(endpoint).then((response) => response.arrayBuffer()).then(signal, signal);
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
  return sent('StartExecution');
}

function sent(operationName: string): number {
  return fake.requests.filter((r) => r.operationName === operationName).length;
}

function lastVariables(operationName: string): Record<string, unknown> | null | undefined {
  return fake.requests.filter((r) => r.operationName === operationName).at(-1)?.variables;
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

/** Starts the runtime-input pipeline and waits until its Stage 2 is paused for releaseTag. */
async function startPausedForRuntimeInputs(): Promise<string> {
  const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Runtime Release', '--artifact', 'guestbook=guestbook:v6', '--runtime-input', 'releaseTag', '--json']);
  expect(result.code).toBe(0);
  const id = json(result).executionId as string;
  await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'PAUSED');
  return id;
}

/** Runs the Smoke Test Pipeline to its failure in Stage 2. */
async function failedSmokePipeline(): Promise<string> {
  const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Smoke Test Pipeline', '--artifact', 'guestbook=guestbook:v6', '--wait', '--json']);
  expect(result.code).toBe(1);
  expect(json(result)).toMatchObject({ status: 'FAILED' });
  return json(result).executionId as string;
}

beforeAll(async () => {
  // 1 real ms = 1000 fake ms: a 2-minute workflow takes 0.12 s; a 1-day approval stays pending.
  // A stage paused for runtime inputs gives up after an hour (3.6 s here), less than a few CLI runs
  // take on a busy machine: give it 30 days so that it waits for the tests' continue.
  const data = seedData();
  for (const pipeline of data.pipelines) {
    for (const stage of pipeline.stages) if ('runtimeInputTimeoutMs' in stage) stage.runtimeInputTimeoutMs = 30 * 86_400_000;
  }
  fake = await startFakeHarness({ apiKey: API_KEY, data, clock: { realTime: true, speed: 1000 }, rateLimit: false });
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
  it('lists every command of the registry', () => {
    expect([...COMMANDS].sort()).toEqual(['abort', 'approve', 'continue', 'doctor', 'fake-harness', 'generate', 'inputs', 'list', 'reject', 'resume', 'runtime-inputs', 'start-pipeline', 'start-workflow', 'status']);
  });
  it.each([...COMMANDS])('%s --help has examples', async (command) => {
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

describe('resume', () => {
  it('runs a failed pipeline again from a stage as a NEW execution; --wait follows the new one (exit 1 when it fails again)', async () => {
    const old = await failedSmokePipeline();
    const resumed = await run(['resume', old, '--app', APP, '--stage', 'Stage 2', '--json']);
    expect(resumed.code).toBe(0);
    const body = json(resumed);
    expect(body).toMatchObject({ kind: 'PIPELINE', resumedFrom: old, resumedFromStage: 'Stage 2', entity: { name: 'Smoke Test Pipeline' } });
    const newId = String(body.executionId);
    expect(newId).not.toBe(old);
    expect(body.url).toMatch(/^https:\/\/app\.harness\.io\//);
    expect(resumed.stderr).toContain(`Resumed pipeline "Smoke Test Pipeline" execution ${old} from "Stage 2" as new execution ${newId}: ${String(body.url)}`);
    expect(fake.executions().find((e) => e.id === newId)).toBeDefined();

    // Resume the new iteration once it failed too, this time waiting for the end.
    const failedAgain = await run(['status', newId, '--wait', '--timeout', '60']);
    expect(failedAgain.code).toBe(1);
    const waited = await run(['resume', newId, '--app-id', SEED.appId, '--stage', 'Stage 2', '--wait', '--timeout', '60', '--json']);
    expect(waited.code).toBe(1);
    const final = json(waited);
    expect(final).toMatchObject({ status: 'FAILED', resumedFrom: newId, elapsedMs: expect.any(Number), failureDetails: expect.stringContaining('Smoke Test failed') });
    expect(final.executionId).not.toBe(newId);
    expect(waited.stderr).toMatch(/^\[\d+:\d\d\] /m);
  });

  it('prints the new execution id and URL in the human summary', async () => {
    const old = await failedSmokePipeline();
    const resumed = await run(['resume', old, '--app', APP, '--stage', 'Stage 1']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^Pipeline "Smoke Test Pipeline" execution (\S+): \S+\n {2}URL: https:/);
    expect(resumed.stdout).not.toContain(`execution ${old}:`);
  });

  it('a misspelled stage is exit 2 with a did-you-mean, and nothing is resumed', async () => {
    const old = await failedSmokePipeline();
    const before = sent('ResumeExecution');
    const result = await run(['resume', old, '--app', APP, '--stage', 'Stage2', '--json']);
    expect(result.code).toBe(2);
    const body = json(result) as { error: { code: string; problems: string[] }; exitCode: number };
    expect(body).toMatchObject({ exitCode: 2, error: { code: 'USAGE' } });
    expect(body.error.problems[0]).toContain('Did you mean "Stage 2"?');
    expect(result.stderr).toContain('"Stage 1" (Deploy to dev), "Stage 2" (Smoke test)');
    expect(sent('ResumeExecution')).toBe(before);
  });

  it('an execution that is still running is exit 2; a missing --stage is exit 2 before anything is sent', async () => {
    const paused = await startPausedGuestbook();
    const running = await run(['resume', paused, '--app', APP, '--stage', 'Stage 1']);
    expect(running.code).toBe(2);
    expect(running.stderr).toContain('only a FAILED, ABORTED, REJECTED, EXPIRED or ERROR pipeline execution can be resumed');
    const missing = await run(['resume', paused, '--app', APP, '--timeout', '5']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--stage NAME');
    expect(missing.stderr).toContain('--timeout only applies with --wait');
    await run(['abort', paused, '--app', APP]);
  });

  it('an unknown execution is exit 2', async () => {
    const result = await run(['resume', 'doesNotExist0000000001', '--app', APP, '--stage', 'Stage 1', '--json']);
    expect(result.code).toBe(2);
    expect(json(result)).toMatchObject({ exitCode: 2 });
  });
});

describe('runtime-inputs and continue', () => {
  it('runtime-inputs lists what the paused stage asks for and a continue command', async () => {
    const id = await startPausedForRuntimeInputs();
    const result = await run(['runtime-inputs', id, '--app', APP]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Stage "Stage 2: Deploy to qa" (stageRuntimeQa0000001) of execution ${id} waits for runtime inputs.`);
    expect(result.stdout).toContain('releaseTag: Text, required');
    expect(result.stdout).toContain('depends on "releaseTag", not given');
    expect(result.stdout).toContain(`harness-exec continue ${id} --app 'Harness Demo' --stage-id stageRuntimeQa0000001 --var releaseTag=VALUE`);

    const full = await run(['runtime-inputs', id, '--app-id', SEED.appId, '--stage-id', 'stageRuntimeQa0000001', '--var', 'releaseTag=v6.1', '--json']);
    expect(full.code).toBe(0);
    const body = json(full) as { stage: unknown; variables: { name: string }[]; servicesNeedingArtifacts: unknown[]; missingVariables: string[] };
    expect(body).toMatchObject({ executionId: id, applicationId: SEED.appId, stage: { elementId: 'stageRuntimeQa0000001', name: 'Stage 2', status: 'PAUSED' } });
    expect(body.variables.map((v) => v.name)).toEqual(['releaseTag', 'ticket']);
    expect(body.servicesNeedingArtifacts).toEqual([]);
    expect(body.missingVariables).toEqual([]);
    await run(['abort', id, '--app', APP]);
  });

  it('continue finds the paused stage, checks the values (exit 2, nothing sent), then --wait follows it to SUCCESS', async () => {
    const id = await startPausedForRuntimeInputs();
    const before = sent('PipelineResumeRuntime');
    const missing = await run(['continue', id, '--app', APP, '--json']);
    expect(missing.code).toBe(2);
    expect(json(missing)).toMatchObject({ exitCode: 2, error: { code: 'VALIDATION' } });
    expect(missing.stderr).toContain('releaseTag');
    const unknown = await run(['continue', id, '--app', APP, '--var', 'releaseTag=v6.1', '--var', 'branch=main']);
    expect(unknown.code).toBe(2);
    expect(sent('PipelineResumeRuntime')).toBe(before);

    const result = await run(['continue', id, '--app', APP, '--var', 'releaseTag=v6.1', '--wait', '--timeout', '60', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({
      executionId: id,
      status: 'SUCCESS',
      continuedStage: { elementId: 'stageRuntimeQa0000001', name: 'Stage 2' },
      elapsedMs: expect.any(Number),
    });
    expect(result.stderr).toContain(`Continued stage "Stage 2" (Deploy to qa) (stageRuntimeQa0000001) of pipeline "Guestbook Runtime Release" execution ${id}: https://`);
    expect(fake.executions().find((e) => e.id === id)?.inputVariables).toEqual(expect.arrayContaining([{ name: 'releaseTag', value: 'v6.1' }]));

    // Nothing is paused any more: exit 2 listing the stages.
    const again = await run(['continue', id, '--app', APP, '--var', 'releaseTag=v6.2']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('has no stage paused for runtime inputs');
    expect(again.stderr).toContain('stageRuntimeQa0000001 (Stage 2): SUCCESS');
  });

  it('continue without --wait exits 0 at once with the running execution; a wrong --stage-id is exit 2', async () => {
    const id = await startPausedForRuntimeInputs();
    const wrong = await run(['continue', id, '--app', APP, '--stage-id', 'stageRuntimeDev000001', '--var', 'releaseTag=v1']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('not paused for runtime inputs');
    const result = await run(['continue', id, '--app', APP, '--stage-id', 'stageRuntimeQa0000001', '--var', 'releaseTag=v7', '--var', 'ticket=CHG-9']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Pipeline "Guestbook Runtime Release" execution ${id}: RUNNING\n {2}URL: https:`));
    expect(lastVariables('PipelineResumeRuntime')).toMatchObject({
      input: { pipelineStageElementId: 'stageRuntimeQa0000001', variableInputs: expect.arrayContaining([expect.objectContaining({ name: 'ticket' })]) },
    });
    await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'SUCCESS');
  });

  it('a workflow execution has no runtime inputs (exit 2)', async () => {
    const started = await run(['start-workflow', '--app', APP, '--workflow', 'Fargate Rolling', '--artifact', 'fargate-nginx=library_nginx:1.10.1', '--json']);
    const id = String(json(started).executionId);
    const result = await run(['runtime-inputs', id, '--app', APP, '--json']);
    expect(result.code).toBe(2);
    expect(json(result)).toMatchObject({ exitCode: 2, error: { code: 'USAGE', problems: [expect.stringContaining('workflow execution')] } });
  });
});

describe('parameterized artifact sources (--artifact-param)', () => {
  const base = ['start-workflow', '--app', APP, '--workflow', 'Nexus Deploy'];
  it('sends the parameters with the source and build, and the workflow runs', async () => {
    const result = await run([...base, '--artifact', 'nexus-app=nexus-params:1.0.0', '--artifact-param', 'nexus-app.repository=releases', '--wait', '--timeout', '60', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ kind: 'WORKFLOW', status: 'SUCCESS', entity: { id: SEED.parameterizedWorkflowId } });
    expect(JSON.stringify(lastVariables('StartExecution'))).toContain('"parameterValueInputs":[{"name":"repository","value":"releases"}]');
  });
  it('--dry-run shows the parameterized input', async () => {
    const result = await run([...base, '--artifact', 'nexus-app=nexus-params:1.0.1', '--artifact-param', 'nexus-app.repository=snapshots', '--dry-run', '--json']);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({
      dryRun: true,
      input: {
        serviceInputs: [
          {
            name: 'nexus-app',
            artifactValueInput: {
              valueType: 'PARAMETERIZED_ARTIFACT_SOURCE',
              parameterizedArtifactSource: { artifactSourceName: 'nexus-params', buildNumber: '1.0.1', parameterValueInputs: [{ name: 'repository', value: 'snapshots' }] },
            },
          },
        ],
      },
    });
  });
  it('a parameter without --artifact for its service, or with an id: choice, is exit 2 listing each problem', async () => {
    const before = starts();
    const result = await run([
      ...base, '--artifact', 'guestbook=id:' + SEED.guestbookV6ArtifactId, '--artifact-param', 'nexus-app.repository=releases',
      '--artifact-param', 'guestbook.tag=x', '--artifact-param', 'norepository', '--json',
    ]);
    expect(result.code).toBe(2);
    const body = json(result) as { error: { code: string; problems: string[] }; exitCode: number };
    expect(body.error.code).toBe('USAGE');
    expect(body.error.problems).toEqual([
      expect.stringContaining('is for service "nexus-app", which has no --artifact'),
      expect.stringContaining('service "guestbook" is given by artifact id'),
      expect.stringContaining('"norepository" is not SERVICE.NAME=VALUE'),
    ]);
    expect(starts()).toBe(before);
  });
});

describe('approval variables (--approval-var)', () => {
  it('approve sends the approval variables', async () => {
    const id = await startPausedGuestbook();
    const approved = await run(['approve', id, '--app', APP, '--approval-var', 'ticket=CHG-1234', '--json']);
    expect(approved.code).toBe(0);
    expect(json(approved)).toMatchObject({ executionId: id, action: 'APPROVE', variables: { ticket: 'CHG-1234' }, success: true });
    expect(lastVariables('ApproveOrRejectApprovals')).toMatchObject({ input: { variableInputs: [{ name: 'ticket', value: 'CHG-1234' }] } });
    await waitUntil(() => fake.executions().find((e) => e.id === id)?.status === 'SUCCESS');
  });

  it('reject sends them too (human output names them)', async () => {
    const id = await startPausedGuestbook();
    const ticketFile = join(dir, 'ticket.txt');
    writeFileSync(ticketFile, 'CHG-77\n');
    const rejected = await run(['reject', id, '--app', APP, '--approval-var', `ticket=@${ticketFile}`]);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toContain(`of execution ${id} with ticket=CHG-77.`);
    expect(lastVariables('ApproveOrRejectApprovals')).toMatchObject({ input: { action: 'REJECT', variableInputs: [{ name: 'ticket', value: 'CHG-77' }] } });
  });

  it('a variable the approval does not define is exit 2 with a did-you-mean, and the approval stays pending', async () => {
    const id = await startPausedGuestbook();
    const before = sent('ApproveOrRejectApprovals');
    const result = await run(['approve', id, '--app', APP, '--approval-var', 'tiket=CHG-1', '--approval-var', 'novalue', '--json']);
    expect(result.code).toBe(2);
    expect(json(result)).toMatchObject({ exitCode: 2, error: { code: 'USAGE', problems: [expect.stringContaining('--approval-var "novalue" is not NAME=VALUE')] } });
    const typo = await run(['approve', id, '--app', APP, '--approval-var', 'tiket=CHG-1']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('has no variable "tiket". Did you mean "ticket"?');
    expect(sent('ApproveOrRejectApprovals')).toBe(before);
    expect(fake.executions().find((e) => e.id === id)?.status).toBe('PAUSED');
    await run(['abort', id, '--app', APP]);
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
  it.each([
    ['resume', '--stage', 'Stage 2'],
    ['continue', '--var', 'releaseTag=v1'],
    ['runtime-inputs', '--json'],
  ])('a wrong key is exit 3 for %s', async (command, ...rest) => {
    const result = await run([command, 'someExecution0000000001', '--app', APP, ...rest], { env: env({ HARNESS_API_KEY: 'not-the-right-key' }) });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: /);
  });
  it('a key that may not deploy to production is exit 3', async () => {
    const result = await run(
      ['start-pipeline', '--app', APP, '--pipeline', 'Fargate Production Pipeline', '--artifact', 'fargate-nginx=library_nginx:1.10.1', '--json'],
      { env: env({ HARNESS_API_KEY: fake.restrictedApiKey }) },
    );
    expect(result.code).toBe(3);
    expect(json(result)).toMatchObject({ exitCode: 3, error: { code: expect.stringMatching(/PERMISSION|AUTHENTICATION/) } });
  });
  it('a 429 is waited out, not an error: Harness refused before reading the request', async () => {
    fake.faults.arm({ kind: 'rate-limit', times: 1 });
    try {
      const result = await run(['inputs', '--app', APP, '--workflow', 'Fargate Rolling']);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      fake.faults.clear();
    }
  });
  it('429s that outlast --timeout are exit 4, saying the budget was spent', async () => {
    const started = await run(['start-workflow', '--app', APP, '--workflow', 'Fargate Rolling', '--artifact', 'fargate-nginx=library_nginx:1.10.1', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const { executionId } = JSON.parse(started.stdout) as { executionId: string };
    fake.faults.arm({ kind: 'rate-limit', times: 50 });
    try {
      const result = await run(['status', executionId, '--wait', '--timeout', '3']);
      expect(result.code, result.stderr).toBe(4);
      expect(result.stderr).toContain('429');
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
