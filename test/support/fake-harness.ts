/** Shared helpers for tests against the fake Harness server. */
import type { Clock } from '../../src/internal/clock.js';
import { SEED, type FakeHarness } from '../../src/testing/index.js';

/** A clock whose sleeps move the fake server's manual clock: backoff and poll waits cost no wall time. */
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

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** The workflow start of Harness's StartExecution guide (to dev, with the guestbook v6 artifact). */
export const K8S_START = {
  applicationId: SEED.appId,
  workflowName: 'K8s Rolling Deployment',
  variables: { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook' },
  artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
} as const;

/** The Guestbook Pipeline start (dev, approval, prod) with the guestbook v6 artifact. */
export const GUESTBOOK_START = {
  applicationId: SEED.appId,
  pipelineName: 'Guestbook Pipeline',
  artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
} as const;
