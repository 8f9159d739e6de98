/**
 * Loads Harness's public upstream schema files (reference data kept outside the repository) the way
 * graphql-js 16 can read them. The three fixes happen in memory only:
 * 1. legacy `implements A, B` becomes `implements A & B`;
 * 2. `scalar Long` (declared only in Harness's private schema) is prepended;
 * 3. fields repeated by `extend type` (User's id, name, email) are tolerated with `assumeValidSDL`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the upstream files are: `HARNESS_UPSTREAM_SCHEMA_DIR`, else `../shared/harness-schema/upstream` beside the repo. */
export function upstreamSchemaDir(): string {
  const fromEnv = process.env.HARNESS_UPSTREAM_SCHEMA_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(here, '../../../shared/harness-schema/upstream');
}

export class UpstreamSchemaMissingError extends Error {
  constructor(dir: string) {
    super(
      `The upstream Harness schema files were not found at ${dir}. ` +
        'They live in ../shared/harness-schema/upstream beside the repository; ' +
        'set HARNESS_UPSTREAM_SCHEMA_DIR to point elsewhere.',
    );
    this.name = 'UpstreamSchemaMissingError';
  }
}

let cached: GraphQLSchema | undefined;

export function loadUpstreamSchema(): GraphQLSchema {
  if (cached) return cached;
  const dir = upstreamSchemaDir();
  if (!existsSync(dir)) throw new UpstreamSchemaMissingError(dir);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort();
  if (files.length === 0) throw new UpstreamSchemaMissingError(dir);
  const sdl = files
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n')
    .replace(/implements\s+(\w+)\s*,\s*(\w+)/g, 'implements $1 & $2');
  cached = buildSchema(`scalar Long\n${sdl}`, { assumeValidSDL: true });
  return cached;
}
