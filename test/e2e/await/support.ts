/** A fake Harness on a manual clock, and a client whose sleeps move that clock: no wall time passes. */
import { HarnessClient, type HarnessClientOptions } from '../../../src/index.js';
import { SEED, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { fakeClock } from '../../support/fake-harness.js';

export { SEED };
export { GUESTBOOK_START, K8S_START, failure, fakeClock } from '../../support/fake-harness.js';
import { seededRandom } from '../../support/random.js';

export { seededRandom };

export async function startFake(): Promise<FakeHarness> {
  return startFakeHarness({ rateLimit: false, clock: 'manual' });
}

export function clientFor(fake: FakeHarness, extra: Partial<HarnessClientOptions> = {}): HarnessClient {
  return new HarnessClient({
    accountId: fake.accountId,
    apiKey: fake.apiKey,
    endpoint: fake.endpoint,
    rateLimit: false,
    clock: fakeClock(fake),
    random: seededRandom(20),
    ...extra,
  });
}
