/** Helpers shared by the input-builder tests. */
import { expect } from 'vitest';
import { HarnessValidationError, type ValidationIssue } from '../../../src/errors.js';
import type { DeclaredVariable } from '../../../src/types.js';

/** A declared variable with the schema's defaults for everything not given. */
export function declared(name: string, type: string, overrides: Partial<DeclaredVariable> = {}): DeclaredVariable {
  return {
    name,
    type,
    required: false,
    allowedValues: [],
    defaultValue: null,
    fixed: false,
    allowMultipleValues: false,
    ...overrides,
  };
}

/** Runs `run`, which must throw a HarnessValidationError, and returns that error. */
export function validationError(run: () => unknown): HarnessValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(HarnessValidationError);
  return thrown as HarnessValidationError;
}

/** The issues of the HarnessValidationError that `run` throws. */
export function issuesOf(run: () => unknown): readonly ValidationIssue[] {
  return validationError(run).issues;
}

/** `code:variable` of each issue, for compact exact assertions. */
export function codesOf(run: () => unknown): string[] {
  return issuesOf(run).map((issue) => `${issue.code}:${issue.variable}`);
}
