/**
 * A plain copy of whatever a caller passed to a public builder, taken before any check looks at it.
 *
 * The builders are public functions called with values typed `unknown` at run time: objects with
 * getters that throw, revoked proxies, cycles, huge nesting. Copying once, with every read guarded,
 * lets the checks that follow read plain data without a try around each property access, and turns a
 * read that throws into a validation problem that names where it happened.
 */

/** Deepest level copied; the builders never look further (service → sources → source → name is 4). */
const MAX_DEPTH = 6;

/** Most items copied from one array: a sparse array or a proxy may claim billions. */
export const MAX_ARRAY_ITEMS = 1_000_000;

/** A part of the caller's value that could not be copied. */
export interface UnreadablePart {
  /** Path of the part, such as `variables["region"]` or `declared[2].allowedValues`. */
  readonly path: string;
  /** Why: reading it threw, or an array claims more items than can be checked. */
  readonly reason: 'threw' | 'too-long';
}

/** A copied value and the parts of the original that could not be read. */
export interface Snapshot {
  readonly value: unknown;
  readonly unreadable: readonly UnreadablePart[];
}

/** Longest key text shown in a path. */
const MAX_KEY_IN_PATH = 40;

function keyPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/u.test(key) && key.length <= MAX_KEY_IN_PATH) return `${path}.${key}`;
  const shown = key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

/**
 * Copies `value`: primitives and functions as they are, arrays as arrays (holes read as `undefined`),
 * other objects as prototype-free records of their own enumerable string keys (so a `__proto__` key
 * stays an ordinary key). Levels below {@link MAX_DEPTH} become empty records, which also ends cycles.
 *
 * @param value - What the caller passed.
 * @param path - How messages name it, such as `variables`.
 */
export function snapshot(value: unknown, path: string): Snapshot {
  const unreadable: UnreadablePart[] = [];
  const copy = (part: unknown, at: string, depth: number): unknown => {
    if (typeof part !== 'object' || part === null) return part;
    try {
      if (depth >= MAX_DEPTH) return Object.create(null) as Record<string, unknown>;
      if (Array.isArray(part)) {
        const length = part.length;
        if (length > MAX_ARRAY_ITEMS) {
          unreadable.push({ path: at, reason: 'too-long' });
          return [];
        }
        const items: unknown[] = [];
        for (let index = 0; index < length; index += 1) items.push(copy(part[index], `${at}[${String(index)}]`, depth + 1));
        return items;
      }
      const record = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(part)) {
        const keyAt = keyPath(at, key);
        let item: unknown;
        try {
          item = (part as Record<string, unknown>)[key];
        } catch {
          unreadable.push({ path: keyAt, reason: 'threw' });
          continue;
        }
        record[key] = copy(item, keyAt, depth + 1);
      }
      return record;
    } catch {
      unreadable.push({ path: at, reason: 'threw' });
      return undefined;
    }
  };
  return { value: copy(value, path, 0), unreadable };
}

/** The sentence a validation problem uses for an unreadable part. */
export function unreadableMessage(part: UnreadablePart): string {
  if (part.reason === 'too-long') {
    return `${part.path} has more than ${MAX_ARRAY_ITEMS.toLocaleString('en-US')} items. Pass a shorter list.`;
  }
  return `${part.path} could not be read (reading it threw). Pass plain data: no getters that throw, no revoked proxies.`;
}
