/**
 * harness-exec doctor as a real child process against the fake Harness server and its faults: a
 * healthy setup, a bad key, a wrong endpoint path (404), a proxy that refuses, a 429, and the
 * permission check per application. No secret appears in any output.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';
import { runBin, stdoutJson, type BinRun } from './bin.js';

const API_KEY = 'cli-doctor-secret-key-6a0f3d81';
const PROXY_PASSWORD = 'proxy-secret-pw-51c7';
const APP = SEED.appName;
let fake: FakeHarness;

interface Report {
  ok: boolean;
  exitCode: number;
  requests: number;
  checks: { name: string; status: string; summary: string; fix?: string; details?: string[] }[];
}

function run(args: readonly string[], overrides: Record<string, string> = {}): Promise<BinRun> {
  return runBin(['doctor', ...args], {
    secrets: [API_KEY, PROXY_PASSWORD, 'wrong-key-0b9e'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HARNESS_ACCOUNT_ID: fake.accountId,
      HARNESS_API_KEY: API_KEY,
      HARNESS_ENDPOINT: fake.endpoint,
      ...overrides,
    },
  });
}

function statuses(report: Report): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.name, check.status]));
}

function check(report: Report, name: string): Report['checks'][number] {
  const found = report.checks.find((c) => c.name === name);
  expect(found, name).toBeDefined();
  return found as Report['checks'][number];
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, rateLimit: false });
});

afterAll(async () => {
  fake.faults.clear();
  await fake.close();
});

describe('harness-exec doctor', () => {
  it('passes every check on a healthy setup, in order, and counts its requests (exit 0)', async () => {
    const before = fake.requests.length;
    const result = await run(['--app', APP, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = stdoutJson(result) as Report;
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['endpoint', 'pass'],
      ['credentials', 'pass'],
      ['budget', 'pass'],
      ['permissions', 'pass'],
      ['clock', 'pass'],
    ]);
    expect(check(report, 'credentials').summary).toContain(`for account ${fake.accountId}`);
    expect(check(report, 'endpoint').summary).toContain('no proxy');
    // The plain probe carries no key, so the fake does not count it as the doctor's own request.
    expect(report.requests).toBe(fake.requests.filter((r, i) => i >= before && r.apiKeyValid).length);
    expect(report).toMatchObject({ ok: true, exitCode: 0 });

    const text = await run(['--app', APP]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ok +endpoint/mu);
    expect(text.stdout).toContain('No problems found.');
  });

  it('a bad key: credentials FAIL with what to check, later checks skipped (exit 1)', async () => {
    const result = await run(['--app', APP, '--json'], { HARNESS_API_KEY: 'wrong-key-0b9e' });
    expect(result.code).toBe(1);
    const report = stdoutJson(result) as Report;
    expect(statuses(report)).toEqual({ endpoint: 'pass', credentials: 'fail', budget: 'pass', permissions: 'skip', clock: 'pass' });
    expect(check(report, 'credentials').fix).toContain('HARNESS_API_KEY');
  });

  it('a wrong endpoint path (404): endpoint FAIL naming the expected form (exit 1)', async () => {
    const result = await run(['--json'], { HARNESS_ENDPOINT: `${fake.baseUrl}/gateway/wrong/graphql` });
    expect(result.code).toBe(1);
    const report = stdoutJson(result) as Report;
    expect(statuses(report)).toEqual({ endpoint: 'fail', credentials: 'skip', budget: 'skip', permissions: 'skip', clock: 'pass' });
    expect(check(report, 'endpoint').summary).toContain('not like Harness\'s GraphQL API');
    expect(check(report, 'endpoint').fix).toMatch(/HARNESS_ENDPOINT .*\/gateway\/api\/graphql/u);
  });

  it('a proxy that refuses: endpoint FAIL naming the proxy, never its password (exit 1)', async () => {
    const port = await closedPort();
    // A name that never resolves: only the proxy could reach it, and the proxy refuses the connection.
    const result = await run([], { HARNESS_ENDPOINT: 'http://harness.invalid/gateway/api/graphql', HTTP_PROXY: `http://user:${PROXY_PASSWORD}@127.0.0.1:${String(port)}` });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL +endpoint/mu);
    expect(result.stdout).toContain(`The proxy http://127.0.0.1:${String(port)} (from HTTP_PROXY) did not let the request through`);
    expect(result.stdout).toContain('Fix: Check HTTP_PROXY');
  });

  it('an endpoint on this machine is reached directly even when a proxy is set (as the SDK does)', async () => {
    const port = await closedPort();
    const result = await run(['--json'], { HTTP_PROXY: `http://127.0.0.1:${String(port)}` });
    expect(result.code, result.stdout).toBe(0);
    expect(check(stdoutJson(result) as Report, 'endpoint').summary).toContain('no proxy');
  });

  it('a 429: budget FAIL with what to do, nothing waited out (exit 1)', async () => {
    fake.faults.arm({ kind: 'rate-limit', operation: 'ListApplications' });
    const result = await run(['--app', APP, '--json']);
    fake.faults.clear();
    expect(result.code).toBe(1);
    const report = stdoutJson(result) as Report;
    expect(statuses(report)).toEqual({ endpoint: 'pass', credentials: 'skip', budget: 'fail', permissions: 'skip', clock: 'pass' });
    expect(check(report, 'budget').fix).toContain('HARNESS_BUDGET_REDIS_URL');
  });

  it('an application the key cannot read fails permissions; --deploy says what cannot be known without a start', async () => {
    const unknown = await run(['--app', APP, '--app', 'Nope App', '--json']);
    expect(unknown.code).toBe(1);
    const report = stdoutJson(unknown) as Report;
    expect(check(report, 'permissions')).toMatchObject({ status: 'fail', summary: 'The key cannot read "Nope App".' });

    const starts = fake.requests.filter((r) => r.operationName === 'StartExecution').length;
    const deploy = await run(['--app', APP, '--deploy', '--json'], { HARNESS_API_KEY: fake.restrictedApiKey });
    expect(deploy.code, deploy.stdout).toBe(0);
    expect(check(stdoutJson(deploy) as Report, 'permissions').status).toBe('warn');
    expect(fake.requests.filter((r) => r.operationName === 'StartExecution').length).toBe(starts);
  });

  it('--deploy without --app is a usage error (exit 2, nothing sent)', async () => {
    const before = fake.requests.length;
    const result = await run(['--deploy']);
    expect(result.code).toBe(2);
    expect(fake.requests.length).toBe(before);
  });
});
