/**
 * Authentication over real loopback HTTP: session tokens, secrets read from a function for every
 * request (rotation), one more read after a 401, and secret functions that fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HarnessClient,
  isHarnessAuthenticationError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessValidationError,
  type HarnessClientOptions,
} from '../../src/index.js';

const QUERY = 'query Ping { ping }';
const START = 'mutation StartExecution { startExecution(input: {}) { clientMutationId } }';
const UNAUTHORIZED = JSON.stringify({ metaData: null, resource: null, responseMessages: [{ code: 'INVALID_TOKEN', level: 'ERROR', message: 'Token is not valid.' }] });
const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Harness {
  endpoint: string;
  seen: { apiKey: string | undefined; authorization: string | undefined }[];
}

/** A stand-in for Harness that accepts only the secrets in `valid` (mutable, to rotate). */
async function harness(valid: Set<string>, answer?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Harness> {
  const seen: Harness['seen'] = [];
  const server = createServer((req, res) => {
    const apiKey = req.headers['x-api-key'] as string | undefined;
    const authorization = req.headers.authorization;
    seen.push({ apiKey, authorization });
    req.resume();
    req.on('end', () => {
      if (answer?.(req, res)) return;
      const secret = apiKey ?? authorization?.replace(/^Bearer /, '');
      if (secret === undefined || !valid.has(secret)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"data":{"ping":"pong"}}');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`, seen };
}

function client(endpoint: string, extra: Partial<HarnessClientOptions>): HarnessClient {
  return new HarnessClient({ accountId: 'acct', endpoint, rateLimit: false, retry: false, proxy: 'none', ...extra });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function everythingShown(error: unknown): string {
  const e = error as Error & { toJSON?: () => unknown };
  return [e.message, e.stack ?? '', JSON.stringify(e.toJSON?.() ?? {}), inspect(error, { depth: 5 })].join('\n');
}

describe('session tokens', () => {
  it('sends a bearer token as Authorization: Bearer and no x-api-key', async () => {
    const token = 'session-token-0123456789';
    const server = await harness(new Set([token]));
    expect(await client(server.endpoint, { bearerToken: token }).request(QUERY, {})).toEqual({ ping: 'pong' });
    expect(server.seen).toEqual([{ apiKey: undefined, authorization: `Bearer ${token}` }]);
  });

  it('an expired token is a HarnessAuthenticationError that says so and never shows the token', async () => {
    const token = 'expired-session-token-987654';
    const server = await harness(new Set());
    const error = await failure(client(server.endpoint, { bearerToken: token }).request(QUERY, {}));
    expect(isHarnessAuthenticationError(error)).toBe(true);
    expect(error).toMatchObject({ status: 401 });
    expect((error as Error).message).toContain('Harness rejected the bearer token (HTTP 401 INVALID_TOKEN: Token is not valid.)');
    expect((error as Error).message).toContain('HARNESS_BEARER_TOKEN');
    expect(everythingShown(error)).not.toContain(token);
    expect(server.seen).toHaveLength(1);
  });

  it('a fixed key that Harness refuses is read once and not sent again', async () => {
    const server = await harness(new Set());
    const error = await failure(client(server.endpoint, { apiKey: 'refused-key-1234567' }).request(QUERY, {}));
    expect((error as Error).message).toContain('Harness rejected the API key');
    expect(server.seen).toHaveLength(1);
  });
});

describe('rotation', () => {
  it('reads the key for every request, so a rotated key is used without a new client', async () => {
    const valid = new Set(['key-one-0123456789']);
    const server = await harness(valid);
    let current = 'key-one-0123456789';
    const rotating = client(server.endpoint, { apiKey: async () => current });
    await rotating.request(QUERY, {});
    current = 'key-two-0123456789';
    valid.add(current);
    await rotating.request(QUERY, {});
    expect(server.seen.map((s) => s.apiKey)).toEqual(['key-one-0123456789', 'key-two-0123456789']);
  });

  it('after a 401 the key is read once more and the request (a start too) is sent again with the new key', async () => {
    const valid = new Set(['new-key-0123456789']);
    const server = await harness(valid);
    const answers = ['old-key-0123456789', 'new-key-0123456789'];
    let reads = 0;
    const data = await client(server.endpoint, { apiKey: () => answers[Math.min(reads++, 1)] ?? '' }).request(START, {});
    expect(data).toEqual({ ping: 'pong' });
    expect(reads).toBe(2);
    expect(server.seen.map((s) => s.apiKey)).toEqual(answers);
  });

  it('sends again only once, and only when the secret changed: never a loop', async () => {
    const server = await harness(new Set());
    let reads = 0;
    const alwaysNew = await failure(client(server.endpoint, { bearerToken: () => `token-${++reads}-abcdef` }).request(QUERY, {}));
    expect(isHarnessAuthenticationError(alwaysNew)).toBe(true);
    expect(server.seen.map((s) => s.authorization)).toEqual(['Bearer token-1-abcdef', 'Bearer token-2-abcdef']);
    expect(everythingShown(alwaysNew)).not.toMatch(/token-\d-abcdef/);

    server.seen.length = 0;
    const same = await failure(client(server.endpoint, { apiKey: () => 'unchanged-key-123456' }).request(QUERY, {}));
    expect(isHarnessAuthenticationError(same)).toBe(true);
    expect(server.seen).toHaveLength(1);
  });

  it('removes every key read so far from errors, old and new', async () => {
    const keys = ['first-key-0123456789', 'second-key-0123456789'];
    const server = await harness(new Set(keys), (req, res) => {
      // A broken proxy page that echoes every key it has seen.
      res.writeHead(502).end(`bad gateway for ${keys.join(' and ')} (${String(req.headers['x-api-key'])})`);
      return true;
    });
    let reads = 0;
    const rotating = client(server.endpoint, { apiKey: () => keys[Math.min(reads++, 1)] ?? '' });
    await failure(rotating.request(QUERY, {}));
    const error = await failure(rotating.request(QUERY, {}));
    expect(isHarnessServerError(error)).toBe(true);
    const shown = everythingShown(error);
    for (const key of keys) expect(shown).not.toContain(key);
    expect(shown).toContain('[redacted]');
  });
});

describe('a secret function that fails', () => {
  it('throwing: a HarnessAuthenticationError saying what to fix, and nothing is sent', async () => {
    const server = await harness(new Set());
    const error = await failure(
      client(server.endpoint, {
        apiKey: () => {
          throw new Error('vault is sealed');
        },
      }).request(START, {}),
    );
    expect(isHarnessAuthenticationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'StartExecution was not sent: the apiKey function threw (Error: vault is sealed). Nothing reached Harness. Fix the function that supplies the API key (or the secret store it reads).',
    );
    expect(server.seen).toHaveLength(0);
  });

  it('hanging: the call ends at its timeout with nothing sent, and an abort ends it at once', async () => {
    const server = await harness(new Set());
    const hanging = () => new Promise<string>(() => undefined);
    const timeoutMs = 200;
    const error = await failure(client(server.endpoint, { apiKey: hanging, timeoutMs }).request(QUERY, {}));
    expect(isHarnessTimeoutError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Ping was not sent: the apiKey function did not answer within ${timeoutMs} ms. Nothing reached Harness. Check the secret store it reads.`,
    );
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    const call = client(server.endpoint, { apiKey: hanging, timeoutMs: 60_000 }).request(QUERY, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 10);
    expect(await failure(call)).toBe(reason);
    expect(server.seen).toHaveLength(0);
  });

  it.each([
    ['an empty string', async () => '', 'answered an empty string'],
    ['undefined', () => undefined as unknown as string, 'answered undefined instead of a string'],
    ['a number', async () => 42 as unknown as string, 'answered a number instead of a string'],
    ['blanks', () => 'two words', 'answered a value with whitespace or line breaks'],
  ])('answering %s: a HarnessValidationError naming the option, and nothing is sent', async (_what, source, problem) => {
    const server = await harness(new Set());
    const error = await failure(client(server.endpoint, { bearerToken: source }).request(QUERY, {}));
    expect(isHarnessValidationError(error)).toBe(true);
    expect(error).toMatchObject({ issues: [{ code: 'invalid_option', variable: 'bearerToken' }] });
    expect((error as Error).message).toContain(`The bearerToken function ${problem}; Ping was not sent.`);
    expect((error as Error).message).not.toContain('two words');
    expect(server.seen).toHaveLength(0);
  });
});
