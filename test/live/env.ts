/**
 * Reads the live suite's target from the environment. Nothing is guessed: the suite touches only
 * the application, pipeline and workflow named here, and starts executions only when told to.
 */
import { DEFAULT_ENDPOINT } from '../../src/index.js';
import type { NamedEntity, StartInputs, Target } from '../scenarios/target.js';

/** Requests a minute the suite allows itself: a third of a paid account's 30, leaving room for everyone else. */
export const DEFAULT_LIVE_REQUESTS_PER_MINUTE = 10;
/** How long a wait of the suite may last before it gives up (the execution is then aborted). */
export const DEFAULT_LIVE_WAIT_TIMEOUT_MS = 10 * 60_000;

/** What to set, printed when the suite has nothing to run against. */
export const LIVE_USAGE = `The live suite checks the SDK's promises against a real Harness account. Nothing was run.
Set:
  HARNESS_ACCOUNT_ID                  the account id
  HARNESS_API_KEY                     an API key of that account (or HARNESS_BEARER_TOKEN: a login session token)
  HARNESS_LIVE_APPLICATION            the exact name of a test application the key can read
Optional:
  HARNESS_ENDPOINT                    default ${DEFAULT_ENDPOINT}
  HARNESS_LIVE_PIPELINE               a test pipeline of that application
  HARNESS_LIVE_PIPELINE_INPUTS        its start inputs as JSON: {"variables": {...}, "artifacts": {...}}
  HARNESS_LIVE_PIPELINE_HAS_APPROVAL  1 when that pipeline stops at a user-group approval (the suite rejects it)
  HARNESS_LIVE_WORKFLOW               a test workflow of that application
  HARNESS_LIVE_WORKFLOW_INPUTS        its start inputs as JSON
  HARNESS_LIVE_RESTRICTED_API_KEY     a key that may not read HARNESS_LIVE_RESTRICTED_APPLICATION
  HARNESS_LIVE_RESTRICTED_APPLICATION default HARNESS_LIVE_APPLICATION
  HARNESS_LIVE_ALLOW_STARTS           1 (or --allow-starts) to start, wait for, and abort executions of the named entities
  HARNESS_LIVE_REQUESTS_PER_MINUTE    the suite's own pace, default ${DEFAULT_LIVE_REQUESTS_PER_MINUTE}
  HARNESS_LIVE_WAIT_TIMEOUT_MS        longest wait for an execution, default ${DEFAULT_LIVE_WAIT_TIMEOUT_MS}
  HARNESS_LIVE_POLL_MS                first poll interval of waits (only to speed up a local stand-in), default the SDK's
Read-only scenarios run by default; scenarios that start executions run only with the flag above.`;

export type LiveConfig = { ok: true; target: Target } | { ok: false; missing: string[]; problems: string[] };

const value = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

function parseInputs(raw: string | undefined, name: string, problems: string[]): StartInputs {
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const { variables, artifacts } = parsed as Record<string, unknown>;
    return {
      ...(variables === undefined ? {} : { variables: variables as StartInputs['variables'] & object }),
      ...(artifacts === undefined ? {} : { artifacts: artifacts as StartInputs['artifacts'] & object }),
    };
  } catch (error) {
    problems.push(`${name} must be JSON like {"variables": {...}, "artifacts": {...}} (${error instanceof Error ? error.message : String(error)})`);
    return {};
  }
}

function positive(raw: string | undefined, name: string, fallback: number, problems: string[]): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) problems.push(`${name} must be a positive number, not ${raw}`);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** The live target the environment and arguments describe, or what is missing. Pure. */
export function readLiveConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): LiveConfig {
  const problems: string[] = [];
  for (const arg of argv) if (arg !== '--allow-starts' && arg !== '--fail-on-differences') problems.push(`unknown argument ${arg}`);
  const accountId = value(env, 'HARNESS_ACCOUNT_ID');
  const apiKey = value(env, 'HARNESS_API_KEY');
  const bearerToken = value(env, 'HARNESS_BEARER_TOKEN');
  const application = value(env, 'HARNESS_LIVE_APPLICATION');
  const missing = [
    ...(accountId ? [] : ['HARNESS_ACCOUNT_ID']),
    ...(apiKey || bearerToken ? [] : ['HARNESS_API_KEY (or HARNESS_BEARER_TOKEN)']),
    ...(application ? [] : ['HARNESS_LIVE_APPLICATION']),
  ];
  const entity = (kind: NamedEntity['kind'], nameVar: string, inputsVar: string): NamedEntity | undefined => {
    const name = value(env, nameVar);
    return name === undefined ? undefined : { kind, name, inputs: parseInputs(value(env, inputsVar), inputsVar, problems) };
  };
  const pipeline = entity('PIPELINE', 'HARNESS_LIVE_PIPELINE', 'HARNESS_LIVE_PIPELINE_INPUTS');
  const workflow = entity('WORKFLOW', 'HARNESS_LIVE_WORKFLOW', 'HARNESS_LIVE_WORKFLOW_INPUTS');
  const requestsPerMinute = positive(value(env, 'HARNESS_LIVE_REQUESTS_PER_MINUTE'), 'HARNESS_LIVE_REQUESTS_PER_MINUTE', DEFAULT_LIVE_REQUESTS_PER_MINUTE, problems);
  const timeoutMs = positive(value(env, 'HARNESS_LIVE_WAIT_TIMEOUT_MS'), 'HARNESS_LIVE_WAIT_TIMEOUT_MS', DEFAULT_LIVE_WAIT_TIMEOUT_MS, problems);
  const pollRaw = value(env, 'HARNESS_LIVE_POLL_MS');
  const pollMs = pollRaw === undefined ? undefined : positive(pollRaw, 'HARNESS_LIVE_POLL_MS', 1, problems);
  if (missing.length > 0 || problems.length > 0 || !accountId || !application) return { ok: false, missing, problems };
  const restrictedKey = value(env, 'HARNESS_LIVE_RESTRICTED_API_KEY');
  return {
    ok: true,
    target: {
      label: 'live',
      endpoint: value(env, 'HARNESS_ENDPOINT') ?? DEFAULT_ENDPOINT,
      accountId,
      credentials: apiKey ? { apiKey } : { bearerToken: bearerToken as string },
      application,
      pipeline,
      workflow,
      pipelineHasApproval: value(env, 'HARNESS_LIVE_PIPELINE_HAS_APPROVAL') === '1',
      restricted: restrictedKey
        ? { apiKey: restrictedKey, application: value(env, 'HARNESS_LIVE_RESTRICTED_APPLICATION') ?? application }
        : undefined,
      allowStarts: value(env, 'HARNESS_LIVE_ALLOW_STARTS') === '1' || argv.includes('--allow-starts'),
      clientOptions: { rateLimit: { requestsPerMinute } },
      wait: { timeoutMs, ...(pollMs === undefined ? {} : { minDelayMs: pollMs, maxDelayMs: pollMs }) },
      guideStarts: [],
    },
  };
}
