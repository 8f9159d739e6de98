import { describe, expect, it } from 'vitest';
import {
  HarnessNetworkError,
  HarnessPermissionError,
  HarnessServerError,
  HarnessTimeoutError,
  HarnessUnknownOutcomeError,
  HarnessValidationError,
} from '../../src/errors.js';
import {
  carriesKey,
  checkIdempotencyKey,
  entityFilters,
  idempotencyMark,
  isAmbiguousStartFailure,
  notesWithKey,
} from '../../src/idempotency.js';

describe('the notes mark', () => {
  it('is appended to the caller notes, or stands alone', () => {
    expect(notesWithKey('Release 42', 'build-981')).toBe('Release 42 [idempotency-key: build-981]');
    expect(notesWithKey(undefined, 'build-981')).toBe('[idempotency-key: build-981]');
    expect(notesWithKey('', 'build-981')).toBe(idempotencyMark('build-981'));
  });

  it('is recognised only for the exact key', () => {
    expect(carriesKey({ notes: 'x [idempotency-key: build-981]' }, 'build-981')).toBe(true);
    expect(carriesKey({ notes: 'x [idempotency-key: build-9810]' }, 'build-981')).toBe(false);
    expect(carriesKey({ notes: null }, 'build-981')).toBe(false);
  });

  it('refuses keys that would break the mark', () => {
    for (const bad of ['', '   ', 'a]b', 'line\nbreak', 'x'.repeat(129), 42]) {
      expect(() => checkIdempotencyKey(bad)).toThrow(HarnessValidationError);
    }
    expect(() => checkIdempotencyKey('ci-run-2024-05-01#17')).not.toThrow();
  });
});

describe('isAmbiguousStartFailure', () => {
  it('is true only for failures after which the start may have happened', () => {
    expect(isAmbiguousStartFailure(new HarnessTimeoutError('t', 1000))).toBe(true);
    expect(isAmbiguousStartFailure(new HarnessNetworkError('reset', 'unknown'))).toBe(true);
    expect(isAmbiguousStartFailure(new HarnessServerError('502', ''))).toBe(true);
    expect(isAmbiguousStartFailure(new HarnessUnknownOutcomeError('null payload', undefined))).toBe(true);
    expect(isAmbiguousStartFailure(new HarnessNetworkError('refused', 'no'))).toBe(false);
    expect(isAmbiguousStartFailure(new HarnessPermissionError('no'))).toBe(false);
    expect(isAmbiguousStartFailure(new Error('other'))).toBe(false);
  });
});

describe('entityFilters', () => {
  it('filters by pipeline or workflow id and by application', () => {
    expect(entityFilters('PIPELINE', 'app', 'p1')).toEqual([
      { pipeline: { operator: 'EQUALS', values: ['p1'] } },
      { application: { operator: 'EQUALS', values: ['app'] } },
    ]);
    expect(entityFilters('WORKFLOW', 'app', 'w1')[0]).toEqual({ workflow: { operator: 'EQUALS', values: ['w1'] } });
  });
});
