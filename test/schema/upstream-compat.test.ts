import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schemaSubsetProblems } from '../support/schema-compat.js';
import { loadUpstreamSchema, upstreamSchemaDir } from '../support/upstream-schema.js';

const root = join(import.meta.dirname, '..', '..');
const ourSdl = readFileSync(join(root, 'schema', 'harness.graphql'), 'utf8');

function operationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? operationFiles(path) : name.endsWith('.graphql') ? [path] : [];
  });
}

const files = operationFiles(join(root, 'operations'));
const allOperations = files.map((file) => readFileSync(file, 'utf8')).join('\n');
const fragments = files.filter((f) => f.includes(`${join('operations', 'fragments')}`));

let upstream: GraphQLSchema;
let ours: GraphQLSchema;

beforeAll(() => {
  upstream = loadUpstreamSchema();
  ours = buildSchema(ourSdl);
});

describe('schema/harness.graphql against the upstream Harness schema', () => {
  it('is a valid schema of its own', () => {
    expect(ours.getQueryType()?.name).toBe('Query');
    expect(ours.getMutationType()?.name).toBe('Mutation');
  });

  it('declares only types, fields, arguments and enum values that exist upstream with the same types', () => {
    expect(schemaSubsetProblems(ours, upstream)).toEqual([]);
  });

  it('would catch a field with a different type (the check can fail)', () => {
    const broken = buildSchema(ourSdl.replace('  fixed: Boolean\n', '  fixed: String\n'));
    expect(schemaSubsetProblems(broken, upstream)).toContain('field Variable.fixed is String here but Boolean upstream');
    const invented = buildSchema(`${ourSdl}\nenum ExtraEnum { A }\n`);
    expect(schemaSubsetProblems(invented, upstream)).toContain('type ExtraEnum does not exist upstream');
  });

  it('covers every API surface the SDK is built on', () => {
    const query = Object.keys(ours.getQueryType()!.getFields());
    const mutation = Object.keys(ours.getMutationType()!.getFields());
    expect(query).toEqual(
      expect.arrayContaining([
        'applicationByName',
        'pipelineByName',
        'workflowByName',
        'executionInputs',
        'execution',
        'executions',
        'approvalDetails',
        'runtimeExecutionInputsToResumePipeline',
      ]),
    );
    expect(mutation).toEqual(
      expect.arrayContaining(['startExecution', 'resumeExecution', 'pipelineResumeRuntime', 'approveOrRejectApprovals']),
    );
  });

  it("carries none of the upstream files' comments or licence header (descriptions are our own)", () => {
    const dir = upstreamSchemaDir();
    const upstreamComments = readdirSync(dir)
      .filter((name) => name.endsWith('.graphql'))
      .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^#+\s*/, ''))
      .filter((text) => text.length >= 25);
    expect(upstreamComments.length).toBeGreaterThan(50);
    const ours = ourSdl.replace(/\s+/g, ' ');
    expect(upstreamComments.filter((text) => ours.includes(text.replace(/\s+/g, ' ')))).toEqual([]);
  });
});

describe('operations/ validate against both schemas', () => {
  it('has operations to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files.filter((f) => !fragments.includes(f))) {
    it(`${relative(root, file)} is valid against the upstream schema and ours`, () => {
      const document = parse(`${readFileSync(file, 'utf8')}\n${fragments.map((f) => readFileSync(f, 'utf8')).join('\n')}`);
      // Fragments unused by this operation are fine: drop the NoUnusedFragments complaint only.
      const relevant = (errors: readonly { message: string }[]) =>
        errors.map((e) => e.message).filter((m) => !/^Fragment "\w+" is never used\.$/.test(m));
      expect(relevant(validate(upstream, document))).toEqual([]);
      expect(relevant(validate(ours, document))).toEqual([]);
    });
  }

  it('every document parses as a whole with unique operation names', () => {
    const document = parse(allOperations);
    const names = document.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []));
    expect(new Set(names).size).toBe(names.length);
  });
});
