/** A clock for budget tests: time moves only with `advance`, which fires due sleeps in time order. */
import type { Clock } from '../../../src/internal/clock.js';

interface Sleeper {
  at: number;
  resolve: () => void;
}

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, waking each sleeper at its own time and letting it run before the next. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  settle(): Promise<void>;
  /** When the earliest sleeper wakes, or undefined when nobody sleeps. */
  nextWakeAt(): number | undefined;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * @param start the initial time
 * @param mirror told of every move of time (for example a fake server's manual clock, to keep both in step)
 */
export function manualClock(start = 0, mirror?: { advance(ms: number): void }): ManualClock {
  let time = start;
  const moveTo = (to: number) => {
    if (to > time) mirror?.advance(to - time);
    time = Math.max(time, to);
  };
  let sleepers: Sleeper[] = [];
  const clock: ManualClock = {
    now: () => time,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper: Sleeper = { at: time + Math.max(0, ms), resolve: () => undefined };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal?.reason);
        };
        sleeper.resolve = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      }),
    settle: flush,
    nextWakeAt: () => (sleepers.length === 0 ? undefined : Math.min(...sleepers.map((s) => s.at))),
    advance: async (ms) => {
      const until = time + ms;
      await flush();
      for (;;) {
        const due = sleepers.filter((s) => s.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        sleepers = sleepers.filter((s) => s !== due);
        moveTo(due.at);
        due.resolve();
        await flush();
      }
      moveTo(until);
      await flush();
    },
  };
  return clock;
}
