/**
 * The transport over intercepted HTTP: headers, accountId, every error mapping, and which failures
 * are retried. The clock is injected so retries cost no wall time.
 */
import { inspect } from 'node:util';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse, print } from 'graphql';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../../src/retry.js';
import {
  HarnessClient,
  isHarnessAuthenticationError,
  isHarnessError,
  isHarnessNetworkError,
  isHarnessPermissionError,
  isHarnessRateLimitError,
  isHarnessRequestError,
  isHarnessServerError,
  isHarnessTimeoutError,
  type HarnessClientOptions,
  type RetryEvent,
} from '../../src/index.js';
import { seededRandom } from '../support/random.js';

const ORIGIN = 'https://harness.test';
const PATH = '/gateway/api/graphql';
const API_KEY = 'fake-key-for-transport-tests-0123456789';
const ACCOUNT = 'acct-transport';

const instantClock = { now: () => Date.now(), sleep: async () => undefined };

/** A clock whose sleeps move its time forward at once. */
function steppingClock() {
  let time = 0;
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
  };
}

function client(extra: Partial<HarnessClientOptions> = {}) {
  return new HarnessClient({
    accountId: ACCOUNT,
    apiKey: API_KEY,
    endpoint: `${ORIGIN}${PATH}`,
    rateLimit: false,
    clock: instantClock,
    random: seededRandom(40),
    ...extra,
  });
}

const executionData = {
  execution: {
    __typename: 'WorkflowExecution',
    id: 'exec1',
    status: 'RUNNING',
    executionUrl: 'https://app.harness.io/#/x',
    createdAt: 1,
    startedAt: 2,
    endedAt: null,
    notes: null,
    failureDetails: null,
    application: { id: 'app1' },
    workflow: { id: 'wf1', name: 'Deploy' },
  },
};

const startInput = { applicationId: 'app1', entityId: 'wf1', executionType: 'WORKFLOW' as const };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function expectNoKey(error: unknown) {
  for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? '']) {
    expect(text).not.toContain(API_KEY);
  }
}

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

