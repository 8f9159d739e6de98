/**
 * Loads Harness FirstGen's public GraphQL schema files (harness-core,
 * `400-rest/src/main/resources/graphql/public/*.graphql`). They are not part of this repository (their
 * licence does not allow copying them here), so tests find them through HARNESS_UPSTREAM_SCHEMA_DIR:
 * unset, the checks that need them are skipped; set to a folder without them, those checks fail.
 *
 * graphql-js 16 cannot read the files as they are; three fixes happen in memory only:
 * 1. legacy `implements A, B` becomes `implements A & B`;
 * 2. `scalar Long` (declared only in Harness's private schema) is prepended;
 * 3. fields repeated by `extend type` (User's id, name, email) are tolerated with `assumeValidSDL`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';

/** The environment variable naming the folder of upstream `*.graphql` files. */
export const UPSTREAM_SCHEMA_ENV = 'HARNESS_UPSTREAM_SCHEMA_DIR';

/** The folder named by HARNESS_UPSTREAM_SCHEMA_DIR, or undefined when it is unset or empty. */
export function upstreamSchemaDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[UPSTREAM_SCHEMA_ENV]?.trim();
  return value ? resolve(value) : undefined;
}

/** The one line a run prints when it skips the upstream checks: why, and how to run them. */
export const UPSTREAM_SKIP_LINE =
  `upstream schema checks skipped: ${UPSTREAM_SCHEMA_ENV} is not set. To run them, point it at a folder ` +
  "holding Harness FirstGen's public schema files (harness-core 400-rest/src/main/resources/graphql/public/*.graphql), " +
  `e.g. ${UPSTREAM_SCHEMA_ENV}=/path/to/graphql/public npx vitest run test/schema`;

export class UpstreamSchemaMissingError extends Error {
  constructor(dir: string) {
    super(
      `${UPSTREAM_SCHEMA_ENV} is set to ${dir}, but no upstream Harness schema files (*.graphql) are there. ` +
        'Point it at the folder of Harness FirstGen public schema files, or unset it to skip the upstream checks.',
    );
    this.name = 'UpstreamSchemaMissingError';
  }
}

/** The `*.graphql` files in `dir`, sorted; throws when the folder is missing or holds none. */
export function upstreamSchemaFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UpstreamSchemaMissingError(dir);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => join(dir, name));
  if (files.length === 0) throw new UpstreamSchemaMissingError(dir);
  return files;
}

const cache = new Map<string, GraphQLSchema>();

export function loadUpstreamSchema(dir: string): GraphQLSchema {
  const known = cache.get(dir);
  if (known) return known;
  const sdl = upstreamSchemaFiles(dir)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
    .replace(/implements\s+(\w+)\s*,\s*(\w+)/g, 'implements $1 & $2');
  const schema = buildSchema(`scalar Long\n${sdl}`, { assumeValidSDL: true });
  cache.set(dir, schema);
  return schema;
}
