import { describe, expect, it } from 'vitest';
import { runCli, type CliClient, type CliIo } from '../../../src/cli/run.js';
import { HarnessValidationError } from '../../../src/errors.js';

const KEY = 'unit-secret-key-0042';

function io(argv: string[], client: Partial<CliClient>, env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const world: CliIo = {
    argv,
    env: { HARNESS_ACCOUNT_ID: 'acc', HARNESS_API_KEY: KEY, ...env },
    stdout: { write: (t) => stdout.push(t) },
    stderr: { write: (t) => stderr.push(t), isTTY: false },
    readText: () => {
      throw new Error('no files here');
    },
    onInterrupt: () => () => undefined,
    createClient: (options) => {
      expect(options.apiKey).toBe(KEY);
      return client as CliClient;
    },
  };
  return { world, stdout, stderr };
}

describe('runCli', () => {
  it('never prints the key, even when an unexpected error carries it (with --debug and --json)', async () => {
    const { world, stdout, stderr } = io(['status', 'e1', '--debug', '--json'], {
      getExecution: () => Promise.reject(new Error(`socket hang up while sending x-api-key: ${KEY}`)),
    });
    expect(await runCli(world)).toBe(4);
    const all = [...stdout, ...stderr].join('');
    expect(all).toContain('socket hang up');
    expect(all).toContain('***');
    expect(all).not.toContain(KEY);
    expect(stderr.join('')).toContain('    at ');
  });
  it('prints HarnessError messages without a stack, even with --debug', async () => {
    const { world, stderr } = io(['status', 'e1', '--debug'], {
      getExecution: () => Promise.reject(new HarnessValidationError([{ code: 'missing_option', variable: 'x', message: 'x is missing.' }])),
    });
    expect(await runCli(world)).toBe(2);
    expect(stderr.join('')).toBe('error: 1 problem with the inputs; nothing was sent to Harness:\n  - x is missing.\n');
  });
  it('without --wait, status exits 0 for a running execution and 1 for a failed one', async () => {
    const execution = { id: 'e1', kind: 'WORKFLOW', status: 'RUNNING', url: null, applicationId: 'a', entity: null, createdAt: null, startedAt: null, endedAt: null, notes: null, failureDetails: null, stages: [] };
    const running = io(['status', 'e1'], { getExecution: () => Promise.resolve(execution as never) });
    expect(await runCli(running.world)).toBe(0);
    const failed = io(['status', 'e1'], { getExecution: () => Promise.resolve({ ...execution, status: 'EXPIRED' } as never) });
    expect(await runCli(failed.world)).toBe(1);
  });
});
