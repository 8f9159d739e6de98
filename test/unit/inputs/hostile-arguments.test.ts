/**
 * The builders are public functions: they take Harness's raw GraphQL shapes (every field nullable) as
 * well as the SDK's, and answer anything else, however odd, with HarnessValidationError, never a
 * TypeError.
 */
import { describe, expect, it } from 'vitest';
import { buildServiceInputs, buildVariableInputs, describeVariable } from '../../../src/inputs/index.js';
import { MAX_SUGGESTIONS_PER_CALL } from '../../../src/inputs/did-you-mean.js';
import { codesOf, declared, issuesOf, validationError } from './support.js';

const WORKFLOW = { kind: 'WORKFLOW' } as const;

/** Calls `fn` with arguments its types do not allow, as a JavaScript caller may. */
function loosely<A extends unknown[], R>(fn: (...args: A) => R): (...args: unknown[]) => R {
  return fn as unknown as (...args: unknown[]) => R;
}
const buildVariables = loosely(buildVariableInputs);
const buildServices = loosely(buildServiceInputs);
const describeLoosely = loosely(describeVariable);

function throwingGetter(key: string): Record<string, unknown> {
  return Object.defineProperty({}, key, {
    enumerable: true,
    get() {
      throw new Error('getter blew up');
    },
  });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

describe('buildVariableInputs reads the raw GraphQL Variable shape', () => {
  it('takes allowedValues: null as no allowed values', () => {
    const variables = [{ name: 'region', type: 'Text', required: true, allowedValues: null, defaultValue: null, fixed: false, allowMultipleValues: false }];
    expect(buildVariableInputs(variables, { region: 'anything' }, WORKFLOW)).toEqual([
      { name: 'region', variableValue: { type: 'NAME', value: 'anything' } },
    ]);
  });

  it('skips null items of allowedValues and still checks the others', () => {
    const variables = [{ name: 'region', type: 'Text', allowedValues: [null, 'us', null, 'eu'] }];
    expect(buildVariableInputs(variables, { region: 'eu' }, WORKFLOW)).toHaveLength(1);
    expect(codesOf(() => buildVariableInputs(variables, { region: 'asia' }, WORKFLOW))).toEqual(['value_not_allowed:region']);
  });

  it('skips null variables in the list and a null list', () => {
    expect(buildVariableInputs([null, declared('a', 'Text'), null], { a: 'x' }, WORKFLOW)).toHaveLength(1);
    expect(buildVariableInputs(null, {}, WORKFLOW)).toEqual([]);
    expect(buildVariableInputs(undefined, undefined, WORKFLOW)).toEqual([]);
  });

  it('reads a missing or null type as Text and null flags as false', () => {
    const variables = [{ name: 'note' }, { name: 'tag', type: null, required: null, fixed: null, allowMultipleValues: null, defaultValue: null }];
    expect(buildVariableInputs(variables, { note: '', tag: 'v1' }, WORKFLOW)).toEqual([
      { name: 'note', variableValue: { type: 'NAME', value: '' } },
      { name: 'tag', variableValue: { type: 'NAME', value: 'v1' } },
    ]);
    expect(codesOf(() => buildVariableInputs(variables, { note: ['a', 'b'] }, WORKFLOW))).toEqual(['multiple_values_not_allowed:note']);
  });

  it('skips a variable without a name: nothing can be given for it', () => {
    const variables = [{ name: null, type: 'Text', required: true }, { type: 'Text', required: true }];
    expect(buildVariableInputs(variables, {}, WORKFLOW)).toEqual([]);
  });

  it('describeVariable takes the raw shape too', () => {
    expect(describeVariable({ name: 'region', type: null, required: null, allowedValues: null })).toBe('region: Text, optional');
  });
});

describe('buildVariableInputs refuses malformed declarations with HarnessValidationError', () => {
  it.each<[string, unknown, string]>([
    ['a string instead of a list', 'Environment', 'declared'],
    ['an object instead of a list', { name: 'x' }, 'declared'],
    ['a number as an item', [42], 'declared[0]'],
    ['an array as an item', [['x']], 'declared[0]'],
    ['a number as a name', [{ name: 7, type: 'Text' }], 'declared[0]'],
    ['a number as a type', [{ name: 'x', type: 3 }], 'declared[0]'],
    ['a string as required', [{ name: 'x', required: 'yes' }], 'declared[0]'],
    ['a string as allowedValues', [{ name: 'x', allowedValues: 'a,b' }], 'declared[0].allowedValues'],
    ['a number in allowedValues', [{ name: 'x', allowedValues: ['a', 1] }], 'declared[0].allowedValues'],
    ['an object as defaultValue', [{ name: 'x', defaultValue: {} }], 'declared[0]'],
  ])('%s', (_label, declarations, where) => {
    const issues = issuesOf(() => buildVariables(declarations, {}, WORKFLOW));
    expect(issues.map((found) => found.variable)).toContain(where);
    expect(issues.every((found) => found.code === 'invalid_option')).toBe(true);
  });

  it('names the path of a declaration whose getter throws', () => {
    const issues = issuesOf(() => buildVariables([throwingGetter('name')], {}, WORKFLOW));
    expect(issues.map((found) => found.variable)).toEqual(['declared[0].name']);
    expect(issues[0]?.message).toMatch(/could not be read/);
  });
});

describe('buildVariableInputs refuses odd values and options with HarnessValidationError', () => {
  const variables = [declared('v', 'Text')];
  it.each<[string, unknown]>([
    ['a number', 42],
    ['a boolean', true],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['a function', () => 'x'],
    ['a nested object', { name: { first: 'x' } }],
    ['an array with a number', ['a', 1]],
    ['an array with an object', ['a', {}]],
    ['a sparse array', [, 'b']],
    ['a revoked proxy', revokedProxy()],
    ['an object with a throwing getter', throwingGetter('name')],
    ['an object without a prototype', Object.create(null)],
  ])('a value that is %s', (_label, value) => {
    const error = validationError(() => buildVariables(variables, { v: value }, WORKFLOW));
    expect(error.issues.length).toBeGreaterThan(0);
  });

  it.each<[string, unknown]>([
    ['a number', 1],
    ['a string', 'v=1'],
    ['an array', [['v', '1']]],
    ['a revoked proxy', revokedProxy()],
    ['an object with a throwing getter', throwingGetter('v')],
  ])('values that are %s', (_label, values) => {
    validationError(() => buildVariables(variables, values, WORKFLOW));
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'WORKFLOW'],
    ['an object without kind', {}],
    ['a kind whose toString throws', { kind: { toString: () => { throw new Error('no'); } } }],
    ['a kind without a prototype', { kind: Object.create(null) }],
    ['a bigint entity name', { kind: 'WORKFLOW', entityName: 5n }],
    ['a string allowUnknown', { kind: 'WORKFLOW', allowUnknown: 'yes' }],
    ['a number allowUnknownHint', { kind: 'WORKFLOW', allowUnknownHint: 3 }],
    ['runtimeInputs with a number', { kind: 'PIPELINE', runtimeInputs: [1] }],
    ['a throwing kind getter', throwingGetter('kind')],
  ])('options that are %s', (_label, options) => {
    validationError(() => buildVariables(variables, {}, options));
  });
});

