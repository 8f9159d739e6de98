import { describe, expect, it } from 'vitest';
import {
  HarnessNetworkError,
  HarnessPermissionError,
  HarnessServerError,
  HarnessTimeoutError,
  HarnessUnknownOutcomeError,
} from '../../src/errors.js';
import {
  differingParts,
  entityFilters,
  idempotencyKeyIssues,
  idempotencyMark,
  isAmbiguousStartFailure,
  notesWithKey,
  readKeyMark,
  startFingerprint,
  startInputsParts,
} from '../../src/idempotency.js';
import type { StartExecutionInput } from '../../src/types.js';

describe('the notes mark', () => {
  it('is appended to the caller notes, or stands alone', () => {
    expect(notesWithKey('Release 42', 'build-981')).toBe('Release 42 [idempotency-key: build-981]');
    expect(notesWithKey(undefined, 'build-981')).toBe('[idempotency-key: build-981]');
    expect(notesWithKey('', 'build-981')).toBe(idempotencyMark('build-981'));
  });

  it('is recognised only for the exact key', () => {
    expect(readKeyMark('x [idempotency-key: build-981]', 'build-981').carriesKey).toBe(true);
    expect(readKeyMark('x [idempotency-key: build-9810]', 'build-981').carriesKey).toBe(false);
    expect(readKeyMark(null, 'build-981').carriesKey).toBe(false);
  });

  it('refuses keys that would break the mark', () => {
    for (const bad of ['', '   ', 'a]b', 'line\nbreak', 'x'.repeat(129), 42]) {
      expect(idempotencyKeyIssues(bad)).toEqual([expect.objectContaining({ code: 'invalid_option', variable: 'idempotencyKey' })]);
    }
    expect(idempotencyKeyIssues('ci-run-2024-05-01#17')).toEqual([]);
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

describe('the fingerprint of a start', () => {
  const input: StartExecutionInput = {
    applicationId: 'app',
    executionType: 'WORKFLOW',
    entityId: 'w1',
    variableInputs: [
      { name: 'Environment', variableValue: { type: 'NAME', value: 'dev' } },
      { name: 'Service', variableValue: { type: 'NAME', value: 'guestbook' } },
    ],
    serviceInputs: [{ name: 'guestbook', artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { buildNumber: 'v6', artifactSourceName: 'guestbook' } } }],
  };
  const fingerprint = (i: StartExecutionInput, notes?: string) => startFingerprint(startInputsParts(i, notes));

  it('is 12 hex digits, the same for the same inputs in any order, and ignores the marks in the notes', () => {
    expect(fingerprint(input, 'n')).toMatch(/^[0-9a-f]{12}$/);
    const reordered = { ...input, notes: 'n [idempotency-key: k]', variableInputs: [...(input.variableInputs ?? [])].reverse() };
    expect(fingerprint(reordered, 'n')).toBe(fingerprint(input, 'n'));
  });

  it('changes with the entity, a variable, an artifact, the notes or a start option, and says which part', () => {
    const base = startInputsParts(input, 'n');
    const changed: [StartExecutionInput, string | undefined, string][] = [
      [{ ...input, entityId: 'w2' }, 'n', 'the application, pipeline or workflow'],
      [{ ...input, variableInputs: [{ name: 'Environment', variableValue: { type: 'NAME', value: 'prod' } }] }, 'n', 'the variables'],
      [{ ...input, serviceInputs: [] }, 'n', 'the artifacts or manifests'],
      [input, 'other notes', 'the notes'],
      [{ ...input, excludeHostsWithSameArtifact: true }, 'n', 'the other start options'],
    ];
    for (const [other, notes, part] of changed) {
      expect(fingerprint(other, notes)).not.toBe(fingerprint(input, 'n'));
      expect(differingParts(base, startInputsParts(other, notes))).toEqual([part]);
    }
  });
});

describe('reading the mark back', () => {
  it('finds the key and the fingerprint after it, in new and old notes alike', () => {
    expect(notesWithKey('Release 42', 'build-981', '0123456789ab')).toBe('Release 42 [idempotency-key: build-981] [idempotency-inputs: 0123456789ab]');
    expect(readKeyMark('Release 42 [idempotency-key: build-981] [idempotency-inputs: 0123456789ab]', 'build-981')).toEqual({ carriesKey: true, fingerprint: '0123456789ab' });
    expect(readKeyMark('Release 42 [idempotency-key: build-981]', 'build-981')).toEqual({ carriesKey: true, fingerprint: undefined });
    expect(readKeyMark('[idempotency-key: build-9810] [idempotency-inputs: 0123456789ab]', 'build-981').carriesKey).toBe(false);
  });

  it('answers "not carried" for notes of any odd shape', () => {
    for (const notes of [null, undefined, 7, {}, ['[idempotency-key: k]']]) {
      expect(readKeyMark(notes, 'k')).toEqual({ carriesKey: false, fingerprint: undefined });
    }
  });
});
