/** Batched polling with a fake `send` on a manual clock: who rides in which request, and what each gets. */
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_ALIASES_PER_REQUEST, batchDocument, chunkIds, routeBatchAnswer, type BatchAnswer } from '../../../src/budget/batch-document.js';
import { DEFAULT_GATHER_MS, PollBatcher, TICK_SCHEDULE, tickDelayMs, type BatchSendOptions } from '../../../src/budget/poll-batcher.js';
import { HarnessRequestError } from '../../../src/errors.js';
import { manualClock } from './manual-clock.js';

const running = (id: string) => ({ __typename: 'WorkflowExecution', id, status: 'RUNNING' });

interface SentRequest {
  at: number;
  ids: string[];
  options: BatchSendOptions;
}

/** A send that answers every alias as a running execution, unless told otherwise. */
function fakeSend(clock: { now(): number }, answer?: (ids: string[]) => BatchAnswer | Promise<BatchAnswer>) {
  const sent: SentRequest[] = [];
  const send = async (document: string, variables: Record<string, string>, options: BatchSendOptions): Promise<BatchAnswer> => {
    const ids = Object.values(variables);
    expect(parse(document).definitions.length).toBeGreaterThan(1);
    sent.push({ at: clock.now(), ids, options });
    if (answer) return answer(ids);
    return { data: Object.fromEntries(ids.map((id, i) => [`e${i}`, running(id)])) };
  };
  return { sent, send };
}

describe('batch document', () => {
  it('reads each execution through its own alias with the fields of a single poll', () => {
    const document = parse(batchDocument(3));
    const query = document.definitions[0];
    expect(query?.kind).toBe('OperationDefinition');
    const text = batchDocument(3);
    expect(text).toContain('e2: execution(executionId: $id2)');
    expect(text).toContain('fragment ExecutionFields on Execution');
    expect(text).toContain('fragment StageExecutionFields');
    expect(() => batchDocument(MAX_ALIASES_PER_REQUEST + 1)).toThrow(RangeError);
  });

  it('chunks at 50 aliases', () => {
    const ids = Array.from({ length: 120 }, (_, i) => `x${i}`);
    expect(chunkIds(ids).map((c) => c.length)).toEqual([50, 50, 20]);
  });

  it("routes each alias's error to its execution, a document error to all, and null without error as null", () => {
    const answer: BatchAnswer = {
      data: { e0: running('a'), e1: null, e2: null },
      errors: [{ message: 'Invalid request: Execution does not exist or access is denied', path: ['e1'] }],
    };
    expect(routeBatchAnswer(['a', 'b', 'c'], answer)).toEqual([
      { kind: 'execution', execution: running('a') },
      { kind: 'errors', messages: ['Invalid request: Execution does not exist or access is denied'] },
      { kind: 'execution', execution: null },
    ]);
    expect(routeBatchAnswer(['a', 'b'], { data: null, errors: [{ message: 'depth exceeded' }] })).toEqual([
      { kind: 'errors', messages: ['depth exceeded'] },
      { kind: 'errors', messages: ['depth exceeded'] },
    ]);
  });
});

