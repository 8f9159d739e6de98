import { describe, expect, it } from 'vitest';
import { buildServiceInputs } from '../../../src/inputs/index.js';
import type { ArtifactChoices, ExecutionInputsInfo, ManifestChoices, ServiceNeedingInput } from '../../../src/types.js';
import { codesOf, issuesOf, validationError } from './support.js';

function service(name: string, sources: readonly string[] = []): ServiceNeedingInput {
  return {
    id: `id-${name}`,
    name,
    artifactType: 'DOCKER',
    deploymentType: 'KUBERNETES',
    artifactSources: sources.map((source) => ({ id: `src-${source}`, name: source })),
  };
}

function needs(artifacts: readonly ServiceNeedingInput[], manifests: readonly ServiceNeedingInput[] = []): ExecutionInputsInfo {
  return { servicesNeedingArtifacts: artifacts, servicesNeedingManifests: manifests };
}

const fargate = service('fargate-nginx', ['library_nginx']);
const guestbook = service('guestbook', ['guestbook', 'guestbook-mirror']);
const chart = service('chart-svc');

describe("buildServiceInputs: Harness's StartExecution guide", () => {
  it('reproduces the seed pipeline artifact exactly', () => {
    const inputs = buildServiceInputs(needs([fargate]), {
      'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '1.10.1' },
    });
    expect(inputs).toStrictEqual([
      {
        name: 'fargate-nginx',
        artifactValueInput: { buildNumber: { buildNumber: '1.10.1', artifactSourceName: 'library_nginx' }, valueType: 'BUILD_NUMBER' },
      },
    ]);
    expect(JSON.stringify(inputs[0])).toBe(
      '{"name":"fargate-nginx","artifactValueInput":{"buildNumber":{"buildNumber":"1.10.1","artifactSourceName":"library_nginx"},"valueType":"BUILD_NUMBER"}}',
    );
  });

  it('reproduces the seed workflow artifact exactly', () => {
    expect(JSON.stringify(buildServiceInputs(needs([guestbook]), { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } }))).toBe(
      '[{"name":"guestbook","artifactValueInput":{"buildNumber":{"buildNumber":"v6","artifactSourceName":"guestbook"},"valueType":"BUILD_NUMBER"}}]',
    );
  });
});

describe('buildServiceInputs: shapes', () => {
  it('builds ARTIFACT_ID', () => {
    expect(buildServiceInputs(needs([fargate]), { 'fargate-nginx': { artifactId: 'art-1' } })).toStrictEqual([
      { name: 'fargate-nginx', artifactValueInput: { artifactId: { artifactId: 'art-1' }, valueType: 'ARTIFACT_ID' } },
    ]);
  });

  it('builds PARAMETERIZED_ARTIFACT_SOURCE with parameters in the given order', () => {
    expect(
      buildServiceInputs(needs([fargate]), {
        'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '7', parameters: { repo: 'nginx', tag: '' } },
      }),
    ).toStrictEqual([
      {
        name: 'fargate-nginx',
        artifactValueInput: {
          parameterizedArtifactSource: {
            artifactSourceName: 'library_nginx',
            buildNumber: '7',
            parameterValueInputs: [
              { name: 'repo', value: 'nginx' },
              { name: 'tag', value: '' },
            ],
          },
          valueType: 'PARAMETERIZED_ARTIFACT_SOURCE',
        },
      },
    ]);
  });

  it('treats empty or undefined parameters as a plain build number', () => {
    for (const parameters of [{}, undefined]) {
      expect(
        buildServiceInputs(needs([fargate]), {
          'fargate-nginx': { artifactSource: 'library_nginx', buildNumber: '7', parameters } as ArtifactChoices[string],
        })[0]?.artifactValueInput?.valueType,
      ).toBe('BUILD_NUMBER');
    }
  });

  it('builds HELM_CHART_ID and VERSION_NUMBER manifests', () => {
    expect(buildServiceInputs(needs([], [chart]), undefined, { 'chart-svc': { helmChartId: 'hc-1' } })).toStrictEqual([
      { name: 'chart-svc', manifestValueInput: { helmChartId: 'hc-1', valueType: 'HELM_CHART_ID' } },
    ]);
    expect(
      buildServiceInputs(needs([], [chart]), {}, { 'chart-svc': { appManifestName: 'nginx-chart', versionNumber: '1.2.3' } }),
    ).toStrictEqual([
      {
        name: 'chart-svc',
        manifestValueInput: { versionNumber: { appManifestName: 'nginx-chart', versionNumber: '1.2.3' }, valueType: 'VERSION_NUMBER' },
      },
    ]);
  });

  it('puts artifact and manifest of one service together, artifact services first, in the order of needs', () => {
    const both = service('both', ['src']);
    const inputs = buildServiceInputs(
      needs([both, fargate], [chart, both]),
      { 'fargate-nginx': { artifactId: 'a1' }, both: { artifactId: 'a2' } },
      { both: { helmChartId: 'h2' }, 'chart-svc': { helmChartId: 'h1' } },
    );
    expect(inputs).toStrictEqual([
      {
        name: 'both',
        artifactValueInput: { artifactId: { artifactId: 'a2' }, valueType: 'ARTIFACT_ID' },
        manifestValueInput: { helmChartId: 'h2', valueType: 'HELM_CHART_ID' },
      },
      { name: 'fargate-nginx', artifactValueInput: { artifactId: { artifactId: 'a1' }, valueType: 'ARTIFACT_ID' } },
      { name: 'chart-svc', manifestValueInput: { helmChartId: 'h1', valueType: 'HELM_CHART_ID' } },
    ]);
    expect(JSON.stringify(inputs)).not.toContain('null');
  });

  it('returns nothing when nothing is needed or given', () => {
    expect(buildServiceInputs(needs([]))).toStrictEqual([]);
    expect(buildServiceInputs(needs([]), {}, {}, { allowUnknownServices: false })).toStrictEqual([]);
  });
});

