/**
 * Bad input: property-based tests of the input builders against the fake server's rules (in
 * process for thousands of cases, over real HTTP for a sample), hostile values from JavaScript
 * callers, and hostile responses from a server that misbehaves.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HarnessClient,
  buildServiceInputs,
  buildVariableInputs,
  isHarnessError,
  isHarnessValidationError,
  type DeclaredVariable,
  type HarnessClientOptions,
  type VariableValues,
} from '../../src/index.js';
import { StartExecutionDocument } from '../../src/generated/graphql.js';
import { FakeEngine } from '../../src/testing/engine.js';
import type { FakeHarness, FakeVariable } from '../../src/testing/index.js';
import { seedData } from '../../src/testing/index.js';
import { FC_MULTIPLIER, K8S_START, SEED, bounded, clientFor, failure, freshFake } from './support.js';

const counts = { builderCases: 0, builderAccepted: 0, engineChecked: 0, httpCases: 0, httpAccepted: 0, serviceCases: 0, builderStricter: 0 };

afterAll(() => {
  console.log(
    `bad-input: ${counts.builderCases} builder cases (${counts.builderAccepted} accepted, ${counts.engineChecked} checked against the server's rules, ` +
      `${counts.builderStricter} refused locally that the server would have taken), ${counts.serviceCases} service-input cases, ` +
      `${counts.httpCases} over HTTP (${counts.httpAccepted} started)`,
  );
});

// ------------------------------------------------------------------------------------------------
// Generators: a workflow or pipeline whose declared variables are random, and random values for them.

const PLAIN_SERVICE = { id: 'svcPlainNoArtifact0001', name: 'plain-svc' };
const PLAIN_WORKFLOW_ID = 'wfPlainStage000000001';

/** Environments of the seed, with their infrastructure definitions. */
const ENVS = [
  { id: SEED.devEnvId, name: 'dev', infras: [{ id: SEED.devInfraId, name: 'k8s-dev' }] },
  { id: SEED.prodEnvId, name: 'prod', infras: [{ id: SEED.prodInfraId, name: 'k8s-prod' }] },
  { id: SEED.qaEnvId, name: 'qa', infras: [{ id: SEED.qaEastInfraId, name: 'k8s-qa-east' }, { id: SEED.qaWestInfraId, name: 'k8s-qa-west' }] },
] as const;

interface Case {
  kind: 'WORKFLOW' | 'PIPELINE';
  variables: FakeVariable[];
  values: Record<string, unknown>;
  allowUnknown: boolean;
  /** Every entity value names an entity that exists where the server will look for it. */
  resolvable: boolean;
}

const textChars = fc.constantFrom('a', 'b', 'c', ',', '"', ' ', '\\', '\n', 'é', '🚀', '{', '}', '#', '$');
const word = fc.string({ unit: textChars, minLength: 0, maxLength: 6 });
const itemPool = ['a', 'b', 'c', 'a,b', 'a b', '"a,b"', 'x'];

const textVariable = (name: string, kind: Case['kind']) =>
  fc
    .record({
      required: fc.boolean(),
      fixed: kind === 'WORKFLOW' ? fc.boolean() : fc.constant(false),
      allowedValues: fc.oneof(fc.constant([] as string[]), fc.uniqueArray(fc.constantFrom(...itemPool), { minLength: 1, maxLength: 3 })),
      allowMultipleValues: fc.boolean(),
      defaultValue: fc.option(fc.constantFrom('a', 'b', 'stable', ''), { nil: null }),
      runtimeInput: kind === 'PIPELINE' ? fc.boolean() : fc.constant(false),
    })
    .map(
      (r): FakeVariable => ({
        name,
        type: 'Text',
        required: r.required,
        fixed: r.fixed,
        allowedValues: r.allowedValues,
        allowMultipleValues: r.allowMultipleValues,
        defaultValue: r.fixed ? (r.defaultValue ?? 'stable') : r.defaultValue,
        runtimeInput: r.runtimeInput,
      }),
    );