describe('PollBatcher', () => {
  it('lets 40 waits share one request per tick, on the schedule of a single wait', async () => {
    const clock = manualClock();
    const { sent, send } = fakeSend(clock);
    const batcher = new PollBatcher({ send, clock, random: () => 0.5 });
    const controller = new AbortController();
    const readings = new Map<string, number>();
    const ids = Array.from({ length: 40 }, (_, i) => `exec-${i}`);
    const loops = ids.map(async (id) => {
      for (;;) {
        const execution = await batcher.poll(id, { signal: controller.signal }).catch(() => undefined);
        if (!execution) return;
        readings.set(id, (readings.get(id) ?? 0) + 1);
      }
    });
    await clock.advance(10 * 60_000);
    controller.abort();
    await Promise.all(loops);

    expect(sent.every((r) => r.ids.length === 40)).toBe(true);
    expect(sent[0]?.at).toBe(DEFAULT_GATHER_MS);
    const gaps = sent.slice(1).map((r, i) => r.at - (sent[i]?.at ?? 0));
    expect(gaps.slice(0, 3)).toEqual([tickDelayMs(1, () => 0.5), tickDelayMs(2, () => 0.5), tickDelayMs(3, () => 0.5)]);
    expect(Math.max(...gaps)).toBe(TICK_SCHEDULE.maxDelayMs);
    // One wait's polls: about 60 000 / 12 500 a minute once at the cap.
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((10 * 60_000) / TICK_SCHEDULE.maxDelayMs) + 3);
    for (const id of ids) expect(readings.get(id)).toBe(sent.length);
  });

  it('reads a newly waited-on execution within the gather time, with everyone riding along', async () => {
    const clock = manualClock();
    const { sent, send } = fakeSend(clock);
    const batcher = new PollBatcher({ send, clock, random: () => 0.5 });
    const first = batcher.poll('a');
    await clock.advance(DEFAULT_GATHER_MS);
    await first;
    void batcher.poll('a');
    await clock.advance(1_000);
    const late = batcher.poll('b');
    await clock.advance(DEFAULT_GATHER_MS);
    await expect(late).resolves.toEqual(running('b'));
    expect(sent.map((r) => [r.at, r.ids])).toEqual([
      [DEFAULT_GATHER_MS, ['a']],
      [DEFAULT_GATHER_MS + 1_000 + DEFAULT_GATHER_MS, ['a', 'b']],
    ]);
  });

  it('splits a tick into requests of at most 50 executions', async () => {
    const clock = manualClock();
    const { sent, send } = fakeSend(clock);
    const batcher = new PollBatcher({ send, clock });
    const polls = Array.from({ length: 120 }, (_, i) => batcher.poll(`x${i}`));
    await clock.advance(DEFAULT_GATHER_MS);
    await Promise.all(polls);
    expect(sent.map((r) => r.ids.length)).toEqual([50, 50, 20]);
    expect(batcher.requestsSent).toBe(3);
  });

  it("gives each waiter its own execution's error, and the whole request's failure to all", async () => {
    const clock = manualClock();
    let fail = false;
    const { send } = fakeSend(clock, (ids) => {
      if (fail) throw new Error('HTTP 500');
      return {
        data: Object.fromEntries(ids.map((id, i) => [`e${i}`, id === 'gone' ? null : running(id)])),
        errors: ids.includes('gone') ? [{ message: 'Execution does not exist or access is denied', path: [`e${ids.indexOf('gone')}`] }] : [],
      };
    });
    const batcher = new PollBatcher({ send, clock });
    const ok = batcher.poll('ok');
    const gone = batcher.poll('gone');
    gone.catch(() => undefined);
    await clock.advance(DEFAULT_GATHER_MS);
    await expect(ok).resolves.toEqual(running('ok'));
    const error = await gone.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessRequestError);
    expect((error as HarnessRequestError).graphqlErrors).toEqual(['Execution does not exist or access is denied']);

    fail = true;
    const a = batcher.poll('ok').catch((e: unknown) => e);
    const b = batcher.poll('other').catch((e: unknown) => e);
    await clock.advance(TICK_SCHEDULE.maxDelayMs * 2);
    expect(((await a) as Error).message).toBe('HTTP 500');
    expect(((await b) as Error).message).toBe('HTTP 500');
  });

  it('lets an aborted waiter leave at once, and aborts a request that nobody waits for any more', async () => {
    const clock = manualClock();
    let release: (() => void) | undefined;
    const { sent, send } = fakeSend(clock, (ids) => new Promise((resolve) => {
      release = () => resolve({ data: Object.fromEntries(ids.map((id, i) => [`e${i}`, running(id)])) });
    }));
    const batcher = new PollBatcher({ send, clock });
    const before = new AbortController();
    const leftBeforeTick = batcher.poll('x', { signal: before.signal });
    before.abort(new Error('left early'));
    await expect(leftBeforeTick).rejects.toThrow('left early');
    expect(batcher.waiting).toBe(0);
    await clock.advance(DEFAULT_GATHER_MS * 2);
    expect(sent).toHaveLength(0);

    const one = new AbortController();
    const two = new AbortController();
    const p1 = batcher.poll('a', { signal: one.signal });
    const p2 = batcher.poll('b', { signal: two.signal });
    await clock.advance(DEFAULT_GATHER_MS);
    expect(sent).toHaveLength(1);
    one.abort(new Error('one left'));
    await expect(p1).rejects.toThrow('one left');
    expect(sent[0]?.options.signal.aborted).toBe(false);
    two.abort(new Error('two left'));
    await expect(p2).rejects.toThrow('two left');
    expect(sent[0]?.options.signal.aborted).toBe(true);
    release?.();
  });

  it("polls no later than a waiter's deadline, and hands the request the latest deadline of its waiters", async () => {
    const clock = manualClock();
    const { sent, send } = fakeSend(clock);
    const batcher = new PollBatcher({ send, clock, random: () => 0.5 });
    await Promise.all([batcher.poll('a'), batcher.poll('b'), clock.advance(DEFAULT_GATHER_MS)]);
    const early = batcher.poll('a', { deadline: DEFAULT_GATHER_MS + 1_000 });
    const later = batcher.poll('b', { deadline: 90_000 });
    await clock.advance(1_000);
    await Promise.all([early, later]);
    expect(sent[1]?.at).toBe(DEFAULT_GATHER_MS + 1_000);
    expect(sent[1]?.options.deadline).toBe(90_000);
  });
});
