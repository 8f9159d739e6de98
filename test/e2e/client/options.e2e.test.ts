/**
 * Every public method reads its options once at the edge: unreadable options, misspelt keys, signals
 * of another type and nested objects that throw are HarnessValidationErrors, and nothing is sent.
 * Each case threw a TypeError (or the caller's own error), or was sent with the key ignored, before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessValidationError } from '../../../src/index.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { K8S_START } from '../../support/fake-harness.js';

let fake: FakeHarness;
let client: HarnessClient;

beforeAll(async () => {
  fake = await startFakeHarness({ rateLimit: false });
  client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false });
});
afterAll(async () => {
  await fake.close();
});

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function throwingGetter(): object {
  return Object.defineProperty({}, 'name', { enumerable: true, get: () => { throw new Error('getter blew up'); } });
}

/** Runs a call, expecting a validation error and no request; answers the error's message. */
async function refusedUnsent(call: () => unknown): Promise<string> {
  const before = fake.requests.length;
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(isHarnessValidationError(error), String(error)).toBe(true);
  expect(fake.requests.length).toBe(before);
  return (error as Error).message;
}

const APP = { applicationId: SEED.appId };
const anyClient = () => client as unknown as Record<string, (...args: unknown[]) => unknown>;

describe('options read at the edge', () => {
  it('refuses a misspelt key on every method, naming the closest option', async () => {
    expect(await refusedUnsent(() => client.findPipeline({ ...APP, pipelineName: 'Guestbook Pipeline', timeout: 1 } as never))).toContain('did you mean "timeoutMs"?');
    expect(await refusedUnsent(() => client.approve({ ...APP, executionId: 'x', approvalId: 'y', coments: 'ok' } as never))).toContain('did you mean "comments"?');
    expect(await refusedUnsent(() => client.listBuilds({ ...APP, serviceName: 'guestbook', artifactSource: 'guestbook' } as never))).toContain('did you mean "artifactSourceName"?');
    await refusedUnsent(() => client.abortExecution({ ...APP, executionId: 'x', applicationID: 'y' } as never));
  });

  it('refuses options that are not a readable object', async () => {
    for (const bad of [null, 42, 'x'.repeat(1_000_000), revoked(), throwingGetter()]) {
      await refusedUnsent(() => anyClient().findPipeline!.call(client, bad));
      await refusedUnsent(() => anyClient().getExecution!.call(client, 'id', bad === null ? 7 : bad));
    }
  });

  it('refuses a signal that is not an AbortSignal, and nested options that throw', async () => {
    expect(await refusedUnsent(() => client.abortExecution({ ...APP, executionId: 'x', signal: 1 } as never))).toContain('signal must be an AbortSignal');
    await refusedUnsent(() => client.approve({ ...APP, executionId: 'x', approvalId: 'y', variables: revoked() } as never));
    await refusedUnsent(() => new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, retry: revoked() } as never));
    await refusedUnsent(() => new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, headers: throwingGetter() } as never));
  });

  it('refuses a start whose variables are a huge string at once, without reading it name by name', async () => {
    const started = performance.now();
    const error = await client.prepareWorkflowStart({ ...K8S_START, variables: 'x'.repeat(1_000_000) } as never).catch((e: unknown) => e);
    expect(isHarnessValidationError(error)).toBe(true);
    // Before, the string was re-read as a million one-character names: tens of seconds.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(fake.requests.some((r) => r.operationName === 'StartExecution')).toBe(false);
  });

  it('refuses documents that are not documents, and variables that cannot be read', async () => {
    await refusedUnsent(() => client.request(Object.create(null) as never, {}));
    await refusedUnsent(() => client.request(null as never, {}));
    await refusedUnsent(() => client.request('query { applications(limit: 1) { nodes { id } } }' as never, revoked() as never));
  });

  it('fromEnv reads process.env, which is not a plain object', async () => {
    const fromProcess = HarnessClient.fromEnv(undefined, { accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false });
    expect((await fromProcess.findApplication(SEED.appName)).id).toBe(SEED.appId);
  });

  it('fromEnv refuses an unreadable environment, values that are not strings and overrides that are not an object', async () => {
    await refusedUnsent(() => HarnessClient.fromEnv(null as never));
    expect(await refusedUnsent(() => HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 5, HARNESS_API_KEY: 'k' } as never))).toContain('HARNESS_ACCOUNT_ID must be a string');
    const started = performance.now();
    await refusedUnsent(() => HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_API_KEY: 'k' }, 'x'.repeat(1_000_000) as never));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
