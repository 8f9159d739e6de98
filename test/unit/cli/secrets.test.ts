import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/cli/format.js';
import { secretsOfRun } from '../../../src/cli/secrets.js';

const files: Record<string, string> = { '/run/key': 'key-from-file-1234\n', '/run/token': 'token-from-file-5678\n' };
const readText = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};

describe('the secrets of a harness-exec run', () => {
  it('are the key, the session token, the files the flags name and the proxy credentials', () => {
    const secrets = secretsOfRun(
      {
        HARNESS_API_KEY: 'env-key-abcd',
        HARNESS_BEARER_TOKEN: 'env-token-efgh',
        HTTPS_PROXY: 'http://alice:s%3Acret@proxy.corp:3128',
        http_proxy: 'http://bob:hunter22@proxy.corp:3128',
      },
      ['status', 'ID', '--api-key-file', '/run/key', '--bearer-token-file=/run/token'],
      readText,
    );
    expect(secrets).toEqual(
      expect.arrayContaining(['env-key-abcd', 'env-token-efgh', 'key-from-file-1234', 'token-from-file-5678', 'alice:s%3Acret', 's%3Acret', 's:cret', 'hunter22']),
    );
    const redact = createRedactor(secrets);
    expect(redact('proxy http://alice:s%3Acret@proxy.corp:3128 said no; token env-token-efgh; file token-from-file-5678')).toBe(
      'proxy http://***@proxy.corp:3128 said no; token ***; file ***',
    );
  });

  it('leave out what is unset, blank or unreadable, and proxies without credentials', () => {
    expect(secretsOfRun({ HARNESS_API_KEY: '  ', HTTPS_PROXY: 'http://proxy.corp:3128' }, ['--api-key-file', '/missing'], readText)).toEqual([]);
  });
});