describe('buildServiceInputs: missing choices', () => {
  it('explains the shape to pass and lists the artifact sources', () => {
    expect(issuesOf(() => buildServiceInputs(needs([fargate])))).toStrictEqual([
      {
        code: 'missing_artifact',
        variable: 'fargate-nginx',
        message:
          'Service "fargate-nginx" needs an artifact for this start. Pass artifacts: ' +
          '{ "fargate-nginx": { artifactSource: "library_nginx", buildNumber: "<build number>" } }, ' +
          'or { artifactId: "<artifact id>" } for that service. Its artifact sources: "library_nginx".',
      },
    ]);
    const several = issuesOf(() => buildServiceInputs(needs([guestbook]), {}))[0]?.message;
    expect(several).toContain('artifactSource: "<artifact source name>"');
    expect(several).toContain('Its artifact sources: "guestbook", "guestbook-mirror".');
  });

  it('reports a missing manifest, also for a service whose artifact was given', () => {
    const both = service('both', ['src']);
    expect(codesOf(() => buildServiceInputs(needs([both], [both, chart]), { both: { artifactId: 'a' } }))).toStrictEqual([
      'missing_manifest:both',
      'missing_manifest:chart-svc',
    ]);
    expect(issuesOf(() => buildServiceInputs(needs([], [chart])))[0]?.message).toBe(
      'Service "chart-svc" needs a manifest (Helm chart) for this start. Pass manifests: ' +
        '{ "chart-svc": { appManifestName: "<manifest name>", versionNumber: "<chart version>" } }, ' +
        'or { helmChartId: "<helm chart id>" } for that service.',
    );
  });

  it('treats an undefined choice as not given', () => {
    expect(codesOf(() => buildServiceInputs(needs([fargate]), { 'fargate-nginx': undefined } as unknown as ArtifactChoices))).toStrictEqual([
      'missing_artifact:fargate-nginx',
    ]);
  });
});

