/**
 * The live suite: runs the shared scenarios against the account the environment names, runs the
 * same scenarios against an in-process fake that takes part in the same things, and reports where
 * the two answered differently, what failed, and how many requests the account was sent.
 */
import { startFakeHarness } from '../../src/testing/index.js';
import { fakeTarget, type TargetShape } from '../scenarios/fake-target.js';
import { compareObservations, formatDifferences, type Difference } from '../scenarios/observation.js';
import { RequestCounter, runScenarios, type ScenarioResult } from '../scenarios/scenarios.js';
import type { Target } from '../scenarios/target.js';
import { LIVE_USAGE, readLiveConfig } from './env.js';

/** What the fake takes part in: the same as the live target, so both run the same scenarios. */
export function shapeOf(target: Target): TargetShape {
  return {
    pipeline: target.pipeline !== undefined,
    workflow: target.workflow !== undefined,
    pipelineHasApproval: target.pipelineHasApproval,
    restricted: target.restricted !== undefined,
    allowStarts: target.allowStarts,
  };
}

/** Every difference between the fake's and the account's results, scenario by scenario. */
export function differencesBetween(fake: readonly ScenarioResult[], live: readonly ScenarioResult[]): Difference[] {
  const out: Difference[] = [];
  for (const liveResult of live) {
    const fakeResult = fake.find((r) => r.scenario === liveResult.scenario);
    if (!fakeResult || fakeResult.outcome === 'skipped' || liveResult.outcome === 'skipped') continue;
    const differences = compareObservations(liveResult.scenario, fakeResult.observation, liveResult.observation);
    if (fakeResult.outcome === liveResult.outcome) {
      out.push(...differences);
      continue;
    }
    // One side failed: what it failed with says it all; the facts the other side went on to see would only repeat it.
    out.push({ scenario: liveResult.scenario, fact: 'outcome', fake: fakeResult.outcome, live: liveResult.outcome });
    out.push(...differences.filter((d) => d.fact.startsWith('error.')));
  }
  return out;
}

function describeResult(result: ScenarioResult): string[] {
  const head =
    result.outcome === 'passed'
      ? `  passed   ${result.scenario}`
      : result.outcome === 'failed'
        ? `  FAILED   ${result.scenario}: ${result.reason}`
        : `  skipped  ${result.scenario} (${result.reason})`;
  const cleanup = result.outcome === 'skipped' ? [] : result.cleanupProblems.map((p) => `           CLEANUP: ${p}`);
  return [head, ...cleanup];
}

function describePace(target: Target): string {
  const { rateLimit } = target.clientOptions;
  return rateLimit === false || rateLimit === undefined
    ? 'unpaced'
    : `at most ${rateLimit.requestsPerMinute ?? 'the client default of'} requests a minute (the client's own rate limit)`;
}

function describeTarget(target: Target): string {
  return [
    `Live suite against ${target.endpoint}`,
    `  account ${target.accountId}, application "${target.application}"`,
    `  pipeline: ${target.pipeline ? `"${target.pipeline.name}"` : '(none named)'}, workflow: ${target.workflow ? `"${target.workflow.name}"` : '(none named)'}`,
    `  pace: ${describePace(target)}`,
    `  starts: ${target.allowStarts ? 'allowed (each one is aborted when its scenario ends)' : 'not allowed (read-only scenarios only)'}`,
  ].join('\n');
}

/** The line the suite ends with; tests read the count from it. */
export const requestsLine = (counter: RequestCounter): string =>
  `Requests sent to the account: ${counter.total} (${[...counter.byOperation].map(([op, n]) => `${op} ${n}`).join(', ') || 'none'})`;

/**
 * Runs the suite and answers its exit code: 0 when every scenario that ran kept the SDK's promises
 * (differences from the fake are reported, and fail the run only with `--fail-on-differences`),
 * 0 with nothing run when the environment names no account, 1 when a scenario failed or something it
 * started could not be aborted, 2 when the environment is malformed.
 */
export async function runLiveSuite(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
  write: (text: string) => void,
): Promise<number> {
  const config = readLiveConfig(env, argv);
  if (!config.ok) {
    if (config.problems.length > 0) {
      write(`The live suite's settings are wrong:\n${config.problems.map((p) => `  ${p}`).join('\n')}\n\n${LIVE_USAGE}\n`);
      return 2;
    }
    write(`${LIVE_USAGE}\n\nMissing: ${config.missing.join(', ')}\n`);
    return 0;
  }
  const { target } = config;
  write(`${describeTarget(target)}\n\n`);
  const liveRequests = new RequestCounter();
  const live = await runScenarios(target, liveRequests);

  // The fake runs on its own manual clock with the seed's names standing for the account's.
  const fake = await startFakeHarness({ rateLimit: false });
  let fakeResults: ScenarioResult[];
  try {
    fakeResults = await runScenarios(fakeTarget(fake, shapeOf(target)), new RequestCounter());
  } finally {
    await fake.close();
  }

  write(`Scenarios against the account:\n${live.flatMap(describeResult).join('\n')}\n\n`);
  const fakeFailures = fakeResults.filter((r) => r.outcome === 'failed');
  if (fakeFailures.length > 0) write(`Scenarios that failed against the fake itself:\n${fakeFailures.flatMap(describeResult).join('\n')}\n\n`);
  const differences = differencesBetween(fakeResults, live);
  write(`Differences between the fake and the account (${differences.length}):\n${formatDifferences(differences)}\n\n`);
  write(`${requestsLine(liveRequests)}\n`);

  const failed = live.some((r) => r.outcome === 'failed' || (r.outcome === 'passed' && r.cleanupProblems.length > 0));
  return failed || (argv.includes('--fail-on-differences') && differences.length > 0) ? 1 : 0;
}
