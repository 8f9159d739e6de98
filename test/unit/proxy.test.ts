import { describe, expect, it } from 'vitest';
import { bypassesProxy, displayProxy, isLoopbackHost, parseProxyUrl, ProxyDispatcher, routeFromEnv } from '../../src/internal/proxy.js';

const https = new URL('https://app.harness.io/gateway/api/graphql');
const http = new URL('http://harness.corp.example:8080/api/graphql');

describe('NO_PROXY', () => {
  it.each([
    ['app.harness.io', true],
    ['harness.io', true],
    ['.harness.io', true],
    ['*.harness.io', true],
    ['*', true],
    ['other.example, harness.io', true],
    ['other.example harness.io', true],
    ['HARNESS.IO', true],
    ['harness.io:443', true],
    ['harness.io:8443', false],
    ['pharness.io', false],
    ['io.harness', false],
    ['', false],
  ])('%j exempts https://app.harness.io: %s', (noProxy, exempt) => {
    expect(bypassesProxy(noProxy, https)).toBe(exempt);
  });

  it('matches the default port of the scheme, an explicit port and IPv6 literals', () => {
    expect(bypassesProxy('harness.corp.example:8080', http)).toBe(true);
    expect(bypassesProxy('harness.corp.example:80', http)).toBe(false);
    expect(bypassesProxy('[::1]', new URL('http://[::1]:9000/api/graphql'))).toBe(true);
    expect(bypassesProxy('[::1]:9000', new URL('http://[::1]:9000/api/graphql'))).toBe(true);
  });
});

describe('proxy from the environment', () => {
  it('takes https_proxy, then HTTPS_PROXY, then the http variables for an https endpoint', () => {
    expect(routeFromEnv({ HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' }, https)).toMatchObject({ display: 'http://b:2', source: 'https_proxy' });
    expect(routeFromEnv({ HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://c:3' }, https)).toMatchObject({ source: 'HTTPS_PROXY' });
    expect(routeFromEnv({ HTTP_PROXY: 'http://c:3' }, https)).toMatchObject({ source: 'HTTP_PROXY' });
    expect(routeFromEnv({ HTTPS_PROXY: '  ', HTTP_PROXY: 'http://c:3' }, https)).toMatchObject({ source: 'HTTP_PROXY' });
  });

  it('takes only the http variables for an http endpoint', () => {
    expect(routeFromEnv({ HTTPS_PROXY: 'http://a:1' }, http)).toEqual({ kind: 'direct' });
    expect(routeFromEnv({ http_proxy: 'http://a:1', HTTP_PROXY: 'http://c:3' }, http)).toMatchObject({ source: 'http_proxy' });
  });

  it('lets no_proxy win over NO_PROXY, and answers a problem for a value that is not a proxy URL', () => {
    expect(routeFromEnv({ HTTPS_PROXY: 'http://a:1', no_proxy: 'harness.io', NO_PROXY: 'x' }, https)).toEqual({ kind: 'direct' });
    expect(routeFromEnv({ HTTPS_PROXY: 'http://a:1', no_proxy: 'x', NO_PROXY: 'harness.io' }, https)).toMatchObject({ kind: 'proxy' });
    expect(routeFromEnv({ HTTPS_PROXY: 'socks5://a:1' }, https)).toEqual({ problem: expect.stringContaining('HTTPS_PROXY'), variable: 'HTTPS_PROXY' });
  });
});

describe('proxy URLs', () => {
  it('reads a bare host:port as http and shows a proxy without its credentials', () => {
    expect(parseProxyUrl('proxy.corp:3128')?.href).toBe('http://proxy.corp:3128/');
    expect(parseProxyUrl('ftp://proxy.corp')).toBeUndefined();
    expect(parseProxyUrl('')).toBeUndefined();
    const url = parseProxyUrl('https://user:p%40ss@proxy.corp:8443');
    expect(url && displayProxy(url)).toBe('https://proxy.corp:8443');
  });

  it('does not load undici for a direct route', async () => {
    const direct = new ProxyDispatcher({ kind: 'direct' });
    expect(direct.get()).toBeUndefined();
    await direct.close();
  });
});

describe('loopback endpoints', () => {
  it('are never sent through a proxy from the environment: a proxy cannot reach this machine for us', () => {
    for (const endpoint of ['http://127.0.0.1:8080/api/graphql', 'http://localhost:1/api/graphql', 'http://[::1]:9/api/graphql', 'http://127.9.0.1/x', 'http://fake.localhost/x']) {
      expect(routeFromEnv({ HTTP_PROXY: 'http://proxy:3128', HTTPS_PROXY: 'http://proxy:3128' }, new URL(endpoint))).toEqual({ kind: 'direct' });
    }
  });

  it('are told apart from names that only look alike', () => {
    expect(['localhost', '127.0.0.1', '::1', '[::1]', 'api.localhost'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['localhost.example.com', '128.0.0.1', '127.0.0.1.nip.io', 'app.harness.io', '::2'].map(isLoopbackHost)).toEqual([false, false, false, false, false]);
  });
});
