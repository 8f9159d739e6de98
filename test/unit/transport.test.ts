/**
 * The transport against a recording budget and an in-memory fetch: which priority each request asks
 * for, what a 429 tells the budget, and how long the call waits after one. No wall time passes.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, rateLimitDelayMs } from '../../src/retry.js';
import { Transport, type RequestBudget, type RequestPriority, type TransportConfig } from '../../src/transport.js';

const START = 'mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { clientMutationId } }';
const APPROVE = 'mutation ApproveOrRejectApprovals($input: ApproveOrRejectApprovalsInput!) { approveOrRejectApprovals(input: $input) { success } }';
const QUERY = 'query Execution($executionId: String!) { execution(executionId: $executionId) { id } }';

function recordingBudget() {
  const asked: { priority: RequestPriority; deadline: number | undefined }[] = [];
  let noted = 0;
  const budget: RequestBudget = {
    acquire: async (request) => {
      asked.push({ priority: request.priority, deadline: request.deadline });
    },
    noteRateLimited: () => {
      noted += 1;
    },
  };
  return { budget, asked, noted: () => noted };
}

function transport(budget: RequestBudget, answers: (() => Response)[], overrides: Partial<TransportConfig> = {}) {
  let time = 0;
  const sleeps: number[] = [];
  const config: TransportConfig = {
    endpoint: 'https://harness.invalid/gateway/api/graphql',
    accountId: 'acc',
    apiKey: 'key-never-shown',
    fetch: async () => (answers.shift() ?? (() => new Response('{"data":{}}')))(),
    timeoutMs: 1_000,
    mutationTimeoutMs: 1_000,
    retry: DEFAULT_RETRY,
    headers: {},
    userAgent: 'test',
    budget,
    limits: { maxResponseBytes: 1024 * 1024, maxRateLimitWaitMs: 10 * 60_000 },
    clock: {
      now: () => time,
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
      },
    },
    hooks: {},
    random: () => 0.5,
    ...overrides,
  };
  return { transport: new Transport(config), sleeps, now: () => time };
}

const ok = () => new Response('{"data":{}}');
const refused = () => new Response('{"errors":[{"message":"You\'ve reached your account\'s rate limit for data queries. Please try again later."}]}', { status: 429 });

describe('priorities', () => {
  it('starts go first, then other mutations and REST actions, then queries; a caller may mark polls', async () => {
    const { budget, asked } = recordingBudget();
    const { transport: t } = transport(budget, []);
    await t.request(START as never, {});
    await t.request(APPROVE as never, {});
    await t.rest('PUT', '/executions/e1', {}, {}, { operation: 'AbortExecution', isMutation: true });
    await t.request(QUERY as never, {});
    await t.request(QUERY as never, {}, { priority: 'poll', deadline: 5_000 });
    expect(asked).toEqual([
      { priority: 'start', deadline: undefined },
      { priority: 'action', deadline: undefined },
      { priority: 'action', deadline: undefined },
      { priority: 'query', deadline: undefined },
      { priority: 'poll', deadline: 5_000 },
    ]);
  });
});

describe('after a 429', () => {
  it('a start is sent again after jittered waits that grow toward a minute, telling the budget each time', async () => {
    const { budget, asked, noted } = recordingBudget();
    const answers = [refused, refused, refused, refused, refused, refused, ok];
    const { transport: t, sleeps } = transport(budget, answers);
    await expect(t.request(START as never, {})).resolves.toEqual({});
    expect(asked).toHaveLength(7);
    expect(noted()).toBe(6);
    expect(sleeps).toEqual([1, 2, 3, 4, 5, 6].map((n) => rateLimitDelayMs(n, () => 0.5)));
  });

  it('gives up once the next wait would pass maxRateLimitWaitMs', async () => {
    const { budget } = recordingBudget();
    const answers = Array.from({ length: 100 }, () => refused);
    const { transport: t, now } = transport(budget, answers, { limits: { maxResponseBytes: 1024, maxRateLimitWaitMs: 2 * 60_000 } });
    await expect(t.request(START as never, {})).rejects.toThrow(/No execution was started/);
    expect(now()).toBeLessThanOrEqual(2 * 60_000);
    expect(now()).toBeGreaterThan(60_000);
  });
});

describe('rateLimitDelayMs', () => {
  it('grows from a few seconds to at most a minute, jittered over the upper half of each step', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => rateLimitDelayMs(n, () => 0))).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => rateLimitDelayMs(n, () => 1))).toEqual([4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});

describe('onSend and abort at the last moment', () => {
  it('calls onSend right before each attempt is handed to fetch, and not for an attempt that is never sent', async () => {
    const { budget } = recordingBudget();
    const events: string[] = [];
    const { transport: t } = transport(budget, [], {
      fetch: async () => {
        events.push('fetch');
        return new Response('{"data":{}}');
      },
    });
    await t.request(QUERY, { executionId: 'e' }, { onSend: () => events.push('onSend') });
    expect(events).toEqual(['onSend', 'fetch']);
  });

  it('sends nothing when the signal aborts in the last moments before fetch', async () => {
    const { budget } = recordingBudget();
    const controller = new AbortController();
    let fetched = 0;
    let sent = false;
    const { transport: t } = transport(budget, [], {
      fetch: async () => {
        fetched += 1;
        return new Response('{"data":{}}');
      },
      // The caller gives up after every earlier check passed (a hook is the last code before the attempt).
      hooks: { onRequest: () => controller.abort(new Error('gave up')) },
    });
    await expect(t.request(START, { input: {} }, { signal: controller.signal, onSend: () => (sent = true) })).rejects.toThrow('gave up');
    expect(fetched).toBe(0);
    expect(sent).toBe(false);
  });
});

describe('requestRaw', () => {
  it('answers the data and the per-field errors of a 200 instead of throwing', async () => {
    const { budget, asked } = recordingBudget();
    const body = { data: { e0: { id: 'a' }, e1: null }, errors: [{ message: 'Execution does not exist', path: ['e1'] }, { message: 42 }] };
    const { transport: t } = transport(budget, [() => new Response(JSON.stringify(body))]);
    const answer = await t.requestRaw('query BatchedExecutions { e0: execution(executionId: "a") { id } }', {}, { priority: 'poll', deadline: 5_000 });
    expect(answer).toEqual({
      data: { e0: { id: 'a' }, e1: null },
      errors: [
        { message: 'Execution does not exist', path: ['e1'] },
        { message: 'Unknown GraphQL error', path: undefined },
      ],
    });
    expect(asked).toEqual([{ priority: 'poll', deadline: 5_000 }]);
  });

  it('still throws the mapped error of a failed request, after the same retries', async () => {
    const { budget, noted } = recordingBudget();
    const { transport: t } = transport(budget, [refused, () => new Response('{"errors":[{"message":"Invalid API key"}]}', { status: 401 })]);
    await expect(t.requestRaw(QUERY, { executionId: 'e' })).rejects.toMatchObject({ code: 'AUTHENTICATION' });
    expect(noted()).toBe(1);
  });
});
