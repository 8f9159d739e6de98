/**
 * The API key never leaves: every error the fault matrix and hostile servers produce (String, stack,
 * JSON, util.inspect), every hook argument, every onPoll event and the CLI's output, with a
 * distinctive key so that any leak is found by a plain substring search.
 */
import { execFile } from 'node:child_process';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessClient } from '../../src/index.js';
import { seededRandom } from '../support/random.js';
import type { FakeHarness } from '../../src/testing/index.js';
import {
  FAULTS,
  K8S_START,
  METHODS,
  SEED,
  attemptTimeoutFor,
  bounded,
  clientFor,
  closedPortEndpoint,
  freshFake,
  newSink,
  scenarioBudgetMs,
  type Sink,
} from './support.js';

/** Fixed, so that a leak found once is found again on every run; distinctive, so that no other text contains it. */
const KEY = 'sk-reliability-5f0c9e27a1d84b3366e2c7f1';
const sink: Sink = newSink();
const outputs: { label: string; text: string }[] = [];

function addKey(fake: FakeHarness): string {
  return fake.addApiKey({ id: 'apiKeyReliability0001', name: 'reliability-key', key: KEY, userGroupIds: ['ugAccountAdmin0000001'] });
}

/** Every way a caller could turn an error into text. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular: inspect covers it
  }
  if (value instanceof Error) {
    out.push(String(value), value.stack ?? '', value.message, inspect(value.cause, { depth: 10, showHidden: true }));
  }
  return out;
}

function leaks(): string[] {
  const found: string[] = [];
  const check = (label: string, text: string) => {
    if (text.includes(KEY)) found.push(`${label}: ${text.slice(Math.max(0, text.indexOf(KEY) - 80), text.indexOf(KEY) + 80)}`);
  };
  sink.errors.forEach((e, i) => renderings(e).forEach((t) => check(`error ${i}`, t)));
  sink.hookEvents.forEach((e, i) => renderings(e).forEach((t) => check(`hook event ${i}`, t)));
  sink.pollEvents.forEach((e, i) => renderings(e).forEach((t) => check(`poll event ${i}`, t)));
  outputs.forEach((o) => check(o.label, o.text));
  return found;
}

describe.concurrent('errors, hooks and poll events of the fault matrix', () => {
  for (const method of METHODS) {
    it(`${method.name}: success and every fault`, async () => {
      for (const fault of [undefined, ...FAULTS]) {
        const fake = await freshFake();
        try {
          const key = addKey(fake);
          const ctx = await method.setup(fake, clientFor(fake, {}, undefined, key));
          if (method.kind === 'wait') ctx.maxConsecutiveErrors = '1';
          if (fault !== undefined && fault !== 'connection-refused') fake.faults.arm({ kind: fault, times: 1_000, operation: method.operation });
          const timeoutMs = attemptTimeoutFor(fault);
          const extra = fault === 'connection-refused' ? { endpoint: await closedPortEndpoint() } : {};
          const client = clientFor(fake, { ...extra, timeoutMs, mutationTimeoutMs: timeoutMs }, sink, key);
          const run = await bounded(method.call(client, ctx, sink));
          if (run.result?.status === 'rejected') sink.errors.push(run.result.reason);
        } finally {
          await fake.close();
        }
      }
    }, scenarioBudgetMs(1 + FAULTS.length));
  }
});

describe('servers that echo the key back', () => {
  let fake: FakeHarness;
  beforeAll(async () => {
    fake = await freshFake();
    addKey(fake);
  });
  afterAll(async () => {
    await fake.close();
  });

  const echoes: [string, number, string, (key: string) => string][] = [
    ['500 text', 500, 'text/plain', (k) => `Error for key ${k}: internal`],
    ['200 HTML', 200, 'text/html', (k) => `<html><body>Your key ${k} is over quota</body></html>`],
    ['200 GraphQL error', 200, 'application/json', (k) => JSON.stringify({ data: null, errors: [{ message: `Invalid key ${k}` }] })],
    ['401 REST envelope', 401, 'application/json', (k) => JSON.stringify({ responseMessages: [{ code: 'INVALID_TOKEN', message: `Token ${k} is not valid.` }] })],
    ['400 REST envelope', 400, 'application/json', (k) => JSON.stringify({ responseMessages: [{ code: 'INVALID_REQUEST', message: `bad ${k}` }] })],
    ['429', 429, 'application/json', (k) => JSON.stringify({ errors: [{ message: `rate limited ${k}` }] })],
    ['permission', 200, 'application/json', (k) => JSON.stringify({ data: null, errors: [{ message: `User not authorized: ${k}` }] })],
    ['not found', 200, 'application/json', (k) => JSON.stringify({ data: null, errors: [{ message: `Execution does not exist or access is denied ${k}` }] })],
  ];

  it.each(echoes)('%s', async (_label, status, type, body) => {
    const echo: typeof fetch = async (_input, init) => {
      const headers = new Headers(init?.headers);
      return new Response(body(headers.get('x-api-key') ?? ''), { status, headers: { 'content-type': type } });
    };
    const client = clientFor(fake, { fetch: echo, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }, sink, KEY);
    const calls: [string, () => Promise<unknown>][] = [
      ['getExecution', () => client.getExecution('someExecution')],
      ['findApplication', () => client.findApplication(SEED.appName)],
      ['abortExecution', () => client.abortExecution({ applicationId: SEED.appId, executionId: 'someExecution' })],
      ['startWorkflow', () => client.startWorkflow({ ...K8S_START, applicationId: SEED.appId })],
      ['awaitExecution', () => client.awaitExecution('someExecution', { maxConsecutiveErrors: 0, random: seededRandom(21), onPoll: (e) => sink.pollEvents.push(e) })],
    ];
    for (const [name, call] of calls) {
      const run = await bounded(call());
      // The abort route is REST: a 200 JSON object is its success envelope, whatever it says.
      if (!(name === 'abortExecution' && status === 200 && type === 'application/json')) expect(run.result?.status).toBe('rejected');
      if (run.result?.status === 'rejected') sink.errors.push(run.result.reason);
    }
  });

  it('a client built with an invalid key (whitespace) does not echo it', () => {
    try {
      new HarnessClient({ accountId: 'acc', apiKey: `${KEY} x` });
    } catch (error) {
      sink.errors.push(error);
    }
    expect(sink.errors.length).toBeGreaterThan(0);
  });
});

/**
 * How long one CLI process may take. Most of it is starting Node and compiling the CLI's sources
 * (tsx), which a machine busy with other work can stretch to many seconds; against the fake every
 * command answers at once, so this only catches a CLI that never exits.
 */