/** A value a JavaScript caller might pass for a Text variable. */
const textValue = (variable: FakeVariable) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(variable.allowedValues ?? []), variable.defaultValue ?? 'a') },
    { weight: 3, arbitrary: word },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(...itemPool, ''), { minLength: 0, maxLength: 3 }) },
    { weight: 1, arbitrary: word.map((name) => ({ name })) },
    { weight: 1, arbitrary: word.map((id) => ({ id })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(42, null, true, {}, { id: 1 }, { id: 'a', name: 'b' }, { expression: '${x}' }, () => 'x', [1], Symbol('s')) },
  );

interface EntityChoice {
  env: (typeof ENVS)[number];
  envVar: boolean;
  serviceVar: boolean;
  infraVar: boolean;
  infraMulti: boolean;
}

const entityChoice: fc.Arbitrary<EntityChoice> = fc.record({
  env: fc.constantFrom(...ENVS),
  envVar: fc.boolean(),
  serviceVar: fc.boolean(),
  infraVar: fc.boolean(),
  infraMulti: fc.boolean(),
});

function entityValue(kind: 'Environment' | 'Service' | 'Infrastructure definition', choice: EntityChoice, caseKind: Case['kind']): fc.Arbitrary<{ value: unknown; resolvable: boolean }> {
  const ok = (value: unknown) => ({ value, resolvable: true });
  const bad = (value: unknown) => ({ value, resolvable: false });
  const hostile = fc.constantFrom(bad(''), bad('  '), bad('nope'), bad(7), bad(null), bad({}), bad(['', 'x']));
  if (kind === 'Environment') {
    return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(ok(choice.env.name), ok({ id: choice.env.id }), ok({ name: choice.env.name })) }, { weight: 1, arbitrary: hostile });
  }
  if (kind === 'Service') {
    return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(ok(PLAIN_SERVICE.name), ok({ id: PLAIN_SERVICE.id })) }, { weight: 1, arbitrary: hostile });
  }
  // The infrastructure lives in the environment the start resolves (dev when the environment is not templatized).
  const env = choice.envVar ? choice.env : ENVS[0];
  const names = env.infras.map((i) => i.name);
  const good: { value: unknown; resolvable: boolean }[] = [ok(names[0]), ok({ id: env.infras[0].id })];
  if (names.length > 1) good.push(ok(names), ok(names.join(',')));
  // Pipelines without a templatized environment do not resolve infrastructure names at start.
  const foreign = caseKind === 'PIPELINE' && !choice.envVar ? ok('k8s-prod') : bad('k8s-prod');
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(foreign, bad({ id: 'k8s-dev,k8s-prod' })) }, { weight: 1, arbitrary: hostile });
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    kind: fc.constantFrom<Case['kind']>('WORKFLOW', 'PIPELINE'),
    textNames: fc.uniqueArray(fc.constantFrom('region', 'channel', 'features', 'branch', 'ticket', 'x y', 'é'), { maxLength: 4 }),
    choice: entityChoice,
    allowUnknown: fc.boolean(),
    unknownName: fc.option(fc.constantFrom('regoin', 'extra', '__proto__', 'constructor', 'toString'), { nil: undefined }),
  })
  .chain(({ kind, textNames, choice, allowUnknown, unknownName }) => {
    const entityVars: FakeVariable[] = [];
    // Harness makes templatized entity variables mandatory.
    if (choice.envVar) entityVars.push({ name: 'Environment', type: 'Environment', required: true });
    if (choice.serviceVar && kind === 'WORKFLOW') entityVars.push({ name: 'Service', type: 'Service', required: true });
    if (choice.infraVar) entityVars.push({ name: 'Infra', type: 'Infrastructure definition', required: true, allowMultipleValues: choice.infraMulti });
    return fc.tuple(fc.tuple(...textNames.map((n) => textVariable(n, kind))), fc.constant(entityVars)).chain(([texts, entities]) => {
      const variables = [...texts, ...entities];
      const valueArbs = variables.map((v) =>
        fc.record({
          given: v.required === true ? fc.constantFrom(true, true, true, true, false) : fc.boolean(),
          drawn:
            v.type === 'Text'
              ? textValue(v).map((value) => ({ value, resolvable: true }))
              : entityValue(v.type as 'Environment' | 'Service' | 'Infrastructure definition', choice, kind),
        }),
      );
      return fc.tuple(...valueArbs).map((drawn): Case => {
        const values: Record<string, unknown> = {};
        let resolvable = true;
        drawn.forEach((d, i) => {
          const v = variables[i] as FakeVariable;
          if (!d.given) return;
          values[v.name] = d.drawn.value;
          if (!d.drawn.resolvable) resolvable = false;
        });
        if (unknownName !== undefined) Object.defineProperty(values, unknownName, { value: 'u', enumerable: true, configurable: true, writable: true });
        return { kind, variables, values, allowUnknown, resolvable };
      });
    });
  });

