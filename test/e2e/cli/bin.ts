/**
 * Runs the real harness-exec bin as a child process (through tsx) for the e2e tests of the commands:
 * the exit code, both streams, and a signal sent once the output says the moment has come.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');

export interface BinRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface BinRunOptions {
  env: NodeJS.ProcessEnv;
  /** Sends this signal once `when` holds for the output so far (checked every 25 ms). */
  kill?: { signal: NodeJS.Signals; when: (output: { stdout: string; stderr: string }) => boolean };
  /** Secrets that must appear in no output. */
  secrets?: readonly string[];
  /** Streams closed at once, as a reader that went away leaves them (their output is not collected). */
  close?: readonly ('stdout' | 'stderr')[];
}

export function runBin(args: readonly string[], options: BinRunOptions): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    for (const name of options.close ?? []) child[name].destroy();
    if (!options.close?.includes('stdout')) child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    if (!options.close?.includes('stderr')) child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    let timer: ReturnType<typeof setInterval> | undefined;
    if (options.kill !== undefined) {
      const { signal, when } = options.kill;
      timer = setInterval(() => {
        if (!when({ stdout, stderr })) return;
        clearInterval(timer);
        child.kill(signal);
      }, 25);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      for (const secret of options.secrets ?? []) expect(stdout + stderr).not.toContain(secret);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The one JSON value printed on stdout. */
export function stdoutJson(result: BinRun): unknown {
  const lines = result.stdout.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as unknown;
}

/** Waits until `predicate` holds (polling every 50 ms), or fails after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The environment of a harness-exec run against a fake server: its account and endpoint, and the key given. */
export function fakeEnv(fake: { accountId: string; endpoint: string }, apiKey: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, HARNESS_ACCOUNT_ID: fake.accountId, HARNESS_API_KEY: apiKey, HARNESS_ENDPOINT: fake.endpoint, ...extra };
}
