/** The live suite's settings, and how it reports differences: pure logic, no account needed. */
import { describe, expect, it } from 'vitest';
import { compareObservations, formatDifferences, messageCore } from '../scenarios/observation.js';
import type { ScenarioResult } from '../scenarios/scenarios.js';
import { DEFAULT_LIVE_REQUESTS_PER_MINUTE, readLiveConfig } from './env.js';
import { differencesBetween, runLiveSuite } from './runner.js';

const BASE = { HARNESS_ACCOUNT_ID: 'acct', HARNESS_API_KEY: 'key', HARNESS_LIVE_APPLICATION: 'Test App' };

describe('readLiveConfig', () => {
  it('names what is missing', () => {
    expect(readLiveConfig({ HARNESS_ACCOUNT_ID: ' ' }, [])).toEqual({
      ok: false,
      missing: ['HARNESS_ACCOUNT_ID', 'HARNESS_API_KEY (or HARNESS_BEARER_TOKEN)', 'HARNESS_LIVE_APPLICATION'],
      problems: [],
    });
  });

  it('is read-only, paced and names nothing it was not given by default', () => {
    const config = readLiveConfig(BASE, []);
    if (!config.ok) throw new Error(JSON.stringify(config));
    expect(config.target).toMatchObject({
      credentials: { apiKey: 'key' },
      application: 'Test App',
      pipeline: undefined,
      workflow: undefined,
      restricted: undefined,
      pipelineHasApproval: false,
      allowStarts: false,
      clientOptions: { rateLimit: { requestsPerMinute: DEFAULT_LIVE_REQUESTS_PER_MINUTE } },
    });
  });

  it('allows starts only with the flag or HARNESS_LIVE_ALLOW_STARTS=1', () => {
    const allows = (env: Record<string, string>, argv: string[]) => {
      const config = readLiveConfig({ ...BASE, ...env }, argv);
      return config.ok && config.target.allowStarts;
    };
    expect(allows({}, ['--allow-starts'])).toBe(true);
    expect(allows({ HARNESS_LIVE_ALLOW_STARTS: '1' }, [])).toBe(true);
    expect(allows({ HARNESS_LIVE_ALLOW_STARTS: 'yes' }, [])).toBe(false);
  });

  it('takes a session token instead of a key, and the entities with their inputs', () => {
    const config = readLiveConfig(
      {
        HARNESS_ACCOUNT_ID: 'acct',
        HARNESS_BEARER_TOKEN: 'tok',
        HARNESS_LIVE_APPLICATION: 'Test App',
        HARNESS_LIVE_WORKFLOW: 'Deploy',
        HARNESS_LIVE_WORKFLOW_INPUTS: '{"variables":{"env":"dev"}}',
        HARNESS_LIVE_RESTRICTED_API_KEY: 'small-key',
      },
      [],
    );
    if (!config.ok) throw new Error(JSON.stringify(config));
    expect(config.target.credentials).toEqual({ bearerToken: 'tok' });
    expect(config.target.workflow).toEqual({ kind: 'WORKFLOW', name: 'Deploy', inputs: { variables: { env: 'dev' } } });
    expect(config.target.restricted).toEqual({ apiKey: 'small-key', application: 'Test App' });
  });

  it('refuses malformed inputs and unknown arguments, and the suite then exits 2 with nothing run', async () => {
    const env = { ...BASE, HARNESS_LIVE_PIPELINE: 'P', HARNESS_LIVE_PIPELINE_INPUTS: '[1]' };
    const config = readLiveConfig(env, ['--allow-start']);
    expect(config.ok).toBe(false);
    expect(!config.ok && config.problems).toEqual([
      'unknown argument --allow-start',
      'HARNESS_LIVE_PIPELINE_INPUTS must be JSON like {"variables": {...}, "artifacts": {...}} (not an object)',
    ]);
    let out = '';
    expect(await runLiveSuite(env, [], (text) => (out += text))).toBe(2);
    expect(out).toContain("The live suite's settings are wrong");
  });
});

describe('differences', () => {
  const passed = (scenario: string, observation: Record<string, string | number | boolean | null>): ScenarioResult => ({
    scenario,
    outcome: 'passed',
    observation,
    cleanupProblems: [],
  });

  it('lists each fact that differs; for an outcome that differs, the outcome and the error; nothing for what either side skipped', () => {
    const fake = [
      passed('bad key', { 'error.code': 'AUTHENTICATION', 'error.status': 401 }),
      passed('abort', { 'after aborting': 'ABORTED' }),
      passed('approval', { 'approvals pending': 1 }),
    ];
    const live: ScenarioResult[] = [
      passed('bad key', { 'error.code': 'AUTHENTICATION', 'error.status': 403 }),
      { scenario: 'abort', outcome: 'failed', reason: 'r', observation: { 'error.code': 'TIMEOUT' }, cleanupProblems: [] },
      { scenario: 'approval', outcome: 'skipped', reason: 'no pipeline with an approval named' },
    ];
    expect(differencesBetween(fake, live)).toEqual([
      { scenario: 'bad key', fact: 'error.status', fake: 401, live: 403 },
      { scenario: 'abort', fact: 'outcome', fake: 'passed', live: 'failed' },
      { scenario: 'abort', fact: 'error.code', fake: undefined, live: 'TIMEOUT' },
    ]);
  });

  it('prints them as a table: scenario, what the fake says, what the account said', () => {
    const table = formatDifferences(compareObservations('bad key', { 'error.status': 401 }, { 'error.status': 403 }));
    expect(table.split('\n')).toEqual([
      'scenario: fact        | the fake says | the account said',
      '----------------------|---------------|-----------------',
      'bad key: error.status | 401           | 403',
    ]);
    expect(formatDifferences([])).toBe('No differences between the fake and the account.');
  });

  it("replaces the target's names in messages, longest first, so two accounts' messages compare", () => {
    const target = {
      label: 'live',
      endpoint: 'e',
      accountId: 'acct123',
      credentials: { apiKey: 'k' },
      application: 'Demo',
      pipeline: { kind: 'PIPELINE' as const, name: 'Demo Pipeline', inputs: {} },
      pipelineHasApproval: false,
      allowStarts: false,
      clientOptions: {},
      wait: {},
      guideStarts: [],
    };
    expect(messageCore('Pipeline "Demo Pipeline" of Demo  in acct123', target)).toBe('Pipeline "<pipeline>" of <application> in <account>');
  });
});
