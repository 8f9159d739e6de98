/**
 * What one process knows about idempotency keys: calls with the same key take turns, and a key that
 * started (or found) an execution is remembered with the fingerprint of its inputs. So overlapping
 * starts with one key start one execution, and the others are answered from memory at no cost,
 * even before Harness lists the new execution. Shared by every client of the process (per endpoint
 * and account); a process cannot see other processes' memory, which is what the key in the notes is for.
 */
import { untilAborted } from './internal/abort.js';
import type { StartInputsParts } from './idempotency.js';
import type { EntityDefinition, StartedExecution } from './types.js';

/** A key's execution, as this process learnt it. */
export interface KnownStart {
  readonly execution: StartedExecution;
  readonly entity: EntityDefinition;
  readonly fingerprint: string;
  readonly parts: StartInputsParts;
}

/** Keys remembered at most; the oldest are forgotten first (the notes in Harness stay the truth). */
const MAX_REMEMBERED = 1_000;

export class KeyRegistry {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #known = new Map<string, KnownStart>();

  /**
   * Runs `work` once every earlier call with the same scope has settled. Waiting ends at once when
   * the signal aborts (then `work` never runs).
   */
  async exclusive<T>(scope: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(scope) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(scope, tail);
    try {
      await untilAborted(previous, signal);
      return await work();
    } finally {
      release();
      if (this.#tails.get(scope) === tail) this.#tails.delete(scope);
    }
  }

  known(scope: string): KnownStart | undefined {
    return this.#known.get(scope);
  }

  remember(scope: string, start: KnownStart): void {
    this.#known.delete(scope);
    this.#known.set(scope, start);
    if (this.#known.size > MAX_REMEMBERED) {
      const oldest = this.#known.keys().next();
      if (!oldest.done) this.#known.delete(oldest.value);
    }
  }
}

/** The registry of this process (of this copy of the SDK). */
export const processKeys = new KeyRegistry();
