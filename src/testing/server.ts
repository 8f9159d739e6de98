/**
 * The HTTP side of the fake: routes, authentication (API keys and session tokens), the account's request budget, fault
 * injection and request recording. node:http only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FakeEngine, type Caller } from './engine.js';
import { RequestBudget, requestsPerMinuteOf, type BudgetState, type FakeAccountType } from './engine/budget.js';
import { makeClock, type FakeClock, type FakeClockOption } from './engine/clock.js';
import { FaultPlan, type FakeFault, type FakeFaultKind } from './engine/faults.js';
import { FakeRestError } from './errors.js';
import { operationNameOf, runGraphql } from './graphql.js';
import { DEFAULT_API_KEY, DEFAULT_BEARER_TOKEN, DEFAULT_RESTRICTED_API_KEY, SEED, seedData } from './seed.js';
import type {
  FakeApiKey,
  FakeApplication,
  FakeEnvironment,
  FakeExecutionSnapshot,
  FakeHarnessData,
  FakePipeline,
  FakeService,
  FakeUser,
  FakeUserGroup,
  FakeWorkflow,
} from './types.js';

/** Default account id of the fake. */
export const DEFAULT_ACCOUNT_ID = 'fakeAccountId00000000';
export { DEFAULT_STARTED_AT } from './engine/clock.js';
export type { FakeClock, FakeClockOption } from './engine/clock.js';
export type { FakeFault, FakeFaultKind } from './engine/faults.js';
export type { BudgetState, FakeAccountType } from './engine/budget.js';

/** Exact text Harness answers with HTTP 429. */
export const RATE_LIMIT_MESSAGE = "You've reached your account's rate limit for data queries. Please try again later.";
/** The 401 REST envelope body. */
export const INVALID_TOKEN_BODY = {
  metaData: {},
  resource: null,
  responseMessages: [{ code: 'INVALID_TOKEN', level: 'ERROR', message: 'Token is not valid.' }],
} as const;
/** The REST envelope (HTTP 403) for a valid session token sent without the `accountId` parameter. */
export const USER_NOT_AUTHORIZED_BODY = {
  metaData: {},
  resource: null,
  responseMessages: [{ code: 'ACCESS_DENIED', level: 'ERROR', message: 'User not authorized' }],
} as const;

/** Options of {@link startFakeHarness}. */
export interface FakeHarnessOptions {
  /** TCP port on 127.0.0.1. Default 0 (a free port). */
  port?: number;
  /** Account id the endpoint expects in `?accountId=`. Default `fakeAccountId00000000`. */
  accountId?: string;
  /** Value of the full-rights API key. Default `fake-harness-api-key`. */
  apiKey?: string;
  /** Data to serve. Default {@link seedData}(). The fake mutates its own copy. */
  data?: FakeHarnessData;
  /**
   * The account's licence. Community and essentials accounts get 5 requests a minute, paid and
   * trial accounts 30, unless `rateLimit` says otherwise.
   * @default 'PAID'
   */
  accountType?: FakeAccountType;
  /**
   * Requests the account may send per fixed one-minute window (one per HTTP request, whatever the
   * document holds; refused requests do not count), or `false` for no limit.
   * @default { perMinute: 30 }, or { perMinute: 5 } when `accountType` is COMMUNITY or ESSENTIALS
   */
  rateLimit?: { perMinute: number } | false;
  /** `'manual'` (default): time moves only with `clock.advance`. Or real time, optionally sped up. */
  clock?: FakeClockOption;
  /** Portal base of `executionUrl`. Default `https://app.harness.io/`. */
  portalUrl?: string;
  /** Initial clock time in epoch ms. Default 2024-01-01T00:00:00Z (manual) or now (real time). */
  startedAt?: number;
  /**
   * Whether the account has the feature flag `WORKFLOW_EXECUTION_REFRESH_STATUS`. Harness shows a
   * standalone workflow waiting for a manual intervention as `WAITING` only with it; without it such
   * a workflow reads `RUNNING` until the intervention ends. Pipelines read `WAITING`
   * either way, and the `executions` status filter always matches the internal `WAITING`.
   * Default `true`.
   */
  workflowWaitingStatus?: boolean;
  /**
   * Whether the account has the feature flag `GRAPHQL_WORKFLOW_EXECUTION_OPTIMIZATION`: with it,
   * `executions` lists one application at a time and refuses filters that do not name exactly one
   * (by `applicationId`, or an `application` filter with EQUALS).
   * @default false
   */
  singleApplicationExecutions?: boolean;
}

