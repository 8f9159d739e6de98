/**
 * Generation and the drift check against the fake Harness server over real HTTP: the module written
 * for the seed account is the committed fixture byte for byte, and `generate --check` notices an
 * account changed after generation.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessNotFoundError, type HarnessClientOptions } from '../../src/index.js';
import { createRequestCounter, generateAccountTypes } from '../../src/account-types/index.js';
import { runGenerate, type GenerateIo } from '../../src/account-types/cli.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { failure } from '../support/fake-harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(here, 'fixtures', 'harness-types.ts');
const APPLICATIONS = ['Harness Demo', 'Release Gates'];

let fake: FakeHarness;

beforeEach(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});

afterEach(async () => {
  await fake.close();
});

function clientOptions(): HarnessClientOptions {
  return { accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false };
}

/** A CLI world over the fake, with files kept in memory. */
function cliWorld(files: Map<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: GenerateIo = {
    env: { HARNESS_ACCOUNT_ID: fake.accountId, HARNESS_API_KEY: fake.apiKey, HARNESS_ENDPOINT: fake.endpoint },
    stdout: { write: (text) => void out.push(text) },
    stderr: { write: (text) => void err.push(text) },
    readText: async (path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
    writeText: async (path, text) => void files.set(path, text),
    createClient: (options) => new HarnessClient({ ...options, rateLimit: false }),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('generateAccountTypes on the seed account', () => {
  it('writes the committed module byte for byte, counts its requests and says what it skipped', async () => {
    const counter = createRequestCounter();
    const client = new HarnessClient({ ...clientOptions(), hooks: counter.hooks });
    const result = await generateAccountTypes(client, { applications: APPLICATIONS, counter });

    expect(result.source).toBe(await readFile(GOLDEN, 'utf8'));
    // Every request the fake received was counted, and nothing else.
    expect(result.requests).toBe(fake.requests.length);
    // Two applications, one page of pipelines and one of workflows each, one executionInputs per
    // entity whose services are knowable (all 13 but the two with service-deciding variables).
    expect(result.requests).toBe(2 + 4 + (13 - 2));
    expect(result.skipped).toEqual([
      {
        item: 'services of pipeline "Templatized Guestbook" (Harness Demo)',
        reason: 'they depend on the value of variables "env" (Environment), "infra" (Infrastructure definition), known only at start',
      },
      {
        item: 'services of workflow "K8s Rolling Deployment" (Harness Demo)',
        reason:
          'they depend on the value of variables "Environment" (Environment), "Service" (Service), "InfraDefinition_KUBERNETES" (Infrastructure definition), known only at start',
      },
    ]);
  });

  it('is stable: the same account gives the same text whatever order the applications are named in', async () => {
    const client = new HarnessClient(clientOptions());
    const first = await generateAccountTypes(client, { applications: APPLICATIONS });
    const again = await generateAccountTypes(client, { applications: [...APPLICATIONS].reverse() });
    expect(again.source).toBe(first.source);
    expect(first.requests).toBeUndefined();
    expect(first.source).not.toMatch(/\d{4}-\d{2}-\d{2}/u);
  });

  it('refuses an unknown application with the closest names, writing nothing', async () => {
    const files = new Map<string, string>();
    const world = cliWorld(files);
    const error = await failure(runGenerate(['--app', 'Harness Demos'], world.io));
    expect(isHarnessNotFoundError(error)).toBe(true);
    expect((error as Error).message).toContain('Harness Demo');
    expect(files.size).toBe(0);
  });
});

describe('harness-exec generate', () => {
  it('writes the module and prints what it spent and skipped', async () => {
    const files = new Map<string, string>();
    const world = cliWorld(files);
    const code = await runGenerate(['--app', 'Harness Demo', '--app', 'Release Gates'], world.io);
    expect(code).toBe(0);
    expect(files.get('harness-types.ts')).toBe(await readFile(GOLDEN, 'utf8'));
    expect(world.stdout()).toBe(
      'Wrote harness-types.ts: 2 applications, 5 pipelines, 8 workflows (17 requests).\n' +
        'Skipped (typed loosely, checked at run time):\n' +
        '  - services of pipeline "Templatized Guestbook" (Harness Demo): they depend on the value of variables "env" (Environment), "infra" (Infrastructure definition), known only at start\n' +
        '  - services of workflow "K8s Rolling Deployment" (Harness Demo): they depend on the value of variables "Environment" (Environment), "Service" (Service), "InfraDefinition_KUBERNETES" (Infrastructure definition), known only at start\n',
    );
  });

  it('--check exits 0 on an unchanged account and 1 with a readable summary once the account changed', async () => {
    const files = new Map<string, string>();
    const apps = ['--app', 'Harness Demo', '--app', 'Release Gates', '--out', 'src/harness-types.ts'];
    expect(await runGenerate(apps, cliWorld(files).io)).toBe(0);

    const unchanged = cliWorld(files);
    expect(await runGenerate([...apps, '--check'], unchanged.io)).toBe(0);
    expect(unchanged.stdout()).toBe('src/harness-types.ts matches the account (17 requests).\n');

    // The account moves on: a pipeline is added, a workflow deleted, a variable changed and one added.
    fake.addPipeline({ id: 'pipeDeployApi00000001', appId: SEED.appId, name: 'Deploy API', variables: [], stages: [] });
    fake.data.workflows.splice(fake.data.workflows.findIndex((w) => w.id === SEED.brokenWorkflowId), 1);
    const configurable = fake.data.workflows.find((w) => w.id === SEED.configurableWorkflowId);
    const region = configurable?.variables?.find((v) => v.name === 'region');
    if (!configurable?.variables || !region) throw new Error('the seed changed: Configurable Release has no region variable');
    region.allowedValues = ['us-east-1', 'eu-west-1', 'ap-south-1'];
    configurable.variables.push({ name: 'dryRun', type: 'Text', required: false });

    const changed = cliWorld(files);
    expect(await runGenerate([...apps, '--check'], changed.io)).toBe(1);
    expect(changed.stdout()).toBe(
      'src/harness-types.ts no longer matches the account (17 requests):\n' +
        '+ pipeline "Deploy API" (Harness Demo)\n' +
        '- workflow "Broken Smoke Test" (Harness Demo)\n' +
        '+ variable "dryRun" of workflow "Configurable Release" (Harness Demo)\n' +
        '~ variable "region" of workflow "Configurable Release" (Harness Demo): allowedValues: ["us-east-1","eu-west-1"] -> ["us-east-1","eu-west-1","ap-south-1"]\n' +
        "Run `harness-exec generate --app 'Harness Demo' --app 'Release Gates' --out src/harness-types.ts` to refresh it.\n",
    );

    const json = cliWorld(files);
    expect(await runGenerate([...apps, '--check', '--json'], json.io)).toBe(1);
    const report = JSON.parse(json.stdout()) as { upToDate: boolean; drift: unknown[]; requests: number };
    expect(report.upToDate).toBe(false);
    expect(report.drift).toHaveLength(4);
    expect(report.requests).toBe(17);
    // --check never writes.
    expect(files.get('src/harness-types.ts')).toContain('"Broken Smoke Test"');
  });

  it('--check on a file that does not exist says how to write it and exits 2', async () => {
    const world = cliWorld(new Map());
    expect(await runGenerate(['--app', 'Harness Demo', '--check'], world.io)).toBe(2);
    expect(world.stderr()).toBe(
      "error: cannot read harness-types.ts (ENOENT: no such file, open 'harness-types.ts'). Run `harness-exec generate --app 'Harness Demo'` to write it.\n",
    );
    expect(fake.requests).toHaveLength(0);
  });
});
