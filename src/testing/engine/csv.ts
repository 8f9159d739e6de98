/** Harness's CSV reading of values checked against allowed values. */

const CSV_ESCAPES: Readonly<Record<string, string>> = { r: '\r', n: '\n', t: '\t', b: '\b', f: '\f' };

/** Java's String.trim: strips characters up to U+0020 (control characters included, no-break spaces not). */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** Harness's CSV parsing of allowed-values inputs: trimmed items, quotes allowed, `\` escapes. */
export function parseCsv(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      // Commons CSV: \r \n \t \b \f are control characters, \, \" \\ and line breaks themselves,
      // and any other pair is kept as written.
      const next = value[++i] as string;
      cur += CSV_ESCAPES[next] ?? (next === ',' || next === '"' || next === '\\' || next === '\r' || next === '\n' ? next : `\\${next}`);
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      out.push(javaTrim(cur));
      cur = '';
    } else {
      cur += ch;
    }
  }
  // Harness's CsvParser (Apache Commons CSV with a trailing delimiter) drops an empty last item:
  // `a,` is ["a"] and a blank value is [].
  if (javaTrim(cur) !== '') out.push(javaTrim(cur));
  return out;
}
