/**
 * The shared scenarios against the fake server, as `npm run test:live` runs them against an account:
 * every scenario keeps its promises, the facts the fake shows are pinned (the live run compares the
 * account's with them), and whatever a scenario starts is aborted, even when the scenario fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeHarness, type FakeHarness } from '../../src/testing/index.js';
import { FULL_SHAPE, fakeTarget } from '../scenarios/fake-target.js';
import { RequestCounter, runScenarios, SCENARIOS, ScenarioFailure, type Scenario, type ScenarioResult } from '../scenarios/scenarios.js';
import { entityToStart } from '../scenarios/target.js';

let fake: FakeHarness;
beforeEach(async () => {
  fake = await startFakeHarness({ rateLimit: false });
});
afterEach(async () => {
  await fake.close();
});

const byName = (results: readonly ScenarioResult[]) => new Map(results.map((r) => [r.scenario, r]));
const observation = (results: readonly ScenarioResult[], name: string) => {
  const result = byName(results).get(name);
  if (result?.outcome !== 'passed') throw new Error(`${name}: ${JSON.stringify(result)}`);
  return result.observation;
};
const ENDED = new Set(['SUCCESS', 'FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']);

describe('the shared scenarios against the fake', () => {
  it('all pass with starts allowed, count every request the fake received, and leave nothing running', async () => {
    const counter = new RequestCounter();
    const results = await runScenarios(fakeTarget(fake, FULL_SHAPE), counter);

    expect(results.map((r) => [r.scenario, r.outcome])).toEqual(SCENARIOS.map((s) => [s.name, 'passed']));
    expect(counter.total).toBe(fake.requests.length);
    expect(counter.count('StartExecution')).toBe(4);
    expect(fake.executions().length).toBeGreaterThanOrEqual(4);
    expect(fake.executions().filter((e) => !ENDED.has(String(e.status)))).toEqual([]);

    expect(observation(results, 'error mapping: a bad API key')).toMatchObject({ 'error.code': 'AUTHENTICATION', 'error.status': 401 });
    expect(observation(results, 'error mapping: a restricted key')).toMatchObject({ 'error.code': 'PERMISSION' });
    expect(observation(results, 'unknown entity: a misspelt name')).toMatchObject({
      'error.code': 'NOT_FOUND',
      'error.names what was asked': true,
      'error.suggests the real name': true,
    });
    expect(observation(results, 'validation before sending: a misspelt variable')).toMatchObject({
      'error.code': 'VALIDATION',
      'issues.codes': 'unknown_variable',
      'issues name the misspelt variable': true,
      'error.message suggests the declared variable': true,
      'requests.StartExecution sent': 0,
    });
    expect(Object.values(observation(results, "payloads: the built start input's shape")).every((fact) => fact === true)).toBe(true);
    expect(observation(results, 'start and wait')).toMatchObject({ 'started.status': 'QUEUED', 'waited until it left the queue': true });
    expect(observation(results, 'approval: pending, then rejected')).toMatchObject({
      'approvals pending': 1,
      'approval.approvalType': 'USER_GROUP',
      'after rejecting': 'REJECTED',
    });
    expect(observation(results, 'abort')).toEqual({ 'after aborting': 'ABORTED' });
    expect(observation(results, 'idempotent start: the same key twice')).toEqual({
      'first.reused': false,
      'second.reused': true,
      'same execution': true,
    });
  });

  it('read-only by default: the start scenarios are skipped and nothing is started', async () => {
    const results = await runScenarios(fakeTarget(fake, { ...FULL_SHAPE, allowStarts: false }), new RequestCounter());
    const skipped = results.filter((r) => r.outcome === 'skipped').map((r) => r.scenario);
    expect(skipped).toEqual(SCENARIOS.filter((s) => s.startsExecutions).map((s) => s.name));
    expect(results.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(fake.requests.filter((r) => r.operationName === 'StartExecution')).toEqual([]);
    expect(fake.executions()).toEqual([]);
  });

  it('only what is named runs: without a pipeline, the pipeline scenarios are skipped', async () => {
    const results = await runScenarios(fakeTarget(fake, { ...FULL_SHAPE, pipeline: false, restricted: false }), new RequestCounter());
    const outcome = (name: string) => byName(results).get(name)?.outcome;
    expect(outcome('lookup: pipeline by name')).toBe('skipped');
    expect(outcome('approval: pending, then rejected')).toBe('skipped');
    expect(outcome('error mapping: a restricted key')).toBe('skipped');
    expect(outcome('abort')).toBe('passed');
    // Only the guide's own Fargate pipeline is read (by id, to check its payload); no pipeline is looked up or started.
    expect(fake.requests.filter((r) => r.operationName === 'PipelineByName')).toEqual([]);
    expect(fake.executions().filter((e) => e.kind === 'PIPELINE')).toEqual([]);
  });

  it('a scenario that fails after starting still aborts what it started', async () => {
    const failsMidway: Scenario = {
      name: 'starts, then breaks',
      startsExecutions: true,
      skipReason: () => undefined,
      async run(ctx) {
        const entity = entityToStart(ctx.target);
        if (!entity) throw new Error('no entity');
        await ctx.start(entity);
        throw new ScenarioFailure('broken on purpose');
      },
    };
    const [result] = await runScenarios(fakeTarget(fake, FULL_SHAPE), new RequestCounter(), [failsMidway]);
    expect(result).toMatchObject({ outcome: 'failed', reason: 'broken on purpose', cleanupProblems: [] });
    expect(fake.executions().map((e) => e.status)).toEqual(['ABORTED']);
    expect(fake.requests.at(-1)?.operationName).toBe('abort');
  });
});
