/**
 * One 'abort' listener per signal however many waits share it: a signal shared by many calls (one per
 * deployment job, say) would otherwise collect a listener per waiting request and make Node warn about
 * a possible leak.
 */
const callbacks = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; answers a function that forgets it. */
export function whenAborted(signal: AbortSignal, callback: () => void): () => void {
  let set = callbacks.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    set = fresh;
    callbacks.set(signal, fresh);
    signal.addEventListener(
      'abort',
      () => {
        callbacks.delete(signal);
        for (const run of [...fresh]) run();
      },
      { once: true },
    );
  }
  const registered = set;
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    registered.delete(once);
    callback();
  };
  registered.add(once);
  return () => {
    registered.delete(once);
  };
}
