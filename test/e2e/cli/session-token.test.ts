/**
 * harness-exec with a logged-in user's session token instead of an API key, as a real child process
 * against the fake Harness server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_BEARER_TOKEN, startFakeHarness, type FakeHarness } from '../../../src/testing/index.js';
import { runBin, type BinRun } from './bin.js';

const API_KEY = 'cli-token-test-key-9d41b7';
const dir = mkdtempSync(join(tmpdir(), 'harness-exec-token-'));
let fake: FakeHarness;

function run(args: readonly string[], credentials: Record<string, string>): Promise<BinRun> {
  return runBin(args, {
    secrets: [API_KEY, fake.bearerToken, EXPIRED_BEARER_TOKEN],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HARNESS_ACCOUNT_ID: fake.accountId, HARNESS_ENDPOINT: fake.endpoint, ...credentials },
  });
}

beforeAll(async () => {
  fake = await startFakeHarness({ apiKey: API_KEY, rateLimit: false });
});

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('harness-exec with a session token', () => {
  it('works with HARNESS_BEARER_TOKEN and no API key, sending the token as Authorization: Bearer', async () => {
    const before = fake.requests.length;
    const result = await run(['list', 'applications', '--json'], { HARNESS_BEARER_TOKEN: fake.bearerToken });
    expect(result.code, result.stderr).toBe(0);
    expect(fake.requests.slice(before).map((r) => r.credential)).toEqual(['BEARER']);
  });

  it('reads the token from --bearer-token-file, and an expired token is an authentication error (exit 3)', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, `${EXPIRED_BEARER_TOKEN}\n`);
    const result = await run(['list', 'applications', '--bearer-token-file', file], {});
    expect(result.code, result.stderr).toBe(3);
  });

  it('refuses a key and a token together before sending anything (exit 2)', async () => {
    const before = fake.requests.length;
    const result = await run(['list', 'applications'], { HARNESS_API_KEY: API_KEY, HARNESS_BEARER_TOKEN: fake.bearerToken });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('keep exactly one');
    expect(fake.requests.length).toBe(before);
  });

  it('says how to give either when neither is set (exit 2)', async () => {
    const result = await run(['list', 'applications'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('HARNESS_API_KEY');
    expect(result.stderr).toContain('HARNESS_BEARER_TOKEN');
  });
});
