import { describe, expect, it } from 'vitest';
import {
  checkBudget,
  checkClock,
  checkEndpoint,
  CLOCK_FAIL_MS,
  CLOCK_WARN_MS,
  doctorExitCode,
  formatDoctorReport,
  proxyForEndpoint,
} from '../../../src/doctor/checks.js';

const SENT = Date.parse('2026-01-01T12:00:00Z');

function probeAt(serverMs: number, rttMs = 200) {
  return { reachable: true as const, status: 200, date: new Date(serverMs).toUTCString(), sentAt: SENT, receivedAt: SENT + rttMs };
}

describe('clock', () => {
  it('passes within the Date header resolution and half the round trip, warns and fails beyond the bounds', () => {
    expect(checkClock(probeAt(SENT)).status).toBe('pass');
    // The header drops milliseconds: up to 1 s plus half the round trip is no difference.
    expect(checkClock(probeAt(SENT - 1000)).status).toBe('pass');
    const uncertainty = 1000 + 100;
    expect(checkClock(probeAt(SENT + 100 - CLOCK_WARN_MS - uncertainty - 1000)).status).toBe('warn');
    expect(checkClock(probeAt(SENT + 100 + CLOCK_FAIL_MS + uncertainty + 1000))).toMatchObject({ status: 'fail', summary: expect.stringContaining('behind the server') });
    expect(checkClock({ ...probeAt(SENT), date: null }).status).toBe('skip');
    expect(checkClock({ reachable: false, code: 'ECONNREFUSED', message: 'x', viaProxy: false }).status).toBe('skip');
  });
});

describe('proxy', () => {
  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, either case, and never keeps the password in what it shows', () => {
    expect(proxyForEndpoint('https://app.harness.io/gateway/api/graphql', { https_proxy: 'http://u:pw@proxy:3128' })).toEqual({
      variable: 'https_proxy',
      url: 'http://proxy:3128',
      rawUrl: 'http://u:pw@proxy:3128/',
    });
    expect(proxyForEndpoint('http://harness.internal/api/graphql', { HTTPS_PROXY: 'http://proxy:3128' })).toBeUndefined();
    expect(proxyForEndpoint('http://harness.internal/api/graphql', { HTTP_PROXY: 'http://proxy:3128' })).toMatchObject({ variable: 'HTTP_PROXY' });
    expect(proxyForEndpoint('http://harness.internal/api/graphql', { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: 'internal' })).toBeUndefined();
  });

  it('goes to loopback endpoints directly, as the SDK does: a proxy cannot reach this machine for us', () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', 'fake.localhost']) {
      expect(proxyForEndpoint(`http://${host}:8080/api/graphql`, { HTTP_PROXY: 'http://proxy:3128' }), host).toBeUndefined();
    }
  });

  it('NO_PROXY exempts hosts and domain suffixes as the client reads it', () => {
    expect(proxyForEndpoint('https://app.harness.io/gateway/api/graphql', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'harness.io' })).toBeUndefined();
    expect(proxyForEndpoint('https://app.harness.io/gateway/api/graphql', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' })).toBeUndefined();
    expect(proxyForEndpoint('https://notharness.io/api/graphql', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'harness.io' })).toMatchObject({ variable: 'HTTPS_PROXY' });
  });

  it('a refusing proxy is named as the problem, a TLS failure points at NODE_EXTRA_CA_CERTS', () => {
    const proxy = { variable: 'HTTPS_PROXY', url: 'http://proxy:3128' };
    expect(checkEndpoint('https://h/api/graphql', proxy, { reachable: false, code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', viaProxy: true }, undefined).summary).toContain(
      'The proxy http://proxy:3128 (from HTTPS_PROXY) did not let the request through',
    );
    expect(
      checkEndpoint('https://h/api/graphql', undefined, { reachable: false, code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify', viaProxy: false }, undefined).fix,
    ).toContain('NODE_EXTRA_CA_CERTS');
  });
});

describe('report', () => {
  it('exits 1 only when a check failed, and says what to fix', () => {
    const budget = checkBudget(2, 3, undefined);
    expect(budget.status).toBe('fail');
    expect(doctorExitCode([budget])).toBe(1);
    expect(doctorExitCode([checkBudget(0, 3, 5)])).toBe(0);
    expect(formatDoctorReport([budget])).toMatch(/^FAIL {2}budget .*\n +Fix: .*HARNESS_REQUESTS_PER_MINUTE=5/u);
  });
});
