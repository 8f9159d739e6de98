/**
 * Time on the fake. Executions, approvals and the request budget all read one clock, which tests
 * move by hand (`'manual'`) or let run with real time, optionally sped up.
 */

/** Default clock start (2024-01-01T00:00:00Z) in manual mode. */
export const DEFAULT_STARTED_AT = Date.UTC(2024, 0, 1);

/** What the engine needs of a clock: the time now, epoch ms. */
export interface ClockLike {
  now(): number;
}

/** The fake's clock. */
export interface FakeClock extends ClockLike {
  /** Current fake time, epoch ms. */
  now(): number;
  /** Moves time forward by `ms`. */
  advance(ms: number): void;
}

/** How time moves on the fake. */
export type FakeClockOption = 'manual' | { realTime: true; speed?: number };

/** A clock that moves only when advanced (`'manual'`), or with real time times `speed` plus what was advanced. */
export function makeClock(option: FakeClockOption | undefined, startedAt: number | undefined): FakeClock {
  if (option === undefined || option === 'manual') {
    let t = startedAt ?? DEFAULT_STARTED_AT;
    return {
      now: () => t,
      advance: (ms) => {
        if (ms < 0) throw new RangeError('the fake clock only moves forward');
        t += ms;
      },
    };
  }
  const speed = option.speed ?? 1;
  const realStart = Date.now();
  const base = startedAt ?? realStart;
  let offset = 0;
  return {
    now: () => Math.floor(base + (Date.now() - realStart) * speed + offset),
    advance: (ms) => {
      if (ms < 0) throw new RangeError('the fake clock only moves forward');
      offset += ms;
    },
  };
}
