/**
 * harness-exec as a real child process under signals and closed pipes, against the fake Harness
 * server: an interrupt says at every phase what may have reached Harness (with --json as one object
 * on stdout), an unknown outcome has its own exit code, a reader that goes away does not change the
 * outcome of the work, and a --timeout too short to wait is refused before anything is sent.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';
import { ROOT, runBin, type BinRun, type BinRunOptions } from './bin.js';

const MAIN = join(ROOT, 'src/cli/main.ts');
const API_KEY = 'cli-signals-secret-key-7d2e4b19';
const APP = SEED.appName;
const FARGATE = ['--app', APP, '--pipeline', 'Fargate Production Pipeline', '--artifact', 'fargate-nginx=library_nginx:1.10.1'];

type Run = BinRun;
type RunOptions = Pick<BinRunOptions, 'kill' | 'close'>;

let fake: FakeHarness;

function env(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HARNESS_ACCOUNT_ID: fake.accountId,
    HARNESS_API_KEY: API_KEY,
    HARNESS_ENDPOINT: fake.endpoint,
    HARNESS_EXEC_POLL_INTERVAL_MS: '150',
  };
}

function run(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return runBin(args, { env: env(), secrets: [API_KEY], ...options });
}

function json(result: Run): Record<string, unknown> {
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

function sent(operationName: string): number {
  return fake.requests.filter((r) => r.operationName === operationName).length;
}

/** True once the fake has received one more request of that operation than it had when this was called. */
function arrived(operationName: string): () => boolean {
  const before = sent(operationName);
  return () => sent(operationName) > before;
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, clock: { realTime: true, speed: 1000 }, rateLimit: false });
});

afterAll(async () => {
  fake.faults.clear();
  await fake.close();
});

describe('an interrupt says what may have reached Harness', () => {
  it('SIGTERM while the start is being sent: exit 143, one JSON object naming the key to rerun with', async () => {
    fake.faults.arm({ kind: 'hang', operation: 'StartExecution' });
    const result = await run(['start-pipeline', ...FARGATE, '--idempotency-key', 'build-901', '--json'], {
      kill: { signal: 'SIGTERM', when: arrived('StartExecution') },
    });
    fake.faults.clear();
    expect(result.code).toBe(143);
    expect(json(result)).toEqual({
      error: {
        name: 'Interrupted',
        code: 'INTERRUPTED',
        message: expect.stringContaining('--idempotency-key build-901'),
        signal: 'SIGTERM',
        phase: 'sending',
        mayHaveReachedHarness: true,
        executionId: null,
        idempotencyKey: 'build-901',
      },
      exitCode: 143,
    });
    expect(result.stderr).toContain('Interrupted (SIGTERM) while sending the request to start pipeline "Fargate Production Pipeline" of application "Harness Demo": it may have reached Harness');
    expect(result.stderr).toContain('Run the same command again with --idempotency-key build-901: it finds that execution instead of starting another.');
  });

  it('SIGINT while the start is being sent without a key: exit 130, says where to look and suggests a key', async () => {
    fake.faults.arm({ kind: 'hang', operation: 'StartExecution' });
    const result = await run(['start-pipeline', ...FARGATE], { kill: { signal: 'SIGINT', when: arrived('StartExecution') } });
    fake.faults.clear();
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Interrupted (SIGINT) while sending the request to start pipeline "Fargate Production Pipeline"');
    expect(result.stderr).toContain('look at the recent executions of pipeline "Fargate Production Pipeline" of application "Harness Demo" in Harness');
    expect(result.stderr).toContain('Next time pass --idempotency-key KEY');
  });

  it('SIGINT while looking up names: exit 130, nothing was sent to start it', async () => {
    const starts = sent('StartExecution');
    fake.faults.arm({ kind: 'hang', operation: 'ApplicationByName' });
    const result = await run(['start-pipeline', ...FARGATE, '--json'], { kill: { signal: 'SIGINT', when: arrived('ApplicationByName') } });
    fake.faults.clear();
    expect(result.code).toBe(130);
    expect(json(result)).toMatchObject({ error: { code: 'INTERRUPTED', phase: 'preparing', mayHaveReachedHarness: false, signal: 'SIGINT' }, exitCode: 130 });
    expect(result.stderr).toContain('nothing was sent to start it in Harness');
    expect(sent('StartExecution')).toBe(starts);
  });

  it('SIGTERM while waiting: exit 143, the execution as far as known, and how to wait again', async () => {
    const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Pipeline', '--artifact', 'guestbook=guestbook:v6', '--wait', '--json'], {
      kill: { signal: 'SIGTERM', when: ({ stderr }) => /PAUSED/.test(stderr) },
    });
    expect(result.code).toBe(143);
    const body = json(result);
    expect(body).toMatchObject({ waitEnded: 'interrupted', kind: 'PIPELINE' });
    expect(result.stderr).toContain(`Wait again with: harness-exec status ${String(body.executionId)} --wait`);
    await run(['abort', String(body.executionId), '--app', APP]);
  });
});

