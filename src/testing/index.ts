/**
 * `harness-graphql-sdk/testing`: a fake Harness FirstGen GraphQL server to test code that uses the
 * SDK (or any Harness client) without a Harness account. It runs on 127.0.0.1, answers with
 * Harness's exact error texts and statuses, enforces the per-account rate limit on its own clock,
 * and moves executions through their lifecycle as that clock advances.
 *
 * @example
 * ```ts
 * const fake = await startFakeHarness();
 * // point the client at fake.endpoint with fake.accountId and fake.apiKey
 * fake.clock.advance(10 * 60_000);
 * await fake.close();
 * ```
 */
export {
  startFakeHarness,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_STARTED_AT,
  RATE_LIMIT_MESSAGE,
  INVALID_TOKEN_BODY,
  USER_NOT_AUTHORIZED_BODY,
} from './server.js';
export type {
  FakeHarness,
  FakeHarnessOptions,
  FakeFault,
  FakeFaultKind,
  FakeClock,
  FakeClockOption,
  RecordedRequest,
  BudgetState,
  FakeAccountType,
} from './server.js';
export {
  seedData,
  SEED,
  DEFAULT_API_KEY,
  DEFAULT_RESTRICTED_API_KEY,
  DEFAULT_BEARER_TOKEN,
  DEVELOPER_BEARER_TOKEN,
  EXPIRED_BEARER_TOKEN,
  BROKEN_WORKFLOW_FAILURE,
  MANUAL_GATE_FAILURE,
} from './seed.js';
export { MAX_QUERY_DEPTH } from './graphql.js';
export { QUEUE_MS, PREPARING_MS } from './engine.js';
export { BUDGET_WINDOW_MS, PAID_REQUESTS_PER_MINUTE, COMMUNITY_REQUESTS_PER_MINUTE } from './engine/budget.js';
export type * from './types.js';
export { runFakeHarnessFromCli, parseStandaloneArgs, describeFakeHarness } from './standalone.js';
export type { StandaloneOptions } from './standalone.js';
