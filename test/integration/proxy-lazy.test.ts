/**
 * undici is loaded only when a proxy applies: a client that connects directly must not pay for it
 * at start-up.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HarnessClient } from '../../src/index.js';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.js';

const undici = vi.hoisted(() => ({ loaded: 0 }));
vi.mock('undici', async (importOriginal) => {
  undici.loaded += 1;
  return importOriginal();
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end('{"data":{"ping":"pong"}}'));
});
let endpoint = '';
let proxy: ForwardProxy;

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
  proxy = await startForwardProxy();
});

afterAll(async () => {
  await proxy.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('loading undici', () => {
  it('does not happen for a direct client, nor for one whose endpoint NO_PROXY exempts', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.origin);
    vi.stubEnv('NO_PROXY', '127.0.0.1');
    await new HarnessClient({ accountId: 'a', apiKey: 'key-123456', endpoint, rateLimit: false, proxy: 'none' }).request('query Ping { ping }', {});
    await new HarnessClient({ accountId: 'a', apiKey: 'key-123456', endpoint, rateLimit: false }).request('query Ping { ping }', {});
    vi.unstubAllEnvs();
    expect(undici.loaded).toBe(0);
    expect(proxy.seen).toHaveLength(0);
  });

  it('happens on the first request through a proxy', async () => {
    await new HarnessClient({ accountId: 'a', apiKey: 'key-123456', endpoint, rateLimit: false, proxy: proxy.origin }).request('query Ping { ping }', {});
    expect(undici.loaded).toBe(1);
    expect(proxy.relayed).toBe(1);
  });
});
