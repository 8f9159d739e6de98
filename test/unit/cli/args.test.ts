import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, parseTimeout } from '../../../src/cli/options.js';
import { buildStartOptions } from '../../../src/cli/start.js';

describe('parseCommandLine', () => {
  it('answers help and version', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'help', command: undefined });
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help', command: undefined });
    expect(parseCommandLine(['help', 'status'])).toEqual({ kind: 'help', command: 'status' });
    expect(parseCommandLine(['status', 'x', '--help'])).toEqual({ kind: 'help', command: 'status' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });
  it('suggests a command for a typo', () => {
    const parsed = parseCommandLine(['start-pipelin']);
    expect(parsed.kind).toBe('usage-error');
    if (parsed.kind === 'usage-error') expect(parsed.problems[0]).toContain('Did you mean "start-pipeline"?');
  });
  it('collects repeatable options and inline values', () => {
    const parsed = parseCommandLine(['start-workflow', '--app=Demo', '--workflow', 'W', '--var', 'a=1', '--var=b=2', '--host', 'h1', '--host', 'h2', '--wait']);
    expect(parsed).toMatchObject({
      kind: 'command',
      command: 'start-workflow',
      values: { app: 'Demo', workflow: 'W', var: ['a=1', 'b=2'], host: ['h1', 'h2'], wait: true },
      problems: [],
    });
  });
  it('reports every argument problem at once, with a did-you-mean', () => {
    const parsed = parseCommandLine(['start-pipeline', '--pipline', 'P', '--app', 'A', '--app', 'B', '--wait=yes', '--notes']);
    expect(parsed.kind).toBe('command');
    if (parsed.kind !== 'command') return;
    expect(parsed.problems).toEqual([
      'start-pipeline has no option --pipline. Did you mean --pipeline? See harness-exec start-pipeline --help.',
      '--app is given more than once.',
      '--wait takes no value (got "yes").',
      '--notes needs a value.',
    ]);
    expect(parsed.problems.join('\n')).toContain('Did you mean --pipeline?');
    expect(parsed.problems.join('\n')).toContain('--app is given more than once.');
    expect(parsed.problems.join('\n')).toContain('--wait takes no value');
    expect(parsed.problems.join('\n')).toContain('--notes needs a value.');
  });
  it('refuses --api-key without echoing its value', () => {
    const parsed = parseCommandLine(['status', 'E1', '--api-key', 'sekrit-value']);
    expect(parsed.kind).toBe('command');
    if (parsed.kind !== 'command') return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain('HARNESS_API_KEY');
    expect(parsed.problems.join('')).not.toContain('sekrit-value');
    expect(parsed.positionals).toEqual(['E1']);
    const inline = parseCommandLine(['status', 'E1', '--api-key=sekrit-value']);
    expect(JSON.stringify(inline)).not.toContain('sekrit-value');
  });
  it('checks positionals', () => {
    const parsed = parseCommandLine(['status']);
    expect(parsed.kind === 'command' && parsed.problems[0]).toContain('needs executionId');
  });
  it('passes fake-harness arguments through untouched', () => {
    expect(parseCommandLine(['fake-harness', '--port', '0', '--speed=5'])).toEqual({ kind: 'raw', command: 'fake-harness', argv: ['--port', '0', '--speed=5'] });
  });
  it('takes a value that starts with -- only inline', () => {
    const parsed = parseCommandLine(['start-pipeline', '--notes=--urgent']);
    expect(parsed.kind === 'command' && parsed.values.notes).toBe('--urgent');
  });
});

describe('parseTimeout', () => {
  it.each<[string, number]>([
    ['90', 90_000],
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1.5', 1500],
    ['1', MIN_TIMEOUT_MS],
    ['596h', 596 * 3_600_000],
  ])('%s is %d ms', (text, ms) => expect(parseTimeout(text)).toEqual({ ms }));
  it.each(['0', '-1', 'soon', '10d', ''])('refuses %j', (text) => expect(parseTimeout(text)).toHaveProperty('problem'));
  it.each(['0.5', '0.0001', '0.9s'])('refuses %j as too short to wait, before anything is sent', (text) => {
    expect(parseTimeout(text)).toEqual({ problem: expect.stringContaining('too short to wait') });
  });
  it('refuses a timeout that Node cannot count (2^31 ms or more)', () => {
    expect(MAX_TIMEOUT_MS).toBe(2 ** 31 - 1);
    expect(parseTimeout('597h')).toEqual({ problem: expect.stringContaining('too long') });
    expect(parseTimeout(String(2 ** 31 / 1000))).toEqual({ problem: expect.stringContaining('too long') });
  });
});

describe('buildStartOptions (argument → SDK option mapping)', () => {
  const readText = (path: string): string => {
    if (path === 'vars.json') return '{"region":"eu-west-1","features":["search","likes"]}';
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  };
  it('maps a pipeline start', () => {
    const parsed = parseCommandLine([
      'start-pipeline', '--app', 'Harness Demo', '--pipeline', 'Guestbook Pipeline', '--vars-file', 'vars.json', '--var', 'region=us-east-1',
      '--artifact', 'guestbook=guestbook:v6', '--notes', 'n', '--idempotency-key', 'k1', '--runtime-input', 'releaseTag', '--continue-with-defaults',
    ]);
    if (parsed.kind !== 'command') throw new Error('parse');
    const problems: string[] = [];
    expect(buildStartOptions('PIPELINE', parsed.values, readText, problems)).toEqual({
      applicationName: 'Harness Demo',
      pipelineName: 'Guestbook Pipeline',
      variables: { region: 'us-east-1', features: ['search', 'likes'] },
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
      notes: 'n',
      idempotencyKey: 'k1',
      runtimeInputs: ['releaseTag'],
      continueWithDefaultValues: true,
    });
    expect(problems).toEqual([]);
  });
  it('maps a workflow start by ids with hosts', () => {
    const parsed = parseCommandLine(['start-workflow', '--app-id', 'A1', '--workflow-id', 'W1', '--host', 'h1', '--exclude-hosts-with-same-artifact']);
    if (parsed.kind !== 'command') throw new Error('parse');
    const problems: string[] = [];
    expect(buildStartOptions('WORKFLOW', parsed.values, readText, problems)).toEqual({
      applicationId: 'A1',
      workflowId: 'W1',
      targetHosts: ['h1'],
      excludeHostsWithSameArtifact: true,
    });
  });
  it('reports missing and conflicting names', () => {
    const parsed = parseCommandLine(['start-pipeline', '--app', 'A', '--app-id', 'B', '--vars-file', 'missing.json']);
    if (parsed.kind !== 'command') throw new Error('parse');
    const problems: string[] = [];
    buildStartOptions('PIPELINE', parsed.values, readText, problems);
    expect(problems).toEqual([
      'Give --app or --app-id, not both.',
      'Name the pipeline with --pipeline NAME (or --pipeline-id ID).',
      '--vars-file "missing.json" cannot be read.',
    ]);
  });
});
