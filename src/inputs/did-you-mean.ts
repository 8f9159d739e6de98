/**
 * "Did you mean ...?" suggestions for misspelled variable, service and artifact source names.
 * Pure and dependency-free so the CLI can reuse it for its own arguments.
 */

/**
 * Edit distance between two strings counting insertions, deletions, substitutions and swaps of two
 * adjacent characters (the optimal-string-alignment form of Damerau–Levenshtein). Case-sensitive;
 * compares UTF-16 code units. Costs the product of the two lengths: meant for names, not texts.
 *
 * @example damerauLevenshtein('Enviromnent', 'Environment') === 1
 */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  return distanceUpTo(a, b, Number.POSITIVE_INFINITY, { cells: Number.POSITIVE_INFINITY });
}

/**
 * Names longer than this are compared only for equality ignoring case: nobody mistypes a name that
 * long by a few characters, and the edit distance costs the product of the two lengths.
 */
export const MAX_COMPARED_LENGTH = 128;

/**
 * Most table cells one search computes (each costs a few operations). Enough for thousands of
 * ordinary names; a search over more stops here and offers the best match found so far.
 */
export const MAX_SEARCH_CELLS = 1_000_000;

/**
 * The optimal-string-alignment distance of `a` and `b` when it is at most `max`, else `max + 1`.
 * Stops as soon as no later row can come back within `max`, and counts the cells it computes.
 */
function distanceUpTo(a: string, b: string, max: number, budget: { cells: number }): number {
  const width = b.length + 1;
  let beforePrevious = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  let previousRowMinimum = 0;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    budget.cells -= b.length;
    // Later cells derive from this row, or from the row before plus one (a swap): both too far.
    if (rowMinimum > max && previousRowMinimum + 1 > max) return max + 1;
    previousRowMinimum = rowMinimum;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return Math.min(previous[b.length] ?? 0, max + 1);
}

/**
 * The candidate closest to `input`, or `undefined` when none is close enough to be a plausible typo.
 *
 * Comparison ignores case. A candidate equal to `input` ignoring case always wins; otherwise the
 * candidate with the smallest distance wins if that distance is at most `max(1, floor(input.length / 3))`.
 * Ties go to the earlier candidate. An empty or whitespace-only input gets no suggestion.
 *
 * The work is bounded whatever the sizes: names longer than {@link MAX_COMPARED_LENGTH} are only
 * matched ignoring case, and the distance search stops after {@link MAX_SEARCH_CELLS} cells.
 *
 * @param input - The name the caller typed.
 * @param candidates - The names that exist, in the order to prefer on ties.
 * @example suggestClosest('enviroment', ['Environment', 'Service']) === 'Environment'
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | undefined {
  if (typeof input !== 'string' || !Array.isArray(candidates) || !/\S/u.test(input)) return undefined;
  const wanted = input.toLowerCase();
  // Case-insensitive equality first; only candidates of the same length can match.
  const sameIgnoringCase = candidates.find(
    (candidate) => typeof candidate === 'string' && candidate.length === input.length && candidate.toLowerCase() === wanted,
  );
  if (sameIgnoringCase !== undefined) return sameIgnoringCase;
  if (input.length > MAX_COMPARED_LENGTH) return undefined;

  const limit = Math.max(1, Math.floor(input.length / 3));
  const budget = { cells: MAX_SEARCH_CELLS };
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (budget.cells <= 0 || bestDistance === 1) break;
    if (typeof candidate !== 'string') continue;
    // Cheap lower bound: the length difference alone already rules the candidate out.
    if (Math.abs(candidate.length - input.length) >= bestDistance) continue;
    const distance = distanceUpTo(wanted, candidate.toLowerCase(), bestDistance - 1, budget);
    if (distance < bestDistance) {
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

/** Most "did you mean" searches one builder call runs; later unknown names get no suggestion. */
export const MAX_SUGGESTIONS_PER_CALL = 20;

/** A {@link didYouMeanSentence} that runs at most `max` searches, so one call's total work stays bounded. */
export type Suggester = (input: string, candidates: readonly string[]) => string;

export function boundedSuggester(max: number = MAX_SUGGESTIONS_PER_CALL): Suggester {
  let left = max;
  return (input, candidates) => {
    if (left <= 0) return '';
    left -= 1;
    return didYouMeanSentence(input, candidates);
  };
}
