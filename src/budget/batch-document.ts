/**
 * The pure half of batched polling: one document reading many executions through aliases, and the
 * routing of its answer back to each execution. Harness counts one request however many aliases a
 * document holds, resolves each alias on its own, and reports a failed alias as `null` data plus an
 * error whose `path[0]` is the alias.
 */
import { ExecutionFieldsFragmentDoc, type ExecutionFieldsFragment } from '../generated/graphql.js';

/** Aliases in one request; Harness accepts 50 and each alias is resolved in turn on the server. */
export const MAX_ALIASES_PER_REQUEST = 50;
/** The operation name of a batched poll, as it shows in logs and the server's records. */
export const BATCH_OPERATION_NAME = 'BatchedExecutions';

const documents = new Map<number, string>();

/** The alias of the execution at `index` in a batch. */
export function aliasOf(index: number): string {
  return `e${index}`;
}

/** A query reading `count` executions, `e0` … with variables `$id0` …, each with the fields one poll reads. */
export function batchDocument(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > MAX_ALIASES_PER_REQUEST) {
    throw new RangeError(`a batch holds 1 to ${MAX_ALIASES_PER_REQUEST} executions, not ${count}`);
  }
  const known = documents.get(count);
  if (known) return known;
  const indexes = Array.from({ length: count }, (_, i) => i);
  const text = [
    `query ${BATCH_OPERATION_NAME}(${indexes.map((i) => `$id${i}: String!`).join(', ')}) {`,
    ...indexes.map((i) => `  ${aliasOf(i)}: execution(executionId: $id${i}) {\n    ...ExecutionFields\n  }`),
    '}',
    ExecutionFieldsFragmentDoc.toString().trim(),
  ].join('\n');
  documents.set(count, text);
  return text;
}

/** The variables of a batch reading `ids`, in order. */
export function batchVariables(ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
}

/** Splits ids into batches of at most {@link MAX_ALIASES_PER_REQUEST}. */
export function chunkIds(ids: readonly string[], size = MAX_ALIASES_PER_REQUEST): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}

/** One GraphQL error as a batch answer carries it. */
export interface BatchGraphQLError {
  readonly message: string;
  readonly path?: readonly (string | number)[] | undefined;
}

/** A batch answer as the sender hands it over. */
export interface BatchAnswer {
  readonly data?: Readonly<Record<string, unknown>> | null | undefined;
  readonly errors?: readonly BatchGraphQLError[] | undefined;
}

/** What one execution of a batch got: its fields (null: Harness answered nothing, read again), or its errors. */
export type BatchOutcome =
  | { readonly kind: 'execution'; readonly execution: ExecutionFieldsFragment | null }
  | { readonly kind: 'errors'; readonly messages: readonly string[] };

/**
 * Routes a batch answer to each execution: an error whose path starts with an alias belongs to that
 * alias's execution; an error without an alias (the whole document failed) belongs to all of them.
 */
export function routeBatchAnswer(ids: readonly string[], answer: BatchAnswer): BatchOutcome[] {
  const errors = answer.errors ?? [];
  const general = errors.filter((e) => typeof e.path?.[0] !== 'string' || !/^e\d+$/.test(e.path[0] as string)).map((e) => e.message);
  return ids.map((_, i) => {
    const alias = aliasOf(i);
    const own = errors.filter((e) => e.path?.[0] === alias).map((e) => e.message);
    if (own.length > 0 || general.length > 0) return { kind: 'errors', messages: [...own, ...general] };
    const value = answer.data?.[alias];
    return { kind: 'execution', execution: value === undefined || value === null ? null : (value as ExecutionFieldsFragment) };
  });
}