/** One request the fake received. Never holds the API key value. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** GraphQL operation name (given or derived from the document), `'abort'` for the REST route, else null. */
  operationName: string | null;
  variables: Record<string, unknown> | null;
  /** HTTP status answered; 0 when the socket was destroyed or the request hung. */
  status: number;
  /** Fake-clock time of arrival. */
  time: number;
  /** Whether a valid API key was sent. */
  apiKeyValid: boolean;
  /** The credential the request was accepted with, or null when it was refused (or never checked). */
  credential: 'API_KEY' | 'BEARER' | null;
  /** Fault applied to this request, if any. */
  fault: FakeFaultKind | null;
}

/** A running fake Harness server. */
export interface FakeHarness {
  /** `http://127.0.0.1:<port>/gateway/api/graphql`. */
  readonly endpoint: string;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly accountId: string;
  /** The full-rights key. */
  readonly apiKey: string;
  /** A key whose user groups may deploy only to NON_PROD environments. */
  readonly restrictedApiKey: string;
  /** Session token of the seeded administrator user (`Authorization: Bearer <token>`), if the data has that user. */
  readonly bearerToken: string;
  readonly clock: FakeClock;
  readonly faults: { arm(fault: FakeFault): void; clear(): void };
  /** Where the account's request budget stands now: its limit, requests counted in the open window, when it closes. */
  budget(): BudgetState;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Every execution started (including pipeline member workflow executions), oldest first, up to date with the clock. */
  executions(): readonly FakeExecutionSnapshot[];
  /** The live data the fake serves (mutations show up immediately). */
  readonly data: FakeHarnessData;
  addApplication(app: FakeApplication): void;
  addService(service: FakeService): void;
  addEnvironment(env: FakeEnvironment): void;
  addWorkflow(workflow: FakeWorkflow): void;
  addPipeline(pipeline: FakePipeline): void;
  addUserGroup(group: FakeUserGroup): void;
  /** Adds a key; returns its value. */
  addApiKey(key: FakeApiKey): string;
  /** Adds a user whose session tokens the fake accepts. */
  addUser(user: FakeUser): void;
  /** Stops the server, destroying open (including hanging) connections. */
  close(): Promise<void>;
}

type Authentication =
  | { kind: 'caller'; caller: Caller; via: 'API_KEY' | 'BEARER' }
  | { kind: 'refused'; response: 'invalid-token' | 'no-account' };

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers[name];
  return Array.isArray(header) ? header[0] : header;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const GRAPHQL_PATHS = new Set(['/gateway/api/graphql', '/api/graphql']);
const ABORT_PATH = /^(?:\/gateway)?\/api\/executions\/([^/]+)$/;

const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>Harness</title></head><body><h1>We are down for maintenance</h1></body></html>';

/**
 * Starts a fake Harness FirstGen GraphQL server on 127.0.0.1 that behaves like the real API as far
 * as the SDK can tell: same errors, statuses, limits and execution lifecycle.
 */
