/**
 * "Did you mean ...?" suggestions for misspelled variable, service and artifact source names.
 * Pure and dependency-free so the CLI can reuse it for its own arguments.
 */

/**
 * Edit distance between two strings counting insertions, deletions, substitutions and swaps of two
 * adjacent characters (the optimal-string-alignment form of Damerau–Levenshtein). Case-sensitive;
 * compares UTF-16 code units.
 *
 * @example damerauLevenshtein('Enviromnent', 'Environment') === 1
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  // Rows i-2, i-1 and i of the classic dynamic-programming table.
  let beforePrevious = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `input`, or `undefined` when none is close enough to be a plausible typo.
 *
 * Comparison ignores case. A candidate equal to `input` ignoring case always wins; otherwise the
 * candidate with the smallest distance wins if that distance is at most `max(1, floor(input.length / 3))`.
 * Ties go to the earlier candidate. An empty or whitespace-only input gets no suggestion.
 *
 * @param input - The name the caller typed.
 * @param candidates - The names that exist, in the order to prefer on ties.
 * @example suggestClosest('enviroment', ['Environment', 'Service']) === 'Environment'
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  if (input.trim() === '') return undefined;
  const wanted = input.toLowerCase();
  const sameIgnoringCase = candidates.find((candidate) => candidate.toLowerCase() === wanted);
  if (sameIgnoringCase !== undefined) return sameIgnoringCase;

  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    // Cheap lower bound: the length difference alone already exceeds the limit.
    if (Math.abs(candidate.length - input.length) > limit) continue;
    const distance = damerauLevenshtein(wanted, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Longest text of a caller's name or value that messages echo. */
const MAX_QUOTED_LENGTH = 80;

/**
 * A name or value as messages show it: JSON-quoted (so blanks, quotes and line breaks are visible and
 * a message stays on one line) and cut to a readable length.
 */
export function quoteForMessage(text: string): string {
  const shown = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return JSON.stringify(shown);
}

/** Most names listed in one message; longer lists end with "and N more". */
const MAX_LISTED_NAMES = 30;

/** `"a", "b", "c"` (quoted, comma-separated, shortened when long). */
export function listForMessage(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED_NAMES).map(quoteForMessage).join(', ');
  const hidden = names.length - MAX_LISTED_NAMES;
  return hidden > 0 ? `${shown} and ${String(hidden)} more` : shown;
}

/** ` Did you mean "x"?` when a close candidate exists, else an empty string. */
export function didYouMeanSentence(input: string, candidates: readonly string[]): string {
  const suggestion = suggestClosest(input, candidates);
  return suggestion === undefined ? '' : ` Did you mean ${quoteForMessage(suggestion)}?`;
}