describe('buildServiceInputs reads the raw GraphQL ExecutionInputs and Service shapes', () => {
  const guestbook = { id: 's1', name: 'guestbook', artifactType: null, deploymentType: null, artifactSources: [{ id: 'a1', name: 'docker' }] };
  const choice = { guestbook: { artifactSource: 'docker', buildNumber: '7' } };
  const expected = [{ name: 'guestbook', artifactValueInput: { buildNumber: { buildNumber: '7', artifactSourceName: 'docker' }, valueType: 'BUILD_NUMBER' } }];

  it('takes servicesNeedingManifests: null and servicesNeedingArtifacts: null as nothing needed', () => {
    expect(buildServiceInputs({ servicesNeedingArtifacts: [guestbook], servicesNeedingManifests: null }, choice)).toEqual(expected);
    expect(buildServiceInputs({ servicesNeedingArtifacts: null, servicesNeedingManifests: null })).toEqual([]);
    expect(buildServiceInputs(null)).toEqual([]);
  });

  it('takes artifactSources: null and null sources as no sources listed', () => {
    const needs = { servicesNeedingArtifacts: [{ ...guestbook, artifactSources: null }], servicesNeedingManifests: [] };
    expect(buildServiceInputs(needs, choice)).toEqual(expected);
    const withNulls = { servicesNeedingArtifacts: [{ ...guestbook, artifactSources: [null, { id: null, name: 'docker' }, { name: null }] }] };
    expect(buildServiceInputs(withNulls, choice)).toEqual(expected);
    expect(codesOf(() => buildServiceInputs(withNulls, { guestbook: { artifactSource: 'dockr', buildNumber: '7' } }))).toEqual([
      'unknown_artifact_source:guestbook',
    ]);
  });

  it('skips null services and services without a name', () => {
    const needs = { servicesNeedingArtifacts: [null, guestbook, { id: 'x', name: null }], servicesNeedingManifests: [null] };
    expect(buildServiceInputs(needs, choice)).toEqual(expected);
  });

  it("takes Harness's own field names, serviceInputs and serviceManifestInputs", () => {
    expect(buildServiceInputs({ serviceInputs: [guestbook], serviceManifestInputs: null }, choice)).toEqual(expected);
    expect(codesOf(() => buildServiceInputs({ serviceInputs: [guestbook], serviceManifestInputs: [guestbook] }, choice))).toEqual([
      'missing_manifest:guestbook',
    ]);
  });
});

