/**
 * harness-exec doctor's checks as pure functions: each turns what was observed (a plain request to
 * the endpoint, the client's first calls, the environment) into a verdict and what to fix. The
 * observing is done elsewhere; nothing here sends a request or prints a secret.
 */
import { routeFromEnv } from '../internal/proxy.js';

/** The checks, in the order they run (and the order a user fixes them in). */
export const CHECK_NAMES = ['endpoint', 'credentials', 'budget', 'permissions', 'clock'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** `fail` makes the doctor exit 1; `warn` is worth reading but does not; `skip` could not be checked. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** One sentence: what was found. */
  summary: string;
  /** What to do about it (for warn and fail). */
  fix?: string;
  /** Further facts, one per line. */
  details?: string[];
}

/** The proxy a request to the endpoint goes through, as the environment sets it. */
export interface ProxyInUse {
  /** The variable it came from (`HTTPS_PROXY`, `http_proxy`, ...). */
  variable: string;
  /** The proxy's URL without user name or password. */
  url: string;
}

/**
 * The proxy the SDK's client takes for this endpoint from the environment (the same rules:
 * HTTPS_PROXY or HTTP_PROXY in either case, NO_PROXY, loopback always direct), so the doctor probes
 * the route the client really uses.
 */
export function proxyForEndpoint(endpoint: string, env: Readonly<Record<string, string | undefined>>): (ProxyInUse & { rawUrl: string }) | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  const route = routeFromEnv(env, url);
  if (!('kind' in route) || route.kind !== 'proxy') return undefined;
  return { variable: route.source, url: route.display, rawUrl: route.url };
}

/** What one plain request to the endpoint (no key) saw. */
export type EndpointProbe =
  | { reachable: true; status: number; date: string | null; sentAt: number; receivedAt: number }
  | { reachable: false; code: string | undefined; message: string; viaProxy: boolean };

const TLS_CODES = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO|ERR_SSL/u;

/** What the client's first authenticated call ended with, as the endpoint and credential checks need it. */
export type FirstCall =
  | { outcome: 'ok'; applications: number }
  | { outcome: 'endpoint'; message: string; expected: string }
  | { outcome: 'auth'; message: string }
  | { outcome: 'rate-limited'; message: string }
  | { outcome: 'other'; message: string };

/** The endpoint check: reachable (through the proxy, over TLS), and answering like Harness's GraphQL API. */
export function checkEndpoint(endpoint: string, proxy: ProxyInUse | undefined, probe: EndpointProbe, first: FirstCall | undefined): CheckResult {
  const via = proxy === undefined ? 'no proxy' : `through the proxy ${proxy.url} (${proxy.variable})`;
  const details = [`endpoint: ${endpoint}`, `proxy: ${proxy === undefined ? 'none (HTTPS_PROXY / HTTP_PROXY not set, or NO_PROXY exempts the host)' : `${proxy.url}, from ${proxy.variable}`}`];
  if (!probe.reachable) {
    const code = probe.code ?? '';
    if (probe.viaProxy && proxy !== undefined && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|UND_ERR_ABORTED|407|403/u.test(`${code} ${probe.message}`)) {
      return {
        name: 'endpoint',
        status: 'fail',
        summary: `The proxy ${proxy.url} (from ${proxy.variable}) did not let the request through: ${probe.message}.`,
        fix: `Check ${proxy.variable} (host, port, and whether the proxy needs a user name), or add the Harness host to NO_PROXY if it is reached directly.`,
        details,
      };
    }
    if (TLS_CODES.test(code) || TLS_CODES.test(probe.message)) {
      return {
        name: 'endpoint',
        status: 'fail',
        summary: `TLS failed on ${endpoint}: ${probe.message}.`,
        fix: 'A proxy or gateway that re-signs TLS needs its CA certificate: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem. Otherwise check the URL (https for Harness SaaS).',
        details,
      };
    }
    return {
      name: 'endpoint',
      status: 'fail',
      summary: `${endpoint} cannot be reached (${via}): ${probe.message}.`,
      fix: 'Check HARNESS_ENDPOINT (or --endpoint), DNS and the network; behind a corporate proxy set HTTPS_PROXY.',
      details,
    };
  }
  if (first?.outcome === 'endpoint') {
    return {
      name: 'endpoint',
      status: 'fail',
      summary: `${endpoint} answers (HTTP ${String(probe.status)}), but not like Harness's GraphQL API: ${first.message}`,
      fix: `Set HARNESS_ENDPOINT to the GraphQL endpoint, of the form ${first.expected}.`,
      details,
    };
  }
  return { name: 'endpoint', status: 'pass', summary: `${endpoint} answers like Harness's GraphQL API (${via}).`, details };
}

