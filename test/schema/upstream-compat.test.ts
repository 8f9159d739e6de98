/**
 * schema/harness.graphql and operations/ against Harness FirstGen's public upstream schema. The
 * upstream files are not in the repository: HARNESS_UPSTREAM_SCHEMA_DIR names their folder (CI sets
 * it). Unset, the upstream checks are skipped with one line saying how to run them; the checks of our
 * own schema and operations always run.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaSubsetProblems } from '../support/schema-compat.js';
import { UPSTREAM_SKIP_LINE, loadUpstreamSchema, upstreamSchemaDir, upstreamSchemaFiles } from '../support/upstream-schema.js';

const root = join(import.meta.dirname, '..', '..');
const ourSdl = readFileSync(join(root, 'schema', 'harness.graphql'), 'utf8');
const ours: GraphQLSchema = buildSchema(ourSdl);

function operationFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? operationFiles(path) : name.endsWith('.graphql') ? [path] : [];
  });
}

const files = operationFiles(join(root, 'operations'));
const allOperations = files.map((file) => readFileSync(file, 'utf8')).join('\n');
const fragments = files.filter((f) => f.includes(`${join('operations', 'fragments')}`));
const operations = files.filter((f) => !fragments.includes(f));

/** An operation file with every fragment appended, so it validates on its own. */
function operationDocument(file: string) {
  return parse(`${readFileSync(file, 'utf8')}\n${fragments.map((f) => readFileSync(f, 'utf8')).join('\n')}`);
}

/** Validation messages, without the complaint about fragments this operation does not use. */
function relevant(errors: readonly { message: string }[]): string[] {
  return errors.map((e) => e.message).filter((m) => !/^Fragment "\w+" is never used\.$/.test(m));
}

const upstreamDir = upstreamSchemaDir();
if (upstreamDir === undefined) console.log(UPSTREAM_SKIP_LINE);

describe('schema/harness.graphql on its own', () => {
  it('is a valid schema of its own', () => {
    expect(ours.getQueryType()?.name).toBe('Query');
    expect(ours.getMutationType()?.name).toBe('Mutation');
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
});

describe('operations/ against our schema', () => {
  it('has operations to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of operations) {
    it(`${relative(root, file)} is valid against schema/harness.graphql`, () => {
      expect(relevant(validate(ours, operationDocument(file)))).toEqual([]);
    });
  }

  it('every document parses as a whole with unique operation names', () => {
    const document = parse(allOperations);
    const names = document.definitions.flatMap((d) => ('name' in d && d.name ? [d.name.value] : []));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe.skipIf(upstreamDir === undefined)('against the upstream Harness schema', () => {
  const dir = upstreamDir ?? '';
  // Loaded in each test rather than in a hook, so that a wrong folder fails every check by name.
  const upstream = () => loadUpstreamSchema(dir);

  it('finds the upstream schema files where HARNESS_UPSTREAM_SCHEMA_DIR points', () => {
    expect(upstreamSchemaFiles(dir).length).toBeGreaterThan(50);
  });

  it('schema/harness.graphql declares only types, fields, arguments and enum values that exist upstream with the same types', () => {
    expect(schemaSubsetProblems(ours, upstream())).toEqual([]);
  });

  it('would catch a field with a different type (the check can fail)', () => {
    const broken = buildSchema(ourSdl.replace('  fixed: Boolean\n', '  fixed: String\n'));
    expect(schemaSubsetProblems(broken, upstream())).toContain('field Variable.fixed is String here but Boolean upstream');
    const invented = buildSchema(`${ourSdl}\nenum ExtraEnum { A }\n`);
    expect(schemaSubsetProblems(invented, upstream())).toContain('type ExtraEnum does not exist upstream');
  });

  it("carries none of the upstream files' comments or licence header (descriptions are our own)", () => {
    const upstreamComments = upstreamSchemaFiles(dir)
      .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
      .map((line) => line.trim())
      .filter((line) => line.startsWith('#'))
      .map((line) => line.replace(/^#+\s*/, ''))
      .filter((text) => text.length >= 25);
    expect(upstreamComments.length).toBeGreaterThan(50);
    const ourText = ourSdl.replace(/\s+/g, ' ');
    expect(upstreamComments.filter((text) => ourText.includes(text.replace(/\s+/g, ' ')))).toEqual([]);
  });

  for (const file of operations) {
    it(`${relative(root, file)} is valid against the upstream schema`, () => {
      expect(relevant(validate(upstream(), operationDocument(file)))).toEqual([]);
    });
  }
});