describe('requests', () => {
  it('sends the key in x-api-key, the account in the query string, and the operation by name', async () => {
    let body: { operationName?: string; variables?: unknown; query?: string } = {};
    const scope = nock(ORIGIN, { reqheaders: { 'x-api-key': API_KEY, 'content-type': /application\/json/, 'user-agent': /^harness-graphql-sdk\// } })
      .post(PATH, (b: typeof body) => {
        body = b;
        return true;
      })
      .query({ accountId: ACCOUNT })
      .reply(200, { data: executionData });
    const execution = await client().getExecution('exec1');
    expect(scope.isDone()).toBe(true);
    expect(body.operationName).toBe('Execution');
    expect(body.variables).toEqual({ executionId: 'exec1' });
    expect(body.query).toContain('query Execution($executionId: String!)');
    expect(execution).toMatchObject({ id: 'exec1', kind: 'WORKFLOW', status: 'RUNNING', applicationId: 'app1', entity: { id: 'wf1', name: 'Deploy' } });
  });

  it('adds custom headers but never lets them replace the key', async () => {
    const scope = nock(ORIGIN, { reqheaders: { 'x-team': 'deploys', 'x-api-key': API_KEY } })
      .post(PATH)
      .query(true)
      .reply(200, { data: executionData });
    await client({ headers: { 'x-team': 'deploys' } }).getExecution('exec1');
    expect(scope.isDone()).toBe(true);
  });
});

describe('error mapping', () => {
  it('401 INVALID_TOKEN -> HarnessAuthenticationError, not retried', async () => {
    const scope = nock(ORIGIN)
      .post(PATH)
      .query(true)
      .reply(401, { metaData: {}, resource: null, responseMessages: [{ code: 'INVALID_TOKEN', level: 'ERROR', message: 'Token is not valid.' }] }, { 'X-Harness-Error': 'INVALID_TOKEN' });
    const error = await caught(client().getExecution('exec1'));
    expect(isHarnessAuthenticationError(error)).toBe(true);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
    expectNoKey(error);
  });

  it('GraphQL permission error -> HarnessPermissionError', async () => {
    nock(ORIGIN)
      .post(PATH)
      .query(true)
      .reply(200, { data: { execution: null }, errors: [{ message: 'Exception while fetching data (/execution) : User not authorized: Not authorized' }] });
    expect(isHarnessPermissionError(await caught(client().getExecution('exec1')))).toBe(true);
  });

  it('other GraphQL errors -> HarnessRequestError with every message and the partial data', async () => {
    nock(ORIGIN)
      .post(PATH)
      .query(true)
      .reply(200, { data: { execution: null }, errors: [{ message: 'Exception while fetching data (/execution) : boom' }, { message: 'second' }] });
    const error = await caught(client().getExecution('exec1'));
    expect(isHarnessRequestError(error)).toBe(true);
    expect(error).toMatchObject({ graphqlErrors: ['Exception while fetching data (/execution) : boom', 'second'], data: { execution: null } });
  });

  it.each([
    ['500 JSON', 500, '{"errors":[{"message":"boom"}]}'],
    ['502 HTML page', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['503 text', 503, 'Service Unavailable'],
    ['504 empty', 504, ''],
    ['200 HTML page', 200, '<!DOCTYPE html><html><body>Maintenance</body></html>'],
    ['200 malformed JSON', 200, '{"data": {"execution": '],
    ['200 empty body', 200, ''],
  ])('%s -> HarnessServerError after the retries of a query', async (_name, status, body) => {
    const scope = nock(ORIGIN).post(PATH).query(true).times(3).reply(status, body);
    const retries: RetryEvent[] = [];
    const error = await caught(client({ hooks: { onRetry: (e) => retries.push(e) } }).getExecution('exec1'));
    expect(isHarnessServerError(error)).toBe(true);
    expect(scope.isDone()).toBe(true);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    expect((error as Error).message).not.toContain('<');
  });

  it('a query recovers when the fault clears', async () => {
    nock(ORIGIN).post(PATH).query(true).reply(503, 'busy');
    nock(ORIGIN).post(PATH).query(true).reply(429, '{"errors":[{"message":"You\'ve reached your account\'s rate limit for data queries. Please try again later."}]}');
    nock(ORIGIN).post(PATH).query(true).reply(200, { data: executionData });
    const execution = await client().getExecution('exec1');
    expect(execution.id).toBe('exec1');
  });

  it('429 on every attempt -> HarnessRateLimitError once maxRateLimitWaitMs is spent, saying how long it waited', async () => {
    const clock = steppingClock();
    let requests = 0;
    nock(ORIGIN)
      .persist()
      .post(PATH, () => {
        requests += 1;
        return true;
      })
      .query(true)
      .reply(429, 'Too Many Requests');
    const error = await caught(client({ clock, maxRateLimitWaitMs: 5 * 60_000 }).getExecution('exec1'));
    expect(isHarnessRateLimitError(error)).toBe(true);
    expect(requests).toBeGreaterThan(3);
    expect(clock.now()).toBeLessThanOrEqual(5 * 60_000);
    expect((error as Error).message).toMatch(new RegExp(`HTTP 429 ${requests} times over \\d+ s`));
    expect((error as Error).message).toContain('maxRateLimitWaitMs');
  });

  it('429 with maxRateLimitWaitMs 0 -> HarnessRateLimitError on the first one', async () => {
    const scope = nock(ORIGIN).post(PATH).query(true).reply(429, 'Too Many Requests');
    const error = await caught(client({ maxRateLimitWaitMs: 0 }).getExecution('exec1'));
    expect(isHarnessRateLimitError(error)).toBe(true);
    expect(scope.isDone()).toBe(true);
    expect((error as Error).message).toContain('HTTP 429');
  });

  it('a timeout -> HarnessTimeoutError, retried for queries', async () => {
    const scope = nock(ORIGIN).post(PATH).query(true).times(2).delay(300).reply(200, { data: executionData });
    const error = await caught(client({ timeoutMs: 50, retry: { maxAttempts: 2 } }).getExecution('exec1'));
    expect(isHarnessTimeoutError(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 50, operation: 'Execution' });
    expect(scope.isDone()).toBe(true);
  });

  it('the caller signal aborts at once with its reason', async () => {
    const scope = nock(ORIGIN).post(PATH).query(true).delay(2_000).reply(200, { data: executionData });
    const controller = new AbortController();
    // Aborted once the request has reached the server and waits for its answer: the in-flight case.
    scope.on('request', () => controller.abort(new Error('operator cancelled')));
    const pending = client().getExecution('exec1', { signal: controller.signal });
    const error = await caught(pending);
    expect((error as Error).message).toBe('operator cancelled');
    expect(isHarnessError(error)).toBe(false);
  });

  it('never leaks the key, even when a server echoes it back', async () => {
    nock(ORIGIN)
      .post(PATH)
      .query(true)
      .reply(200, { data: { execution: null }, errors: [{ message: `bad key ${API_KEY}` }] });
    const error = await caught(client().getExecution('exec1'));
    expect((error as Error).message).toContain('[redacted]');
    expectNoKey(error);
  });
});

describe('mutations are never retried into a second deployment', () => {
  const mutation = () => client().request(
    // The escape hatch takes any typed document; a start built by hand is enough here.
    Object.assign(new String('mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { clientMutationId } }'), {}) as never,
    { input: startInput },
  );

  it.each([
    ['500', (s: nock.Interceptor) => s.reply(500, 'oops')],
    ['reset', (s: nock.Interceptor) => s.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })],
    ['timeout', (s: nock.Interceptor) => s.delay(300).reply(200, { data: {} })],
  ])('%s: exactly one request is sent', async (_name, reply) => {
    let requests = 0;
    reply(
      nock(ORIGIN)
        .post(PATH, () => {
          requests += 1;
          return true;
        })
        .query(true),
    );
    nock(ORIGIN).post(PATH).query(true).reply(200, { data: { startExecution: { clientMutationId: null } } });
    const error = await caught(
      new HarnessClient({ accountId: ACCOUNT, apiKey: API_KEY, endpoint: `${ORIGIN}${PATH}`, rateLimit: false, clock: instantClock, mutationTimeoutMs: 50 }).request(
        Object.assign(new String('mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { clientMutationId } }'), {}) as never,
        { input: startInput },
      ),
    );
    expect(isHarnessError(error)).toBe(true);
    expect(requests).toBe(1);
    if (isHarnessNetworkError(error)) expect(error.requestSent).toBe('unknown');
  });

  it('a 429 is sent again, because Harness refuses before it reads the request', async () => {
    let requests = 0;
    const count = () => {
      requests += 1;
      return true;
    };
    nock(ORIGIN).post(PATH, count).query(true).times(2).reply(429, 'slow down');
    nock(ORIGIN).post(PATH, count).query(true).reply(200, { data: { startExecution: { clientMutationId: 'ok' } } });
    await expect(mutation()).resolves.toEqual({ startExecution: { clientMutationId: 'ok' } });
    expect(requests).toBe(3);
  });

  it('a start that stays refused says that nothing was started', async () => {
    nock(ORIGIN).post(PATH).query(true).reply(429, 'slow down');
    const error = await caught(
      new HarnessClient({ accountId: ACCOUNT, apiKey: API_KEY, endpoint: `${ORIGIN}${PATH}`, rateLimit: false, maxRateLimitWaitMs: 0 }).request(
        Object.assign(new String('mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { clientMutationId } }'), {}) as never,
        { input: startInput },
      ),
    );
    expect(isHarnessRateLimitError(error)).toBe(true);
    expect((error as Error).message).toContain('No execution was started');
  });

  it('a refused connection is retried, because nothing reached Harness', async () => {
    nock(ORIGIN).post(PATH).query(true).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    nock(ORIGIN).post(PATH).query(true).reply(200, { data: { startExecution: { clientMutationId: 'ok' } } });
    await expect(mutation()).resolves.toEqual({ startExecution: { clientMutationId: 'ok' } });
  });
});

describe('documents', () => {
  it('sends a parsed TypedDocumentNode as its printed text, with its operation name', async () => {
    const document = parse('query Execution($executionId: String!) { execution(executionId: $executionId) { id } }') as TypedDocumentNode<
      { execution: { id: string } | null },
      { executionId: string }
    >;
    let body: { operationName?: string; query?: string; variables?: unknown } = {};
    nock(ORIGIN)
      .post(PATH, (b: typeof body) => {
        body = b;
        return true;
      })
      .query(true)
      .reply(200, { data: { execution: { id: 'exec1' } } });
    const data = await client().request(document, { executionId: 'exec1' });
    expect(data.execution?.id).toBe('exec1');
    expect(body.query).toBe(print(document));
    expect(body.operationName).toBe('Execution');
    expect(body.variables).toEqual({ executionId: 'exec1' });
  });

  it('treats a parsed mutation as a mutation: never retried after a 5xx', async () => {
    const document = parse('mutation StartExecution($input: StartExecutionInput!) { startExecution(input: $input) { clientMutationId } }') as TypedDocumentNode<
      unknown,
      { input: typeof startInput }
    >;
    let requests = 0;
    nock(ORIGIN)
      .persist()
      .post(PATH, () => {
        requests += 1;
        return true;
      })
      .query(true)
      .reply(502, 'Bad Gateway');
    expect(isHarnessServerError(await caught(client().request(document, { input: startInput })))).toBe(true);
    expect(requests).toBe(1);
  });
});

describe('deadlines', () => {
  it('a deadline bounds every attempt and the waits between them, not only the first attempt', async () => {
    const timeoutMs = 500;
    let requests = 0;
    nock(ORIGIN)
      .persist()
      .post(PATH, () => {
        requests += 1;
        return true;
      })
      .query(true)
      .delay(5_000)
      .reply(200, { data: executionData });
    const started = Date.now();
    const error = await caught(
      new HarnessClient({ accountId: ACCOUNT, apiKey: API_KEY, endpoint: `${ORIGIN}${PATH}`, rateLimit: false, timeoutMs }).getExecution('exec1', {
        deadline: started + timeoutMs + 100,
      }),
    );
    expect(isHarnessTimeoutError(error)).toBe(true);
    // Without the deadline the retry policy sends every attempt, each timing out after timeoutMs. With
    // it, once the first attempt has timed out at most the 100 ms left are spent: the backoff before a
    // second attempt is longer than that, so fewer attempts go out, however slowly the machine runs.
    expect(DEFAULT_RETRY.baseDelayMs).toBeGreaterThan(100);
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(DEFAULT_RETRY.maxAttempts);
  });

  it('a backoff that would pass the deadline is not slept: the call ends with the last error', async () => {
    const clock = steppingClock();
    let requests = 0;
    nock(ORIGIN)
      .persist()
      .post(PATH, () => {
        requests += 1;
        return true;
      })
      .query(true)
      .reply(429, 'Too Many Requests');
    const error = await caught(client({ clock }).getExecution('exec1', { deadline: 10_000 }));
    expect(isHarnessRateLimitError(error)).toBe(true);
    expect(clock.now()).toBeLessThan(10_000);
    expect((error as Error).message).toContain("deadline");
    expect(requests).toBeGreaterThanOrEqual(2);
  });
});