/** The credentials check, from the first authenticated call. */
export function checkCredentials(accountId: string, kind: 'API key' | 'bearer token', first: FirstCall): CheckResult {
  switch (first.outcome) {
    case 'ok':
      return { name: 'credentials', status: 'pass', summary: `Harness accepted the ${kind} for account ${accountId}; it can read ${String(first.applications)} application${first.applications === 1 ? '' : 's'}.` };
    case 'auth':
      return {
        name: 'credentials',
        status: 'fail',
        summary: `Harness refused the ${kind} for account ${accountId}: ${first.message}`,
        fix: `Check HARNESS_API_KEY (a key of this account, not deleted or expired) and HARNESS_ACCOUNT_ID (the account the key belongs to).`,
      };
    case 'rate-limited':
      return { name: 'credentials', status: 'skip', summary: 'Not known: Harness answered 429 before reading the key (see budget).' };
    default:
      return { name: 'credentials', status: 'fail', summary: `The first request with the ${kind} failed: ${first.message}`, fix: 'Run again with --debug; if it persists, check the endpoint and the network.' };
  }
}

/** The budget check: whether Harness answered 429, and what the doctor spent. Harness does not say how many requests are left. */
export function checkBudget(rateLimited: number, spent: number, requestsPerMinute: number | undefined): CheckResult {
  const limit = requestsPerMinute === undefined ? 'the account allows 30 requests a minute (5 on community and essentials accounts)' : `HARNESS_REQUESTS_PER_MINUTE says ${String(requestsPerMinute)} a minute`;
  if (rateLimited > 0) {
    return {
      name: 'budget',
      status: 'fail',
      summary: `Harness answered 429 to ${String(rateLimited)} request${rateLimited === 1 ? '' : 's'}: the account's request budget for this minute is spent.`,
      fix:
        `Other jobs, users or services of the account are spending it (${limit}, shared by every key). Wait a minute; ` +
        'to have jobs take turns, share one budget with HARNESS_BUDGET_REDIS_URL, and on a community account set HARNESS_REQUESTS_PER_MINUTE=5.',
    };
  }
  return {
    name: 'budget',
    status: 'pass',
    summary: `No 429: the account had budget left (the doctor spent ${String(spent)} request${spent === 1 ? '' : 's'}; Harness does not say how many remain this minute).`,
    details: [limit],
  };
}

/** What was learnt about one application named with --app. */
export type ApplicationAccess =
  | { application: string; readable: true; pipelines: number; workflows: number }
  | { application: string; readable: false; message: string };

