/** The bucketed sliding window that a fixed-window store (Redis) keeps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, bucketWaitMs, bucketsBack, bucketsToCount } from '../../../src/budget/bucket-window.js';

describe('bucketed window', () => {
  it('counts the current bucket and enough earlier ones to cover the window', () => {
    expect(bucketsBack(62_000, 2_000)).toBe(31);
    expect(bucketsToCount(10_500, 4_000, 1_000)).toEqual([6, 7, 8, 9, 10]);
  });

  it('waits until enough of the oldest buckets stop counting', () => {
    // Buckets 6..10 at 10.5 s, window 4 s, limit 3: [1, 0, 2, 0, 0] holds 3; bucket 6 stops at bucket 11.
    expect(bucketWaitMs([1, 0, 2, 0, 0], 10_500, 3, 4_000, 1_000)).toBe(500);
    expect(bucketWaitMs([0, 0, 2, 0, 1], 10_500, 3, 4_000, 1_000)).toBe(2_500);
    expect(bucketWaitMs([0, 0, 1, 0, 1], 10_500, 3, 4_000, 1_000)).toBe(0);
  });

  it('never lets more than the limit into any stretch of the window, whatever the timing', () => {
    const windowMs = 4_000;
    const bucketMs = 1_000;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 1_500 }), { minLength: 1, maxLength: 80 }), (limit, gaps) => {
        const sent: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          for (;;) {
            const counts = bucketsToCount(now, windowMs, bucketMs).map((b) => sent.filter((t) => bucketOf(t, bucketMs) === b).length);
            const wait = bucketWaitMs(counts, now, limit, windowMs, bucketMs);
            if (wait === 0) break;
            expect(wait).toBeGreaterThan(0);
            now += wait;
          }
          sent.push(now);
        }
        for (const start of sent) {
          expect(sent.filter((t) => t >= start && t < start + windowMs).length).toBeLessThanOrEqual(limit);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