function declared(variables: readonly FakeVariable[]): DeclaredVariable[] {
  return variables.map((v) => ({
    name: v.name,
    type: v.type,
    required: v.required ?? false,
    allowedValues: v.allowedValues ?? [],
    defaultValue: v.defaultValue ?? null,
    fixed: v.fixed ?? false,
    allowMultipleValues: v.allowMultipleValues ?? false,
  }));
}

function runtimeInputsOf(c: Case): string[] {
  return c.kind === 'PIPELINE' ? c.variables.filter((v) => v.runtimeInput).map((v) => v.name) : [];
}

type BuilderOutcome = { ok: true; inputs: ReturnType<typeof buildVariableInputs> } | { ok: false; error: unknown };

function build(c: Case): BuilderOutcome {
  try {
    const inputs = buildVariableInputs(declared(c.variables), c.values as VariableValues, {
      kind: c.kind,
      allowUnknown: c.allowUnknown,
      runtimeInputs: runtimeInputsOf(c),
    });
    return { ok: true, inputs };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Adds the plain service, plain stage workflow and the case's entity to a data set; answers its id. */
function seedCase(data: ReturnType<typeof seedData>, c: Case, id: string): void {
  if (!data.services.some((s) => s.id === PLAIN_SERVICE.id)) {
    data.services.push({ id: PLAIN_SERVICE.id, appId: SEED.appId, name: PLAIN_SERVICE.name, artifactSources: [] });
    data.workflows.push({ id: PLAIN_WORKFLOW_ID, appId: SEED.appId, name: 'Plain Stage', envId: SEED.devEnvId, serviceIds: [], durationMs: 10_000 });
  }
  if (c.kind === 'WORKFLOW') {
    const hasEnvVar = c.variables.some((v) => v.type === 'Environment');
    data.workflows.push({ id, appId: SEED.appId, name: `Generated ${id}`, envId: hasEnvVar ? null : SEED.devEnvId, serviceIds: [], variables: c.variables });
  } else {
    data.pipelines.push({
      id,
      appId: SEED.appId,
      name: `Generated ${id}`,
      variables: c.variables,
      stages: [{ kind: 'workflow', id: `stage${id}`, name: 'Stage 1', stepName: 'Plain', workflowId: PLAIN_WORKFLOW_ID }],
    });
  }
}

describe('input builders: random declared variables and random values', () => {
  it("either answer inputs the server's rules accept or throw HarnessValidationError, never anything else", () => {
    const data = seedData();
    let now = Date.UTC(2024, 0, 1);
    const engine = new FakeEngine(data, 'fakeAccountId00000000', 'https://app.harness.io/', { now: () => (now += 1) });
    const caller = engine.callerForKey(data.apiKeys[0]?.key);
    if (!caller) throw new Error('no caller');
    let n = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        counts.builderCases += 1;
        const outcome = build(c);
        if (!outcome.ok) {
          // Only ever the typed error, listing at least one issue.
          expect(isHarnessValidationError(outcome.error)).toBe(true);
          expect((outcome.error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
          return;
        }
        counts.builderAccepted += 1;
        for (const input of outcome.inputs) {
          expect(typeof input.name).toBe('string');
          expect(['NAME', 'ID']).toContain(input.variableValue?.type);
          expect(typeof input.variableValue?.value).toBe('string');
        }
        if (!c.resolvable) return;
        const id = `generated${String((n += 1)).padStart(12, '0')}`;
        seedCase(data, c, id);
        counts.engineChecked += 1;
        try {
          engine.startExecution(caller, { applicationId: SEED.appId, entityId: id, executionType: c.kind, variableInputs: outcome.inputs as never });
        } catch (error) {
          throw new Error(
            `the builder accepted ${JSON.stringify(outcome.inputs)} for ${c.kind} variables ${JSON.stringify(c.variables)} but the server refused: ${(error as Error).message}`,
          );
        }
      }),
      { numRuns: 3_000 * FC_MULTIPLIER, seed: 20_240_101 + FC_MULTIPLIER },
    );
  });

  it('the builder is never laxer than the server: what it refuses for a plain-string value, the server often takes (counted), never the reverse', () => {
    // Counted, not asserted: the builder refuses some inputs Harness would take (an empty required
    // Text value, an unknown variable name) because Harness would deploy without the intended value.
    const data = seedData();
    let now = Date.UTC(2024, 0, 1);
    const engine = new FakeEngine(data, 'fakeAccountId00000000', 'https://app.harness.io/', { now: () => (now += 1) });
    const caller = engine.callerForKey(data.apiKeys[0]?.key);
    if (!caller) throw new Error('no caller');
    let n = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const outcome = build(c);
        const plain = Object.entries(c.values).every(([, v]) => typeof v === 'string');
        if (outcome.ok || !plain || !c.resolvable) return;
        const id = `strict${String((n += 1)).padStart(12, '0')}`;
        seedCase(data, c, id);
        const naive = Object.entries(c.values).map(([name, value]) => ({ name, variableValue: { type: 'NAME', value } }));
        try {
          engine.startExecution(caller, { applicationId: SEED.appId, entityId: id, executionType: c.kind, variableInputs: naive as never });
          counts.builderStricter += 1;
        } catch {
          // the server refuses it too
        }
      }),
      { numRuns: 1_000 * FC_MULTIPLIER, seed: 7 },
    );
  });

  it('buildServiceInputs takes any JavaScript value as artifacts and manifests: inputs or HarnessValidationError', () => {
    const needing = {
      servicesNeedingArtifacts: [{ id: SEED.guestbookServiceId, name: 'guestbook', artifactType: 'DOCKER', artifactSources: [{ id: 'src', name: 'guestbook', parameters: [] }] }],
      servicesNeedingManifests: [{ id: SEED.helmServiceId, name: 'guestbook-helm', artifactType: 'DOCKER', artifactSources: [] }],
    } as unknown as Parameters<typeof buildServiceInputs>[0];
    const choice = fc.oneof(
      fc.anything(),
      fc.record({ artifactSource: fc.oneof(fc.string(), fc.anything()), buildNumber: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }),
      fc.record({ artifactId: fc.anything() }),
      fc.record({ helmChartId: fc.oneof(fc.string(), fc.anything()) }),
      fc.record({ appManifestName: fc.string(), versionNumber: fc.anything() }),
    );
    const choices = fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom('guestbook', 'guestbook-helm', '__proto__', 'constructor', 'x'), choice));
    fc.assert(
      fc.property(choices, choices, fc.boolean(), (artifacts, manifests, allowUnknownServices) => {
        counts.serviceCases += 1;
        try {
          const inputs = buildServiceInputs(needing, artifacts as never, manifests as never, { allowUnknownServices });
          expect(Array.isArray(inputs)).toBe(true);
        } catch (error) {
          if (!isHarnessValidationError(error)) throw error;
        }
      }),
      { numRuns: 1_000 * FC_MULTIPLIER, seed: 11 },
    );
  });
});