/** The permissions check: read access to each application, and with `deploy` what can (and cannot) be known without a start. */
export function checkPermissions(access: readonly ApplicationAccess[], deploy: boolean): CheckResult {
  if (access.length === 0) {
    return { name: 'permissions', status: 'skip', summary: 'No application named: pass --app NAME (repeatable) to check the key can read it.' };
  }
  const refused = access.filter((a): a is Extract<ApplicationAccess, { readable: false }> => !a.readable);
  const details = access.map((a) => (a.readable ? `${a.application}: readable (${String(a.pipelines)} pipelines, ${String(a.workflows)} workflows)` : `${a.application}: ${a.message}`));
  if (refused.length > 0) {
    return {
      name: 'permissions',
      status: 'fail',
      summary: `The key cannot read ${refused.map((a) => JSON.stringify(a.application)).join(', ')}.`,
      fix: 'Check the spelling (harness-exec list applications shows what the key can read), or give the key\'s user groups permission in that application.',
      details,
    };
  }
  if (deploy) {
    return {
      name: 'permissions',
      status: 'warn',
      summary: 'The key can read every application named; whether it may deploy is only known to Harness at the start.',
      fix: 'Harness checks execute rights and each environment\'s deploy rights when an execution starts (reading inputs checks read rights only). Check the key\'s user groups in Harness, or run the start with --dry-run and then for real in a test environment.',
      details,
    };
  }
  return { name: 'permissions', status: 'pass', summary: 'The key can read every application named.', details };
}

/** The largest clock difference that passes, and the one beyond which the check fails. */
export const CLOCK_WARN_MS = 30_000;
export const CLOCK_FAIL_MS = 5 * 60_000;

/**
 * The clock check: the server's Date header against this machine's clock at the middle of the
 * exchange. The header has one-second resolution, so a difference within a second plus half the
 * round trip is no difference at all.
 */
export function checkClock(probe: EndpointProbe): CheckResult {
  if (!probe.reachable || probe.date === null) {
    return { name: 'clock', status: 'skip', summary: probe.reachable ? 'Not known: the endpoint sent no Date header.' : 'Not known: the endpoint could not be reached.' };
  }
  const server = Date.parse(probe.date);
  if (Number.isNaN(server)) return { name: 'clock', status: 'skip', summary: `Not known: the endpoint's Date header (${JSON.stringify(probe.date)}) is not a date.` };
  const local = (probe.sentAt + probe.receivedAt) / 2;
  const uncertainty = 1000 + (probe.receivedAt - probe.sentAt) / 2;
  const skew = local - server;
  const beyond = Math.max(0, Math.abs(skew) - uncertainty);
  const words = `${String(Math.round(Math.abs(skew) / 1000))} s ${skew > 0 ? 'ahead of' : 'behind'} the server`;
  const fix = 'Sync this machine\'s clock (NTP: timedatectl set-ntp true, or the container host\'s). Execution times, waits and TLS certificate dates are compared with it.';
  if (beyond > CLOCK_FAIL_MS) return { name: 'clock', status: 'fail', summary: `This machine's clock is ${words}.`, fix };
  if (beyond > CLOCK_WARN_MS) return { name: 'clock', status: 'warn', summary: `This machine's clock is ${words}.`, fix };
  return { name: 'clock', status: 'pass', summary: `This machine's clock agrees with the server's (within ${String(Math.ceil(uncertainty / 1000))} s).` };
}

/** A check that did not run because an earlier one failed. */
export function skippedAfter(name: CheckName, earlier: CheckName): CheckResult {
  return { name, status: 'skip', summary: `Not checked: fix the ${earlier} first.` };
}

/** 0 when no check failed, 1 otherwise. */
export function doctorExitCode(results: readonly CheckResult[]): 0 | 1 {
  return results.some((r) => r.status === 'fail') ? 1 : 0;
}

const MARK: Record<CheckStatus, string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

/** The report as text, one block per check. */
export function formatDoctorReport(results: readonly CheckResult[]): string {
  const width = Math.max(...CHECK_NAMES.map((n) => n.length));
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${MARK[r.status]}  ${r.name.padEnd(width)}  ${r.summary}`);
    const indent = ' '.repeat(width + 8);
    for (const detail of r.details ?? []) lines.push(`${indent}${detail}`);
    if (r.fix !== undefined && (r.status === 'fail' || r.status === 'warn')) lines.push(`${indent}Fix: ${r.fix}`);
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  lines.push(failed === 0 ? 'No problems found.' : `${String(failed)} check${failed === 1 ? '' : 's'} failed.`);
  return lines.join('\n');
}
