/**
 * Shared machinery of the reliability suites: profiles, a client on the fake's manual clock, the
 * fault matrix (every public method × every fault the fake injects, plus connection refused) with
 * the error class each combination must end with, and a sink that collects every error, hook
 * argument and poll event for the secrets sweep.
 */
import { createServer } from 'node:net';
import {
  HarnessClient,
  isHarnessError,
  type HarnessClientOptions,
  type PollEvent,
} from '../../src/index.js';
import { GUESTBOOK_START, K8S_START, failure, fakeClock } from '../support/fake-harness.js';
import { seededRandom } from '../support/random.js';
import { SEED, startFakeHarness, type FakeFaultKind, type FakeHarness } from '../../src/testing/index.js';

export { SEED };

/** `npm run test:stress` sets HARNESS_SDK_STRESS=1: more property runs, more fault repetitions. */
export { GUESTBOOK_START, K8S_START, failure, fakeClock } from '../support/fake-harness.js';

export const STRESS = process.env.HARNESS_SDK_STRESS === '1';
/** Multiplier of fast-check runs. */
export const FC_MULTIPLIER = STRESS ? 20 : 1;
/** Repetitions of every fault scenario. */
export const FAULT_REPETITIONS = STRESS ? 4 : 1;

/**
 * Per-attempt timeout of a request the fake answers. Backoff and poll waits run on the fake's manual
 * clock, so this is the only wall time a scenario spends waiting; it is far above any loopback answer,
 * even on a machine running other suites, so that only an injected fault can end an attempt.
 */
export const ANSWERED_TIMEOUT_MS = 30_000;
/**
 * Per-attempt timeout of a client facing the `hang` fault: the server never answers those requests,
 * so each one costs exactly this much wall time. It must still cover the answered attempt that follows
 * when the fault clears (a read retried past two hangs), hence seconds rather than milliseconds.
 */
export const HANG_TIMEOUT_MS = 2_000;
/** Attempts per request (first included). */
export const MAX_ATTEMPTS = 3;
/** The most attempts any scenario lets hang: two whole polls of a wait, then one more attempt. */
export const MAX_HANGING_ATTEMPTS = 2 * MAX_ATTEMPTS + 1;
/**
 * No scenario may take longer than this in wall time: longer counts as a hang of the SDK. It is the
 * wall time the most hanging attempts legitimately cost, plus one answered attempt's timeout for
 * everything the fake answers in the same scenario.
 */
export const SCENARIO_WALL_BOUND_MS = MAX_HANGING_ATTEMPTS * HANG_TIMEOUT_MS + ANSWERED_TIMEOUT_MS;
/** Test timeout for `scenarios` bounded scenarios in a row, with room for their setup. */
export function scenarioBudgetMs(scenarios: number): number {
  return scenarios * (SCENARIO_WALL_BOUND_MS + ANSWERED_TIMEOUT_MS);
}
/** Per-attempt timeout of the client that meets `fault`. */
export function attemptTimeoutFor(fault: Fault | undefined): number {
  return fault === 'hang' ? HANG_TIMEOUT_MS : ANSWERED_TIMEOUT_MS;
}

/** Everything the SDK handed to the caller during the suites: errors, hook events, poll events. */
export interface Sink {
  errors: unknown[];
  hookEvents: unknown[];
  pollEvents: PollEvent[];
}

export function newSink(): Sink {
  return { errors: [], hookEvents: [], pollEvents: [] };
}

export function clientFor(
  fake: FakeHarness,
  extra: Partial<HarnessClientOptions> = {},
  sink?: Sink,
  apiKey: string = fake.apiKey,
): HarnessClient {
  return new HarnessClient({
    accountId: fake.accountId,
    apiKey,
    endpoint: fake.endpoint,
    rateLimit: false,
    clock: fakeClock(fake),
    timeoutMs: ANSWERED_TIMEOUT_MS,
    mutationTimeoutMs: ANSWERED_TIMEOUT_MS,
    retry: { maxAttempts: MAX_ATTEMPTS, baseDelayMs: 100, maxDelayMs: 1_000 },
    random: seededRandom(10),
    ...(sink
      ? {
          hooks: {
            onRequest: (e) => void sink.hookEvents.push(e),
            onResponse: (e) => void sink.hookEvents.push(e),
            onRetry: (e) => void sink.hookEvents.push(e),
          },
        }
      : {}),
    ...extra,
  });
}

