/** Checks of option objects shared by the public methods: they report every problem at once. */
import { HarnessValidationError, type ValidationIssue } from '../errors.js';

/** Checks that the named options are non-empty strings; reports all missing ones at once. */
export function requireStrings(operation: string, raw: Readonly<Record<string, unknown>>, names: readonly string[]): void {
  const issues: ValidationIssue[] = [];
  for (const name of names) {
    const value = raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({
        code: value === undefined ? 'missing_option' : 'invalid_option',
        variable: name,
        message: `${operation} needs ${name} as a non-empty string.`,
      });
    }
  }
  if (issues.length > 0) throw new HarnessValidationError(issues);
}

/** A string with something other than whitespace in it. */
export function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Checks that exactly one of two alternative arguments is given, as a non-empty string.
 * Pushes an issue otherwise; answers which one was given.
 */
export function pickOne(
  issues: ValidationIssue[],
  args: Record<string, unknown>,
  byId: string,
  byName: string,
): 'id' | 'name' | undefined {
  const hasId = args[byId] !== undefined;
  const hasName = args[byName] !== undefined;
  if (hasId && hasName) {
    issues.push({ code: 'invalid_option', variable: byId, message: `Pass either ${byId} or ${byName}, not both.` });
    return undefined;
  }
  if (!hasId && !hasName) {
    issues.push({ code: 'missing_option', variable: byName, message: `Pass ${byName} (exact, case-sensitive) or ${byId}.` });
    return undefined;
  }
  const key = hasId ? byId : byName;
  if (!nonEmpty(args[key])) {
    issues.push({ code: 'invalid_option', variable: key, message: `${key} must be a non-empty string.` });
    return undefined;
  }
  return hasId ? 'id' : 'name';
}
