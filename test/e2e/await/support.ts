/** A fake Harness on a manual clock, and a client whose sleeps move that clock: no wall time passes. */
import { HarnessClient, type HarnessClientOptions } from '../../../src/index.js';
import type { Clock } from '../../../src/rate-limiter.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';

export { SEED };

export async function startFake(): Promise<FakeHarness> {
  return startFakeHarness({ rateLimit: false, clock: 'manual' });
}

/** Sleeping advances the fake server's clock. */
export function fakeClock(fake: FakeHarness): Clock & { slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    now: () => fake.clock.now(),
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      fake.clock.advance(ms);
    },
  };
}

export function clientFor(fake: FakeHarness, extra: Partial<HarnessClientOptions> = {}): HarnessClient {
  return new HarnessClient({
    accountId: fake.accountId,
    apiKey: fake.apiKey,
    endpoint: fake.endpoint,
    rateLimit: false,
    clock: fakeClock(fake),
    ...extra,
  });
}

export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

export const K8S_START = {
  applicationId: SEED.appId,
  workflowName: 'K8s Rolling Deployment',
  variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook' },
  artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
} as const;

export const GUESTBOOK_START = {
  applicationId: SEED.appId,
  pipelineName: 'Guestbook Pipeline',
  artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
} as const;
