/**
 * Type-level promises of the public API, checked by `tsc --noEmit` over this file (the run-time
 * assertions only make the file a test). A broken promise is a compile error here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  HarnessClient,
  HarnessNotFoundError,
  HarnessValidationError,
  isHarnessError,
  isHarnessUnknownOutcomeError,
  type AnyHarnessError,
  type AwaitExecutionOptions,
  type ExecutionStatus,
  type FindPipelineOptions,
  type GetExecutionInputsOptions,
  type HarnessErrorCode,
  type ListEntitiesOptions,
  type StartPipelineOptions,
  type StartWorkflowOptions,
  type ValidationIssue,
} from '../../src/index.js';
import type { ExecutionStatus as GeneratedExecutionStatus } from '../../src/generated/graphql.js';

/** What a user's handler looks like: the switch narrows each case to its class. */
function describeError(error: unknown): string {
  if (!isHarnessError(error)) return 'not ours';
  switch (error.code) {
    case 'VALIDATION':
      expectTypeOf(error.issues).toEqualTypeOf<readonly ValidationIssue[]>();
      return error.issues.map((issue) => issue.variable).join(',');
    case 'NOT_FOUND':
      return `${error.entity}:${error.lookup}`;
    case 'UNKNOWN_OUTCOME':
      return error.reconciled?.id ?? 'none';
    case 'IDEMPOTENCY_CONFLICT':
      return error.idempotencyKey;
    case 'NETWORK':
      return error.requestSent;
    case 'TIMEOUT':
      return String(error.timeoutMs);
    case 'SERVER':
      return error.bodySnippet;
    case 'REQUEST':
      return error.graphqlErrors.join(';');
    case 'EXECUTION_FAILED':
      return error.execution.id;
    case 'WAIT_TIMEOUT':
      return String(error.polls);
    case 'ENDPOINT':
      return error.problem;
    case 'RESPONSE_TOO_LARGE':
      return String(error.limitBytes);
    case 'AUTHENTICATION':
    case 'PERMISSION':
    case 'RATE_LIMITED':
      return error.message;
    default: {
      // Every code is handled above: a new error class without a case here is a compile error.
      const unhandled: never = error;
      return String(unhandled);
    }
  }
}

describe('public types', () => {
  it('the errors form a union discriminated by a literal code', () => {
    expectTypeOf<AnyHarnessError['code']>().toEqualTypeOf<HarnessErrorCode>();
    expectTypeOf<HarnessValidationError['code']>().toEqualTypeOf<'VALIDATION'>();
    const error: unknown = new HarnessValidationError([{ code: 'missing_option', variable: 'x', message: 'x is missing' }]);
    if (isHarnessUnknownOutcomeError(error)) expectTypeOf(error.code).toEqualTypeOf<'UNKNOWN_OUTCOME'>();
    expect(describeError(error)).toBe('x');
    expect(describeError(new HarnessNotFoundError('pipeline', 'P', 'not found'))).toBe('pipeline:P');
  });

  it('ExecutionStatus is a plain union of the statuses Harness sends, the same as the schema says', () => {
    expectTypeOf<ExecutionStatus>().toEqualTypeOf<GeneratedExecutionStatus>();
    expectTypeOf<'SUCCESS'>().toMatchTypeOf<ExecutionStatus>();
  });

  it('every optional option accepts undefined under exactOptionalPropertyTypes', () => {
    const fromEnv: string | undefined = process.env.HARNESS_TEST_UNSET;
    const start: StartPipelineOptions = {
      applicationName: 'Harness Demo',
      applicationId: fromEnv,
      pipelineName: 'Guestbook Pipeline',
      pipelineId: fromEnv,
      notes: fromEnv,
      idempotencyKey: fromEnv,
      variables: undefined,
      artifacts: undefined,
      manifests: undefined,
      signal: undefined,
      excludeHostsWithSameArtifact: undefined,
      allowUnknownVariables: undefined,
      allowUnknownServices: undefined,
      continueWithDefaultValues: undefined,
      runtimeInputs: undefined,
    };
    const workflow: StartWorkflowOptions = { applicationId: 'a', workflowName: 'w', workflowId: fromEnv, targetHosts: undefined };
    const find: FindPipelineOptions = { applicationName: 'a', pipelineName: fromEnv, timeoutMs: undefined, signal: undefined };
    const list: ListEntitiesOptions = { applicationId: fromEnv, applicationName: 'a' };
    const inputs: GetExecutionInputsOptions = { applicationId: 'a', workflowName: 'w', variables: undefined, runtimeInputs: undefined, allowUnknownVariables: undefined };
    const wait: AwaitExecutionOptions = { timeoutMs: undefined, signal: undefined, onPoll: undefined, clock: undefined };
    expect([start, workflow, find, list, inputs, wait]).toHaveLength(6);
    expectTypeOf<HarnessClient['startPipeline']>().parameter(0).toEqualTypeOf<StartPipelineOptions>();
  });

  it('no public type is a generated one whose name clashes with ours (the .d.ts bundler would rename one to Name$1)', () => {
    // Ours and the generated schema types share these names; only ours may reach the public API.
    const clashing = ['ExecutionStatus', 'VariableValue', 'VariableInput', 'StartExecutionInput'];
    const src = join(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('generated') && !f.startsWith('testing') && !f.startsWith('cli'));
    const offenders = files.filter((file) => {
      const text = readFileSync(join(src, file), 'utf8');
      return [...text.matchAll(/import (?:type )?\{([^}]*)\} from '[./]*\/?generated\/graphql\.js'/g)].some((m) =>
        (m[1] ?? '').split(',').some((name) => clashing.includes(name.replace(/^\s*type\s+/, '').split(' as ')[0]?.trim() ?? '')),
      );
    });
    expect(offenders).toEqual([]);
    expect(readFileSync(join(src, 'index.ts'), 'utf8')).not.toMatch(/from '\.\/generated\//);
  });
});
