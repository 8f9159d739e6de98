/**
 * Idempotency keys, as pure functions: checking a key, marking an execution's notes with it, the
 * fingerprint of a start's inputs, and reading both back from an execution's notes. Harness has no
 * idempotency of its own (a retried startExecution can deploy twice), so the notes carry the key:
 * any process that knows the key can find the execution, and the fingerprint beside it tells whether
 * that execution was started with the same inputs. No I/O here; start-sender.ts does the requests.
 */
import { createHash } from 'node:crypto';
import {
  isHarnessNetworkError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
  type ValidationIssue,
} from './errors.js';
import type { ExecutionFilter } from './generated/graphql.js';
import type { ExecutionKind, StartExecutionInput } from './types.js';

/** Executions of the entity searched for the key: the newest ones, as Harness lists them. */
export const IDEMPOTENCY_SEARCH_LIMIT = 20;
const MAX_KEY_LENGTH = 128;
/** Hex digits of the inputs fingerprint kept in the notes: 48 bits, plenty to tell two starts apart. */
const FINGERPRINT_LENGTH = 12;
const FINGERPRINT_MARK = /^ \[idempotency-inputs: ([0-9a-f]{12})\]/;

/** The text appended to the notes of an execution started with `key`. */
export function idempotencyMark(key: string): string {
  return `[idempotency-key: ${key}]`;
}

/** The text that follows the key's mark and records the fingerprint of the start's inputs. */
export function fingerprintMark(fingerprint: string): string {
  return `[idempotency-inputs: ${fingerprint}]`;
}

/**
 * Notes with the key's mark appended, followed by the inputs fingerprint when one is given.
 * Older versions of the SDK wrote the key's mark alone; they still find the key in these notes.
 */
export function notesWithKey(notes: string | undefined, key: string, fingerprint?: string): string {
  const mark = fingerprint === undefined ? idempotencyMark(key) : `${idempotencyMark(key)} ${fingerprintMark(fingerprint)}`;
  return notes === undefined || notes === '' ? mark : `${notes} ${mark}`;
}

/** What an execution's notes say about a key. */
export interface KeyMark {
  /** The notes carry the key's mark. */
  carriesKey: boolean;
  /** The inputs fingerprint written next to the key; undefined in notes written without one. */
  fingerprint: string | undefined;
}

/** Reads the key's mark (and the fingerprint after it) from notes of any shape. */
export function readKeyMark(notes: unknown, key: string): KeyMark {
  if (typeof notes !== 'string') return { carriesKey: false, fingerprint: undefined };
  const mark = idempotencyMark(key);
  // The SDK appends its mark last; a copy inside the caller's own notes comes earlier.
  const at = notes.lastIndexOf(mark);
  if (at < 0) return { carriesKey: false, fingerprint: undefined };
  const after = FINGERPRINT_MARK.exec(notes.slice(at + mark.length, at + mark.length + FINGERPRINT_LENGTH + 24));
  return { carriesKey: true, fingerprint: after?.[1] };
}

/** The problems with an idempotency key; empty when it is fine. */
export function idempotencyKeyIssues(key: unknown): ValidationIssue[] {
  if (typeof key === 'string' && key.trim() !== '' && key.length <= MAX_KEY_LENGTH && !/[\]\r\n]/.test(key)) return [];
  return [
    {
      code: 'invalid_option',
      variable: 'idempotencyKey',
      message: `idempotencyKey must be a non-empty string of at most ${MAX_KEY_LENGTH} characters without "]" or line breaks, such as a CI build id.`,
    },
  ];
}

/**
 * Whether a failed start may nevertheless have created an execution: a timeout, a connection lost
 * after sending, a 5xx or an answer that is not GraphQL, or an answer without an execution.
 */
export function isAmbiguousStartFailure(error: unknown): boolean {
  return (
    isHarnessTimeoutError(error) ||
    (isHarnessNetworkError(error) && error.requestSent === 'unknown') ||
    isHarnessServerError(error) ||
    isHarnessUnknownOutcomeError(error)
  );
}

/** The executions filter of one pipeline or workflow in one application. */
export function entityFilters(kind: ExecutionKind, applicationId: string, entityId: string): ExecutionFilter[] {
  const entity = { operator: 'EQUALS' as const, values: [entityId] };
  return [kind === 'PIPELINE' ? { pipeline: entity } : { workflow: entity }, { application: { operator: 'EQUALS', values: [applicationId] } }];
}

/** The parts of a start that a key is bound to, in a form where equal starts compare equal. */
export interface StartInputsParts {
  entity: string;
  variables: string;
  artifactsAndManifests: string;
  notes: string;
  other: string;
}

/** Names of the parts, as messages show them. */
export const START_INPUTS_PART_NAMES: Readonly<Record<keyof StartInputsParts, string>> = {
  entity: 'the application, pipeline or workflow',
  variables: 'the variables',
  artifactsAndManifests: 'the artifacts or manifests',
  notes: 'the notes',
  other: 'the other start options',
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A list compared as a set: the order in which the caller listed variables or services does not matter. */
function canonicalSet(items: readonly unknown[] | null | undefined): string {
  return `[${(items ?? []).map(canonical).sort().join(',')}]`;
}

/**
 * The parts of a start's input (the notes as the caller gave them, without the SDK's marks).
 * The input is the one validation built, so values given in different but equivalent forms (a
 * string or `{ name }`, variables in another order) compare equal.
 */
export function startInputsParts(input: StartExecutionInput, callerNotes: string | undefined): StartInputsParts {
  return {
    entity: canonical([input.applicationId, input.executionType, input.entityId]),
    variables: canonicalSet(input.variableInputs),
    artifactsAndManifests: canonicalSet(input.serviceInputs),
    notes: JSON.stringify(callerNotes ?? ''),
    other: canonical({
      continueWithDefaultValues: input.continueWithDefaultValues ?? null,
      excludeHostsWithSameArtifact: input.excludeHostsWithSameArtifact ?? null,
      targetToSpecificHosts: input.targetToSpecificHosts ?? null,
      specificHosts: input.specificHosts ? [...input.specificHosts].sort() : null,
    }),
  };
}

/** A short hash of a start's inputs, written next to the key so that any process can compare. */
export function startFingerprint(parts: StartInputsParts): string {
  const text = `v1\n${parts.entity}\n${parts.variables}\n${parts.artifactsAndManifests}\n${parts.notes}\n${parts.other}`;
  return createHash('sha256').update(text).digest('hex').slice(0, FINGERPRINT_LENGTH);
}

/** The names of the parts in which two starts differ. */
export function differingParts(a: StartInputsParts, b: StartInputsParts): string[] {
  return (Object.keys(START_INPUTS_PART_NAMES) as (keyof StartInputsParts)[])
    .filter((part) => a[part] !== b[part])
    .map((part) => START_INPUTS_PART_NAMES[part]);
}
