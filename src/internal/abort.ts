/**
 * Cancellation shared by many calls. A caller may pass one AbortSignal to hundreds of concurrent
 * calls; each call listening on it directly would trip Node's listener-leak warning. Instead every
 * call links a signal of its own to the caller's through one shared listener per caller signal.
 */

interface FanOut {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const fanOuts = new WeakMap<AbortSignal, FanOut>();

/** Calls `callback` once when `signal` aborts; answers a function that stops listening. */
function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let fanOut = fanOuts.get(signal);
  if (!fanOut) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      fanOuts.delete(signal);
      for (const each of [...callbacks]) each();
      callbacks.clear();
    };
    fanOut = { callbacks, listener };
    fanOuts.set(signal, fanOut);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { callbacks, listener } = fanOut;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && fanOuts.get(signal)?.callbacks === callbacks) {
      fanOuts.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}

/** A signal of one call's own, aborted with the caller's reason when the caller's signal aborts. */
export interface LinkedSignal {
  readonly signal: AbortSignal | undefined;
  /** Stops following the caller's signal; call it when the call has settled. */
  dispose(): void;
}

/** Links a signal of the call's own to the caller's (none when the caller gave none). */
export function linkSignal(parent: AbortSignal | undefined): LinkedSignal {
  if (!parent) return { signal: undefined, dispose: () => undefined };
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => undefined };
  }
  const stop = onAbort(parent, () => controller.abort(parent.reason));
  return { signal: controller.signal, dispose: stop };
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as the signal aborts, wherever
 * the work behind the promise is (a queue, a backoff, a clock that ignores signals). The abandoned
 * promise's own rejection is swallowed.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(signal.reason as unknown));
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
