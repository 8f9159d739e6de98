import { describe, expect, it } from 'vitest';
import { isHarnessAuthenticationError, isHarnessValidationError } from '../../src/index.js';
import { Credentials, REMEMBERED_SECRETS } from '../../src/internal/credentials.js';

describe('credentials', () => {
  it('put an API key in x-api-key and a token in Authorization: Bearer', () => {
    expect(new Credentials('apiKey', 'k').header('key-1')).toEqual({ 'x-api-key': 'key-1' });
    expect(new Credentials('bearerToken', 't').header('tok-1')).toEqual({ authorization: 'Bearer tok-1' });
  });

  it('call a function for every read; a fixed secret never rotates', async () => {
    let n = 0;
    const rotating = new Credentials('apiKey', () => `key-${++n}-abcdef`);
    expect(rotating.rotates).toBe(true);
    expect([await rotating.read('Op'), await rotating.read('Op')]).toEqual(['key-1-abcdef', 'key-2-abcdef']);
    const fixed = new Credentials('apiKey', 'fixed-key-123');
    expect(fixed.rotates).toBe(false);
    expect(await fixed.read('Op')).toBe('fixed-key-123');
  });

  it(`remember the ${REMEMBERED_SECRETS} latest distinct secrets for redaction, no more`, async () => {
    let n = 0;
    const rotating = new Credentials('bearerToken', () => `token-${String(++n).padStart(2, '0')}-abcdef`);
    for (let i = 0; i < REMEMBERED_SECRETS + 3; i += 1) await rotating.read('Op');
    expect(rotating.secrets).toHaveLength(REMEMBERED_SECRETS);
    expect(rotating.secrets[0]).toBe('token-04-abcdef');
    expect(rotating.redact('saw token-11-abcdef and token-04-abcdef and token-03-abcdef')).toBe('saw [redacted] and [redacted] and token-03-abcdef');
  });

  it('a repeated secret is remembered once and stays among the latest', async () => {
    const values = ['a-secret-1', 'b-secret-2', 'a-secret-1'];
    let n = 0;
    const rotating = new Credentials('apiKey', () => values[n++] ?? '');
    for (let i = 0; i < values.length; i += 1) await rotating.read('Op');
    expect(rotating.secrets).toEqual(['b-secret-2', 'a-secret-1']);
  });

  it('redact the secret from what a throwing function says', async () => {
    let first = true;
    const source = () => {
      if (first) {
        first = false;
        return 'leaky-secret-123';
      }
      throw new Error('could not refresh leaky-secret-123');
    };
    const credentials = new Credentials('apiKey', source);
    await credentials.read('Op');
    const error = await credentials.read('Op').catch((caught: unknown) => caught);
    expect(isHarnessAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toContain('could not refresh [redacted]');
  });

  it('refuse an unusable answer without remembering or showing it', async () => {
    const credentials = new Credentials('apiKey', () => 'has a space');
    const error = await credentials.read('Op').catch((caught: unknown) => caught);
    expect(isHarnessValidationError(error)).toBe(true);
    expect(credentials.secrets).toEqual([]);
    expect((error as Error).message).not.toContain('has a space');
  });
});
