import { describe, expect, it } from 'vitest';
import { parseArtifactArgs, parseManifestArgs, parseVarArgs, parseVarsFile } from '../../../src/cli/values.js';

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
  it('maps manifests', () => {
    expect(parseManifestArgs(['h=guestbook-chart:1.1.0', 'i=id:helm1']).value).toEqual({
      h: { appManifestName: 'guestbook-chart', versionNumber: '1.1.0' },
      i: { helmChartId: 'helm1' },
    });
    expect(parseManifestArgs(['h=chart']).problems).toHaveLength(1);
  });
});
