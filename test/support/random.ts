/**
 * A seeded source of numbers in [0, 1) for the `random` options of the SDK (poll jitter, backoff), so a
 * test sees the same schedule on every run. mulberry32: tiny, fast and well spread for a test's needs.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