describe('an unknown outcome', () => {
  it('exits 5, apart from API errors, and says how to check in harness-exec words', async () => {
    fake.faults.arm({ kind: 'null-start-payload', operation: 'StartExecution' });
    const result = await run(['start-pipeline', ...FARGATE, '--json']);
    fake.faults.clear();
    expect(result.code).toBe(5);
    const body = json(result) as { error: { code: string; message: string }; exitCode: number; hint: string };
    expect(body).toMatchObject({ exitCode: 5, error: { code: 'UNKNOWN_OUTCOME' } });
    expect(body.hint).toContain('look at the recent executions of pipeline "Fargate Production Pipeline"');
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toContain('Next time pass --idempotency-key KEY');
    expect(result.stderr).not.toMatch(/idempotencyKey|startPipeline|the SDK/);
  });
});

describe('closed pipes do not change the outcome', () => {
  it('status --json with its reader gone keeps the exit code the execution earned (not 4 for EPIPE)', async () => {
    const started = await run(['start-workflow', '--app', APP, '--workflow', 'Broken Smoke Test', '--artifact', 'guestbook=guestbook:v6', '--wait', '--json']);
    expect(started.code).toBe(1);
    const id = String(json(started).executionId);
    const result = await run(['status', id, '--json'], { close: ['stdout'] });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('EPIPE');
  });

  it('start --wait with stderr closed still waits to the end and prints its result on stdout', async () => {
    const result = await run(['start-pipeline', ...FARGATE, '--wait', '--timeout', '60', '--json'], { close: ['stderr'] });
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ status: 'SUCCESS', kind: 'PIPELINE' });
  });

  it('a shell pipe whose reader is gone before the answer (as `| head -c 10` once it has its bytes) keeps the command\'s exit code', async () => {
    // `true` exits at once, long before harness-exec has started and looked the execution up.
    const command = `'${process.execPath}' --import tsx '${MAIN}' status doesNotExist0000000001 --json | true; echo "exit=\${PIPESTATUS[0]}"`;
    const result = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', command], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    // An unknown execution is exit 2, whether or not anybody reads the whole answer.
    expect(result.trim()).toBe('exit=2');
  });
});

describe('--timeout too short to wait', () => {
  it.each(['0.0001', '0.5'])('--timeout %s is refused with exit 2 before anything is sent', async (timeout) => {
    const before = fake.requests.length;
    const result = await run(['start-pipeline', ...FARGATE, '--wait', '--timeout', timeout, '--json']);
    expect(result.code).toBe(2);
    expect(json(result)).toMatchObject({ exitCode: 2, error: { code: 'USAGE', problems: [expect.stringContaining('too short to wait')] } });
    expect(fake.requests.length).toBe(before);
  });
});

describe('messages name harness-exec commands and flags, not SDK names', () => {
  it('a --runtime-input the pipeline does not declare is named as the flag', async () => {
    const result = await run(['start-pipeline', '--app', APP, '--pipeline', 'Guestbook Runtime Release', '--artifact', 'guestbook=guestbook:v6', '--runtime-input', 'releaseTg', '--json']);
    expect(result.code).toBe(2);
    const body = json(result) as { error: { message: string; issues: { message: string }[] } };
    // The messages, not the issues' machine-readable `variable` field, which names the SDK option.
    const messages = [result.stderr, body.error.message, ...body.error.issues.map((issue) => issue.message)].join('\n');
    expect(messages).toContain('--runtime-input names "releaseTg"');
    expect(messages).not.toMatch(/runtimeInputs|allowUnknownVariables|startPipeline/);
  });
});
