/**
 * A sliding window built from short fixed windows ("buckets"), for stores that count in fixed windows
 * (such as rate-limiter-flexible on Redis). A request counts in the bucket its time falls into; a new
 * request may go when the current bucket and the `bucketsBack` before it hold fewer than `limit`. Any
 * stretch of `windowMs` then holds at most `limit` requests, whatever the phase of the server's window.
 * The price: a request blocks its slot up to one bucket longer than the window. Pure.
 */

/** How many earlier buckets a take must count so that the whole of the last `windowMs` is covered. */
export function bucketsBack(windowMs: number, bucketMs: number): number {
  return Math.ceil(windowMs / bucketMs);
}

/** The bucket that `time` falls into. */
export function bucketOf(time: number, bucketMs: number): number {
  return Math.floor(time / bucketMs);
}

/** The buckets a take at `now` must count, oldest first; the last one is the current bucket. */
export function bucketsToCount(now: number, windowMs: number, bucketMs: number): number[] {
  const current = bucketOf(now, bucketMs);
  const back = bucketsBack(windowMs, bucketMs);
  return Array.from({ length: back + 1 }, (_, i) => current - back + i);
}

/**
 * How long until the buckets counted at `now` hold fewer than `limit`, given their counts (oldest
 * first, as {@link bucketsToCount} lists them): 0 when they already do. Bucket j stops counting when
 * the current bucket is j + back + 1.
 */
export function bucketWaitMs(counts: readonly number[], now: number, limit: number, windowMs: number, bucketMs: number): number {
  let total = counts.reduce((sum, n) => sum + n, 0);
  if (total < limit) return 0;
  const buckets = bucketsToCount(now, windowMs, bucketMs);
  const back = bucketsBack(windowMs, bucketMs);
  for (let i = 0; i < counts.length; i += 1) {
    total -= counts[i] ?? 0;
    if (total < limit) return ((buckets[i] ?? 0) + back + 1) * bucketMs - now;
  }
  // Only the current bucket is over the limit (the limit was lowered): it leaves the window last.
  return ((buckets[buckets.length - 1] ?? 0) + back + 1) * bucketMs - now;
}
