/**
 * The comma split Harness applies to a variable value before its allowed-values check.
 *
 * Harness parses the value with Apache Commons CSV (`CSVFormat.DEFAULT.withTrim()
 * .withTrailingDelimiter().withEscape('\\')`), so this mirrors that format:
 * - items are separated by `,` and trimmed (Java `trim`: characters up to U+0020);
 * - an item that starts with `"` is quoted: it may contain commas, `""` stands for one `"`,
 *   and only whitespace may follow the closing quote before the next comma;
 *   a `"` anywhere else is an ordinary character;
 * - `\` escapes the next character: `\,` `\"` `\\` give that character, `\n` `\r` `\t` `\b` `\f`
 *   the control character, and any other pair is kept as written;
 * - an empty last item is dropped (`a,` is `["a"]`, a blank value is `[]`), other empty items stay.
 *
 * Two deliberate differences, both stricter: Harness checks only the first line of a value and lets a
 * malformed value (an unterminated quote, a trailing backslash) pass unchecked. Here every line is
 * split the same way, and a malformed value is reported so the caller can fix it before sending.
 */

/** Result of {@link parseCsvValue}: the items, or why the value is not a valid comma-separated list. */
export type CsvParseResult =
  | { readonly ok: true; readonly items: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const DELIMITER = ',';
const QUOTE = '"';
const ESCAPE = '\\';

/** Java's `Character.isWhitespace`, which (unlike JavaScript's `\s`) excludes no-break spaces. */
const JAVA_WHITESPACE = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]$/u;

const ESCAPED: ReadonlyMap<string, string> = new Map([
  ['r', '\r'],
  ['n', '\n'],
  ['t', '\t'],
  ['b', '\b'],
  ['f', '\f'],
  ['\r', '\r'],
  ['\n', '\n'],
  ['\t', '\t'],
  ['\b', '\b'],
  ['\f', '\f'],
  [DELIMITER, DELIMITER],
  [QUOTE, QUOTE],
  [ESCAPE, ESCAPE],
]);

type FieldEnd = 'delimiter' | 'line' | 'input';

interface Field {
  readonly content: string;
  readonly end: FieldEnd;
  /** Index just after the delimiter or line break that ended the field. */
  readonly next: number;
}

class MalformedCsv extends Error {}

/** Length of the line break starting at `index` (`\r\n`, `\r` or `\n`), or 0. */
function lineBreakLength(input: string, index: number): number {
  const char = input[index];
  if (char === '\n') return 1;
  if (char === '\r') return input[index + 1] === '\n' ? 2 : 1;
  return 0;
}

/** Java's `String.trim`: removes characters up to U+0020 from both ends. */
export function javaTrim(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end -= 1;
  return value.slice(start, end);
}

/** Reads the escape sequence whose backslash is at `index`; returns the text and the next index. */
function readEscape(input: string, index: number): [string, number] {
  const escaped = input[index + 1];
  if (escaped === undefined) throw new MalformedCsv('it ends with a lone backslash (write \\\\ for a backslash)');
  return [ESCAPED.get(escaped) ?? `${ESCAPE}${escaped}`, index + 2];
}

/** Where a field ends, if a field end is at `index`. */
function fieldEndAt(input: string, index: number): Field | undefined {
  if (index >= input.length) return { content: '', end: 'input', next: index };
  if (input[index] === DELIMITER) return { content: '', end: 'delimiter', next: index + 1 };
  const lineBreak = lineBreakLength(input, index);
  if (lineBreak > 0) return { content: '', end: 'line', next: index + lineBreak };
  return undefined;
}

function readSimpleField(input: string, start: number): Field {
  let content = '';
  let index = start;
  for (;;) {
    const end = fieldEndAt(input, index);
    if (end !== undefined) return { ...end, content };
    if (input[index] === ESCAPE) {
      const [text, next] = readEscape(input, index);
      content += text;
      index = next;
    } else {
      content += input[index] ?? '';
      index += 1;
    }
  }
}

function readQuotedField(input: string, start: number): Field {
  let content = '';
  let index = start + 1;
  for (;;) {
    const char = input[index];
    if (char === undefined) throw new MalformedCsv('a quote opened at position ' + String(start + 1) + ' is never closed');
    if (char === ESCAPE) {
      const [text, next] = readEscape(input, index);
      content += text;
      index = next;
    } else if (char === QUOTE && input[index + 1] === QUOTE) {
      content += QUOTE;
      index += 2;
    } else if (char === QUOTE) {
      index += 1;
      for (;;) {
        const end = fieldEndAt(input, index);
        if (end !== undefined) return { ...end, content };
        if (!JAVA_WHITESPACE.test(input[index] ?? '')) {
          throw new MalformedCsv(`text follows a closing quote at position ${String(index + 1)}; put a comma after the quote`);
        }
        index += 1;
      }
    } else {
      content += char;
      index += 1;
    }
  }
}

function readField(input: string, start: number): Field {
  const end = fieldEndAt(input, start);
  if (end !== undefined) return end;
  return input[start] === QUOTE ? readQuotedField(input, start) : readSimpleField(input, start);
}

/** Reads the line starting at `start`; returns its items and the index of the next line. */
function readRecord(input: string, start: number): [string[], number] {
  const items: string[] = [];
  let index = start;
  for (;;) {
    const field = readField(input, index);
    const item = javaTrim(field.content);
    if (field.end === 'delimiter') {
      items.push(item);
      index = field.next;
      continue;
    }
    // With a trailing delimiter allowed, an empty last item is dropped.
    if (item !== '') items.push(item);
    return [items, field.next];
  }
}

/**
 * Splits a variable value into the items Harness compares with the variable's allowed values.
 *
 * @param value - The value as it will be sent.
 * @returns `{ ok: true, items }`, or `{ ok: false, reason }` for a malformed value.
 * @example parseCsvValue('a,"b,c" ,d\\,e') // { ok: true, items: ['a', 'b,c', 'd,e'] }
 */
export function parseCsvValue(value: string): CsvParseResult {
  const items: string[] = [];
  let index = 0;
  try {
    while (index < value.length) {
      // Empty lines are skipped, as Commons CSV does by default.
      const lineBreak = lineBreakLength(value, index);
      if (lineBreak > 0) {
        index += lineBreak;
        continue;
      }
      const [recordItems, next] = readRecord(value, index);
      for (const item of recordItems) items.push(item);
      index = next;
    }
  } catch (error) {
    if (error instanceof MalformedCsv) return { ok: false, reason: error.message };
    throw error;
  }
  return { ok: true, items };
}
