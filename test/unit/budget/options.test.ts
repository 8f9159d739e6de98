/** One budget per endpoint and account in a process, unless a client asks for its own. */
import { describe, expect, it } from 'vitest';
import { InProcessBudgetStore } from '../../../src/budget/memory-store.js';
import { BudgetRegistry, budgetKey, budgetOptionIssues } from '../../../src/budget/options.js';
import { manualClock } from './manual-clock.js';

const ENDPOINT = 'https://app.harness.io/gateway/api/graphql';

describe('budgetKey', () => {
  it('names the origin, path and account, ignoring a query string and a trailing slash', () => {
    expect(budgetKey(`${ENDPOINT}?x=1`, 'acct')).toBe(budgetKey(`${ENDPOINT}/`, 'acct'));
    expect(budgetKey(ENDPOINT, 'acct')).not.toBe(budgetKey(ENDPOINT, 'other'));
    expect(budgetKey(ENDPOINT, 'acct')).not.toBe(budgetKey('https://harness.example.com/gateway/api/graphql', 'acct'));
  });
});

describe('BudgetRegistry', () => {
  it('gives every shared client of one endpoint and account the same budget, and other accounts another', () => {
    const registry = new BudgetRegistry();
    const a = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' });
    const b = registry.budgetFor({ endpoint: `${ENDPOINT}/`, accountId: 'acct' }, { budget: "shared" });
    const other = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'other' });
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(other).not.toBe(a);
  });

  it("gives a client that asks for its own budget a fresh one, and none for false", () => {
    const registry = new BudgetRegistry();
    const shared = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' });
    const own = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { budget: 'own' });
    expect(own).not.toBe(shared);
    expect(own).not.toBe(registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { budget: 'own' }));
    expect(registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { budget: false })).toBeUndefined();
  });

  it('shares one budget per store, and keeps a store apart from the in-process one', () => {
    const registry = new BudgetRegistry();
    const store = new InProcessBudgetStore();
    const a = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { budget: store });
    expect(registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { budget: store })).toBe(a);
    expect(a?.store).toBe(store);
    expect(registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' })).not.toBe(a);
  });

  it('keeps clients on different clocks apart (a test clock never delays real clients)', () => {
    const registry = new BudgetRegistry();
    const real = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' });
    expect(registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct', clock: manualClock() })).not.toBe(real);
  });

  it('keeps the lowest limit any sharing client asked for', () => {
    const registry = new BudgetRegistry();
    const budget = registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { requestsPerMinute: 30 });
    registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { requestsPerMinute: 5 });
    registry.budgetFor({ endpoint: ENDPOINT, accountId: 'acct' }, { requestsPerMinute: 20 });
    expect(budget?.requestsPerMinute).toBe(5);
    expect(budget?.currentLimit).toBe(5);
  });
});

describe('budgetOptionIssues', () => {
  it('accepts the documented forms and names what is wrong with others', () => {
    for (const budget of [undefined, "shared", 'own', false, new InProcessBudgetStore()]) {
      expect(budgetOptionIssues({ budget, requestsPerMinute: 5 })).toEqual([]);
    }
    expect(budgetOptionIssues({ budget: 'redis' }).map((i) => i.variable)).toEqual(['budget']);
    expect(budgetOptionIssues({ budget: true, requestsPerMinute: 0 }).map((i) => i.variable)).toEqual(['budget', 'requestsPerMinute']);
    expect(budgetOptionIssues({ requestsPerMinute: '30' }).map((i) => i.variable)).toEqual(['requestsPerMinute']);
  });
});
