import { describe, expect, it } from 'vitest';
import { parseArtifactArgs, parseArtifactChoices, parseManifestArgs, parseVarArgs, parseVarsFile, withoutLatest } from '../../../src/cli/values.js';

const files: Record<string, string> = { 'notes.txt': 'multi\nline\n', 'empty.txt': '' };
const readText = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  return text;
};

describe('parseVarArgs', () => {
  it('reads NAME=VALUE, keeps = and commas in values, later values win', () => {
    const parsed = parseVarArgs(['a=1', 'b=x=y', 'c=p,q', 'a=2', 'd='], readText);
    expect(parsed).toEqual({ value: { a: '2', b: 'x=y', c: 'p,q', d: '' }, problems: [] });
  });
  it('reads @file without its final line break and @@ escapes a leading @', () => {
    expect(parseVarArgs(['n=@notes.txt', 'm=@@handle'], readText).value).toEqual({ n: 'multi\nline', m: '@handle' });
  });
  it('names the option it parses in its messages', () => {
    const parsed = parseVarArgs(['novalue', 'f=@missing.txt'], readText, '--approval-var');
    expect(parsed.problems[0]).toBe('--approval-var "novalue" is not NAME=VALUE. Write --approval-var NAME=VALUE, or --approval-var NAME=@FILE to read the value from a file.');
    expect(parsed.problems[1]).toMatch(/^--approval-var f=@missing\.txt: /);
  });
  it('reports every malformed item and unreadable file at once', () => {
    const parsed = parseVarArgs(['novalue', '=x', 'f=@missing.txt', 'ok=1'], readText);
    expect(parsed.value).toEqual({ ok: '1' });
    expect(parsed.problems).toHaveLength(3);
    expect(parsed.problems[2]).toContain('does not exist');
  });
});

describe('parseVarsFile', () => {
  it('reads a JSON object of strings, numbers, booleans and string arrays', () => {
    const parsed = parseVarsFile('{"a":"x","n":3,"b":true,"l":["p","q"]}', 'v.json');
    expect(parsed).toEqual({ value: { a: 'x', n: '3', b: 'true', l: ['p', 'q'] }, problems: [] });
  });
  it('refuses nested objects and invalid JSON', () => {
    expect(parseVarsFile('{"a":{"b":1}}', 'v.json').problems[0]).toContain('"a"');
    expect(parseVarsFile('{"a":', 'v.json').problems[0]).toContain('not valid JSON');
    expect(parseVarsFile('[1]', 'v.json').problems).toHaveLength(1);
  });
  it('reads KEY=VALUE lines with comments, export prefixes and quotes', () => {
    const text = '# release\n\nexport region=us-east-1\nchannel="stable"\nfeatures = search,likes \nbroken line\n';
    const parsed = parseVarsFile(text, 'release.vars');
    expect(parsed.value).toEqual({ region: 'us-east-1', channel: 'stable', features: 'search,likes' });
    expect(parsed.problems).toEqual(['--vars-file release.vars line 6 is not KEY=VALUE.']);
  });
});

describe('parseArtifactArgs / parseManifestArgs', () => {
  it('maps SOURCE:BUILD and id:ARTIFACT_ID; a build may contain colons', () => {
    expect(parseArtifactArgs(['guestbook=guestbook:v6', 'nginx=id:art1', 'x=src:1.0:rc1']).value).toEqual({
      guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' },
      nginx: { artifactId: 'art1' },
      x: { artifactSource: 'src', buildNumber: '1.0:rc1' },
    });
  });
  it('reports malformed choices and duplicate services', () => {
    const parsed = parseArtifactArgs(['guestbook', 'a=nocolon', 'b=:v1', 'c=src:', 'd=s:1', 'd=s:2']);
    expect(parsed.problems).toHaveLength(5);
    expect(parsed.problems[4]).toContain('twice');
  });
  it('reads SOURCE:latest as the latest collected build and SOURCE:=BUILD as exactly that build', () => {
    const parsed = parseArtifactChoices(['a=src:latest', 'b=src:=latest', 'c=src:==x', 'd=src:Latest'], ['a.repository=releases']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({
      a: { artifactSource: 'src', latest: true, parameters: { repository: 'releases' } },
      b: { artifactSource: 'src', buildNumber: 'latest' },
      c: { artifactSource: 'src', buildNumber: '=x' },
      d: { artifactSource: 'src', buildNumber: 'Latest' },
    });
    expect(parseArtifactArgs(['e=src:=']).problems).toHaveLength(1);
  });
  it('refuses SOURCE:latest where only exact builds are taken, saying how to name one', () => {
    const parsed = withoutLatest(parseArtifactArgs(['a=src:latest', 'b=src:v1']));
    expect(parsed.value).toEqual({ b: { artifactSource: 'src', buildNumber: 'v1' } });
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain('--artifact a=src:=latest');
  });
  it('maps manifests', () => {
    expect(parseManifestArgs(['h=guestbook-chart:1.1.0', 'i=id:helm1']).value).toEqual({
      h: { appManifestName: 'guestbook-chart', versionNumber: '1.1.0' },
      i: { helmChartId: 'helm1' },
    });
    expect(parseManifestArgs(['h=chart']).problems).toHaveLength(1);
  });
});

describe('parseArtifactChoices (--artifact with --artifact-param)', () => {
  it('adds parameters to the SOURCE:BUILD choice of their service; services without parameters are unchanged', () => {
    const parsed = parseArtifactChoices(['nexus-app=nexus-params:1.0.0', 'guestbook=guestbook:v6'], ['nexus-app.repository=releases', 'nexus-app.path=a=b']);
    expect(parsed).toEqual({
      value: {
        'nexus-app': { artifactSource: 'nexus-params', buildNumber: '1.0.0', parameters: { repository: 'releases', path: 'a=b' } },
        guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' },
      },
      problems: [],
    });
  });
  it('matches service names that contain dots by the --artifact services', () => {
    expect(parseArtifactChoices(['api.v2=src:1'], ['api.v2.repo=r']).value).toEqual({ 'api.v2': { artifactSource: 'src', buildNumber: '1', parameters: { repo: 'r' } } });
  });
  it('reports each problem: no --artifact, id: form, twice, malformed', () => {
    const parsed = parseArtifactChoices(['g=id:art1', 'n=src:1'], ['x.repo=r', 'g.repo=r', 'n.repo=a', 'n.repo=b', 'norepo=r', 'n.=r', '.repo=r']);
    expect(parsed.problems).toEqual([
      '--artifact-param "x.repo=r" is for service "x", which has no --artifact. Name its source and build too: --artifact x=SOURCE:BUILD.',
      '--artifact-param "g.repo=r": service "g" is given by artifact id (--artifact g=id:art1), which takes no parameters. Name its source and build instead: --artifact g=SOURCE:BUILD.',
      '--artifact-param gives parameter "repo" of service "n" twice. Give each parameter once.',
      expect.stringContaining('"norepo=r" is not SERVICE.NAME=VALUE'),
      expect.stringContaining('"n.=r" is not SERVICE.NAME=VALUE'),
      expect.stringContaining('".repo=r" is not SERVICE.NAME=VALUE'),
    ]);
    expect(parsed.value.n).toEqual({ artifactSource: 'src', buildNumber: '1', parameters: { repo: 'a' } });
  });
  it('does not repeat a malformed --artifact as a missing one', () => {
    const parsed = parseArtifactChoices(['n=nocolon'], ['n.repo=r']);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain('--artifact "n=nocolon" is not SERVICE=SOURCE:BUILD');
  });
});