export async function startFakeHarness(options: FakeHarnessOptions = {}): Promise<FakeHarness> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const data = options.data ?? seedData();
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  if (options.apiKey !== undefined) {
    const admin = data.apiKeys.find((k) => k.id === SEED.adminKeyId);
    if (admin) admin.key = options.apiKey;
    else data.apiKeys.push({ id: SEED.adminKeyId, name: 'fake-admin-key', key: apiKey, userGroupIds: data.userGroups.map((g) => g.id) });
  }
  const restricted = data.apiKeys.find((k) => k.id === SEED.restrictedKeyId)?.key ?? DEFAULT_RESTRICTED_API_KEY;
  const clock = makeClock(options.clock, options.startedAt);
  const engine = new FakeEngine(data, accountId, options.portalUrl ?? 'https://app.harness.io/', clock, {
    workflowWaitingStatus: options.workflowWaitingStatus ?? true,
    singleApplicationExecutions: options.singleApplicationExecutions ?? false,
  });
  const perMinute = options.rateLimit === false ? null : (options.rateLimit?.perMinute ?? requestsPerMinuteOf(options.accountType ?? 'PAID'));
  const budget = new RequestBudget(perMinute, clock);
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, rec: RecordedRequest, status: number, body: string, headers: Record<string, string> = {}): void => {
    rec.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  /**
   * Who the request comes from. An API key is tried first; a bearer session token is the fallback
   * when the key is missing or refused. With a token the `accountId` parameter is required.
   */
  const authenticate = (req: IncomingMessage, url: URL): Authentication => {
    const acc = url.searchParams.get('accountId');
    const keyCaller = engine.callerForKey(headerValue(req, 'x-api-key'));
    if (keyCaller && (acc === null || acc === accountId)) return { kind: 'caller', caller: keyCaller, via: 'API_KEY' };
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
    const userCaller = engine.callerForSessionToken(bearer);
    if (!userCaller || (acc !== null && acc !== accountId)) return { kind: 'refused', response: 'invalid-token' };
    if (acc === null) return { kind: 'refused', response: 'no-account' };
    return { kind: 'caller', caller: userCaller, via: 'BEARER' };
  };

  const applySimpleFault = (fault: FakeFaultKind, req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): boolean => {
    switch (fault) {
      case 'reset-before':
        req.socket.destroy();
        return true;
      case 'hang':
        return true;
      case 'http-500':
        rec.status = 500;
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Error while handling api request for Graphql api for accountId ${accountId} : fake internal error`);
        return true;
      case 'http-502':
      case 'http-503':
      case 'http-504': {
        const status = Number(fault.slice(5));
        const title = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Temporarily Unavailable' : 'Gateway Time-out';
        rec.status = status;
        res.writeHead(status, { 'content-type': 'text/html' });
        res.end(`<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`);
        return true;
      }
      case 'rate-limit':
        send(res, rec, 429, JSON.stringify({ errors: [{ message: RATE_LIMIT_MESSAGE }] }));
        return true;
      case 'html-page':
        rec.status = 200;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(HTML_PAGE);
        return true;
      case 'malformed-json':
        send(res, rec, 200, '{"data":{"execution":{"id":"abc","status":');
        return true;
      case 'empty-body':
        send(res, rec, 200, '');
        return true;
      default:
        return false;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const rec: RecordedRequest = {
      method,
      path: url.pathname,
      operationName: null,
      variables: null,
      status: 0,
      time: clock.now(),
      apiKeyValid: false,
      credential: null,
      fault: null,
    };
    requests.push(rec);
    const abortMatch = ABORT_PATH.exec(url.pathname);
    const isGraphql = GRAPHQL_PATHS.has(url.pathname);
    if ((!isGraphql && !abortMatch) || (isGraphql && method !== 'POST') || (abortMatch && method !== 'PUT')) {
      send(res, rec, 404, JSON.stringify({ metaData: {}, resource: null, responseMessages: [{ code: 'RESOURCE_NOT_FOUND', level: 'ERROR', message: 'Resource not found' }] }));
      return;
    }

    // Understand the request first (for fault matching and recording).
    let gql: { query: string; variables: Record<string, unknown> | null; operationName: string | null } | null = null;
    let badBody = false;
    if (isGraphql) {
      const ctype = (req.headers['content-type'] ?? '').toLowerCase();
      if (ctype.includes('application/json')) {
        try {
          const parsed = JSON.parse(body) as { query?: unknown; variables?: unknown; operationName?: unknown };
          gql = {
            query: typeof parsed.query === 'string' ? parsed.query : '',
            variables: parsed.variables && typeof parsed.variables === 'object' ? (parsed.variables as Record<string, unknown>) : null,
            operationName: typeof parsed.operationName === 'string' ? parsed.operationName : null,
          };
        } catch {
          badBody = true;
        }
      } else {
        gql = { query: body, variables: null, operationName: null };
      }
      if (gql) {
        rec.operationName = operationNameOf(gql.query, gql.operationName);
        rec.variables = gql.variables;
      }
    } else {
      rec.operationName = 'abort';
    }

    const fault = faults.take(rec.operationName);
    if (fault) {
      rec.fault = fault;
      if (applySimpleFault(fault, req, res, rec)) return;
    }

    const auth = authenticate(req, url);
    rec.apiKeyValid = auth.kind === 'caller' && auth.via === 'API_KEY';
    rec.credential = auth.kind === 'caller' ? auth.via : null;
    if (auth.kind === 'refused') {
      if (auth.response === 'no-account') {
        send(res, rec, 403, JSON.stringify(USER_NOT_AUTHORIZED_BODY), { 'X-Harness-Error': 'ACCESS_DENIED' });
      } else {
        send(res, rec, 401, JSON.stringify(INVALID_TOKEN_BODY), { 'X-Harness-Error': 'INVALID_TOKEN' });
      }
      return;
    }
    const caller = auth.caller;

    if (abortMatch) {
      let interrupt: unknown;
      try {
        interrupt = (JSON.parse(body || '{}') as { executionInterruptType?: unknown }).executionInterruptType;
      } catch {
        interrupt = undefined;
      }
      try {
        const resource = engine.abort(caller, decodeURIComponent(abortMatch[1] as string), url.searchParams.get('appId'), interrupt);
        if (fault === 'reset-after') {
          req.socket.destroy();
          return;
        }
        send(res, rec, 200, JSON.stringify({ metaData: {}, resource, responseMessages: [] }));
      } catch (err) {
        if (!(err instanceof FakeRestError)) throw err;
        send(res, rec, err.status, JSON.stringify({ metaData: {}, resource: null, responseMessages: [{ code: err.code, level: 'ERROR', message: err.message }] }));
      }
      return;
    }

    if (!budget.take(accountId)) {
      send(res, rec, 429, JSON.stringify({ errors: [{ message: RATE_LIMIT_MESSAGE }] }));
      return;
    }
    if (badBody || !gql) {
      send(res, rec, 400, JSON.stringify({ metaData: {}, resource: null, responseMessages: [{ code: 'INVALID_REQUEST', level: 'ERROR', message: 'Invalid request: Unable to process JSON' }] }));
      return;
    }
    const result = runGraphql(engine, caller, gql, fault === 'already-triggered');
    if (fault === 'reset-after') {
      req.socket.destroy();
      return;
    }
    const out = JSON.parse(JSON.stringify(result)) as { data?: Record<string, unknown> | null };
    if (fault === 'null-start-payload' && out.data && 'startExecution' in out.data) {
      out.data['startExecution'] = null;
      delete (out as { errors?: unknown }).errors;
    }
    send(res, rec, 200, JSON.stringify(out));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Error while handling api request for Graphql api for accountId ${accountId} : ${String(err)}`);
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    endpoint: `${baseUrl}/gateway/api/graphql`,
    baseUrl,
    port,
    accountId,
    apiKey,
    restrictedApiKey: restricted,
    bearerToken: data.users?.find((u) => u.id === SEED.adminUserId)?.sessionTokens[0]?.token ?? DEFAULT_BEARER_TOKEN,
    clock,
    faults: {
      arm: (fault: FakeFault) => faults.arm(fault),
      clear: () => faults.clear(),
    },
    requests,
    budget: () => budget.stateOf(accountId),
    executions: () => {
      engine.tickAll();
      return [...engine.execs.values()].map((e) => engine.snapshot(e));
    },
    data,
    addApplication: (x) => void data.applications.push(x),
    addService: (x) => void data.services.push(x),
    addEnvironment: (x) => void data.environments.push(x),
    addWorkflow: (x) => void data.workflows.push(x),
    addPipeline: (x) => void data.pipelines.push(x),
    addUserGroup: (x) => void data.userGroups.push(x),
    addUser: (x) => void (data.users ??= []).push(x),
    addApiKey: (x) => {
      data.apiKeys.push(x);
      return x.key;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
