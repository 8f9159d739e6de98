import { describe, expect, it } from 'vitest';
import { HarnessClient, HarnessValidationError, SDK_VERSION } from '../../src/index.js';
import { DEFAULT_ENDPOINT, optionsFromEnv, resolveClientOptions } from '../../src/config.js';
import pkg from '../../package.json' with { type: 'json' };

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HarnessValidationError);
    return (error as HarnessValidationError).issues;
  }
  throw new Error('expected a HarnessValidationError');
}

describe('client options', () => {
  it('applies documented defaults', () => {
    const resolved = resolveClientOptions({ accountId: 'acct', apiKey: 'k' });
    expect(resolved.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(resolved.timeoutMs).toBe(30_000);
    expect(resolved.mutationTimeoutMs).toBe(180_000);
    expect(resolved.retry).toEqual({ maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 });
    expect(resolved.requestsPerMinute).toBe(30);
    expect(resolved.userAgent).toBe(`harness-graphql-sdk/${SDK_VERSION}`);
  });

  it('reports every missing option at once, naming the environment variable', () => {
    const issues = issuesOf(() => new HarnessClient({ accountId: '', apiKey: '' }));
    expect(issues.map((i) => i.variable)).toEqual(['accountId', 'apiKey']);
    expect(issues[0]?.message).toContain('HARNESS_ACCOUNT_ID');
    expect(issues[1]?.message).toContain('HARNESS_API_KEY');
  });

  it('rejects malformed options and unknown keys without echoing the key', () => {
    const issues = issuesOf(
      () =>
        new HarnessClient({
          accountId: 'bad id!',
          apiKey: 'secret value with spaces',
          endpoint: 'ftp://x',
          timeoutMs: -1,
          retry: { maxAttempts: 0 },
          rateLimit: { requestsPerMinute: 0 },
          headers: { 'X-Api-Key': 'other' },
          colour: 'blue',
        } as never),
    );
    const variables = issues.map((i) => i.variable);
    expect(variables).toEqual(
      expect.arrayContaining(['colour', 'accountId', 'apiKey', 'endpoint', 'timeoutMs', 'retry.maxAttempts', 'rateLimit.requestsPerMinute', 'headers']),
    );
    expect(JSON.stringify(issues)).not.toContain('secret value');
  });

  it('refuses waits that Node timers cannot hold (2^31 ms or more), naming the option and the maximum', () => {
    const issues = issuesOf(
      () => new HarnessClient({ accountId: 'a', apiKey: 'k', timeoutMs: 2 ** 31, mutationTimeoutMs: 2 ** 40, maxRateLimitWaitMs: 2 ** 31, retry: { maxDelayMs: 2 ** 31 } }),
    );
    expect(issues.map((i) => i.variable)).toEqual(['timeoutMs', 'mutationTimeoutMs', 'retry.maxDelayMs', 'maxRateLimitWaitMs']);
    for (const issue of issues) expect(issue.message).toContain('at most 2147483647 ms');
    expect(resolveClientOptions({ accountId: 'a', apiKey: 'k', timeoutMs: 2 ** 31 - 1 }).timeoutMs).toBe(2 ** 31 - 1);
  });

  it('caps responses at 16 MiB and waits up to 10 minutes for the budget by default; retry false never waits', () => {
    expect(resolveClientOptions({ accountId: 'a', apiKey: 'k' }).limits).toEqual({ maxResponseBytes: 16 * 1024 * 1024, maxRateLimitWaitMs: 600_000 });
    expect(resolveClientOptions({ accountId: 'a', apiKey: 'k', retry: false }).limits.maxRateLimitWaitMs).toBe(0);
    expect(issuesOf(() => new HarnessClient({ accountId: 'a', apiKey: 'k', maxResponseBytes: 0 })).map((i) => i.variable)).toEqual(['maxResponseBytes']);
  });

  it('accepts retry false and rateLimit false', () => {
    const resolved = resolveClientOptions({ accountId: 'a', apiKey: 'k', retry: false, rateLimit: false });
    expect(resolved.retry.maxAttempts).toBe(1);
    expect(resolved.requestsPerMinute).toBeUndefined();
  });

  it('reads the environment', () => {
    expect(optionsFromEnv({ HARNESS_ACCOUNT_ID: ' a ', HARNESS_API_KEY: 'k', HARNESS_ENDPOINT: 'http://127.0.0.1:1/api/graphql' })).toEqual({
      accountId: 'a',
      apiKey: 'k',
      endpoint: 'http://127.0.0.1:1/api/graphql',
    });
    const client = HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_API_KEY: 'k' });
    expect(client.endpoint).toBe(DEFAULT_ENDPOINT);
    expect(client.accountId).toBe('a');
    const issues = issuesOf(() => HarnessClient.fromEnv({}));
    expect(issues.map((i) => i.code)).toEqual(['missing_option', 'missing_option']);
  });

  it('takes exactly one of apiKey and bearerToken, naming both options and both variables otherwise', () => {
    const neither = issuesOf(() => new HarnessClient({ accountId: 'a' }));
    const both = issuesOf(() => new HarnessClient({ accountId: 'a', apiKey: 'key-1234', bearerToken: 'token-1234' }));
    for (const issues of [neither, both]) {
      expect(issues).toHaveLength(1);
      for (const name of ['apiKey', 'bearerToken', 'HARNESS_API_KEY', 'HARNESS_BEARER_TOKEN']) expect(issues[0]?.message).toContain(name);
      expect(issues[0]?.message).not.toContain('key-1234');
    }
    expect(neither[0]?.code).toBe('missing_option');
    expect(both[0]?.message).toContain('both set');
    expect(resolveClientOptions({ accountId: 'a', bearerToken: 'tok' }).credential).toEqual({ kind: 'bearerToken', source: 'tok' });
    const rotate = () => 'key';
    expect(resolveClientOptions({ accountId: 'a', apiKey: rotate }).credential).toEqual({ kind: 'apiKey', source: rotate });
  });

  it('requires accountId with a bearer token and refuses a malformed token without echoing it', () => {
    const issues = issuesOf(() => new HarnessClient({ accountId: '', bearerToken: 'token with spaces' }));
    expect(issues.map((i) => i.variable)).toEqual(['accountId', 'bearerToken']);
    expect(issues[1]?.message).toContain('HARNESS_BEARER_TOKEN');
    expect(JSON.stringify(issues)).not.toContain('token with spaces');
    expect(issuesOf(() => new HarnessClient({ accountId: 'a', apiKey: 42 as unknown as string })).map((i) => i.variable)).toEqual(['apiKey']);
  });

  it('refuses an authorization header with a bearer token (it carries the token)', () => {
    expect(issuesOf(() => new HarnessClient({ accountId: 'a', bearerToken: 'tok', headers: { Authorization: 'x' } })).map((i) => i.variable)).toEqual(['headers']);
    expect(resolveClientOptions({ accountId: 'a', apiKey: 'k', headers: { Authorization: 'x' } }).headers).toEqual({ Authorization: 'x' });
  });

  it('reads HARNESS_BEARER_TOKEN; an apiKey or bearerToken override replaces both variables', () => {
    expect(optionsFromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_BEARER_TOKEN: ' tok ' })).toEqual({ accountId: 'a', bearerToken: 'tok' });
    expect(HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_BEARER_TOKEN: 'tok' }).accountId).toBe('a');
    const both = issuesOf(() => HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_API_KEY: 'k', HARNESS_BEARER_TOKEN: 'tok' }));
    expect(both[0]?.message).toContain('HARNESS_BEARER_TOKEN');
    expect(() => HarnessClient.fromEnv({ HARNESS_ACCOUNT_ID: 'a', HARNESS_API_KEY: 'k' }, { bearerToken: () => 'tok' })).not.toThrow();
  });

  it("resolves the proxy: 'env' by default, a URL, or none", () => {
    const base = { accountId: 'a', apiKey: 'k', endpoint: 'https://harness.example.com/api/graphql' } as const;
    const env = { HTTPS_PROXY: 'http://u:p4ssw0rd@proxy.corp:3128' };
    expect(resolveClientOptions(base, env).proxy).toEqual({
      kind: 'proxy',
      url: 'http://u:p4ssw0rd@proxy.corp:3128/',
      display: 'http://proxy.corp:3128',
      source: 'HTTPS_PROXY',
      secrets: ['u:p4ssw0rd', 'p4ssw0rd'],
    });
    expect(resolveClientOptions({ ...base, proxy: 'none' }, env).proxy).toEqual({ kind: 'direct' });
    expect(resolveClientOptions({ ...base, proxy: false }, env).proxy).toEqual({ kind: 'direct' });
    expect(resolveClientOptions({ ...base, proxy: 'proxy.corp:8080' }, {}).proxy).toMatchObject({ display: 'http://proxy.corp:8080', source: 'the proxy option' });
    expect(resolveClientOptions(base, { ...env, NO_PROXY: '.example.com' }).proxy).toEqual({ kind: 'direct' });
    const bad = issuesOf(() => resolveClientOptions(base, { HTTPS_PROXY: 'socks5://u:p4ssw0rd@proxy.corp:1080' }));
    expect(bad.map((i) => i.variable)).toEqual(['HTTPS_PROXY']);
    expect(JSON.stringify(bad)).not.toContain('p4ssw0rd');
    expect(issuesOf(() => resolveClientOptions({ ...base, proxy: 42 as unknown as string }, {})).map((i) => i.variable)).toEqual(['proxy']);
  });

  it('keeps SDK_VERSION equal to the package version', () => {
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
