/**
 * Many waits cost about one: the execution polls of a process share one request per tick, carrying
 * every execution being waited on (aliases, at most 50 a request), and each answer goes back to its
 * own waiter. The ticks follow the schedule of a single wait (the first at once, then from 7 s growing
 * to 12.5 s, each ±15 %), so 40 waits send the polls of one, and each sees its execution's end within
 * one wait's delay. An execution that starts being waited on mid-way is read within `gatherMs`, with
 * everyone else riding along.
 *
 * A waiter calls {@link PollBatcher.poll} and gets the next tick's reading; it should not sleep on
 * its own between polls, since the tick is its sleep.
 */
import { HarnessRequestError } from '../errors.js';
import type { ExecutionFieldsFragment } from '../generated/graphql.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { whenAborted } from './abort-listeners.js';
import { BATCH_OPERATION_NAME, batchDocument, batchVariables, chunkIds, routeBatchAnswer, type BatchAnswer } from './batch-document.js';

/** What the batcher asks of the transport for one batched request. */
export interface BatchSendOptions {
  /** Aborts when every waiter of the request has gone. */
  readonly signal: AbortSignal;
  /** The latest deadline of the request's waiters, or undefined when one of them has none. */
  readonly deadline: number | undefined;
}

/** Sends one batched query (one unit of the account's budget, priority `poll`) and answers its raw `data` and `errors`. */
export type BatchSend = (document: string, variables: Record<string, string>, options: BatchSendOptions) => Promise<BatchAnswer>;

/** Options of {@link PollBatcher}. */
export interface PollBatcherOptions {
  /** Sends a batched query; it should spend the budget with priority `poll` and throw a HarnessError when the whole request fails. */
  send: BatchSend;
  /**
   * Turns the GraphQL errors of one execution into the error its waiter gets.
   * @default a HarnessRequestError carrying the messages
   */
  toError?: ((messages: readonly string[], executionId: string) => unknown) | undefined;
  /**
   * Time source; injectable for tests.
   * @default the system clock
   */
  clock?: Clock | undefined;
  /**
   * Source of numbers in [0, 1) for the jitter of the ticks.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * How soon an execution that nobody polled yet is read, so that executions whose waits start
   * together share their first request.
   * @default 500
   */
  gatherMs?: number | undefined;
}

/** The tick schedule: the same as one wait's (first delay 7 s, ×1.5 per tick, capped at 12.5 s, ±15 %). */
export const TICK_SCHEDULE = Object.freeze({ minDelayMs: 7_000, maxDelayMs: 12_500, backoffFactor: 1.5, jitter: 0.15 });
/** After this long without a tick, the schedule starts over from its first delay. */
export const SESSION_IDLE_MS = 2 * TICK_SCHEDULE.maxDelayMs;
export const DEFAULT_GATHER_MS = 500;

/** The delay after the `ticks`-th tick of a session (1 after the first). Pure. */
export function tickDelayMs(ticks: number, random: () => number): number {
  const { minDelayMs, maxDelayMs, backoffFactor, jitter } = TICK_SCHEDULE;
  const base = Math.min(maxDelayMs, minDelayMs * backoffFactor ** Math.max(0, ticks - 1));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.round(base * (1 + jitter * (2 * unit - 1)));
}

interface PollWaiter {
  readonly id: string;
  readonly deadline: number | undefined;
  readonly askedAt: number;
  gone: boolean;
  resolve(execution: ExecutionFieldsFragment | null): void;
  reject(reason: unknown): void;
  /** Set while the waiter's request is in flight: tells it that one of its waiters has left. */
  onLeave?: (() => void) | undefined;
}

export class PollBatcher {
  readonly #send: BatchSend;
  readonly #toError: (messages: readonly string[], executionId: string) => unknown;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #gatherMs: number;
  #pending: PollWaiter[] = [];
  readonly #seen = new Set<string>();
  #ticks = 0;
  #lastTickAt: number | undefined;
  #nextDelayMs: number | undefined;
  #timer: { at: number; controller: AbortController } | undefined;
  #requestsSent = 0;

  constructor(options: PollBatcherOptions) {
    this.#send = options.send;
    this.#toError =
      options.toError ??
      ((messages, executionId) =>
        new HarnessRequestError(`Reading execution ${executionId} failed: ${messages.join('; ')}`, messages, null, { operation: BATCH_OPERATION_NAME }));
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  }

  /** Batched requests sent so far (each one unit of the account's budget). */
  get requestsSent(): number {
    return this.#requestsSent;
  }

  /** Waiters waiting for the next tick. */
  get waiting(): number {
    return this.#pending.length;
  }

