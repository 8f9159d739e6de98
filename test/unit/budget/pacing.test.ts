/** The budget's pure rules: window, margin, adaptation to 429s and serving order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUDGET_WINDOW_MS,
  DECREASE_HOLD_MS,
  HARNESS_WINDOW_MS,
  PRIORITY_AGING_MS,
  RECOVERY_INTERVAL_MS,
  afterRateLimited,
  currentLimit,
  initialLimit,
  recoveryStep,
  servingOrder,
  slotTimes,
  waitBeforeNextMs,
  type QueuedRequest,
} from '../../../src/budget/pacing.js';

/** The most sends that fall in one fixed window [phase + k·60 s, phase + (k+1)·60 s), over every k. */
function mostInAFixedMinute(sends: readonly number[], phase: number): number {
  const counts = new Map<number, number>();
  for (const t of sends) {
    const minute = Math.floor((t - phase) / HARNESS_WINDOW_MS);
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

describe('slotTimes', () => {
  it('grants the limit at once, then each request a window after the one `limit` before it', () => {
    expect(slotTimes([], 0, 3, BUDGET_WINDOW_MS, 5)).toEqual([0, 0, 0, BUDGET_WINDOW_MS, BUDGET_WINDOW_MS]);
    expect(slotTimes([0, 1_000], 2_000, 3, BUDGET_WINDOW_MS, 3)).toEqual([2_000, BUDGET_WINDOW_MS, BUDGET_WINDOW_MS + 1_000]);
  });

  it('forgets sends that left the window', () => {
    expect(waitBeforeNextMs([0, 1_000, 1_500], BUDGET_WINDOW_MS, 3, BUDGET_WINDOW_MS)).toBe(0);
    expect(waitBeforeNextMs([0, 1_000, 1_500], 2_000, 3, BUDGET_WINDOW_MS)).toBe(BUDGET_WINDOW_MS - 2_000);
  });

  it('never puts more than the limit into any fixed minute, whatever its phase, even when each request arrives up to the margin late', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 0, max: HARNESS_WINDOW_MS - 1 }),
        fc.array(fc.integer({ min: 0, max: BUDGET_WINDOW_MS - HARNESS_WINDOW_MS }), { minLength: 120, maxLength: 120 }),
        (limit, gaps, phase, latencies) => {
          // Callers ask at the times the gaps give; each is sent at its slot and arrives after its own latency.
          const sent: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const at = slotTimes(sent, now, limit, BUDGET_WINDOW_MS, 1)[0] ?? now;
            sent.push(at);
            now = at;
          }
          const arrivals = sent.map((t, i) => t + (latencies[i] ?? 0));
          expect(mostInAFixedMinute(arrivals, phase)).toBeLessThanOrEqual(limit);
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });

  it('sends as many requests over time as a fixed minute allows, less only the margin', () => {
    const times = slotTimes([], 0, 30, BUDGET_WINDOW_MS, 300);
    const last = times[times.length - 1] ?? 0;
    // 300 requests need 9 full windows after the first 30.
    expect(last).toBe(9 * BUDGET_WINDOW_MS);
  });
});

describe('adaptive limit', () => {
  it('halves after an unexpected 429, once per burst of them', () => {
    let state = initialLimit(30);
    state = afterRateLimited(state, 1_000);
    expect(currentLimit(state, 1_000)).toBe(15);
    state = afterRateLimited(state, 1_000 + DECREASE_HOLD_MS - 1);
    expect(currentLimit(state, 1_000 + DECREASE_HOLD_MS - 1)).toBe(15);
    state = afterRateLimited(state, 1_000 + DECREASE_HOLD_MS);
    expect(currentLimit(state, 1_000 + DECREASE_HOLD_MS)).toBe(7);
  });

  it('never goes below one request a window', () => {
    let state = initialLimit(5);
    for (let i = 0; i < 10; i += 1) state = afterRateLimited(state, i * DECREASE_HOLD_MS);
    expect(currentLimit(state, 10 * DECREASE_HOLD_MS)).toBe(1);
  });

  it('grows back a fifth of the configured limit per quiet minute, up to the configured limit', () => {
    const state = afterRateLimited(initialLimit(30), 0);
    expect(recoveryStep(30)).toBe(6);
    expect(currentLimit(state, RECOVERY_INTERVAL_MS - 1)).toBe(15);
    expect(currentLimit(state, RECOVERY_INTERVAL_MS)).toBe(21);
    expect(currentLimit(state, 2 * RECOVERY_INTERVAL_MS)).toBe(27);
    expect(currentLimit(state, 3 * RECOVERY_INTERVAL_MS)).toBe(30);
    expect(currentLimit(state, 30 * RECOVERY_INTERVAL_MS)).toBe(30);
    expect(recoveryStep(5)).toBe(1);
  });

  it('halves from the partly recovered limit, not from the configured one', () => {
    const once = afterRateLimited(initialLimit(30), 0);
    const twice = afterRateLimited(once, RECOVERY_INTERVAL_MS);
    expect(currentLimit(twice, RECOVERY_INTERVAL_MS)).toBe(10);
  });
});

describe('servingOrder', () => {
  const req = (priority: QueuedRequest['priority'], sequence: number, enqueuedAt = 0): QueuedRequest => ({ priority, sequence, enqueuedAt });

  it('serves starts and actions, then queries, then polls; first come first served among equals', () => {
    const queue = [req('poll', 0), req('query', 1), req('action', 2), req('poll', 3), req('start', 4), req('query', 5)];
    expect(servingOrder(queue, 0).map((r) => r.sequence)).toEqual([2, 4, 1, 5, 0, 3]);
  });

  it('moves a waiting poll up a rank per aging step, so polls are never starved', () => {
    const oldPoll = req('poll', 0, 0);
    const newStart = req('start', 1, 2 * PRIORITY_AGING_MS);
    expect(servingOrder([oldPoll, newStart], 2 * PRIORITY_AGING_MS - 1).map((r) => r.sequence)).toEqual([1, 0]);
    expect(servingOrder([oldPoll, newStart], 2 * PRIORITY_AGING_MS).map((r) => r.sequence)).toEqual([0, 1]);
  });
});
