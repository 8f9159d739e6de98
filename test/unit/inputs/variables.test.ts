import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HarnessValidationError, isHarnessValidationError } from '../../../src/errors.js';
import { buildVariableInputs, describeVariable } from '../../../src/inputs/index.js';
import type { VariableValues } from '../../../src/types.js';
import { codesOf, declared, issuesOf, validationError } from './support.js';

const INFRA = 'Infrastructure definition';

/** The seed's "K8s Rolling Deployment" workflow variables. */
const seedWorkflowVariables = [
  declared('Environment', 'Environment', { required: true }),
  declared('Service', 'Service', { required: true }),
  declared('InfraDefinition_KUBERNETES', INFRA, { required: true }),
  declared('hotfix', 'Text'),
  declared('branch', 'Text'),
  declared('skipCV', 'Text'),
];

/** The seed's "Guestbook Pipeline" variables. */
const seedPipelineVariables = [declared('skipCV', 'Text'), declared('hotfix', 'Text'), declared('branch', 'Text')];

const name = (variable: string, value: string) => ({ name: variable, variableValue: { type: 'NAME', value } });
const id = (variable: string, value: string) => ({ name: variable, variableValue: { type: 'ID', value } });

describe("buildVariableInputs: Harness's StartExecution guide", () => {
  it('reproduces the seed workflow start exactly', () => {
    const inputs = buildVariableInputs(
      seedWorkflowVariables,
      { Environment: 'dev', InfraDefinition_KUBERNETES: 'k8s-dev', Service: 'guestbook', skipCV: 'true' },
      { kind: 'WORKFLOW' },
    );
    expect(JSON.stringify(inputs)).toBe(
      '[{"name":"Environment","variableValue":{"type":"NAME","value":"dev"}},' +
        '{"name":"InfraDefinition_KUBERNETES","variableValue":{"type":"NAME","value":"k8s-dev"}},' +
        '{"name":"Service","variableValue":{"type":"NAME","value":"guestbook"}},' +
        '{"name":"skipCV","variableValue":{"type":"NAME","value":"true"}}]',
    );
  });

  it('reproduces the seed pipeline start exactly', () => {
    const inputs = buildVariableInputs(
      seedPipelineVariables,
      { skipCV: 'true', branch: 'master', hotfix: 'false' },
      { kind: 'PIPELINE' },
    );
    expect(inputs).toStrictEqual([name('skipCV', 'true'), name('branch', 'master'), name('hotfix', 'false')]);
  });
});

