import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, suggestClosest } from '../../../src/inputs/index.js';

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
