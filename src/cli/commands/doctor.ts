import { DEFAULT_ENDPOINT } from '../../config.js';
import {
  checkBudget,
  checkClock,
  checkCredentials,
  checkEndpoint,
  checkPermissions,
  doctorExitCode,
  formatDoctorReport,
  proxyForEndpoint,
  skippedAfter,
  type ApplicationAccess,
  type CheckResult,
  type FirstCall,
} from '../../doctor/checks.js';
import { isHarnessEndpointError, isHarnessError } from '../../errors.js';
import type { CommandModule } from '../command.js';
import { connect, UsageError, type CliClient, type Context } from '../context.js';
import { probeEndpoint } from '../doctor-probe.js';
import { cliWording } from '../format.js';
import { flag, list, str } from '../options.js';

function message(error: unknown): string {
  return isHarnessError(error) ? cliWording(error.message) : error instanceof Error ? error.message : String(error);
}

/** The first authenticated request: listing the applications the key may read (one request for up to 100). */
async function firstCall(api: CliClient, signal: AbortSignal): Promise<FirstCall> {
  try {
    let applications = 0;
    for await (const _ of api.listApplications({ signal })) applications += 1;
    return { outcome: 'ok', applications };
  } catch (error) {
    if (isHarnessEndpointError(error)) return { outcome: 'endpoint', message: message(error), expected: error.expected };
    if (isHarnessError(error) && (error.code === 'AUTHENTICATION' || error.code === 'PERMISSION')) return { outcome: 'auth', message: message(error) };
    if (isHarnessError(error) && error.code === 'RATE_LIMITED') return { outcome: 'rate-limited', message: message(error) };
    return { outcome: 'other', message: message(error) };
  }
}

async function readAccess(api: CliClient, application: string, signal: AbortSignal): Promise<ApplicationAccess> {
  try {
    const app = await api.findApplication(application, { signal });
    let pipelines = 0;
    let workflows = 0;
    for await (const _ of api.listPipelines({ applicationId: app.id, signal })) pipelines += 1;
    for await (const _ of api.listWorkflows({ applicationId: app.id, signal })) workflows += 1;
    return { application, readable: true, pipelines, workflows };
  } catch (error) {
    if (isHarnessError(error) && (error.code === 'NOT_FOUND' || error.code === 'PERMISSION')) return { application, readable: false, message: message(error) };
    throw error;
  }
}

function requestsPerMinuteFromEnv(env: Context['io']['env']): number | undefined {
  const value = Number(env.HARNESS_REQUESTS_PER_MINUTE);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export const doctor: CommandModule = {
  name: 'doctor',
  usage: 'doctor [--app NAME]... [--deploy] [--json]',
  options: { app: { type: 'string', multiple: true }, deploy: { type: 'boolean' } },
  positionals: [],
  help: `Check the setup, in order, and say what to fix: the endpoint, the credentials, the budget, the
permissions of the key and the clock.

Usage:
  harness-exec doctor [--app NAME]... [--deploy] [--json]

Checks:
  endpoint     reachable (DNS, TLS, the proxy HTTPS_PROXY / HTTP_PROXY name unless NO_PROXY
               exempts the host), and answering like Harness's GraphQL API
  credentials  the API key is accepted, for which account
  budget       whether Harness answered 429 (the account's requests a minute are spent);
               Harness does not say how many are left
  permissions  with --app: the key can read each application, its pipelines and workflows;
               with --deploy: what can be known without starting anything (Harness checks
               deploy rights only at a start; the doctor never starts anything)
  clock        this machine's clock against the server's Date header

Each check says ok, warn, FAIL or skip, and what to fix. Later checks are skipped while an earlier
one they depend on fails. About 2 requests, plus 3 per --app, count against the account's budget.
No secret is printed. With --json: one object on stdout ({"ok", "checks": [{"name", "status",
"summary", "fix", "details"}], "requests", "exitCode"}).

Exit codes of doctor: 0 when no check failed (warnings included), 1 when one did, 2 for bad
arguments.

Examples:
  harness-exec doctor
  harness-exec doctor --app "Harness Demo" --deploy --json
`,
  async run(ctx) {
    const applications = list(ctx.values, 'app').map((name) => name.trim());
    const deploy = flag(ctx.values, 'deploy');
    if (deploy && applications.length === 0) ctx.problems.push('--deploy needs the applications to check: --app NAME (repeatable).');
    if (applications.some((name) => name === '')) ctx.problems.push('--app needs a non-empty application name.');
    if (ctx.problems.length > 0) throw new UsageError(ctx.problems);

    const env = ctx.io.env;
    const endpoint = (str(ctx.values, 'endpoint') ?? env.HARNESS_ENDPOINT)?.trim() || DEFAULT_ENDPOINT;
    const accountId = (str(ctx.values, 'account-id') ?? env.HARNESS_ACCOUNT_ID ?? '').trim();
    const proxy = proxyForEndpoint(endpoint, env);
    const probe = await probeEndpoint(endpoint, proxy?.rawUrl, Date.now, ctx.signal);

    let requests = 0;
    let rateLimited = 0;
    let api: CliClient | undefined;
    let credentialProblems: readonly string[] = [];
    try {
      // A 429 or a 5xx is what the doctor reports: it is not waited out or retried.
      api = connect(
        ctx,
        {
          onRequest: () => (requests += 1),
          onResponse: (event) => {
            if (event.status === 429) rateLimited += 1;
          },
        },
        { retry: false, maxRateLimitWaitMs: 0 },
      );
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      credentialProblems = error.problems;
    }

    const first = probe.reachable && api !== undefined ? await firstCall(api, ctx.signal) : undefined;
    const results: CheckResult[] = [];
    const endpointCheck = checkEndpoint(endpoint, proxy, probe, first);
    results.push(endpointCheck);
    if (endpointCheck.status === 'fail') {
      results.push(skippedAfter('credentials', 'endpoint'), skippedAfter('budget', 'endpoint'), skippedAfter('permissions', 'endpoint'));
    } else if (api === undefined || first === undefined) {
      results.push(
        { name: 'credentials', status: 'fail', summary: 'Credentials are missing.', fix: credentialProblems.join(' ') },
        skippedAfter('budget', 'credentials'),
        skippedAfter('permissions', 'credentials'),
      );
    } else {
      const credentials = checkCredentials(accountId, 'API key', first);
      let access: ApplicationAccess[] = [];
      const canGoOn = credentials.status === 'pass' && rateLimited === 0;
      if (canGoOn) {
        try {
          for (const application of applications) access.push(await readAccess(api, application, ctx.signal));
        } catch (error) {
          // A 429 while reading the applications is the budget's finding; anything else is the shared error path's.
          if (!(isHarnessError(error) && error.code === 'RATE_LIMITED')) throw error;
          access = [];
        }
      }
      const budget = checkBudget(rateLimited, requests, requestsPerMinuteFromEnv(env));
      results.push(credentials, budget);
      if (credentials.status !== 'pass') results.push(skippedAfter('permissions', 'credentials'));
      else if (budget.status === 'fail') results.push(skippedAfter('permissions', 'budget'));
      else results.push(checkPermissions(access, deploy));
    }
    results.push(checkClock(probe));

    const exitCode = doctorExitCode(results);
    if (ctx.json) ctx.out(JSON.stringify({ ok: exitCode === 0, checks: results, requests, exitCode }));
    else ctx.out(formatDoctorReport(results));
    return exitCode;
  },
};
