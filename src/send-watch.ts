/**
 * Knowing whether a call's request left the machine. An abort means two different things for a
 * start: before startExecution was sent, nothing happened; after, an execution may exist. The
 * transport cannot say which (an abort ends the call the same way in its queue and in an attempt),
 * so the client's fetch is wrapped: within a watched call it notes that a request was handed to
 * fetch, and it refuses to send at all once the call's signal has aborted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Watch {
  readonly signal: AbortSignal | undefined;
  sent: boolean;
}

const watches = new AsyncLocalStorage<Watch>();

/** Wraps the fetch the client sends with (the global one when none is given). */
export function watchedFetch(base: typeof globalThis.fetch | undefined): typeof globalThis.fetch {
  return (input, init) => {
    const watch = watches.getStore();
    if (watch?.signal?.aborted) return Promise.reject(watch.signal.reason as unknown);
    if (watch) watch.sent = true;
    return (base ?? globalThis.fetch)(input, init);
  };
}

/** What a watched call did. */
export interface Watched<T> {
  /** The call's own outcome. */
  readonly result: Promise<T>;
  /** Whether a request of the call has been handed to fetch so far. */
  sent(): boolean;
}

/** Runs `call` so that {@link watchedFetch} can tell whether it sent anything. */
export function watchSends<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Watched<T> {
  const watch: Watch = { signal, sent: false };
  const result = watches.run(watch, call);
  return { result, sent: () => watch.sent };
}
