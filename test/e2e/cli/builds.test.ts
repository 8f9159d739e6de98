/**
 * harness-exec and collected builds, as a child process against the fake server: `inputs` lists the
 * newest builds of each artifact source (a source with none says so), and `--artifact SOURCE:latest`
 * deploys the most recently collected build while `SOURCE:=latest` names a build tagged "latest".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHarness, SEED, type FakeHarness } from '../../../src/testing/index.js';
import { fakeEnv, runBin, stdoutJson, type BinRun } from './bin.js';

const API_KEY = 'cli-builds-secret-key-93e1c4';
const APP = SEED.appName;
const PAYMENTS_WORKFLOW = 'Payments Deploy';
let fake: FakeHarness;

function run(args: readonly string[]): Promise<BinRun> {
  return runBin(args, { secrets: [API_KEY], env: fakeEnv(fake, API_KEY) });
}

function operations(from: number): (string | null)[] {
  return fake.requests.slice(from).map((r) => r.operationName);
}

function startsSent(): number {
  return fake.requests.filter((r) => r.operationName === 'StartExecution').length;
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, clock: { realTime: true, speed: 1000 }, rateLimit: false });
  fake.addWorkflow({ id: 'wfPaymentsDeploy000001', appId: SEED.otherAppId, name: PAYMENTS_WORKFLOW, envId: null, serviceIds: [SEED.paymentsServiceId], durationMs: 30_000 });
});

afterAll(async () => {
  await fake.close();
});

describe('inputs lists the newest collected builds', () => {
  it('shows the 3 newest builds of the source, newest first, with when they were collected', async () => {
    const before = fake.requests.length;
    const result = await run(['inputs', '--app', APP, '--workflow', 'Configurable Release', '--var', 'region=us-east-1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {4}"guestbook" newest: v6 \(collected \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\), v5 \(collected [^)]+\), v4 \(collected [^)]+\)$/mu);
    // The rest of the listing is as before.
    expect(result.stdout).toContain('guestbook (KUBERNETES, DOCKER): artifact sources "guestbook"');
    // One listing of the service's sources and one of the source's builds.
    const sent = operations(before);
    expect(sent.filter((name) => name === 'CollectedBuilds')).toHaveLength(1);
    expect(sent.filter((name) => name === 'ApplicationArtifactSources')).toHaveLength(1);
  });

  it('gives the builds in --json, newest first, with ISO times', async () => {
    const result = await run(['inputs', '--app', APP, '--workflow', 'Fargate Rolling', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = stdoutJson(result) as { builds: { service: string; artifactSource: string; builds: { buildNumber: string; artifactId: string; collectedAt: string }[] }[] };
    expect(report.builds).toHaveLength(1);
    const [entry] = report.builds;
    expect(entry).toMatchObject({ service: 'fargate-nginx', artifactSource: 'library_nginx' });
    expect(entry?.builds.map((b) => b.buildNumber)).toEqual(['1.11.0', '1.10.1']);
    expect(entry?.builds[1]?.artifactId).toBe(SEED.nginxArtifactId);
    const times = entry?.builds.map((b) => Date.parse(b.collectedAt)) ?? [];
    expect(times[0]).toBeGreaterThan(times[1] ?? Infinity);
  });

  it('says so for a source that has collected no build', async () => {
    const result = await run(['inputs', '--app', SEED.otherAppName, '--workflow', PAYMENTS_WORKFLOW]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('"payments-api": no collected build yet');
    const json = stdoutJson(await run(['inputs', '--app', SEED.otherAppName, '--workflow', PAYMENTS_WORKFLOW, '--json'])) as { builds: unknown };
    expect(json.builds).toEqual([{ service: 'payments-api', artifactSource: 'payments-api', builds: [] }]);
  });

  it('asks for no builds when the services are not known yet', async () => {
    const before = fake.requests.length;
    const result = await run(['inputs', '--app', APP, '--pipeline', 'Templatized Guestbook', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((stdoutJson(result) as { builds: unknown }).builds).toBeNull();
    expect(operations(before)).not.toContain('CollectedBuilds');
  });
});

describe('--artifact SERVICE=SOURCE:latest', () => {
  const workflow = ['--app', APP, '--workflow', 'Configurable Release', '--var', 'region=us-east-1'];

  it('deploys the most recently collected build; --dry-run says which', async () => {
    const starts = startsSent();
    const result = await run(['start-workflow', ...workflow, '--artifact', 'guestbook=guestbook:latest', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('guestbook=guestbook:latest is build v6, the one Harness collected most recently.');
    expect(result.stdout).toContain('"buildNumber": "v6"');
    const json = stdoutJson(await run(['start-workflow', ...workflow, '--artifact', 'guestbook=guestbook:latest', '--dry-run', '--json'])) as {
      latest: unknown;
      input: { serviceInputs: { artifactValueInput: { buildNumber: { buildNumber: string } } }[] };
    };
    expect(json.latest).toEqual([{ service: 'guestbook', artifactSource: 'guestbook', buildNumber: 'v6' }]);
    expect(json.input.serviceInputs[0]?.artifactValueInput.buildNumber.buildNumber).toBe('v6');
    expect(startsSent()).toBe(starts);

    const started = await run(['start-workflow', ...workflow, '--artifact', 'guestbook=guestbook:latest', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const last = fake.requests.filter((r) => r.operationName === 'StartExecution').at(-1);
    expect(JSON.stringify(last?.variables)).toContain('"buildNumber":"v6"');
  });

  it('SOURCE:=latest is a build tagged "latest", sent as is', async () => {
    const result = await run(['start-workflow', ...workflow, '--artifact', 'guestbook=guestbook:=latest', '--dry-run', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = stdoutJson(result) as { latest: unknown; input: { serviceInputs: { artifactValueInput: { buildNumber: { buildNumber: string } } }[] } };
    expect(json.latest).toEqual([]);
    expect(json.input.serviceInputs[0]?.artifactValueInput.buildNumber.buildNumber).toBe('latest');
  });

  it('a source with no collected build is refused (exit 2) and nothing starts', async () => {
    const starts = startsSent();
    const result = await run(['start-workflow', '--app', SEED.otherAppName, '--workflow', PAYMENTS_WORKFLOW, '--artifact', 'payments-api=payments-api:latest']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/payments-api/u);
    expect(startsSent()).toBe(starts);
  });

  it('continue takes exact builds only: SOURCE:latest is a usage error, nothing sent', async () => {
    const before = fake.requests.length;
    const result = await run(['continue', 'someExecutionId', '--app-id', SEED.appId, '--stage-id', 'stage1', '--artifact', 'guestbook=guestbook:latest']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(':=latest');
    expect(fake.requests.length).toBe(before);
  });
});
