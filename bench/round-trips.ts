/**
 * Round trips of "start a pipeline by application and pipeline names, with variables and an
 * artifact", counted from the fake Harness's request log: the first start on a new client (cold)
 * and a second start on the same client (warm, lookups cached). Baseline: what a client without
 * local validation or caching needs at the least (application, pipeline, executionInputs, start).
 */
import { HarnessClient } from '../src/index.js';
import { startFakeHarness } from '../src/testing/index.js';
import type { Figure } from './figures.js';

const START = {
  applicationName: 'Harness Demo',
  pipelineName: 'Guestbook Pipeline',
  variables: { branch: 'main', hotfix: 'no' },
  artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
  notes: 'bench: round trips',
} as const;

export async function benchRoundTrips(): Promise<Figure[]> {
  const fake = await startFakeHarness({ rateLimit: false });
  try {
    const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, rateLimit: false });
    const count = async (): Promise<{ requests: number; operations: string }> => {
      const before = fake.requests.length;
      const started = await client.startPipeline(START);
      if (!started.id) throw new Error('the start returned no execution id');
      const sent = fake.requests.slice(before);
      return { requests: sent.length, operations: sent.map((r) => r.operationName ?? r.path).join(', ') };
    };
    const cold = await count();
    const warm = await count();
    const naive = 4;
    return [
      {
        part: '2 round trips',
        name: 'start by names + variables + artifact, cold client',
        value: cold.requests,
        unit: 'requests',
        baseline: { name: 'app + pipeline + inputs + start', value: naive },
        ratio: cold.requests / naive,
        target: '<= 4 requests',
        meetsTarget: cold.requests <= 4,
        note: cold.operations,
      },
      {
        part: '2 round trips',
        name: 'the same start again on the same client (warm)',
        value: warm.requests,
        unit: 'requests',
        baseline: { name: 'cold start', value: cold.requests },
        ratio: warm.requests / cold.requests,
        target: '<= 2 requests',
        meetsTarget: warm.requests <= 2,
        note: warm.operations,
      },
    ];
  } finally {
    await fake.close();
  }
}
