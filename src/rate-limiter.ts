/**
 * A sliding-window limiter shared by all calls of one client, mirroring Harness's per-account window
 * (30 requests a minute by default). Requests wait for a free slot instead of failing with 429.
 */
import type { Clock } from './internal/clock.js';

/** Client-side request budget. */
export interface RateLimitOptions {
  /**
   * Requests allowed in any 60-second window. Harness allows 30 a minute per account
   * (5 for community accounts), shared by every key and user of the account.
   * @default 30
   */
  requestsPerMinute?: number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

/** How long a request must wait, given the send times still inside the window. Pure. */
export function waitBeforeNextMs(sentAt: readonly number[], now: number, limit: number): number {
  const inWindow = sentAt.filter((t) => t > now - WINDOW_MS);
  if (inWindow.length < limit) return 0;
  const oldestThatMustExpire = inWindow[inWindow.length - limit];
  return oldestThatMustExpire === undefined ? 0 : oldestThatMustExpire + WINDOW_MS - now;
}

export class SlidingWindowRateLimiter {
  private readonly sentAt: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves when a request may be sent, and counts it. Callers are served in order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A caller that gave up must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - WINDOW_MS) this.sentAt.shift();
      const wait = waitBeforeNextMs(this.sentAt, now, this.limit);
      if (wait <= 0) {
        this.sentAt.push(now);
        return;
      }
      await this.clock.sleep(wait, signal);
    }
  }
}
