/** Small helpers the input builders share: issues, and safe descriptions of any JavaScript value. */
import type { ValidationIssue, ValidationIssueCode } from '../errors.js';

export type Record_ = Readonly<Record<string, unknown>>;

export function issue(code: ValidationIssueCode, variable: string, message: string): ValidationIssue {
  return { code, variable, message };
}

/** An object that is not an array (functions are not records). */
export function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What kind of value this is, for messages; never converts the value itself to a string. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'symbol':
    case 'function':
    case 'string':
      return `a ${typeof value}`;
    default:
      return 'a value of an unsupported type';
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