describe('buildServiceInputs refuses malformed arguments with HarnessValidationError', () => {
  it.each<[string, unknown]>([
    ['needs as a string', 'guestbook'],
    ['needs as an array', [{ name: 'guestbook' }]],
    ['a list that is an object', { servicesNeedingArtifacts: { name: 'guestbook' } }],
    ['a service that is a string', { servicesNeedingArtifacts: ['guestbook'] }],
    ['a service name that is a number', { servicesNeedingArtifacts: [{ name: 1 }] }],
    ['artifactSources as a string', { servicesNeedingArtifacts: [{ name: 'g', artifactSources: 'docker' }] }],
    ['a source that is a number', { servicesNeedingArtifacts: [{ name: 'g', artifactSources: [3] }] }],
    ['a source name that is an object', { servicesNeedingArtifacts: [{ name: 'g', artifactSources: [{ name: {} }] }] }],
    ['a throwing getter', throwingGetter('servicesNeedingArtifacts')],
    ['a revoked proxy', revokedProxy()],
  ])('%s', (_label, needs) => {
    const issues = issuesOf(() => buildServices(needs, {}, {}));
    expect(issues.every((found) => found.code === 'invalid_option')).toBe(true);
  });

  it.each<[string, unknown[]]>([
    ['options as a string', [null, {}, {}, 'allowUnknownServices']],
    ['allowUnknownServices as a string', [null, {}, {}, { allowUnknownServices: 'true' }]],
    ['artifacts with a throwing getter', [null, throwingGetter('guestbook')]],
    ['a revoked proxy as manifests', [null, {}, revokedProxy()]],
    ['an artifact choice with a throwing getter', [{ servicesNeedingArtifacts: [{ name: 'g' }] }, { g: throwingGetter('artifactSource') }]],
  ])('%s', (_label, args) => {
    validationError(() => buildServices(...args));
  });
});

describe('describeVariable', () => {
  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'region'],
    ['a variable without a name', { type: 'Text' }],
    ['a throwing getter', throwingGetter('name')],
  ])('refuses %s with HarnessValidationError', (_label, variable) => {
    validationError(() => describeLoosely(variable));
  });
});

describe('"did you mean" in builder messages stays bounded', () => {
  it('a 1 MB misspelt variable name is reported, quoted short, without a suggestion', () => {
    const huge = 'b'.repeat(1_000_000);
    const issues = issuesOf(() => buildVariableInputs([declared(`${huge.slice(1)}c`, 'Text')], { [huge]: 'x' }, WORKFLOW));
    expect(issues.map((found) => found.code)).toEqual(['unknown_variable']);
    expect(issues[0]?.message.length).toBeLessThan(2_000);
    expect(issues[0]?.message).not.toMatch(/Did you mean/);
  });

  it(`searches for at most ${String(MAX_SUGGESTIONS_PER_CALL)} suggestions in one call, however many names are unknown`, () => {
    const names = Array.from({ length: 50 }, (_, index) => `variable${String(index).padStart(3, '0')}`);
    const typos = Object.fromEntries(names.map((name) => [`${name}x`, 'v']));
    const issues = issuesOf(() => buildVariableInputs(names.map((name) => declared(name, 'Text')), typos, WORKFLOW));
    expect(issues).toHaveLength(50);
    expect(issues.filter((found) => found.message.includes('Did you mean')).length).toBe(MAX_SUGGESTIONS_PER_CALL);
  });
});