const CLI_PROCESS_TIMEOUT_MS = 120_000;

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { env: { ...process.env, ...env }, timeout: CLI_PROCESS_TIMEOUT_MS, cwd: process.cwd() },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

// One process per test, one at a time: twelve compilers at once on a shared machine only measure the
// machine, and a test of its own gives each command its own time limit and its own report.
describe('the CLI', () => {
  let fake: FakeHarness;
  let env: Record<string, string>;
  let executionId: string;
  let closedEndpoint: string;
  const codes: number[] = [];
  beforeAll(async () => {
    fake = await freshFake();
    addKey(fake);
    env = { HARNESS_API_KEY: KEY, HARNESS_ACCOUNT_ID: fake.accountId, HARNESS_ENDPOINT: fake.endpoint };
    executionId = (await clientFor(fake, {}, undefined, KEY).startWorkflow(K8S_START)).id;
    closedEndpoint = await closedPortEndpoint();
  });
  afterAll(async () => {
    await fake.close();
  });

  const app = ['--app', 'Harness Demo'];
  const startArgs = ['start-workflow', ...app, '--workflow', 'K8s Rolling Deployment', '--var', 'Environment=dev', '--var', 'Service=guestbook', '--var', 'InfraDefinition_KUBERNETES=k8s-dev', '--artifact', 'guestbook=guestbook:v6'];
  const commands: [string, () => string[], () => Record<string, string>][] = [
    ['inputs', () => ['inputs', ...app, '--workflow', 'K8s Rolling Deployment', '--var', 'Environment=dev', '--var', 'Service=guestbook', '--var', 'InfraDefinition_KUBERNETES=k8s-dev'], () => env],
    ['start', () => startArgs, () => env],
    ['start --json', () => [...startArgs, '--json'], () => env],
    ['start --dry-run', () => [...startArgs, '--dry-run', '--json'], () => env],
    ['start with a bad variable', () => [...startArgs, '--var', 'nope=1'], () => env],
    ['status', () => ['status', executionId, '--json'], () => env],
    ['status of a missing execution', () => ['status', 'doesNotExist000000001'], () => env],
    ['approve without an approval', () => ['approve', executionId, ...app], () => env],
    ['abort', () => ['abort', executionId, ...app, '--json'], () => env],
    ['wrong key', () => ['status', executionId], () => ({ ...env, HARNESS_API_KEY: `${KEY}-revoked` })],
    ['refused connection', () => ['status', executionId, '--debug'], () => ({ ...env, HARNESS_ENDPOINT: closedEndpoint })],
    ['bad endpoint', () => ['status', executionId], () => ({ ...env, HARNESS_ENDPOINT: `not a url ${KEY}` })],
  ];

  it.each(commands)('%s: its output is collected for the sweep', async (label, args, environment) => {
    const result = await runCli(args(), environment());
    outputs.push({ label: `cli ${label} stdout`, text: result.stdout }, { label: `cli ${label} stderr`, text: result.stderr });
    expect(result.code, `${label} was killed after ${CLI_PROCESS_TIMEOUT_MS} ms`).not.toBeNull();
    codes.push(result.code as number);
  }, CLI_PROCESS_TIMEOUT_MS + 10_000);

  it('exercised both kinds of outcome', () => {
    expect(codes).toHaveLength(commands.length);
    expect(codes.some((code) => code === 0)).toBe(true);
    expect(codes.some((code) => code !== 0)).toBe(true);
  });

  it('a server fault during a CLI start: output collected, non-zero exit', async () => {
    fake.faults.arm({ kind: 'http-500', times: 5, operation: 'StartExecution' });
    const faulted = await runCli(startArgs, env);
    outputs.push({ label: 'cli start under http-500 stdout', text: faulted.stdout }, { label: 'cli start under http-500 stderr', text: faulted.stderr });
    expect(faulted.code).not.toBeNull();
    expect(faulted.code).not.toBe(0);
  }, CLI_PROCESS_TIMEOUT_MS + 10_000);
});

describe('the sweep', () => {
  it('finds the key in none of the errors, hook arguments, poll events or CLI output', () => {
    const found = leaks();
    console.log(
      `secrets: swept ${sink.errors.length} errors, ${sink.hookEvents.length} hook events, ${sink.pollEvents.length} poll events, ` +
        `${outputs.length} CLI streams; key found ${found.length} times`,
    );
    expect(found).toEqual([]);
    expect(sink.errors.length).toBeGreaterThan(200);
    expect(sink.hookEvents.length).toBeGreaterThan(200);
    expect(sink.pollEvents.length).toBeGreaterThan(0);
  });
});