describe('buildServiceInputs: unknown services and sources', () => {
  it('reports a choice for a service that needs nothing, with a suggestion', () => {
    const issues = issuesOf(() =>
      buildServiceInputs(needs([fargate]), {
        'fargate-nginx': { artifactId: 'a' },
        'fargate-ngnix': { artifactId: 'b' },
      }),
    );
    expect(issues).toStrictEqual([
      {
        code: 'unknown_service',
        variable: 'fargate-ngnix',
        message:
          'Service "fargate-ngnix" needs no artifact in this start, so Harness would ignore it. Did you mean "fargate-nginx"? ' +
          'Services that need one: "fargate-nginx". Remove it, or pass allowUnknownServices: true to leave it out silently.',
      },
    ]);
  });

  it('matches service names exactly (case-sensitive)', () => {
    const issues = issuesOf(() => buildServiceInputs(needs([fargate]), { 'Fargate-Nginx': { artifactId: 'a' } }));
    expect(issues.map((issue) => `${issue.code}:${issue.variable}`)).toStrictEqual([
      'unknown_service:Fargate-Nginx',
      'missing_artifact:fargate-nginx',
    ]);
    expect(issues[0]?.message).toContain('Did you mean "fargate-nginx"?');
  });

  it('says when no service needs that kind of input, or only the other kind', () => {
    expect(issuesOf(() => buildServiceInputs(needs([]), { x: { artifactId: 'a' } }))[0]?.message).toContain(
      'No service needs an artifact in this start.',
    );
    expect(issuesOf(() => buildServiceInputs(needs([], [chart]), { 'chart-svc': { artifactId: 'a' } }, { 'chart-svc': { helmChartId: 'h' } }))).toStrictEqual([
      {
        code: 'unknown_service',
        variable: 'chart-svc',
        message:
          'Service "chart-svc" needs only a manifest in this start, so Harness would ignore its artifact. ' +
          'Remove it, or pass allowUnknownServices: true to leave it out silently.',
      },
    ]);
    expect(codesOf(() => buildServiceInputs(needs([fargate]), { 'fargate-nginx': { artifactId: 'a' } }, { 'fargate-nginx': { helmChartId: 'h' } }))).toStrictEqual([
      'unknown_service:fargate-nginx',
    ]);
  });

  it('with allowUnknownServices, neither reports nor sends such choices', () => {
    expect(
      buildServiceInputs(
        needs([fargate]),
        { other: { artifactId: 'x' }, 'fargate-nginx': { artifactId: 'a' } },
        { other: { helmChartId: 'h' } },
        { allowUnknownServices: true },
      ),
    ).toStrictEqual([{ name: 'fargate-nginx', artifactValueInput: { artifactId: { artifactId: 'a' }, valueType: 'ARTIFACT_ID' } }]);
  });

  it('reports an artifact source the service does not have, with a suggestion', () => {
    expect(
      issuesOf(() => buildServiceInputs(needs([fargate]), { 'fargate-nginx': { artifactSource: 'library-nginx', buildNumber: '1' } })),
    ).toStrictEqual([
      {
        code: 'unknown_artifact_source',
        variable: 'fargate-nginx',
        message: 'Service "fargate-nginx" has no artifact source "library-nginx". Did you mean "library_nginx"? Its artifact sources: "library_nginx".',
      },
    ]);
    expect(
      codesOf(() => buildServiceInputs(needs([fargate]), { 'fargate-nginx': { artifactSource: 'Library_nginx', buildNumber: '1' } })),
    ).toStrictEqual(['unknown_artifact_source:fargate-nginx']);
  });

  it('accepts any source name when Harness lists none for the service', () => {
    expect(buildServiceInputs(needs([chart]), { 'chart-svc': { artifactSource: 'anything', buildNumber: '1' } })).toHaveLength(1);
  });
});

describe('buildServiceInputs: malformed choices', () => {
  const one = (choice: unknown) => () => buildServiceInputs(needs([fargate]), { 'fargate-nginx': choice } as unknown as ArtifactChoices);
  const oneManifest = (choice: unknown) => () => buildServiceInputs(needs([], [chart]), {}, { 'chart-svc': choice } as unknown as ManifestChoices);

  it.each<[string, unknown, string]>([
    ['an empty build number', { artifactSource: 'library_nginx', buildNumber: '' }, 'empty_value'],
    ['a blank artifact source', { artifactSource: '  ', buildNumber: '1' }, 'empty_value'],
    ['an empty artifact id', { artifactId: '' }, 'empty_value'],
    ['a string', 'library_nginx:1.10.1', 'invalid_artifact'],
    ['null', null, 'invalid_artifact'],
    ['an array', [{ artifactId: 'a' }], 'invalid_artifact'],
    ['both shapes', { artifactId: 'a', artifactSource: 'library_nginx', buildNumber: '1' }, 'invalid_artifact'],
    ['an empty object', {}, 'invalid_artifact'],
    ['a misspelled key', { artifactSource: 'library_nginx', build: '1' }, 'invalid_artifact'],
    ['a numeric build number', { artifactSource: 'library_nginx', buildNumber: 1101 }, 'invalid_artifact'],
    ['a missing build number', { artifactSource: 'library_nginx' }, 'invalid_artifact'],
    ['a numeric artifact id', { artifactId: 7 }, 'invalid_artifact'],
    ['parameters that are not an object', { artifactSource: 'library_nginx', buildNumber: '1', parameters: ['a'] }, 'invalid_artifact'],
    ['a parameter that is not a string', { artifactSource: 'library_nginx', buildNumber: '1', parameters: { n: 1 } }, 'invalid_artifact'],
    ['a parameter with an empty name', { artifactSource: 'library_nginx', buildNumber: '1', parameters: { '': 'v' } }, 'invalid_artifact'],
  ])('refuses an artifact with %s', (_label, choice, code) => {
    expect(codesOf(one(choice))).toStrictEqual([`${code}:fargate-nginx`]);
  });

  it('suggests the right key for a misspelled one', () => {
    expect(issuesOf(one({ artifactSource: 'library_nginx', buildNumbr: '1' }))[0]?.message).toBe(
      'The artifact for service "fargate-nginx" has unexpected keys "buildNumbr". Did you mean "buildNumber"? ' +
        'Pass { artifactSource, buildNumber } (with parameters for a parameterized source) or { artifactId }.',
    );
  });

  it('reports every problem of one artifact', () => {
    expect(issuesOf(one({ artifactSource: 'nginx', buildNumber: ' ', parameters: { a: 1 } })).map((issue) => issue.code)).toStrictEqual([
      'unknown_artifact_source',
      'empty_value',
      'invalid_artifact',
    ]);
  });

  it.each<[string, unknown, string]>([
    ['an empty helm chart id', { helmChartId: '' }, 'empty_value'],
    ['an empty version number', { appManifestName: 'm', versionNumber: '' }, 'empty_value'],
    ['an empty manifest name', { appManifestName: '', versionNumber: '1' }, 'empty_value'],
    ['both shapes', { helmChartId: 'h', appManifestName: 'm', versionNumber: '1' }, 'invalid_manifest'],
    ['a missing version number', { appManifestName: 'm' }, 'invalid_manifest'],
    ['a numeric version', { appManifestName: 'm', versionNumber: 1 }, 'invalid_manifest'],
    ['an unexpected key', { chartVersion: '1' }, 'invalid_manifest'],
    ['a number', 3, 'invalid_manifest'],
  ])('refuses a manifest with %s', (_label, choice, code) => {
    expect(codesOf(oneManifest(choice))).toStrictEqual([`${code}:chart-svc`]);
  });

  it('refuses choices that are not objects keyed by service name', () => {
    expect(codesOf(() => buildServiceInputs(needs([]), 'x' as unknown as ArtifactChoices, [] as unknown as ManifestChoices))).toStrictEqual([
      'invalid_artifact:(artifacts)',
      'invalid_manifest:(manifests)',
    ]);
  });
});