describe('input builders: any declarations, as Harness types them or not', () => {
  /** A GraphQL `Variable` as Harness may answer it: every field nullable or absent. */
  const rawVariable = fc.record(
    {
      name: fc.option(fc.constantFrom('Environment', 'region', 'tag', ''), { nil: null }),
      type: fc.option(fc.constantFrom('Text', 'Environment', 'Infrastructure definition'), { nil: null }),
      required: fc.option(fc.boolean(), { nil: null }),
      allowedValues: fc.option(fc.array(fc.option(fc.constantFrom('us', 'eu'), { nil: null }), { maxLength: 3 }), { nil: null }),
      defaultValue: fc.option(fc.constantFrom('us', ''), { nil: null }),
      fixed: fc.option(fc.boolean(), { nil: null }),
      allowMultipleValues: fc.option(fc.boolean(), { nil: null }),
    },
    { requiredKeys: [] },
  );
  const rawService = fc.record(
    {
      id: fc.option(fc.string(), { nil: null }),
      name: fc.option(fc.constantFrom('guestbook', 'helm', ''), { nil: null }),
      artifactSources: fc.option(fc.array(fc.option(fc.record({ id: fc.option(fc.string(), { nil: null }), name: fc.option(fc.constantFrom('guestbook', 'docker'), { nil: null }) }), { nil: null }), { maxLength: 2 }), { nil: null }),
    },
    { requiredKeys: [] },
  );
  const nullableList = <T>(item: fc.Arbitrary<T>) => fc.option(fc.array(fc.option(item, { nil: null }), { maxLength: 4 }), { nil: null });
  const needs = fc.oneof(
    fc.record({ servicesNeedingArtifacts: nullableList(rawService), servicesNeedingManifests: nullableList(rawService) }, { requiredKeys: [] }),
    fc.record({ serviceInputs: nullableList(rawService), serviceManifestInputs: nullableList(rawService) }, { requiredKeys: [] }),
  );
  const values = fc.dictionary(fc.constantFrom('Environment', 'region', 'tag', '__proto__'), fc.oneof(fc.constantFrom('us', 'eu', 'dev', ''), fc.anything()));

  it('raw GraphQL shapes with nulls anywhere: inputs or HarnessValidationError, never a TypeError', () => {
    fc.assert(
      fc.property(nullableList(rawVariable), values, fc.constantFrom('PIPELINE', 'WORKFLOW'), (declaredRaw, given, kind) => {
        try {
          buildVariableInputs(declaredRaw, given as VariableValues, { kind });
        } catch (error) {
          if (!isHarnessValidationError(error)) throw error;
          // Raw shapes are read, not refused: every problem is about the values.
          expect(error.issues.every((found) => found.code !== 'invalid_option')).toBe(true);
        }
      }),
      { numRuns: 500 * FC_MULTIPLIER, seed: 17 },
    );
    fc.assert(
      fc.property(needs, fc.anything(), (needed, artifacts) => {
        try {
          buildServiceInputs(needed, artifacts as never);
        } catch (error) {
          if (!isHarnessValidationError(error)) throw error;
          expect(error.issues.every((found) => found.code !== 'invalid_option')).toBe(true);
        }
      }),
      { numRuns: 500 * FC_MULTIPLIER, seed: 19 },
    );
  });

  it('anything at all as any argument: inputs or HarnessValidationError', () => {
    const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSparseArray: true, withBoxedValues: true });
    fc.assert(
      fc.property(anything, anything, anything, anything, (a, b, c, d) => {
        for (const run of [
          () => buildVariableInputs(a as never, b as never, c as never),
          () => buildVariableInputs(a as never, b as never, { kind: 'WORKFLOW' }),
          () => buildServiceInputs(a as never, b as never, c as never, d as never),
        ]) {
          try {
            run();
          } catch (error) {
            if (!isHarnessValidationError(error)) throw error;
          }
        }
      }),
      { numRuns: 500 * FC_MULTIPLIER, seed: 23 },
    );
  });
});