  /**
   * Reads an execution in the next tick. Resolves with its fields, or null when Harness answered no
   * data and no error for it (read again); rejects with that execution's own error, with the error
   * of the whole request, or at once with the signal's reason when it aborts.
   * @param options.deadline when the reading is needed at the latest: the tick comes no later
   */
  poll(executionId: string, options: { signal?: AbortSignal | undefined; deadline?: number | undefined } = {}): Promise<ExecutionFieldsFragment | null> {
    const { signal, deadline } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const settle = signal
        ? whenAborted(signal, () => {
            waiter.gone = true;
            this.#pending = this.#pending.filter((w) => w !== waiter);
            waiter.onLeave?.();
            reject(signal.reason);
            this.#plan();
          })
        : () => undefined;
      const waiter: PollWaiter = {
        id: executionId,
        deadline,
        askedAt: this.#clock.now(),
        gone: false,
        resolve: (execution) => {
          settle();
          resolve(execution);
        },
        reject: (reason) => {
          settle();
          reject(reason);
        },
      };
      this.#pending.push(waiter);
      this.#plan();
    });
  }

  /** When the next tick should happen, given who waits; undefined when nobody does. */
  #nextTickAt(now: number): number | undefined {
    if (this.#pending.length === 0) return undefined;
    if (this.#lastTickAt === undefined || now - this.#lastTickAt > SESSION_IDLE_MS) {
      this.#ticks = 0;
      this.#seen.clear();
    }
    const candidates: number[] = [];
    if (this.#lastTickAt !== undefined && this.#nextDelayMs !== undefined && this.#ticks > 0) candidates.push(this.#lastTickAt + this.#nextDelayMs);
    for (const waiter of this.#pending) {
      if (!this.#seen.has(waiter.id)) candidates.push(waiter.askedAt + this.#gatherMs);
      if (waiter.deadline !== undefined) candidates.push(waiter.deadline);
    }
    return Math.max(now, candidates.reduce((min, at) => Math.min(min, at), Number.POSITIVE_INFINITY));
  }

  #plan(): void {
    const now = this.#clock.now();
    const at = this.#nextTickAt(now);
    if (at === undefined) {
      this.#timer?.controller.abort();
      this.#timer = undefined;
      return;
    }
    if (this.#timer && this.#timer.at === at) return;
    this.#timer?.controller.abort();
    const controller = new AbortController();
    this.#timer = { at, controller };
    // A tick due now waits only for the waits that start in the same turn of the event loop, and takes
    // no time off the clock (a test's clock records every sleep).
    const due = at <= now ? new Promise<void>((resolve) => setImmediate(resolve)) : this.#clock.sleep(at - now, controller.signal);
    due.then(
      () => {
        if (this.#timer?.controller !== controller) return;
        this.#timer = undefined;
        this.#tick();
      },
      () => undefined,
    );
  }

  #tick(): void {
    const now = this.#clock.now();
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#ticks += 1;
    this.#lastTickAt = now;
    // Drawn once per tick, so that replanning (a waiter arriving or leaving) does not move the tick.
    this.#nextDelayMs = tickDelayMs(this.#ticks, this.#random);
    const ids = [...new Set(batch.map((w) => w.id))];
    for (const id of ids) this.#seen.add(id);
    for (const chunk of chunkIds(ids)) void this.#sendChunk(chunk, batch.filter((w) => chunk.includes(w.id)));
    this.#plan();
  }

  async #sendChunk(ids: readonly string[], waiters: readonly PollWaiter[]): Promise<void> {
    const controller = new AbortController();
    const leave = () => {
      if (waiters.every((w) => w.gone)) controller.abort(new Error('every waiter of this poll has gone'));
    };
    for (const waiter of waiters) waiter.onLeave = leave;
    const deadlines = waiters.map((w) => w.deadline);
    const deadline = deadlines.includes(undefined) ? undefined : (deadlines as number[]).reduce((max, d) => Math.max(max, d), Number.NEGATIVE_INFINITY);
    try {
      this.#requestsSent += 1;
      const answer = await this.#send(batchDocument(ids.length), batchVariables(ids), { signal: controller.signal, deadline });
      const outcomes = routeBatchAnswer(ids, answer);
      for (const waiter of waiters) {
        if (waiter.gone) continue;
        const outcome = outcomes[ids.indexOf(waiter.id)];
        if (outcome?.kind === 'execution') waiter.resolve(outcome.execution);
        else waiter.reject(this.#toError(outcome?.messages ?? ['no answer'], waiter.id));
      }
    } catch (error) {
      for (const waiter of waiters) if (!waiter.gone) waiter.reject(error);
    } finally {
      for (const waiter of waiters) waiter.onLeave = undefined;
    }
  }
}
