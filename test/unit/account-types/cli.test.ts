/** harness-exec generate's argument handling, over a stand-in client (no request is needed to refuse arguments). */
import { describe, expect, it } from 'vitest';
import { GENERATE_HELP, parseGenerateArgs, runGenerate, type GenerateIo } from '../../../src/account-types/cli.js';

function world() {
  const out: string[] = [];
  const err: string[] = [];
  let clients = 0;
  const io: GenerateIo = {
    env: { HARNESS_ACCOUNT_ID: 'account', HARNESS_API_KEY: 'key' },
    stdout: { write: (text) => void out.push(text) },
    stderr: { write: (text) => void err.push(text) },
    createClient: () => {
      clients += 1;
      throw new Error('no client should be built');
    },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), clients: () => clients };
}

describe('parseGenerateArgs', () => {
  it('collects repeated --app and applies the default file', () => {
    expect(parseGenerateArgs(['--app', 'Harness Demo', '--app', 'Release Gates', '--check'])).toEqual({
      args: { applications: ['Harness Demo', 'Release Gates'], out: 'harness-types.ts', check: true, json: false, help: false },
    });
    expect(parseGenerateArgs(['--app=Shop', '--out', 'src/types.ts', '--json'])).toEqual({
      args: { applications: ['Shop'], out: 'src/types.ts', check: false, json: true, help: false },
    });
  });

  it('reports every problem at once', () => {
    expect(parseGenerateArgs(['--out', ' '])).toEqual({ problems: ['generate needs at least one --app NAME.', '--out needs a file name.'] });
    expect(parseGenerateArgs(['--app', ''])).toEqual({ problems: ['--app needs a non-empty application name.'] });
  });
});

describe('runGenerate', () => {
  it('refuses bad arguments with exit 2 before building a client', async () => {
    const w = world();
    expect(await runGenerate(['--ap', 'Shop'], w.io)).toBe(2);
    expect(w.stderr()).toContain("error: Unknown option '--ap'");
    expect(w.stderr()).toContain('Run harness-exec generate --help for usage.');
    expect(w.clients()).toBe(0);
  });

  it('prints its help', async () => {
    const w = world();
    expect(await runGenerate(['--help'], w.io)).toBe(0);
    expect(w.stdout()).toBe(GENERATE_HELP);
    expect(w.clients()).toBe(0);
  });
});
