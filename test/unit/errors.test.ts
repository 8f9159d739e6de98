import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  HarnessError,
  HarnessNetworkError,
  HarnessValidationError,
  HarnessWaitTimeoutError,
  isHarnessError,
  isHarnessNetworkError,
  isHarnessValidationError,
} from '../../src/index.js';

describe('errors', () => {
  it('carry a stable code and a name that says the class', () => {
    const error = new HarnessNetworkError('refused', 'no');
    expect(error).toBeInstanceOf(HarnessError);
    expect(error.name).toBe('HarnessNetworkError');
    expect(error.code).toBe('NETWORK');
    expect(error.toJSON()).toEqual({ name: 'HarnessNetworkError', code: 'NETWORK', message: 'refused', requestSent: 'no' });
  });

  it('type guards recognise errors from another copy of the package, where instanceof fails', () => {
    // What a second copy (the CJS build next to the ESM one, or another version) would construct.
    class ForeignHarnessError extends Error {
      readonly code = 'VALIDATION';
      readonly issues = [];
      constructor() {
        super('from another copy');
        Object.defineProperty(this, Symbol.for('harness-graphql-sdk.HarnessError'), { value: true });
      }
    }
    const foreign = new ForeignHarnessError();
    expect(foreign instanceof HarnessError).toBe(false);
    expect(isHarnessError(foreign)).toBe(true);
    expect(isHarnessValidationError(foreign)).toBe(true);
    expect(isHarnessNetworkError(foreign)).toBe(false);
    expect(isHarnessError(new Error('plain'))).toBe(false);
    expect(isHarnessError({ code: 'VALIDATION' })).toBe(false);
    expect(isHarnessError(null)).toBe(false);
  });

  it('validation errors list every issue in the message', () => {
    const error = new HarnessValidationError([
      { code: 'missing_required', variable: 'a', message: 'Variable "a" is required.' },
      { code: 'unknown_variable', variable: 'b', message: 'Variable "b" is not declared.' },
    ]);
    expect(error.message).toBe('2 problems with the inputs; nothing was sent to Harness:\n  - Variable "a" is required.\n  - Variable "b" is not declared.');
    expect(JSON.parse(JSON.stringify(error)).issues).toHaveLength(2);
    expect(inspect(error)).toContain('missing_required');
  });

  it('wait timeouts say the execution keeps running and where to see it', () => {
    const error = new HarnessWaitTimeoutError(
      'e1',
      {
        id: 'e1',
        kind: 'PIPELINE',
        status: 'RUNNING',
        url: 'https://app.harness.io/#/x',
        applicationId: 'a',
        entity: null,
        createdAt: null,
        startedAt: null,
        endedAt: null,
        notes: null,
        failureDetails: null,
        stages: [],
      },
      61_000,
      7,
      ['QUEUED', 'RUNNING'],
    );
    expect(error.message).toContain('after 61 s and 7 polls');
    expect(error.message).toContain('keeps running');
    expect(error.message).toContain('https://app.harness.io/#/x');
  });
});