describe('buildVariableInputs: shapes and output', () => {
  const variables = [
    declared('Service', 'Service'),
    declared('tags', 'Text', { allowMultipleValues: true }),
    declared('note', 'Text'),
  ];

  it('sends strings and { name } as NAME, { id } as ID and arrays joined with commas, in key order', () => {
    const inputs = buildVariableInputs(
      variables,
      { tags: ['a', 'b', 'c'], Service: { id: 'svc-123' }, note: { name: 'hello, world' } },
      { kind: 'WORKFLOW' },
    );
    expect(inputs).toStrictEqual([name('tags', 'a,b,c'), id('Service', 'svc-123'), name('note', 'hello, world')]);
  });

  it('does not send optional variables that are not given, nor keys whose value is undefined', () => {
    expect(buildVariableInputs(variables, { note: 'x', Service: undefined } as unknown as VariableValues, { kind: 'PIPELINE' })).toStrictEqual([
      name('note', 'x'),
    ]);
    expect(buildVariableInputs(variables, {}, { kind: 'PIPELINE' })).toStrictEqual([]);
  });

  it('returns fresh plain objects with exactly name and variableValue { type, value }', () => {
    const [input] = buildVariableInputs(variables, { note: 'x' }, { kind: 'WORKFLOW' });
    expect(Object.keys(input ?? {})).toStrictEqual(['name', 'variableValue']);
    expect(Object.keys(input?.variableValue ?? {})).toStrictEqual(['type', 'value']);
  });

  it.each<[string, unknown, RegExp]>([
    ['a number', 5, /got a number/],
    ['a boolean', true, /got a boolean/],
    ['null', null, /got null/],
    ['a nested object', { value: { id: 'x' } }, /keys "value"/],
    ['an array with a number', ['a', 1], /item 1 is a number/],
    ['a sparse array', ['a', , 'b'], /item 1 is undefined/],
    ['an array of arrays', [['a']], /item 0 is an array/],
    ['{ id } with a number', { id: 42 }, /\{ id \} whose id is a number/],
    ['{ name } with null', { name: null }, /\{ name \} whose name is null/],
    ['both id and name', { id: 'a', name: 'b' }, /both id and name/],
    ['{ id } with an extra key', { id: 'a', type: 'ID' }, /keys "id", "type"/],
    ['an expression', { expression: '${workflow.variables.x}' }, /EXPRESSION/],
    ['an expression typed like the wire format', { type: 'EXPRESSION', value: '${x}' }, /keys "type", "value"/],
    ['an empty object', {}, /no keys/],
    ['a function', () => 'x', /got a function/],
    ['a date', new Date(0), /no keys/],
  ])('refuses %s with invalid_value_type naming the accepted shapes', (_label, value, received) => {
    const issues = issuesOf(() => buildVariableInputs(variables, { note: value } as unknown as VariableValues, { kind: 'WORKFLOW' }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('invalid_value_type');
    expect(issues[0]?.variable).toBe('note');
    expect(issues[0]?.message).toMatch(received);
    expect(issues[0]?.message).toContain('Pass a string, an array of strings, { id: string } or { name: string }.');
  });

  it('never produces EXPRESSION, whatever the values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('Service', 'tags', 'note', 'other'), fc.anything()), (values) => {
        try {
          const inputs = buildVariableInputs(variables, values as VariableValues, { kind: 'PIPELINE', allowUnknown: true });
          for (const input of inputs) {
            expect(['NAME', 'ID']).toContain(input.variableValue.type);
            expect(typeof input.variableValue.value).toBe('string');
          }
        } catch (error) {
          expect(error).toBeInstanceOf(HarnessValidationError);
        }
      }),
      { seed: 31, numRuns: 300 },
    );
  });

  it('refuses a values argument that is not an object', () => {
    expect(codesOf(() => buildVariableInputs(variables, 'note=x' as unknown as VariableValues, { kind: 'WORKFLOW' }))).toStrictEqual([
      'invalid_value_type:(variables)',
    ]);
    expect(buildVariableInputs(variables, undefined as unknown as VariableValues, { kind: 'WORKFLOW' })).toStrictEqual([]);
  });

  it('refuses an unknown kind', () => {
    expect(codesOf(() => buildVariableInputs(variables, {}, { kind: 'BUILD' as 'WORKFLOW' }))).toStrictEqual(['invalid_option:kind']);
  });
});

