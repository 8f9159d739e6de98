/**
 * Requests through a real forward proxy process on loopback: the proxy option and the environment
 * variables, NO_PROXY, a proxy that refuses or cannot be reached, and the transport's promises (no
 * redirects, the size cap, timeouts, abort) kept through the tunnel.
 */
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect, promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HarnessClient,
  isHarnessEndpointError,
  isHarnessNetworkError,
  isHarnessResponseTooLargeError,
  isHarnessTimeoutError,
  type HarnessClientOptions,
} from '../../src/index.js';
import { closedPort, startForwardProxy, type ForwardProxy } from './support/forward-proxy.js';

const API_KEY = 'proxy-test-key-0123456789abcdef';
const PROXY_USER = 'corp-user';
const PROXY_PASSWORD = 'proxy-pass-5f4dcc3b';
const QUERY = 'query Ping { ping }';
const START = 'mutation StartExecution { startExecution(input: {}) { clientMutationId } }';

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

interface Target {
  origin: string;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  /** The same server under a name only the test proxy resolves: loopback addresses never go through a proxy. */
  named: string;
}

/** A loopback stand-in for Harness that records every request it gets. */
async function target(handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('{"data":{"ping":"pong"}}')): Promise<Target> {
  const requests: Target['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, named: `http://harness.test:${port}`, requests };
}

async function proxy(options: Parameters<typeof startForwardProxy>[0] = {}): Promise<ForwardProxy> {
  const started = await startForwardProxy(options);
  cleanups.push(() => started.close());
  return started;
}

function withCredentials(origin: string): string {
  return origin.replace('http://', `http://${PROXY_USER}:${PROXY_PASSWORD}@`);
}

function client(endpoint: string, extra: Partial<HarnessClientOptions> = {}): HarnessClient {
  return new HarnessClient({ accountId: 'acct', apiKey: API_KEY, endpoint, rateLimit: false, retry: false, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Everything an error could show: message, stack, JSON and inspect output. */
function everythingShown(error: unknown): string {
  const e = error as Error & { toJSON?: () => unknown };
  return [e.message, e.stack ?? '', JSON.stringify(e.toJSON?.() ?? {}), inspect(error, { depth: 5 })].join('\n');
}

describe('through a forward proxy', () => {
  it('the proxy option sends the request through a CONNECT tunnel with the proxy credentials; the key stays inside the tunnel', async () => {
    const harness = await target();
    const corporate = await proxy();
    const data = await client(`${harness.origin}/api/graphql`, { proxy: withCredentials(corporate.origin) }).request(QUERY, {});
    expect(data).toEqual({ ping: 'pong' });
    expect(corporate.seen).toHaveLength(1);
    const [connect] = corporate.seen;
    expect(connect?.method).toBe('CONNECT');
    expect(connect?.target).toBe(harness.origin.replace('http://', ''));
    expect(connect?.headers['proxy-authorization']).toBe(`Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`);
    expect(JSON.stringify(connect)).not.toContain(API_KEY);
    expect(corporate.relayed).toBe(1);
    expect(harness.requests).toHaveLength(1);
    expect(harness.requests[0]?.headers['x-api-key']).toBe(API_KEY);
  });

  it("the default ('env') follows HTTP_PROXY, and lower-case http_proxy wins over it", async () => {
    const harness = await target();
    const upper = await proxy();
    const lower = await proxy();
    vi.stubEnv('HTTP_PROXY', upper.origin);
    await client(`${harness.named}/api/graphql`).request(QUERY, {});
    expect(upper.relayed).toBe(1);
    vi.stubEnv('http_proxy', lower.origin);
    await client(`${harness.named}/api/graphql`).request(QUERY, {});
    expect([upper.relayed, lower.relayed]).toEqual([1, 1]);
    expect(harness.requests).toHaveLength(2);
  });

  it('NO_PROXY exempts the endpoint: the client connects itself and the proxy sees nothing', async () => {
    const harness = await target();
    const corporate = await proxy();
    vi.stubEnv('HTTP_PROXY', corporate.origin);
    vi.stubEnv('NO_PROXY', 'example.com, harness.test');
    // harness.test resolves only through the proxy, so going direct shows as a name that cannot be found.
    const error = await failure(client(`${harness.named}/api/graphql`).request(QUERY, {}));
    expect(isHarnessNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ requestSent: 'no' });
    expect(corporate.seen).toHaveLength(0);
    expect(harness.requests).toHaveLength(0);
  });

  it('a loopback endpoint (a local fake Harness) is reached directly even when HTTP_PROXY is set', async () => {
    const harness = await target();
    const corporate = await proxy();
    vi.stubEnv('HTTP_PROXY', corporate.origin);
    await client(`${harness.origin}/api/graphql`).request(QUERY, {});
    await client(`${harness.origin.replace('127.0.0.1', 'localhost')}/api/graphql`).request(QUERY, {});
    expect(corporate.seen).toHaveLength(0);
    expect(harness.requests).toHaveLength(2);
  });

  it("proxy: 'none' connects directly even when HTTPS_PROXY and HTTP_PROXY are set", async () => {
    const harness = await target();
    const corporate = await proxy();
    vi.stubEnv('HTTP_PROXY', corporate.origin);
    vi.stubEnv('HTTPS_PROXY', corporate.origin);
    await client(`${harness.origin}/api/graphql`, { proxy: 'none' }).request(QUERY, {});
    expect(corporate.seen).toHaveLength(0);
    expect(harness.requests).toHaveLength(1);
  });

  it('a malformed proxy URL is refused at construction without echoing it', () => {
    const error = (() => {
      try {
        client('http://127.0.0.1:1/api/graphql', { proxy: `ftp://${PROXY_USER}:${PROXY_PASSWORD}@proxy:21` });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect((error as Error).message).toMatch(/proxy must be 'env', 'none', false or an http\(s\) proxy URL/);
    expect(everythingShown(error)).not.toContain(PROXY_PASSWORD);
  });
});

describe('a proxy that fails', () => {
  it('407 on CONNECT: a start is not sent, and the error names the proxy without its credentials', async () => {
    const harness = await target();
    const refusing = await proxy({ refuseWith: 407 });
    const error = await failure(client(`${harness.origin}/api/graphql`, { proxy: withCredentials(refusing.origin) }).request(START, {}));
    expect(isHarnessNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ requestSent: 'no', operation: 'StartExecution' });
    expect((error as Error).message).toContain(`the proxy ${refusing.origin} (from the proxy option) refused`);
    expect((error as Error).message).toContain('HTTP 407');
    expect((error as Error).message).toContain('wants credentials');
    expect((error as Error).message).toContain('Nothing reached Harness');
    const shown = everythingShown(error);
    for (const secret of [PROXY_PASSWORD, PROXY_USER, API_KEY]) expect(shown).not.toContain(secret);
    expect(refusing.seen.map((s) => s.method)).toEqual(['CONNECT']);
    expect(refusing.relayed).toBe(0);
    expect(harness.requests).toHaveLength(0);
  });

  it('a start refused by the proxy is sent again under the retry policy (nothing left the proxy) and still nothing reaches Harness', async () => {
    const harness = await target();
    const refusing = await proxy({ refuseWith: 403 });
    const error = await failure(
      client(`${harness.origin}/api/graphql`, { proxy: refusing.origin, retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0 } }).request(START, {}),
    );
    expect((error as Error).message).toContain('HTTP 403');
    expect(refusing.seen).toHaveLength(2);
    expect(harness.requests).toHaveLength(0);
  });

  it('a proxy that cannot be reached is named (from HTTPS_PROXY / HTTP_PROXY), without credentials', async () => {
    const harness = await target();
    const port = await closedPort();
    vi.stubEnv('HTTP_PROXY', `http://${PROXY_USER}:${PROXY_PASSWORD}@127.0.0.1:${port}`);
    const error = await failure(client(`${harness.named}/api/graphql`).request(QUERY, {}));
    expect(isHarnessNetworkError(error)).toBe(true);
    expect(error).toMatchObject({ requestSent: 'no' });
    expect((error as Error).message).toContain(`the proxy http://127.0.0.1:${port} (from HTTP_PROXY) refused the connection`);
    expect((error as Error).message).toContain('Check HTTP_PROXY and NO_PROXY');
    expect(everythingShown(error)).not.toContain(PROXY_PASSWORD);
    expect(harness.requests).toHaveLength(0);
  });
});

describe('the transport keeps its promises through the proxy', () => {
  it('a redirect is answered, not followed: the other host gets nothing', async () => {
    const elsewhere = await target();
    const harness = await target((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.origin}/api/graphql` });
      res.end();
    });
    const corporate = await proxy();
    const error = await failure(client(`${harness.origin}/api/graphql`, { proxy: corporate.origin }).request(QUERY, {}));
    expect(isHarnessEndpointError(error)).toBe(true);
    expect(elsewhere.requests).toHaveLength(0);
    expect(corporate.seen).toHaveLength(1);
  });

  it('the size cap holds', async () => {
    const harness = await target((_req, res) => res.end(JSON.stringify({ data: { ping: 'x'.repeat(64 * 1024) } })));
    const corporate = await proxy();
    const error = await failure(client(`${harness.origin}/api/graphql`, { proxy: corporate.origin, maxResponseBytes: 1024 }).request(QUERY, {}));
    expect(isHarnessResponseTooLargeError(error)).toBe(true);
    expect(corporate.relayed).toBe(1);
  });

  it('a hanging server ends at the timeout, and an abort ends the call at once', async () => {
    const harness = await target(() => undefined);
    const corporate = await proxy();
    // The server never answers, so the timeout alone ends the call; it must still leave the request
    // time to pass through the proxy to the server on a busy machine, which the counts below check.
    const timeoutMs = 3_000;
    const started = Date.now();
    const error = await failure(client(`${harness.origin}/api/graphql`, { proxy: corporate.origin, timeoutMs }).request(QUERY, {}));
    expect(isHarnessTimeoutError(error)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(timeoutMs - 5);
    expect(corporate.relayed).toBe(1);

    const controller = new AbortController();
    const reason = new Error('cancelled by the test');
    const call = client(`${harness.origin}/api/graphql`, { proxy: corporate.origin, timeoutMs: 60_000 }).request(QUERY, {}, { signal: controller.signal });
    while (harness.requests.length < 2) await new Promise((done) => setTimeout(done, 5));
    controller.abort(reason);
    expect(await failure(call)).toBe(reason);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('an https endpoint through the proxy', () => {
  it.skipIf(!hasOpenssl())('tunnels TLS with CONNECT and trusts a private CA from NODE_EXTRA_CA_CERTS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxy-tls-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=harness.test', '-addext', 'subjectAltName=DNS:harness.test', '-keyout', key, '-out', cert,
    ], { stdio: 'ignore' });
    const { readFileSync } = await import('node:fs');
    const seenKeys: string[] = [];
    const tls = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      seenKeys.push(String(req.headers['x-api-key']));
      req.resume();
      req.on('end', () => res.end('{"data":{"ping":"over tls"}}'));
    });
    await new Promise<void>((done) => tls.listen(0, '127.0.0.1', done));
    cleanups.push(async () => {
      tls.closeAllConnections();
      await new Promise((done) => tls.close(done));
    });
    const corporate = await proxy();
    const endpoint = `https://harness.test:${(tls.address() as AddressInfo).port}/api/graphql`;
    // NODE_EXTRA_CA_CERTS is read when Node starts, so the client runs in a process of its own.
    const script = join(dir, 'call.ts');
    writeFileSync(
      script,
      `import { HarnessClient } from ${JSON.stringify(resolve('src/index.ts'))};\n` +
        `const client = new HarnessClient({ accountId: 'acct', apiKey: ${JSON.stringify(API_KEY)}, endpoint: ${JSON.stringify(endpoint)}, rateLimit: false, retry: false });\n` +
        `client.request(${JSON.stringify(QUERY)}, {}).then((data) => console.log(JSON.stringify(data)), (error) => { console.log(String(error)); process.exitCode = 1; });\n`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve('.'),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, HTTPS_PROXY: corporate.origin, NO_PROXY: '', no_proxy: '' },
    });
    expect(JSON.parse(stdout)).toEqual({ ping: 'over tls' });
    expect(corporate.seen.map((s) => `${s.method} ${s.target}`)).toEqual([`CONNECT harness.test:${(tls.address() as AddressInfo).port}`]);
    expect(seenKeys).toEqual([API_KEY]);
  }, 30_000);
});
