/**
 * AccountBudget on a manual clock: slots in priority order, abort and deadlines that end a wait at
 * once, and a limit that adapts to unexpected 429s. No wall time passes.
 */
import { describe, expect, it } from 'vitest';
import { AccountBudget } from '../../../src/budget/account-budget.js';
import { BUDGET_WINDOW_MS, DECREASE_HOLD_MS } from '../../../src/budget/pacing.js';
import type { BudgetStore, RequestPriority, TakeResult } from '../../../src/budget/types.js';
import { HarnessRateLimitError } from '../../../src/errors.js';
import { manualClock } from './manual-clock.js';

function setup(requestsPerMinute = 3) {
  const clock = manualClock(1_000_000);
  const budget = new AccountBudget({ key: 'acct', requestsPerMinute, clock });
  const granted: string[] = [];
  const ask = (name: string, priority: RequestPriority, extra: { signal?: AbortSignal; deadline?: number } = {}) => {
    const done = budget.acquire({ priority, ...extra }).then(() => {
      granted.push(name);
      return clock.now();
    });
    done.catch(() => undefined);
    return done;
  };
  return { clock, budget, granted, ask };
}

describe('AccountBudget', () => {
  it('grants the limit at once and the rest when the window frees a slot, failing none', async () => {
    const { clock, granted, ask } = setup(3);
    const times = ['a', 'b', 'c', 'd', 'e'].map((n) => ask(n, 'query'));
    await clock.settle();
    expect(granted).toEqual(['a', 'b', 'c']);
    await clock.advance(BUDGET_WINDOW_MS - 1);
    expect(granted).toEqual(['a', 'b', 'c']);
    await clock.advance(1);
    expect(granted).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await Promise.all(times)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000 + BUDGET_WINDOW_MS, 1_000_000 + BUDGET_WINDOW_MS]);
  });

  it('serves starts and actions before queries before polls when the budget is short, FIFO among equals', async () => {
    const { clock, granted, ask } = setup(1);
    void ask('first', 'poll');
    await clock.settle();
    for (const [name, priority] of [['poll1', 'poll'], ['query1', 'query'], ['start1', 'start'], ['poll2', 'poll'], ['action1', 'action'], ['query2', 'query']] as const) {
      void ask(name, priority);
    }
    for (let i = 0; i < 6; i += 1) await clock.advance(BUDGET_WINDOW_MS);
    expect(granted).toEqual(['first', 'start1', 'action1', 'query1', 'query2', 'poll1', 'poll2']);
  });

  it('ends a wait at once when its signal aborts, and gives its slot to the next caller', async () => {
    const { clock, budget, granted, ask } = setup(1);
    void ask('first', 'query');
    await clock.settle();
    const controller = new AbortController();
    const aborted = ask('aborted', 'start', { signal: controller.signal });
    void ask('next', 'query');
    await clock.advance(1_000);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(budget.waiting).toBe(1);
    await clock.advance(BUDGET_WINDOW_MS);
    expect(granted).toEqual(['first', 'next']);
  });

  it('lets one signal be shared by many waiting callers without a listener warning, and ends them all', async () => {
    const { clock, ask } = setup(1);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const waits = Array.from({ length: 50 }, (_, i) => ask(`w${i}`, 'query', { signal: controller.signal }));
      await clock.settle();
      controller.abort(new Error('job cancelled'));
      const outcomes = await Promise.allSettled(waits);
      expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(49);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rejects at once with the reason of a signal that was already aborted, counting nothing', async () => {
    const { clock, budget, granted, ask } = setup(1);
    const controller = new AbortController();
    controller.abort(new Error('already'));
    await expect(ask('x', 'start', { signal: controller.signal })).rejects.toThrow('already');
    await ask('y', 'start');
    expect(granted).toEqual(['y']);
    expect(budget.waiting).toBe(0);
    await clock.settle();
  });

  it('refuses at once, saying nothing was sent, a caller whose deadline comes before its slot', async () => {
    const { clock, budget, ask } = setup(2);
    void ask('a', 'query');
    void ask('b', 'query');
    await clock.settle();
    const started = clock.now();
    const refused = ask('late', 'query', { deadline: started + BUDGET_WINDOW_MS - 1 });
    await clock.settle();
    const error = await refused.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessRateLimitError);
    expect((error as Error).message).toMatch(/nothing was sent/);
    expect(clock.now()).toBe(started);
    expect(budget.waiting).toBe(0);
    // One that can make it is served at its slot.
    const inTime = ask('inTime', 'query', { deadline: started + BUDGET_WINDOW_MS });
    await clock.advance(BUDGET_WINDOW_MS);
    expect(await inTime).toBe(started + BUDGET_WINDOW_MS);
  });

  it('counts the callers ahead when it decides whether a deadline can be met', async () => {
    const { clock, ask } = setup(1);
    void ask('a', 'query');
    void ask('b', 'query');
    await clock.settle();
    // b gets the second window; this caller would get the third.
    const refused = ask('c', 'query', { deadline: clock.now() + 2 * BUDGET_WINDOW_MS - 1 });
    await clock.settle();
    await expect(refused).rejects.toBeInstanceOf(HarnessRateLimitError);
  });

  it('refuses a waiter at its deadline when a higher priority took its slot meanwhile', async () => {
    const { clock, granted, ask } = setup(1);
    void ask('a', 'query');
    await clock.settle();
    const deadline = clock.now() + BUDGET_WINDOW_MS + 5_000;
    const poll = ask('poll', 'poll', { deadline });
    await clock.advance(1_000);
    void ask('start', 'start');
    await clock.advance(BUDGET_WINDOW_MS);
    expect(granted).toEqual(['a', 'start']);
    const error = await poll.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessRateLimitError);
  });

  it('slows down after an unexpected 429 and recovers when they stop', async () => {
    const { clock, budget, granted, ask } = setup(4);
    budget.noteRateLimited();
    expect(budget.currentLimit).toBe(2);
    for (const n of ['a', 'b', 'c']) void ask(n, 'query');
    await clock.settle();
    expect(granted).toEqual(['a', 'b']);
    budget.noteRateLimited();
    expect(budget.currentLimit).toBe(2); // same burst of 429s
    await clock.advance(DECREASE_HOLD_MS);
    budget.noteRateLimited();
    expect(budget.currentLimit).toBe(1);
    await clock.advance(BUDGET_WINDOW_MS);
    expect(granted).toEqual(['a', 'b', 'c']);
    await clock.advance(10 * BUDGET_WINDOW_MS);
    expect(budget.currentLimit).toBe(4);
  });

  it('fails every waiter with the store error when the store fails', async () => {
    const failing: BudgetStore = {
      description: 'broken',
      take: async (): Promise<TakeResult> => {
        throw new Error('store down');
      },
    };
    const budget = new AccountBudget({ key: 'k', store: failing, clock: manualClock() });
    await expect(budget.acquire({ priority: 'start' })).rejects.toThrow('store down');
  });

  it('with a store that cannot plan ahead, refuses callers whose deadline comes before the next slot it names', async () => {
    const clock = manualClock();
    let takes = 0;
    const store: BudgetStore = {
      description: 'a store the fleet shares',
      take: async (): Promise<TakeResult> => {
        takes += 1;
        return takes === 1 ? { taken: false, retryInMs: 10_000 } : { taken: true };
      },
    };
    const budget = new AccountBudget({ key: 'k', store, clock });
    const early = budget.acquire({ priority: 'start', deadline: 5_000 });
    const late = budget.acquire({ priority: 'query', deadline: 20_000 });
    early.catch(() => undefined);
    await clock.settle();
    await expect(early).rejects.toBeInstanceOf(HarnessRateLimitError);
    expect(clock.now()).toBe(0);
    await clock.advance(10_000);
    await expect(late).resolves.toBeUndefined();
  });

  it('refuses a limit that is not a whole positive number', () => {
    expect(() => new AccountBudget({ key: 'k', requestsPerMinute: 0 })).toThrow(RangeError);
    expect(() => new AccountBudget({ key: 'k', requestsPerMinute: 2.5 })).toThrow(RangeError);
  });
});