describe('over real HTTP: never an accepted input the server then refuses', () => {
  let fake: FakeHarness;
  beforeAll(async () => {
    fake = await freshFake();
    seedCase(fake.data, { kind: 'WORKFLOW', variables: [], values: {}, allowUnknown: false, resolvable: true }, 'wfWarmup00000000000001');
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a sample of generated cases, through startWorkflow / startPipeline', async () => {
    const sample = fc.sample(caseArb, { numRuns: 150 * FC_MULTIPLIER, seed: 42 });
    const client = clientFor(fake, { lookupCacheTtlMs: 0 });
    let n = 0;
    for (const c of sample) {
      const id = `http${String((n += 1)).padStart(18, '0')}`;
      seedCase(fake.data, c, id);
      const expected = build(c);
      const startsBefore = fake.requests.filter((r) => r.operationName === 'StartExecution').length;
      const base = { applicationId: SEED.appId, variables: c.values as VariableValues, allowUnknownVariables: c.allowUnknown };
      const run =
        c.kind === 'WORKFLOW'
          ? client.startWorkflow({ ...base, workflowId: id })
          : client.startPipeline({ ...base, pipelineId: id, runtimeInputs: runtimeInputsOf(c) });
      const settled = await run.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      counts.httpCases += 1;
      const startsSent = fake.requests.filter((r) => r.operationName === 'StartExecution').length - startsBefore;
      if (expected.ok && c.resolvable) {
        if (!settled.ok) throw new Error(`accepted locally but refused: ${JSON.stringify(c)}: ${(settled.error as Error).message}`);
        counts.httpAccepted += 1;
        expect(settled.value.id).toBeTruthy();
      } else if (!expected.ok) {
        // The client refuses exactly what the builder refuses, before anything is started.
        expect(isHarnessValidationError(settled.ok ? undefined : settled.error)).toBe(true);
        expect(startsSent).toBe(0);
      } else {
        // Entities that do not exist: the server says so, in a typed error.
        if (!settled.ok) expect(isHarnessError(settled.error)).toBe(true);
      }
    }
    expect(counts.httpAccepted).toBeGreaterThan(20);
  });
});