describe('buildServiceInputs: hostile names', () => {
  it('does not take inherited members for choices', () => {
    const hostileNeeds = needs([service('constructor'), service('toString')], [service('__proto__')]);
    expect(codesOf(() => buildServiceInputs(hostileNeeds, {}, {}))).toStrictEqual([
      'missing_artifact:constructor',
      'missing_artifact:toString',
      'missing_manifest:__proto__',
    ]);
  });

  it('handles services with those names as ordinary services', () => {
    const hostileNeeds = needs([service('constructor')], [service('__proto__')]);
    const artifacts = JSON.parse('{"constructor":{"artifactId":"a"}}') as ArtifactChoices;
    const manifests = JSON.parse('{"__proto__":{"helmChartId":"h"}}') as ManifestChoices;
    expect(buildServiceInputs(hostileNeeds, artifacts, manifests)).toStrictEqual([
      { name: 'constructor', artifactValueInput: { artifactId: { artifactId: 'a' }, valueType: 'ARTIFACT_ID' } },
      { name: '__proto__', manifestValueInput: { helmChartId: 'h', valueType: 'HELM_CHART_ID' } },
    ]);
  });

  it('reports hostile unknown names without polluting prototypes', () => {
    const artifacts = JSON.parse('{"__proto__":{"artifactId":"a"},"hasOwnProperty":{"artifactId":"b"}}') as ArtifactChoices;
    expect(codesOf(() => buildServiceInputs(needs([]), artifacts))).toStrictEqual([
      'unknown_service:__proto__',
      'unknown_service:hasOwnProperty',
    ]);
    expect(({} as Record<string, unknown>).artifactId).toBeUndefined();
  });
});

describe('buildServiceInputs: every problem at once', () => {
  it('collects all problems across services in one error', () => {
    const error = validationError(() =>
      buildServiceInputs(
        needs([fargate, guestbook], [chart]),
        { guestbook: { artifactSource: 'guestbok', buildNumber: '' }, ghost: { artifactId: 'x' } },
        { 'chart-svc': { helmChartId: 5 } } as unknown as ManifestChoices,
      ),
    );
    expect(error.issues.map((issue) => `${issue.code}:${issue.variable}`)).toStrictEqual([
      'unknown_service:ghost',
      'missing_artifact:fargate-nginx',
      'unknown_artifact_source:guestbook',
      'empty_value:guestbook',
      'invalid_manifest:chart-svc',
    ]);
    expect(error.message.split('\n')[0]).toBe('5 problems with the artifacts and manifests; nothing was sent to Harness:');
  });
});
