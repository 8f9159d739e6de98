import { describe, expect, it } from 'vitest';
import { parseCsvValue } from '../../../src/inputs/index.js';

describe('parseCsvValue (Harness splits allowed-values input like Commons CSV)', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['   ', []],
    ['dev', ['dev']],
    ['dev,prod', ['dev', 'prod']],
    [' dev ,  prod ', ['dev', 'prod']],
    ['a,,b', ['a', '', 'b']],
    [',a', ['', 'a']],
    ['a,', ['a']],
    ['a, ', ['a']],
    ['a,,', ['a', '']],
    ['"a,b",c', ['a,b', 'c']],
    ['"a,b" ,c', ['a,b', 'c']],
    ['"say ""hi"""', ['say "hi"']],
    ['""', []],
    ['"",a', ['', 'a']],
    [' "a,b"', ['"a', 'b"']],
    ['a"b', ['a"b']],
    ['a\\,b', ['a,b']],
    ['a\\\\b', ['a\\b']],
    ['a\\"b', ['a"b']],
    ['a\\x', ['a\\x']],
    ['a\\tb', ['a\tb']],
    ['"a\\"b"', ['a"b']],
    ['"a\\,b"', ['a,b']],
    ['a,b\nc', ['a', 'b', 'c']],
    ['\n\na', ['a']],
    ['a\r\nb,', ['a', 'b']],
    ['"multi\nline",x', ['multi\nline', 'x']],
    ['\u00a0a\u00a0', ['\u00a0a\u00a0']],
  ])('%j -> %j', (value, items) => {
    expect(parseCsvValue(value)).toStrictEqual({ ok: true, items });
  });

  it.each<[string, RegExp]>([
    ['"abc', /never closed/],
    ['a,"b', /never closed/],
    ['abc\\', /lone backslash/],
    ['"a"b', /follows a closing quote/],
    ['"a" x,b', /follows a closing quote/],
  ])('reports the malformed value %j', (value, reason) => {
    const result = parseCsvValue(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('splits a very long list without exhausting the stack', () => {
    const value = Array.from({ length: 200_000 }, (_, index) => `v${String(index)}`).join(',');
    const result = parseCsvValue(value);
    expect(result.ok && result.items.length).toBe(200_000);
  });
});