describe('buildVariableInputs: required variables', () => {
  const variables = [
    declared('Environment', 'Environment', { required: true }),
    declared('region', 'Text', { required: true, allowedValues: ['us', 'eu'] }),
    declared('locked', 'Text', { required: true, fixed: true, defaultValue: 'v1' }),
    declared('optional', 'Text'),
  ];

  it('workflow: every required, non-fixed variable must be given; all missing ones are listed', () => {
    const issues = issuesOf(() => buildVariableInputs(variables, { optional: 'x' }, { kind: 'WORKFLOW', entityName: 'K8s Rolling' }));
    expect(issues.map((issue) => `${issue.code}:${issue.variable}`)).toStrictEqual([
      'missing_required:Environment',
      'missing_required:region',
    ]);
    expect(issues[0]?.message).toBe(
      'Variable "Environment" (Environment) is required by workflow "K8s Rolling" and was not given. Pass a value for it.',
    );
    expect(issues[1]?.message).toContain('Allowed values: "us", "eu".');
  });

  it('a key whose value is undefined is not given', () => {
    expect(
      codesOf(() =>
        buildVariableInputs(variables, { Environment: undefined, region: 'us' } as unknown as VariableValues, { kind: 'WORKFLOW' }),
      ),
    ).toStrictEqual(['missing_required:Environment']);
  });

  it('pipeline: the message explains runtime inputs, and runtimeInputs lifts the requirement', () => {
    const issues = issuesOf(() => buildVariableInputs(variables, {}, { kind: 'PIPELINE' }));
    expect(issues.map((issue) => issue.variable)).toStrictEqual(['Environment', 'region']);
    expect(issues[0]?.message).toBe(
      'Variable "Environment" (Environment) is required by the pipeline and was not given. Pass a value for it, ' +
        'or, if it is a runtime input of a stage (entered when that stage runs), name it in runtimeInputs.',
    );
    expect(buildVariableInputs(variables, {}, { kind: 'PIPELINE', runtimeInputs: ['Environment', 'region'] })).toStrictEqual([]);
    // A runtime input may still be given at start.
    expect(
      buildVariableInputs(variables, { region: 'eu' }, { kind: 'PIPELINE', runtimeInputs: ['Environment', 'region'] }),
    ).toStrictEqual([name('region', 'eu')]);
  });

  it('runtimeInputs does not apply to workflows and must name declared pipeline variables', () => {
    expect(
      codesOf(() => buildVariableInputs(variables, { region: 'us' }, { kind: 'WORKFLOW', runtimeInputs: ['Environment'] })),
    ).toStrictEqual(['invalid_option:runtimeInputs', 'missing_required:Environment']);
    const issues = issuesOf(() =>
      buildVariableInputs(variables, { Environment: 'dev' }, { kind: 'PIPELINE', runtimeInputs: ['regoin', 'region'] }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('invalid_option');
    expect(issues[0]?.message).toContain('runtimeInputs names "regoin", which the pipeline does not declare. Did you mean "region"?');
  });
});

describe('buildVariableInputs: fixed variables', () => {
  const variables = [declared('locked', 'Text', { required: true, fixed: true, defaultValue: 'v1' })];

  it('workflow: a different value is fixed_variable_changed, naming the fixed value but not echoing the given one', () => {
    const issues = issuesOf(() => buildVariableInputs(variables, { locked: 's3cr3t-v2' }, { kind: 'WORKFLOW', entityName: 'Deploy' }));
    expect(issues).toStrictEqual([
      {
        code: 'fixed_variable_changed',
        variable: 'locked',
        message: 'Variable "locked" is fixed to "v1" in workflow "Deploy" and cannot be changed. Leave it out, or pass exactly "v1".',
      },
    ]);
    expect(issues[0]?.message).not.toContain('s3cr3t');
  });

  it('workflow: the fixed value itself is sent, and compared exactly', () => {
    expect(buildVariableInputs(variables, { locked: 'v1' }, { kind: 'WORKFLOW' })).toStrictEqual([name('locked', 'v1')]);
    expect(codesOf(() => buildVariableInputs(variables, { locked: 'v1 ' }, { kind: 'WORKFLOW' }))).toStrictEqual([
      'fixed_variable_changed:locked',
    ]);
    expect(codesOf(() => buildVariableInputs(variables, { locked: 'V1' }, { kind: 'WORKFLOW' }))).toStrictEqual([
      'fixed_variable_changed:locked',
    ]);
  });

  it('pipeline: Harness has no fixed check, so any value is sent', () => {
    expect(buildVariableInputs(variables, { locked: 'v2' }, { kind: 'PIPELINE' })).toStrictEqual([name('locked', 'v2')]);
  });
});

describe('buildVariableInputs: allowed values', () => {
  const variables = [
    declared('env', 'Text', { allowedValues: ['dev', 'prod'] }),
    declared('pair', 'Text', { allowedValues: ['a,b', 'c'] }),
    declared('Service', 'Service', { allowedValues: ['svc-1'] }),
  ];

  it('accepts a value whose every comma-separated item is allowed (split regardless of allowMultipleValues)', () => {
    expect(buildVariableInputs(variables, { env: 'dev, prod' }, { kind: 'WORKFLOW' })).toStrictEqual([name('env', 'dev, prod')]);
    expect(buildVariableInputs(variables, { pair: '"a,b",c' }, { kind: 'WORKFLOW' })).toStrictEqual([name('pair', '"a,b",c')]);
    expect(buildVariableInputs(variables, { pair: 'a\\,b' }, { kind: 'WORKFLOW' })).toStrictEqual([name('pair', 'a\\,b')]);
  });

  it('refuses any item outside the list, naming the offenders and the allowed values', () => {
    const issues = issuesOf(() => buildVariableInputs(variables, { env: 'dev,qa,stage,qa' }, { kind: 'WORKFLOW' }));
    expect(issues).toStrictEqual([
      {
        code: 'value_not_allowed',
        variable: 'env',
        message: 'Variable "env" cannot take "qa", "stage". Allowed values: "dev", "prod". Each comma-separated item must be one of them.',
      },
    ]);
    expect(issuesOf(() => buildVariableInputs(variables, { env: 'Dev' }, { kind: 'PIPELINE' }))[0]?.message).toBe(
      'Variable "env" cannot take "Dev". Allowed values: "dev", "prod".',
    );
    // An unquoted "a,b" is two items, neither allowed on its own.
    expect(codesOf(() => buildVariableInputs(variables, { pair: 'a,b' }, { kind: 'WORKFLOW' }))).toStrictEqual([
      'value_not_allowed:pair',
    ]);
  });

  it('lets an empty value pass the check', () => {
    expect(buildVariableInputs(variables, { env: '' }, { kind: 'WORKFLOW' })).toStrictEqual([name('env', '')]);
  });

  it('checks { id } values too, and reports a malformed list', () => {
    expect(codesOf(() => buildVariableInputs(variables, { Service: { id: 'svc-2' } }, { kind: 'WORKFLOW' }))).toStrictEqual([
      'value_not_allowed:Service',
    ]);
    const issues = issuesOf(() => buildVariableInputs(variables, { env: '"dev' }, { kind: 'WORKFLOW' }));
    expect(issues[0]?.code).toBe('value_not_allowed');
    expect(issues[0]?.message).toContain('cannot split into items: a quote opened at position 1 is never closed');
  });
});

describe('buildVariableInputs: multiple values', () => {
  const infraSingle = declared('Infra', INFRA);
  const infraMulti = declared('Infra', INFRA, { allowMultipleValues: true });
  const textSingle = declared('note', 'Text');

  it('refuses an array of several values where the variable takes one', () => {
    const issues = issuesOf(() => buildVariableInputs([textSingle], { note: ['a', 'b'] }, { kind: 'PIPELINE' }));
    expect(issues).toStrictEqual([
      {
        code: 'multiple_values_not_allowed',
        variable: 'note',
        message: 'Variable "note" (Text) takes a single value but got 2. Pass one value.',
      },
    ]);
    expect(buildVariableInputs([textSingle], { note: ['only'] }, { kind: 'PIPELINE' })).toStrictEqual([name('note', 'only')]);
  });

  it('never splits text: commas in a text value are fine', () => {
    expect(buildVariableInputs([textSingle], { note: 'a,b,c' }, { kind: 'WORKFLOW' })).toStrictEqual([name('note', 'a,b,c')]);
  });

  it('pipeline, by name, allowed: sends the infrastructure list joined with commas', () => {
    expect(buildVariableInputs([infraMulti], { Infra: ['k8s-a', 'k8s-b'] }, { kind: 'PIPELINE' })).toStrictEqual([
      name('Infra', 'k8s-a,k8s-b'),
    ]);
    expect(buildVariableInputs([infraMulti], { Infra: 'k8s-a, k8s-b' }, { kind: 'PIPELINE' })).toStrictEqual([
      name('Infra', 'k8s-a, k8s-b'),
    ]);
  });

  it.each<[string, typeof infraSingle, 'PIPELINE' | 'WORKFLOW', VariableValues, RegExp]>([
    ['a comma list where one is allowed', infraSingle, 'PIPELINE', { Infra: 'k8s-a,k8s-b' }, /takes a single infrastructure definition/],
    ['an array where one is allowed', infraSingle, 'PIPELINE', { Infra: ['k8s-a', 'k8s-b'] }, /takes a single value but got 2/],
    ['a comma list in a workflow', infraMulti, 'WORKFLOW', { Infra: 'k8s-a,k8s-b' }, /workflow deploys to one infrastructure/],
    ['an array in a workflow', infraMulti, 'WORKFLOW', { Infra: ['k8s-a', 'k8s-b'] }, /workflow deploys to one infrastructure/],
    ['a comma list given as { id }', infraMulti, 'PIPELINE', { Infra: { id: 'id1,id2' } }, /splits lists only when they are names/],
    ['a comma list given as { name } where one is allowed', infraSingle, 'PIPELINE', { Infra: { name: 'a,b' } }, /single infrastructure/],
  ])('refuses %s for an infrastructure definition', (_label, variable, kind, values, message) => {
    const issues = issuesOf(() => buildVariableInputs([variable], values, { kind }));
    expect(issues.map((issue) => issue.code)).toStrictEqual(['multiple_values_not_allowed']);
    expect(issues[0]?.message).toMatch(message);
  });
});

describe('buildVariableInputs: empty values', () => {
  const variables = [
    declared('Environment', 'Environment'),
    declared('Service', 'Service', { required: true }),
    declared('Infra', INFRA, { allowMultipleValues: true }),
    declared('Jenkins', 'Jenkins Server'),
    declared('branch', 'Text', { required: true }),
    declared('note', 'Text'),
  ];

  it.each<[string, VariableValues]>([
    ['Environment', { Environment: '' }],
    ['Service', { Service: '   ' }],
    ['Service', { Service: { id: '' } }],
    ['Service', { Service: { name: '\t' } }],
    ['Infra', { Infra: [] }],
    ['Infra', { Infra: ['k8s-a', ' '] }],
    ['Jenkins', { Jenkins: '' }],
    ['branch', { branch: '' }],
    ['branch', { branch: '  ' }],
  ])('refuses an empty value for %s', (variable, values) => {
    const all: VariableValues = { Service: 'svc', branch: 'main', ...values };
    expect(codesOf(() => buildVariableInputs(variables, all, { kind: 'PIPELINE' }))).toStrictEqual([`empty_value:${variable}`]);
  });

  it('explains what to pass for an empty entity value', () => {
    const issues = issuesOf(() => buildVariableInputs(variables, { Service: '', branch: 'main' }, { kind: 'WORKFLOW' }));
    expect(issues[0]?.message).toBe('Variable "Service" (Service) got an empty value. Pass the Service name, or { id: "..." } for its id.');
  });

  it('sends an empty optional text value as an empty string', () => {
    expect(buildVariableInputs(variables, { Service: 's', branch: 'b', note: '' }, { kind: 'WORKFLOW' })).toStrictEqual([
      name('Service', 's'),
      name('branch', 'b'),
      name('note', ''),
    ]);
    expect(buildVariableInputs(variables, { note: [], Service: 's', branch: 'b' }, { kind: 'WORKFLOW' })[0]).toStrictEqual(name('note', ''));
    expect(buildVariableInputs(variables, { note: '  ', Service: 's', branch: 'b' }, { kind: 'WORKFLOW' })[0]).toStrictEqual(
      name('note', '  '),
    );
  });
});

describe('buildVariableInputs: unknown names', () => {
  it('reports an unknown name with a suggestion and the declared names', () => {
    const issues = issuesOf(() =>
      buildVariableInputs(seedWorkflowVariables, { Enviroment: 'dev' }, { kind: 'WORKFLOW', entityName: 'K8s Rolling Deployment' }),
    );
    expect(issues.find((issue) => issue.code === 'unknown_variable')).toStrictEqual({
      code: 'unknown_variable',
      variable: 'Enviroment',
      message:
        'Workflow "K8s Rolling Deployment" has no variable "Enviroment". Did you mean "Environment"? ' +
        'Its variables: "Environment", "Service", "InfraDefinition_KUBERNETES", "hotfix", "branch", "skipCV". ' +
        'Remove it, or pass allowUnknown: true to send it anyway (Harness ignores it and warns).',
    });
  });

  it('matches names exactly: a different case is unknown, with the right name suggested', () => {
    const issues = issuesOf(() => buildVariableInputs(seedPipelineVariables, { SkipCV: 'true' }, { kind: 'PIPELINE' }));
    expect(issues.map((issue) => issue.code)).toStrictEqual(['unknown_variable']);
    expect(issues[0]?.message).toContain('The pipeline has no variable "SkipCV". Did you mean "skipCV"?');
  });

  it('gives no suggestion when nothing is close', () => {
    const issues = issuesOf(() => buildVariableInputs(seedPipelineVariables, { zzz: '1' }, { kind: 'PIPELINE' }));
    expect(issues[0]?.message).not.toContain('Did you mean');
  });

  it('treats every value as unknown when nothing is declared', () => {
    const issues = issuesOf(() => buildVariableInputs([], { a: '1', b: '2' }, { kind: 'PIPELINE', entityName: 'Empty' }));
    expect(issues.map((issue) => `${issue.code}:${issue.variable}`)).toStrictEqual(['unknown_variable:a', 'unknown_variable:b']);
    expect(issues[0]?.message).toBe(
      'Pipeline "Empty" declares no variables, so "a" is unknown. Remove it, or pass allowUnknown: true to send it anyway (Harness ignores it and warns).',
    );
  });

  it('with allowUnknown, sends unknown names through as given', () => {
    expect(
      buildVariableInputs(seedPipelineVariables, { extra: 'x', skipCV: 'true', other: { id: 'i' } }, { kind: 'PIPELINE', allowUnknown: true }),
    ).toStrictEqual([name('extra', 'x'), name('skipCV', 'true'), id('other', 'i')]);
    expect(buildVariableInputs([], { a: '1' }, { kind: 'WORKFLOW', allowUnknown: true })).toStrictEqual([name('a', '1')]);
  });

  it('with allowUnknown, still refuses an unknown name with an invalid value', () => {
    expect(codesOf(() => buildVariableInputs([], { a: 1 } as unknown as VariableValues, { kind: 'WORKFLOW', allowUnknown: true }))).toStrictEqual([
      'invalid_value_type:a',
    ]);
  });
});

describe('buildVariableInputs: hostile names and values', () => {
  const hostile = JSON.parse('{"__proto__":"x","constructor":"y","toString":"z","hasOwnProperty":"w"}') as VariableValues;

  it('treats __proto__, constructor, toString as ordinary unknown names, without polluting anything', () => {
    expect(codesOf(() => buildVariableInputs(seedPipelineVariables, hostile, { kind: 'PIPELINE' }))).toStrictEqual([
      'unknown_variable:__proto__',
      'unknown_variable:constructor',
      'unknown_variable:toString',
      'unknown_variable:hasOwnProperty',
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype.toString).toBeTypeOf('function');
  });

  it('sends them through with allowUnknown', () => {
    expect(buildVariableInputs([], hostile, { kind: 'PIPELINE', allowUnknown: true })).toStrictEqual([
      name('__proto__', 'x'),
      name('constructor', 'y'),
      name('toString', 'z'),
      name('hasOwnProperty', 'w'),
    ]);
  });

  it('handles variables declared with those names as ordinary variables', () => {
    const variables = [
      declared('__proto__', 'Text', { required: true }),
      declared('constructor', 'Text', { required: true }),
      declared('toString', 'Text', { required: true }),
    ];
    // Inherited members of an empty object are not values.
    expect(codesOf(() => buildVariableInputs(variables, {}, { kind: 'WORKFLOW' }))).toStrictEqual([
      'missing_required:__proto__',
      'missing_required:constructor',
      'missing_required:toString',
    ]);
    expect(
      buildVariableInputs(variables, JSON.parse('{"toString":"c","__proto__":"a","constructor":"b"}') as VariableValues, { kind: 'WORKFLOW' }),
    ).toStrictEqual([name('toString', 'c'), name('__proto__', 'a'), name('constructor', 'b')]);
  });

  it('reads values from objects without a prototype, and ignores inherited ones', () => {
    const bare = Object.create(null) as Record<string, string>;
    bare.skipCV = 'true';
    expect(buildVariableInputs(seedPipelineVariables, bare, { kind: 'PIPELINE' })).toStrictEqual([name('skipCV', 'true')]);
    const inherited = Object.create({ skipCV: 'inherited' }) as Record<string, string>;
    expect(buildVariableInputs(seedPipelineVariables, inherited, { kind: 'PIPELINE' })).toStrictEqual([]);
  });

  it('keeps messages short and on one line for huge or multi-line values and names', () => {
    const longName = `${'n'.repeat(5000)}\nsecond line`;
    const variables = [declared('env', 'Text', { allowedValues: ['dev'] })];
    const error = validationError(() =>
      buildVariableInputs(variables, { env: `${'q'.repeat(100_000)}\n`, [longName]: 'x' }, { kind: 'WORKFLOW' }),
    );
    for (const issue of error.issues) {
      expect(issue.message.length).toBeLessThan(600);
      expect(issue.message).not.toContain('\n');
    }
    expect(error.issues.map((issue) => issue.code)).toStrictEqual(['value_not_allowed', 'unknown_variable']);
  });

  it('passes unusual but valid text through untouched', () => {
    const variables = [declared('note', 'Text')];
    for (const value of ['${workflow.variables.x}', '"quoted"', 'a\nb', '💥', '\u0000', ' padded ']) {
      expect(buildVariableInputs(variables, { note: value }, { kind: 'WORKFLOW' })).toStrictEqual([name('note', value)]);
    }
  });
});

describe('buildVariableInputs: every problem at once', () => {
  it('collects one issue per problem, of every code, in one HarnessValidationError', () => {
    const variables = [
      declared('Environment', 'Environment', { required: true }),
      declared('Service', 'Service', { required: true }),
      declared('Infra', INFRA),
      declared('locked', 'Text', { fixed: true, defaultValue: 'v1' }),
      declared('env', 'Text', { allowedValues: ['dev', 'prod'] }),
      declared('count', 'Text'),
    ];
    const error = validationError(() =>
      buildVariableInputs(
        variables,
        { Service: '', Infra: 'a,b', locked: 'v2', env: 'qa', count: 3, Enviroment: 'dev' } as unknown as VariableValues,
        { kind: 'WORKFLOW', entityName: 'Deploy' },
      ),
    );
    expect(error.issues.map((issue) => `${issue.code}:${issue.variable}`)).toStrictEqual([
      'missing_required:Environment',
      'empty_value:Service',
      'multiple_values_not_allowed:Infra',
      'fixed_variable_changed:locked',
      'value_not_allowed:env',
      'invalid_value_type:count',
      'unknown_variable:Enviroment',
    ]);
    expect(isHarnessValidationError(error)).toBe(true);
    expect(error.code).toBe('VALIDATION');
    expect(error.message.split('\n')[0]).toBe('7 problems with the variables for workflow "Deploy"; nothing was sent to Harness:');
    expect(error.message.split('\n')).toHaveLength(8);
  });

  it('reports a value that breaks several rules once per rule', () => {
    const variables = [declared('Infra', INFRA, { allowedValues: ['a'] })];
    expect(codesOf(() => buildVariableInputs(variables, { Infra: ['a', 'x'] }, { kind: 'PIPELINE' }))).toStrictEqual([
      'multiple_values_not_allowed:Infra',
      'value_not_allowed:Infra',
    ]);
  });
});

describe('describeVariable', () => {
  it.each([
    [declared('Environment', 'Environment', { required: true }), 'Environment: Environment, required'],
    [declared('branch', 'Text', { defaultValue: 'main' }), 'branch: Text, optional, default "main"'],
    [declared('locked', 'Text', { required: true, fixed: true, defaultValue: 'v1' }), 'locked: Text, required, fixed to "v1"'],
    [
      declared('region', 'Text', { allowedValues: ['us', 'eu'], defaultValue: 'us', allowMultipleValues: true }),
      'region: Text, optional, allowed "us", "eu", default "us", several values allowed',
    ],
    [declared('Infra Def', INFRA), '"Infra Def": Infrastructure definition, optional'],
    [declared('a\nb', 'Text'), '"a\\nb": Text, optional'],
  ])('describes %j', (variable, line) => {
    expect(describeVariable(variable)).toBe(line);
  });
});
