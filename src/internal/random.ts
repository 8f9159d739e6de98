/** A source of numbers in [0, 1), as `Math.random`; the SDK draws every jitter from one. */
export type RandomSource = () => number;

/** Just below 1: the largest value a source in [0, 1) may return. */
const BELOW_ONE = 1 - Number.EPSILON / 2;

/**
 * `random`, with every value it returns brought into [0, 1): NaN and other non-numbers become 0 and
 * out-of-range numbers the nearest end. A faulty source then bends the jitter but can never make a
 * wait negative, NaN (which Node's timers treat as 0) or longer than its schedule allows.
 */
export function clampedRandom(random: RandomSource): RandomSource {
  return () => {
    const value: unknown = random();
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) return 0;
    return value >= 1 ? BELOW_ONE : value;
  };
}