// ------------------------------------------------------------------------------------------------
// Hostile values

describe('hostile values', () => {
  let fake: FakeHarness;
  const bodies: string[] = [];
  const capture: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') bodies.push(init.body);
    return fetch(input, init);
  };
  const client = (extra: Partial<HarnessClientOptions> = {}) => clientFor(fake, { fetch: capture, ...extra });

  beforeAll(async () => {
    fake = await freshFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  const lastStart = () => {
    const body = [...bodies].reverse().find((b) => b.includes('StartExecution'));
    if (!body) throw new Error('no start sent');
    return JSON.parse(body) as { query: string; variables: { input: { variableInputs: { name: string; variableValue: { value: string } }[] } } };
  };

  it.each([
    ['GraphQL syntax', '"}) { __typename } #'],
    ['quotes and backslashes', `'"\\"\\\\'`],
    ['unicode', 'déploiement 🚀 ✓ \u202e\u0000'],
    ['whitespace', ' \t '],
    ['empty string', ''],
    ['100k characters', 'x'.repeat(100_000)],
    ['a line break', 'line1\nline2'],
  ])('%s travels as a variable, never in the query text, and arrives intact', async (_label, value) => {
    const started = await client().startWorkflow({ ...K8S_START, variables: { ...K8S_START.variables, hotfix: value } });
    const sent = lastStart();
    expect(sent.query).toBe(StartExecutionDocument.toString());
    expect(sent.query).not.toContain(value === '' ? '\u0001never' : value);
    expect(sent.variables.input.variableInputs.find((v) => v.name === 'hotfix')?.variableValue.value).toBe(value);
    const onServer = fake.executions().find((e) => e.id === started.id);
    expect(onServer?.inputVariables.find((v) => v.name === 'hotfix')?.value).toBe(value);
  });

  it('__proto__ and constructor keys in variables and artifacts are refused as unknown names, and pollute nothing', async () => {
    const startsBefore = fake.requests.filter((r) => r.operationName === 'StartExecution').length;
    const variables = { ...JSON.parse('{"__proto__": "x", "constructor": "y"}'), ...K8S_START.variables } as VariableValues;
    const artifacts = JSON.parse('{"__proto__": {"artifactSource": "guestbook", "buildNumber": "v6"}, "guestbook": {"artifactSource": "guestbook", "buildNumber": "v6"}}');
    const error = await failure(client().startWorkflow({ ...K8S_START, variables, artifacts }));
    expect(isHarnessValidationError(error)).toBe(true);
    const issues = (error as { issues: { code: string; variable: string }[] }).issues;
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unknown_variable', variable: '__proto__' })]));
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'unknown_variable', variable: 'constructor' })]));
    expect(fake.requests.filter((r) => r.operationName === 'StartExecution').length).toBe(startsBefore);
    expect(({} as Record<string, unknown>).artifactSource).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('buildNumber');
  });

  it('with allowUnknownVariables, a __proto__ key is sent as a plain name, not as a prototype', async () => {
    const variables = { ...JSON.parse('{"__proto__": "x"}'), ...K8S_START.variables } as VariableValues;
    await client().startWorkflow({ ...K8S_START, variables, allowUnknownVariables: true });
    expect(lastStart().variables.input.variableInputs.map((v) => v.name)).toContain('__proto__');
  });

  it.each<[string, unknown]>([
    ['a number', 42],
    ['null', null],
    ['an object', { nested: true }],
    ['a function', () => 'dev'],
    ['a symbol', Symbol('dev')],
    ['a bigint', 10n],
    ['an array of numbers', [1, 2]],
    ['a sparse array', [, 'a']],
  ])('a variable value that is %s: HarnessValidationError naming it, nothing sent', async (_label, value) => {
    const before = fake.requests.length;
    const error = await failure(client().prepareWorkflowStart({ ...K8S_START, variables: { ...K8S_START.variables, hotfix: value } as unknown as VariableValues }));
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as { issues: { variable: string }[] }).issues.map((i) => i.variable)).toContain('hotfix');
    // Lookups may run; nothing past them.
    expect(fake.requests.slice(before).some((r) => r.operationName === 'StartExecution')).toBe(false);
  });

  it.each<[string, unknown]>([
    ['variables as a string', 'Environment=dev'],
    ['variables as an array', [['Environment', 'dev']]],
    ['notes as a number', 5],
  ])('start options: %s → HarnessValidationError', async (label, value) => {
    const options = label.startsWith('notes') ? { ...K8S_START, notes: value } : { ...K8S_START, variables: value };
    const error = await failure(client().startWorkflow(options as never));
    expect(isHarnessValidationError(error)).toBe(true);
  });

  it('HarnessClient options with an unknown key are refused, naming the key', () => {
    let error: unknown;
    try {
      new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, timeout: 5 } as unknown as HarnessClientOptions);
    } catch (caught) {
      error = caught;
    }
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('timeout');
  });

  it('start options with an unknown (misspelt) key are refused before anything is started', async () => {
    const before = fake.requests.filter((r) => r.operationName === 'StartExecution').length;
    const error = await failure(client().startWorkflow({ ...K8S_START, variabels: { hotfix: 'x' } } as never));
    expect(isHarnessValidationError(error)).toBe(true);
    expect((error as Error).message).toContain('variabels');
    expect(fake.requests.filter((r) => r.operationName === 'StartExecution').length).toBe(before);
  });
});

