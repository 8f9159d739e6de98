/**
 * The account's request budget as the transport sees it, and the store behind it. Harness counts every
 * HTTP request to its GraphQL endpoint against one per-account budget, whatever the document holds.
 */

export type RequestPriority = 'start' | 'action' | 'query' | 'poll';
/** The account's request budget as the transport sees it. */
export interface RequestBudget {
  /** Resolves when one request may be sent, and counts it. Rejects at once with signal.reason when the
   * signal aborts while waiting (the caller leaves the queue and nothing is sent later), and with a
   * HarnessRateLimitError saying nothing was sent when no slot comes before `deadline`. */
  acquire(request: { signal?: AbortSignal | undefined; deadline?: number | undefined; priority: RequestPriority }): Promise<void>;
  /** Harness answered 429 although the budget allowed the request: others spend the account's budget. */
  noteRateLimited(): void;
}

/** What a {@link BudgetStore} answers when asked for one request. */
export type TakeResult = { readonly taken: true } | { readonly taken: false; readonly retryInMs: number };

/**
 * Where the requests of an account's window are counted. The in-process store counts one process's
 * requests; a shared store (Redis) counts those of every process that uses it, so a fleet of jobs on
 * one account takes turns instead of colliding.
 */
export interface BudgetStore {
  /** A short description for messages, such as `in-process` or `redis://host:6379`. Never holds a password. */
  readonly description: string;
  /**
   * Takes one request from the window of `key` when fewer than `limit` were taken in the last
   * `windowMs`; otherwise takes nothing and says how long to wait before asking again.
   */
  take(key: string, limit: number, windowMs: number, now: number): Promise<TakeResult>;
  /**
   * When each of the next `count` requests could be taken if nobody else asks in between, earliest
   * first. Stores that cannot tell (a shared one) leave this out; the budget then knows only the wait
   * that `take` answers.
   */
  slotTimes?(key: string, limit: number, windowMs: number, count: number, now: number): readonly number[];
  /** Lets go of connections. The budget never calls it; whoever created the store does. */
  close?(): Promise<void>;
}
