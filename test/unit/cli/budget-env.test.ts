import { describe, expect, it, vi } from 'vitest';
import { budgetStoreFromEnv } from '../../../src/budget/env.js';
import type { HarnessClientOptions } from '../../../src/config.js';
import { runCli, type CliClient, type CliIo } from '../../../src/cli/run.js';
import type { ExecutionSummary } from '../../../src/types.js';

const RUNNING: ExecutionSummary = {
  id: 'e1',
  kind: 'WORKFLOW',
  status: 'RUNNING',
  url: null,
  applicationId: 'app1',
  entity: null,
  stages: [],
  failureDetails: null,
} as unknown as ExecutionSummary;

function world(env: Record<string, string>, seen: HarnessClientOptions[]): { io: CliIo; stderr: string[] } {
  const stderr: string[] = [];
  const io: CliIo = {
    argv: ['status', 'e1'],
    env: { HARNESS_ACCOUNT_ID: 'acc', HARNESS_API_KEY: 'k', ...env },
    stdout: { write: () => undefined },
    stderr: { write: (t) => stderr.push(t), isTTY: false },
    readText: () => '',
    onInterrupt: () => () => undefined,
    createClient: (options) => {
      seen.push(options);
      return { getExecution: () => Promise.resolve(RUNNING) } as Partial<CliClient> as CliClient;
    },
  };
  return { io, stderr };
}

describe('the budget from the environment', () => {
  it('passes HARNESS_REQUESTS_PER_MINUTE and the Redis store of HARNESS_BUDGET_REDIS_URL to the client, and closes the store at the end', async () => {
    const env = { HARNESS_BUDGET_REDIS_URL: 'redis://127.0.0.1:6390', HARNESS_REQUESTS_PER_MINUTE: '5' };
    const store = budgetStoreFromEnv(env);
    expect(store?.close).toBeDefined();
    const close = vi.spyOn(store as { close(): Promise<void> }, 'close').mockResolvedValue(undefined);
    const seen: HarnessClientOptions[] = [];
    expect(await runCli(world(env, seen).io)).toBe(0);
    expect(seen[0]).toMatchObject({ budget: store, requestsPerMinute: 5 });
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('passes nothing when neither is set', async () => {
    const seen: HarnessClientOptions[] = [];
    expect(await runCli(world({}, seen).io)).toBe(0);
    expect(Object.keys(seen[0] ?? {})).not.toContain('budget');
    expect(Object.keys(seen[0] ?? {})).not.toContain('requestsPerMinute');
  });

  it('a malformed HARNESS_REQUESTS_PER_MINUTE is exit 2 naming the variable, before anything is sent', async () => {
    const seen: HarnessClientOptions[] = [];
    const { io, stderr } = world({ HARNESS_REQUESTS_PER_MINUTE: 'lots' }, seen);
    expect(await runCli(io)).toBe(2);
    expect(stderr.join('')).toContain('HARNESS_REQUESTS_PER_MINUTE must be a whole number');
    expect(seen).toHaveLength(0);
  });
});