// ------------------------------------------------------------------------------------------------
// Hostile responses: a fetch that answers chosen operations with bodies a broken server could send.

describe('hostile responses', () => {
  let fake: FakeHarness;
  beforeAll(async () => {
    fake = await freshFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  /** Answers `operation` with `body` (a string, or a function of the call count); anything else goes to the fake. */
  function hostile(operation: string, body: string | ((n: number) => string), status = 200): typeof fetch {
    let n = 0;
    return async (input, init) => {
      const text = typeof init?.body === 'string' ? init.body : '';
      if (text.includes(`"operationName":"${operation}"`) || new RegExp(`(query|mutation) ${operation}\\b`).test(text)) {
        n += 1;
        return new Response(typeof body === 'string' ? body : body(n), { status, headers: { 'content-type': 'application/json' } });
      }
      return fetch(input, init);
    };
  }

  const HUGE = JSON.stringify({ data: { execution: { id: 'x', status: 'RUNNING', notes: 'n'.repeat(20 * 1024 * 1024) } } });
  const BODIES: [string, string][] = [
    ['null data', '{"data":null}'],
    ['data an array', '{"data":[]}'],
    ['field an array', '{"data":{"execution":[],"application":[],"applicationByName":[],"startExecution":[]}}'],
    ['field a string', '{"data":{"execution":"x","applicationByName":"x","startExecution":"x","pipelineByName":"x","workflowByName":"x"}}'],
    ['missing fields', '{"data":{"execution":{},"applicationByName":{},"startExecution":{"execution":{}},"pipelineByName":{},"workflowByName":{}}}'],
    ['wrong types', '{"data":{"execution":{"id":5,"status":{"a":1},"createdAt":"yesterday"},"startExecution":{"execution":{"id":5}}}}'],
    ['a JSON string', '"hello"'],
    ['a JSON number', '42'],
    ['errors not an array', '{"errors":{"message":"x"}}'],
    ['errors of odd shape', '{"errors":[null, 5, {"message": 7}]}'],
    ['20 MB', HUGE],
  ];

  const TARGETS: [string, string, (c: HarnessClient, executionId: string) => Promise<unknown>][] = [
    ['findApplication', 'ApplicationByName', (c) => c.findApplication(SEED.appName)],
    ['findPipeline', 'PipelineByName', (c) => c.findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' })],
    ['getExecution', 'Execution', (c, id) => c.getExecution(id)],
    ['startWorkflow', 'StartExecution', (c) => c.startWorkflow(K8S_START)],
    ['listPendingApprovals', 'ApprovalDetails', (c, id) => c.listPendingApprovals({ applicationId: SEED.appId, executionId: id })],
  ];

  for (const [method, operation, call] of TARGETS) {
    it.each(BODIES)(`${method} answered with %s: a typed error or a sound answer, in bounded time`, async (label, body) => {
      const executionId = (await clientFor(fake).startWorkflow(K8S_START)).id;
      const client = clientFor(fake, { fetch: hostile(operation, body), timeoutMs: 10_000, retry: false });
      const run = await bounded(call(client, executionId), 15_000);
      expect(run.hung).toBe(false);
      const result = run.result as PromiseSettledResult<unknown>;
      if (result.status === 'rejected') {
        expect(isHarnessError(result.reason), String(result.reason)).toBe(true);
        expect((result.reason as Error).message.length).toBeLessThan(2_000);
      } else if (method === 'startWorkflow') {
        // None of these bodies holds an execution: a start must never read as success.
        throw new Error(`startWorkflow answered ${label} reported success: ${JSON.stringify(result.value).slice(0, 200)}`);
      }
    });
  }

  it('a status Harness adds later does not crash awaitExecution: it keeps polling until a known terminal status', async () => {
    const executionId = (await clientFor(fake).startWorkflow(K8S_START)).id;
    const statuses = ['QUEUED', 'STARTING_SOON', 'RUNNING', 'DISCONTINUING', 'DISCONTINUING', 'SUCCESS'];
    const body = (n: number) =>
      JSON.stringify({
        data: {
          execution: {
            __typename: 'WorkflowExecution',
            id: executionId,
            status: statuses[Math.min(n, statuses.length) - 1],
            application: { id: SEED.appId, name: SEED.appName },
            createdAt: 1,
            startedAt: 1,
            endedAt: null,
            notes: null,
            url: null,
            failureDetails: null,
          },
        },
      });
    const seen: (string | null)[] = [];
    const client = clientFor(fake, { fetch: hostile('Execution', body) });
    const done = await client.awaitExecution(executionId, { onPoll: (e) => seen.push(e.status) });
    expect(done.status).toBe('SUCCESS');
    expect(seen).toEqual(statuses);
  });

  it('an unknown status that never ends: the wait ends with HarnessWaitTimeoutError at its deadline, not a crash', async () => {
    const executionId = (await clientFor(fake).startWorkflow(K8S_START)).id;
    const body = JSON.stringify({ data: { execution: { __typename: 'WorkflowExecution', id: executionId, status: 'SOMETHING_NEW', application: { id: SEED.appId, name: SEED.appName } } } });
    const error = await failure(clientFor(fake, { fetch: hostile('Execution', body) }).awaitExecution(executionId, { timeoutMs: 120_000 }));
    expect((error as Error).name).toBe('HarnessWaitTimeoutError');
  });
});
