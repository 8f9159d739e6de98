import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, suggestClosest } from '../../../src/inputs/index.js';
import { MAX_COMPARED_LENGTH, MAX_SEARCH_CELLS } from '../../../src/inputs/did-you-mean.js';

describe('damerauLevenshtein', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'ab', 1],
    ['ab', 'abc', 1],
    ['abc', 'acb', 1],
    ['Enviromnent', 'Environment', 1],
    ['ca', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['skipCV', 'skipcv', 2],
  ])('distance(%j, %j) = %i', (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });
});

describe('suggestClosest', () => {
  const names = ['Environment', 'Service', 'InfraDefinition_KUBERNETES', 'hotfix', 'branch', 'skipCV'];

  it('suggests a name that differs only by case, even when far by distance', () => {
    expect(suggestClosest('SKIPCV', names)).toBe('skipCV');
    expect(suggestClosest('infradefinition_kubernetes', names)).toBe('InfraDefinition_KUBERNETES');
  });

  it('suggests close typos ignoring case', () => {
    expect(suggestClosest('Enviroment', names)).toBe('Environment');
    expect(suggestClosest('enviromnent', names)).toBe('Environment');
    expect(suggestClosest('Servcie', names)).toBe('Service');
    expect(suggestClosest('brnch', names)).toBe('branch');
  });

  it('stays silent when the closest name is too far for the input length', () => {
    expect(suggestClosest('env', names)).toBeUndefined();
    expect(suggestClosest('xyz', names)).toBeUndefined();
    // "hotfx" is 5 long: limit 1, distance 1 -> suggested; "htfx" (4, limit 1) is distance 2 -> not.
    expect(suggestClosest('hotfx', names)).toBe('hotfix');
    expect(suggestClosest('htfx', names)).toBeUndefined();
  });

  it('allows one edit for very short inputs', () => {
    expect(suggestClosest('ab', ['abc'])).toBe('abc');
    expect(suggestClosest('a', ['b'])).toBe('b');
    expect(suggestClosest('a', ['bc'])).toBeUndefined();
  });

  it('prefers the nearest candidate, then the earlier one', () => {
    expect(suggestClosest('servce', ['Services', 'Service'])).toBe('Service');
    expect(suggestClosest('abcd', ['abce', 'abcf'])).toBe('abce');
  });

  it('gives nothing for an empty input or no candidates', () => {
    expect(suggestClosest('', ['a'])).toBeUndefined();
    expect(suggestClosest('   ', [' '])).toBeUndefined();
    expect(suggestClosest('Service', [])).toBeUndefined();
  });
});

describe('suggestClosest is bounded whatever the sizes', () => {
  /** Median wall time of `run` over a few runs, in ms: one slow run (a GC pause) does not decide. */
  function medianMs(run: () => unknown, runs = 5): number {
    const times: number[] = [];
    for (let index = 0; index < runs; index += 1) {
      const started = performance.now();
      run();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  }

  /** Distinct names of realistic length (`service-00042-blue` and so on). */
  function names(count: number): string[] {
    return Array.from({ length: count }, (_, index) => `service-${String(index).padStart(5, '0')}-blue`);
  }

  it('a misspelt name of 1 MB against a near-identical 1 MB candidate costs linear work, with no suggestion', () => {
    const huge = 'a'.repeat(1_000_000);
    const candidate = `${huge.slice(1)}b`;
    // The linear part that remains: comparing the two ignoring case.
    const baseline = medianMs(() => huge.toLowerCase() === candidate.toLowerCase());
    const elapsed = medianMs(() => expect(suggestClosest(huge, [candidate, 'Service'])).toBeUndefined(), 3);
    // The unbounded table had 10^12 cells: minutes, not a small multiple of a linear pass.
    expect(elapsed).toBeLessThan(Math.max(20 * baseline, 20));
  });

  it('a name longer than the compared length still matches a candidate equal ignoring case', () => {
    const long = 'x'.repeat(MAX_COMPARED_LENGTH + 1);
    expect(suggestClosest(long.toUpperCase(), ['a', long])).toBe(long);
  });

  it('100,000 candidates cost about what the work cap allows, not 100 times 1,000 candidates', () => {
    const small = names(1_000);
    const large = names(100_000);
    // A typo close to none of them: every candidate of a near length is compared.
    const typo = 'servixe-zzzzz-blux';
    const baseline = medianMs(() => suggestClosest(typo, small));
    const elapsed = medianMs(() => suggestClosest(typo, large), 3);
    const cellsPerCandidate = typo.length * typo.length;
    const cappedRatio = MAX_SEARCH_CELLS / (cellsPerCandidate * small.length);
    // Unbounded, the ratio is about 100 (65 measured); capped, the cap's share plus the linear scan of the list.
    expect(cappedRatio).toBeLessThan(10);
    expect(elapsed).toBeLessThan(Math.max((cappedRatio + 32) * baseline, 20));
  });

  it('still finds a close candidate early in a huge list', () => {
    const large = names(100_000);
    expect(suggestClosest('servce-00003-blue', large)).toBe('service-00003-blue');
  });
});