/** An http endpoint on a port nothing listens on: connection refused. */
export async function closedPortEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/gateway/api/graphql`;
}

const RUNTIME_STAGE = 'stageRuntimeQa0000001';

// ------------------------------------------------------------------------------------------------
// The matrix

/** Faults the fake injects, and connection refused (a closed port). */
export type Fault = FakeFaultKind | 'connection-refused';

export const FAULTS: readonly Fault[] = [
  'http-500',
  'http-502',
  'http-503',
  'http-504',
  'rate-limit',
  'html-page',
  'malformed-json',
  'empty-body',
  'hang',
  'reset-before',
  'reset-after',
  'null-start-payload',
  'already-triggered',
  'connection-refused',
];

/** Faults a query retries past (the transport's retry policy for reads). */
export const TRANSIENT_FOR_READS: readonly FakeFaultKind[] = [
  'http-500',
  'http-502',
  'http-503',
  'http-504',
  'rate-limit',
  'html-page',
  'malformed-json',
  'empty-body',
  'hang',
  'reset-before',
  'reset-after',
];

type Kind = 'read' | 'mutation' | 'start' | 'wait';

/** One public method: the operation faults are aimed at, how to get it ready, how to call it. */
export interface MethodCase {
  name: string;
  kind: Kind;
  /** GraphQL operationName (or `abort`) the fault is armed on. */
  operation: string;
  /** Whether a success of this call creates an execution (starts, resume). */
  creates: boolean;
  setup(fake: FakeHarness, client: HarnessClient): Promise<Record<string, string>>;
  call(client: HarnessClient, ctx: Record<string, string>, sink?: Sink): Promise<unknown>;
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function pausedForApproval(client: HarnessClient): Promise<Record<string, string>> {
  const started = await client.startPipeline(GUESTBOOK_START);
  await client.awaitExecution(started, { successStatuses: ['PAUSED'], random: seededRandom(11) });
  const [approval] = await client.listPendingApprovals({ applicationId: SEED.appId, executionId: started.id });
  if (!approval) throw new Error('setup: no pending approval');
  return { executionId: started.id, approvalId: approval.approvalId };
}

async function pausedForRuntimeInputs(client: HarnessClient): Promise<Record<string, string>> {
  const started = await client.startPipeline({
    applicationId: SEED.appId,
    pipelineName: 'Guestbook Runtime Release',
    runtimeInputs: ['releaseTag', 'ticket'],
    artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
  });
  await client.awaitExecution(started, { successStatuses: ['PAUSED'], random: seededRandom(12) });
  return { executionId: started.id };
}

const none = async (): Promise<Record<string, string>> => ({});

export const METHODS: readonly MethodCase[] = [
  { name: 'findApplication', kind: 'read', operation: 'ApplicationByName', creates: false, setup: none, call: (c) => c.findApplication(SEED.appName) },
  {
    name: 'findPipeline',
    kind: 'read',
    operation: 'PipelineByName',
    creates: false,
    setup: none,
    call: (c) => c.findPipeline({ applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' }),
  },
  {
    name: 'findWorkflow',
    kind: 'read',
    operation: 'WorkflowByName',
    creates: false,
    setup: none,
    call: (c) => c.findWorkflow({ applicationId: SEED.appId, workflowName: 'K8s Rolling Deployment' }),
  },
  { name: 'listPipelines', kind: 'read', operation: 'ListPipelines', creates: false, setup: none, call: (c) => drain(c.listPipelines({ applicationId: SEED.appId })) },
  { name: 'listWorkflows', kind: 'read', operation: 'ListWorkflows', creates: false, setup: none, call: (c) => drain(c.listWorkflows({ applicationId: SEED.appId })) },
  {
    name: 'getExecutionInputs',
    kind: 'read',
    operation: 'ExecutionInputs',
    creates: false,
    setup: none,
    call: (c) => c.getExecutionInputs({ applicationId: SEED.appId, workflowId: SEED.k8sWorkflowId, variables: K8S_START.variables }),
  },
  { name: 'startPipeline', kind: 'start', operation: 'StartExecution', creates: true, setup: none, call: (c) => c.startPipeline(GUESTBOOK_START) },
  { name: 'startWorkflow', kind: 'start', operation: 'StartExecution', creates: true, setup: none, call: (c) => c.startWorkflow(K8S_START) },
  {
    name: 'getExecution',
    kind: 'read',
    operation: 'Execution',
    creates: false,
    setup: async (_f, c) => ({ executionId: (await c.startWorkflow(K8S_START)).id }),
    call: (c, ctx) => c.getExecution(ctx.executionId as string),
  },
  {
    name: 'awaitExecution',
    kind: 'wait',
    operation: 'Execution',
    creates: false,
    setup: async (_f, c) => ({ executionId: (await c.startWorkflow(K8S_START)).id }),
    call: (c, ctx, sink) =>
      c.awaitExecution(ctx.executionId as string, {
        maxConsecutiveErrors: Number(ctx.maxConsecutiveErrors ?? 5),
        random: seededRandom(13),
        onPoll: (e) => void sink?.pollEvents.push(e),
      }),
  },
  {
    name: 'listPendingApprovals',
    kind: 'read',
    operation: 'ApprovalDetails',
    creates: false,
    setup: (_f, c) => pausedForApproval(c),
    call: (c, ctx) => c.listPendingApprovals({ applicationId: SEED.appId, executionId: ctx.executionId as string }),
  },
  {
    name: 'approve',
    kind: 'mutation',
    operation: 'ApproveOrRejectApprovals',
    creates: false,
    setup: (_f, c) => pausedForApproval(c),
    call: (c, ctx) => c.approve({ applicationId: SEED.appId, executionId: ctx.executionId as string, approvalId: ctx.approvalId as string }),
  },
  {
    name: 'reject',
    kind: 'mutation',
    operation: 'ApproveOrRejectApprovals',
    creates: false,
    setup: (_f, c) => pausedForApproval(c),
    call: (c, ctx) => c.reject({ applicationId: SEED.appId, executionId: ctx.executionId as string, approvalId: ctx.approvalId as string }),
  },
  {
    name: 'getRuntimeInputs',
    kind: 'read',
    operation: 'RuntimeInputsToResumePipeline',
    creates: false,
    setup: (_f, c) => pausedForRuntimeInputs(c),
    call: (c, ctx) =>
      c.getRuntimeInputs({ applicationId: SEED.appId, executionId: ctx.executionId as string, stageElementId: RUNTIME_STAGE, variables: { releaseTag: 'v1' } }),
  },
  {
    name: 'continuePipeline',
    kind: 'mutation',
    operation: 'PipelineResumeRuntime',
    creates: false,
    setup: (_f, c) => pausedForRuntimeInputs(c),
    call: (c, ctx) =>
      c.continuePipeline({
        applicationId: SEED.appId,
        executionId: ctx.executionId as string,
        stageElementId: RUNTIME_STAGE,
        variables: { releaseTag: 'v1' },
      }),
  },
  {
    name: 'resumePipeline',
    kind: 'mutation',
    operation: 'ResumeExecution',
    creates: true,
    setup: async (_f, c) => {
      const started = await c.startPipeline({ applicationId: SEED.appId, pipelineName: 'Smoke Test Pipeline', artifacts: K8S_START.artifacts });
      await failure(c.awaitExecution(started, { random: seededRandom(14) }));
      return { executionId: started.id };
    },
    call: (c, ctx) => c.resumePipeline({ applicationId: SEED.appId, executionId: ctx.executionId as string, stageName: 'Stage 2' }),
  },
  {
    name: 'abortExecution',
    kind: 'mutation',
    operation: 'abort',
    creates: false,
    setup: async (_f, c) => ({ executionId: (await c.startWorkflow(K8S_START)).id }),
    call: (c, ctx) => c.abortExecution({ applicationId: SEED.appId, executionId: ctx.executionId as string }),
  },
];

/** What a call must end with. */
export interface Expectation {
  /** `ok`, or the error's `name`. */
  outcome: string;
  /** For HarnessNetworkError. */
  requestSent?: 'no' | 'unknown';
  /** Executions the call must leave on the server. */
  executions: number;
}

/** Faults the fake applies after doing the work (the request was processed, the answer is lost or odd). */
const PROCESSED: ReadonlySet<Fault> = new Set(['reset-after', 'null-start-payload']);

/**
 * The documented class for a fault that persists through every attempt. Starts and other mutations
 * are never retried after the request may have left; queries are retried and then end with the
 * last attempt's error.
 */
export function expectedPersistent(method: MethodCase, fault: Fault): Expectation {
  const creates = (ok: boolean) => (method.creates && (ok || PROCESSED.has(fault)) ? 1 : 0);
  const fail = (outcome: string, requestSent?: 'no' | 'unknown'): Expectation => ({
    outcome,
    ...(requestSent ? { requestSent } : {}),
    executions: creates(false),
  });
  switch (fault) {
    case 'http-500':
    case 'http-502':
    case 'http-503':
    case 'http-504':
    case 'html-page':
    case 'malformed-json':
    case 'empty-body':
      return fail('HarnessServerError');
    case 'rate-limit':
      // A 429 only delays a wait's next poll: a wait that Harness keeps refusing ends at its deadline.
      return fail(method.kind === 'wait' ? 'HarnessWaitTimeoutError' : 'HarnessRateLimitError');
    case 'hang':
      return fail('HarnessTimeoutError');
    case 'reset-before':
    case 'reset-after':
      return fail('HarnessNetworkError', 'unknown');
    case 'connection-refused':
      return fail('HarnessNetworkError', 'no');
    case 'null-start-payload':
      if (method.kind === 'start') return fail('HarnessUnknownOutcomeError');
      return { outcome: 'ok', executions: creates(true) };
    case 'already-triggered':
      if (method.kind === 'start') return fail('HarnessRequestError');
      return { outcome: 'ok', executions: creates(true) };
  }
}

/** Top-level executions (pipeline member workflow executions excluded). */
export function topLevelExecutions(fake: FakeHarness) {
  return fake.executions().filter((e) => e.pipelineExecutionId === null);
}

export function outcomeOf(result: PromiseSettledResult<unknown>): { outcome: string; requestSent?: string; error?: unknown } {
  if (result.status === 'fulfilled') return { outcome: 'ok' };
  const error: unknown = result.reason;
  const name = isHarnessError(error) ? error.name : `non-SDK ${error instanceof Error ? error.name : typeof error}`;
  const requestSent = (error as { requestSent?: string }).requestSent;
  return { outcome: name, ...(requestSent ? { requestSent } : {}), error };
}

/** Runs `promise` under a wall-time bound; `hung` is true when the bound passed first. */
export async function bounded<T>(promise: Promise<T>, ms = SCENARIO_WALL_BOUND_MS): Promise<{ hung: boolean; result?: PromiseSettledResult<T>; wallMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  const settled = promise.then(
    (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
  );
  const winner = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  const wallMs = performance.now() - started;
  return winner === 'hung' ? { hung: true, wallMs } : { hung: false, result: winner, wallMs };
}

/** A fresh fake per scenario: faults and executions never leak from one scenario into another. */
export async function freshFake(): Promise<FakeHarness> {
  return startFakeHarness({ rateLimit: false, clock: 'manual' });
}
