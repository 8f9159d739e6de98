/**
 * The client's budget options: `budget` and `requestsPerMinute`, the deprecated `rateLimit` mapped onto
 * them, and clients of one endpoint and account sharing one budget by default.
 */
import { describe, expect, it } from 'vitest';
import { resolveClientOptions } from '../../../src/config.js';
import { HarnessClient, isHarnessValidationError } from '../../../src/index.js';
import { InProcessBudgetStore } from '../../../src/budget/memory-store.js';
import type { Clock } from '../../../src/internal/clock.js';

const base = { accountId: 'acct', apiKey: 'key-never-shown' };

function issuesOf(options: object): string[] {
  try {
    resolveClientOptions(options as never);
  } catch (error) {
    if (isHarnessValidationError(error)) return error.issues.map((i) => i.variable ?? '');
    throw error;
  }
  return [];
}

describe('budget options', () => {
  it("default to the shared budget at 30 a minute", () => {
    const resolved = resolveClientOptions(base);
    expect(resolved.budget).toEqual({ budget: undefined, requestsPerMinute: undefined });
    expect(resolved.requestsPerMinute).toBe(30);
  });

  it('map the deprecated rateLimit: false is budget false, { requestsPerMinute } is requestsPerMinute', () => {
    expect(resolveClientOptions({ ...base, rateLimit: false }).budget.budget).toBe(false);
    expect(resolveClientOptions({ ...base, rateLimit: { requestsPerMinute: 5 } }).budget.requestsPerMinute).toBe(5);
    // The new options win when both are given.
    expect(resolveClientOptions({ ...base, rateLimit: { requestsPerMinute: 5 }, requestsPerMinute: 10 }).budget.requestsPerMinute).toBe(10);
    expect(resolveClientOptions({ ...base, rateLimit: false, budget: 'own' }).budget.budget).toBe('own');
  });

  it('accept a budget store and refuse anything else, naming the option', () => {
    expect(issuesOf({ ...base, budget: new InProcessBudgetStore() })).toEqual([]);
    expect(issuesOf({ ...base, budget: 'everyone', requestsPerMinute: 0 })).toEqual(['budget', 'requestsPerMinute']);
    expect(issuesOf({ ...base, rateLimit: { requestsPerMinute: 1.5 } })).toEqual(['rateLimit.requestsPerMinute']);
  });
});

describe('clients of one account share a budget', () => {
  /** A clock frozen at 0: nothing waits its turn by itself, so the count shows the shared window. */
  const frozen = (): Clock => ({ now: () => 0, sleep: () => new Promise<void>(() => undefined) });

  function counting(clock: Clock, extra: object = {}) {
    const sent: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      sent.push(1);
      return new Response('{"data":{"ping":true}}');
    };
    const client = (more: object = {}) =>
      new HarnessClient({ ...base, endpoint: 'https://harness.invalid/gateway/api/graphql', fetch, clock, ...extra, ...more });
    return { client, sent };
  }

  async function sendFrom(clients: HarnessClient[], each: number): Promise<void> {
    for (const client of clients) for (let i = 0; i < each; i += 1) void client.request('query Ping { ping }', {}).catch(() => undefined);
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  it('by default: three clients sending 5 each on a 10-a-minute account send 10 in the window', async () => {
    const { client, sent } = counting(frozen(), { requestsPerMinute: 10 });
    await sendFrom([client(), client(), client()], 5);
    expect(sent).toHaveLength(10);
  });

  it("'own' gives each client its window, and false sends everything at once", async () => {
    const own = counting(frozen(), { requestsPerMinute: 10, budget: 'own' });
    await sendFrom([own.client(), own.client(), own.client()], 5);
    expect(own.sent).toHaveLength(15);
    const none = counting(frozen(), { requestsPerMinute: 1, rateLimit: false });
    await sendFrom([none.client(), none.client()], 5);
    expect(none.sent).toHaveLength(10);
  });

  it('the lowest limit of the clients sharing a budget wins', async () => {
    const { client, sent } = counting(frozen());
    await sendFrom([client({ requestsPerMinute: 30 }), client({ rateLimit: { requestsPerMinute: 4 } })], 5);
    expect(sent).toHaveLength(4);
  });
});
