/**
 * Answers that are wrong in ways a proxy or a changed API can produce: the SDK must end with data it
 * can vouch for or a typed error, never a TypeError or an endless loop.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarnessClient, isHarnessServerError } from '../../src/index.js';

const ORIGIN = 'https://harness.test';
const client = () =>
  new HarnessClient({ accountId: 'acct', apiKey: 'fake-hostile-key', endpoint: `${ORIGIN}/gateway/api/graphql`, rateLimit: false, retry: false });

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const node = (id: string) => ({ id, name: `p ${id}`, description: null, pipelineVariables: [] });

describe('listing', () => {
  it('skips nodes that are not objects and ids that are not strings', async () => {
    nock(ORIGIN)
      .post('/gateway/api/graphql')
      .query(true)
      .reply(200, { data: { pipelines: { pageInfo: { hasMore: false }, nodes: ['oops', 7, null, [], { id: 3 }, node('a'), { ...node('b'), name: 9 }] } } });
    const listed = [];
    for await (const p of client().listPipelines({ applicationId: 'app' })) listed.push([p.id, p.name]);
    expect(listed).toEqual([
      ['a', 'p a'],
      ['b', 'b'],
    ]);
  });

  it('stops when a server ignores offset and repeats the same page with hasMore: true', async () => {
    let requests = 0;
    nock(ORIGIN)
      .persist()
      .post('/gateway/api/graphql', () => {
        requests += 1;
        return requests <= 50; // a runaway loop fails with "no match" instead of spinning forever
      })
      .query(true)
      .reply(200, { data: { pipelines: { pageInfo: { hasMore: true }, nodes: [node('a'), node('b')] } } });
    const listed = [];
    for await (const p of client().listPipelines({ applicationId: 'app' })) listed.push(p.id);
    expect(listed).toEqual(['a', 'b']);
    expect(requests).toBe(2);
  });
});

describe('REST abort', () => {
  it('an envelope that reports an error is not a successful abort, whatever the status', async () => {
    nock(ORIGIN)
      .put('/gateway/api/executions/e1')
      .query(true)
      .reply(200, { metaData: {}, resource: null, responseMessages: [{ code: 'INVALID_REQUEST', level: 'ERROR', message: 'Workflow execution does not exist.' }] });
    const error = await client()
      .abortExecution({ applicationId: 'app', executionId: 'e1' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isHarnessServerError(error)).toBe(true);
    expect((error as Error).message).toContain('Workflow execution does not exist.');
  });

  it('an envelope with only informational messages is a successful abort', async () => {
    nock(ORIGIN)
      .put('/gateway/api/executions/e1')
      .query(true)
      .reply(200, { metaData: {}, resource: { executionInterruptType: 'ABORT_ALL' }, responseMessages: [{ level: 'INFO', message: 'ok' }] });
    await expect(client().abortExecution({ applicationId: 'app', executionId: 'e1' })).resolves.toBeUndefined();
  });
});
