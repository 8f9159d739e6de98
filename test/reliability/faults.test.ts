/**
 * Fault injection over real HTTP: every public method against every fault the fake Harness server
 * injects (and connection refused). Each call must end within its bound with the documented error
 * class, starts must never create more executions than the call accounts for, reads must recover
 * from transient faults, and waits must ride through poll faults without missing the end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isHarnessExecutionFailedError, type HarnessClient } from '../../src/index.js';
import { idempotencyMark } from '../../src/idempotency.js';
import type { FakeHarness } from '../../src/testing/index.js';
import {
  FAULTS,
  FAULT_REPETITIONS,
  K8S_START,
  MAX_ATTEMPTS,
  METHODS,
  SEED,
  TRANSIENT_FOR_READS,
  attemptTimeoutFor,
  bounded,
  clientFor,
  closedPortEndpoint,
  expectedPersistent,
  freshFake,
  outcomeOf,
  scenarioBudgetMs,
  topLevelExecutions,
  type Fault,
  type MethodCase,
} from './support.js';

const stats = { scenarios: 0, started: 0, expected: 0, hangs: 0, misclassified: 0 };
const problems: string[] = [];

afterAll(() => {
  console.log(
    `reliability: ${stats.scenarios} scenarios, executions started ${stats.started} (expected ${stats.expected}), ` +
      `hangs ${stats.hangs}, misclassified ${stats.misclassified}`,
  );
  if (problems.length > 0) console.log(problems.join('\n'));
  expect(stats.hangs).toBe(0);
  expect(stats.misclassified).toBe(0);
  expect(stats.started).toBe(stats.expected);
});

async function withFake<T>(run: (fake: FakeHarness) => Promise<T>): Promise<T> {
  const fake = await freshFake();
  try {
    return await run(fake);
  } finally {
    await fake.close();
  }
}

/** The client that meets `fault`: a short attempt timeout only where the server never answers. */
async function clientForFault(fake: FakeHarness, fault: Fault): Promise<HarnessClient> {
  const timeoutMs = attemptTimeoutFor(fault);
  const timeouts = { timeoutMs, mutationTimeoutMs: timeoutMs };
  return fault === 'connection-refused' ? clientFor(fake, { ...timeouts, endpoint: await closedPortEndpoint() }) : clientFor(fake, timeouts);
}

interface Observed {
  outcome: string;
  requestSent?: string;
  error?: unknown;
  executions: number;
}

/** Runs one call under the wall bound and books its figures; answers what happened. */
async function observe(label: string, fake: FakeHarness, call: () => Promise<unknown>, expected: { outcome: string; requestSent?: string; executions: number }): Promise<Observed> {
  const before = topLevelExecutions(fake).length;
  const run = await bounded(call());
  const executions = topLevelExecutions(fake).length - before;
  stats.scenarios += 1;
  stats.started += executions;
  stats.expected += expected.executions;
  if (run.hung || !run.result) {
    stats.hangs += 1;
    problems.push(`HANG ${label} (${Math.round(run.wallMs)} ms)`);
    return { outcome: 'hang', executions };
  }
  const seen = outcomeOf(run.result);
  const classified = seen.outcome === expected.outcome && (expected.requestSent === undefined || seen.requestSent === expected.requestSent);
  if (!classified) {
    stats.misclassified += 1;
    problems.push(
      `MISCLASSIFIED ${label}: expected ${expected.outcome}${expected.requestSent ? `/${expected.requestSent}` : ''}, got ${seen.outcome}` +
        `${seen.requestSent ? `/${seen.requestSent}` : ''}${seen.error instanceof Error ? `: ${seen.error.message.slice(0, 200)}` : ''}`,
    );
  }
  if (executions !== expected.executions) problems.push(`EXECUTIONS ${label}: ${executions}, expected ${expected.executions}`);
  return { ...seen, executions };
}

function expectHelpful(error: unknown): void {
  if (error === undefined) return;
  expect(error).toBeInstanceOf(Error);
  // What happened and what to do: a sentence, not a bare status.
  expect((error as Error).message.length).toBeGreaterThan(30);
}

const reps = Array.from({ length: FAULT_REPETITIONS }, (_, i) => i);

describe.concurrent('every method × every fault that persists through all attempts', () => {
  for (const method of METHODS) {
    for (const fault of FAULTS) {
      it(`${method.name} × ${fault}`, async () => {
        for (const rep of reps) {
          await withFake(async (fake) => {
            const setupClient = clientFor(fake);
            const ctx = await method.setup(fake, setupClient);
            if (method.kind === 'wait') ctx.maxConsecutiveErrors = '1';
            if (fault !== 'connection-refused') fake.faults.arm({ kind: fault, times: 1_000, operation: method.operation });
            const client = await clientForFault(fake, fault);
            const expected = expectedPersistent(method, fault);
            const seen = await observe(`${method.name} × ${fault} #${rep}`, fake, () => method.call(client, ctx), expected);
            expect(seen.outcome).toBe(expected.outcome);
            if (expected.requestSent) expect(seen.requestSent).toBe(expected.requestSent);
            expect(seen.executions).toBe(expected.executions);
            expectHelpful(seen.error);
            // Never more than one execution per call.
            expect(seen.executions).toBeLessThanOrEqual(1);
          });
        }
      }, scenarioBudgetMs(reps.length));
    }
  }
});

const reads = METHODS.filter((m) => m.kind === 'read');

describe.concurrent('reads retry transient faults and succeed when the fault clears', () => {
  for (const method of reads) {
    for (const fault of TRANSIENT_FOR_READS) {
      it(`${method.name} × ${fault} ×${MAX_ATTEMPTS - 1}`, async () => {
        for (const rep of reps) {
          await withFake(async (fake) => {
            const ctx = await method.setup(fake, clientFor(fake));
            const client = await clientForFault(fake, fault);
            fake.faults.arm({ kind: fault, times: MAX_ATTEMPTS - 1, operation: method.operation });
            const seen = await observe(`${method.name} × ${fault} transient #${rep}`, fake, () => method.call(client, ctx), { outcome: 'ok', executions: 0 });
            expect(seen.outcome).toBe('ok');
            expect(fake.requests.filter((r) => r.operationName === method.operation && r.fault === fault)).toHaveLength(MAX_ATTEMPTS - 1);
          });
        }
      }, scenarioBudgetMs(reps.length));
    }
  }
});

describe.concurrent('awaitExecution: poll faults do not end the wait, and the end is never missed', () => {
  const wait = METHODS.find((m) => m.name === 'awaitExecution') as MethodCase;
  for (const fault of TRANSIENT_FOR_READS) {
    for (const ending of ['SUCCESS', 'FAILED'] as const) {
      it(`${fault} on several polls in a row, execution ends ${ending}`, async () => {
        for (const rep of reps) {
          await withFake(async (fake) => {
            const client = await clientForFault(fake, fault);
            const started =
              ending === 'SUCCESS'
                ? await client.startWorkflow(K8S_START)
                : await client.startWorkflow({ applicationId: SEED.appId, workflowId: SEED.brokenWorkflowId, artifacts: K8S_START.artifacts });
            // Two whole polls fail (each after all its attempts), then one more attempt.
            fake.faults.arm({ kind: fault, times: 2 * MAX_ATTEMPTS + 1, operation: wait.operation });
            const seen = await observe(
              `awaitExecution × ${fault} → ${ending} #${rep}`,
              fake,
              () => wait.call(client, { executionId: started.id }),
              { outcome: ending === 'SUCCESS' ? 'ok' : 'HarnessExecutionFailedError', executions: 0 },
            );
            if (ending === 'SUCCESS') expect(seen.outcome).toBe('ok');
            else {
              expect(isHarnessExecutionFailedError(seen.error)).toBe(true);
              expect((seen.error as { execution: { status: string } }).execution.status).toBe('FAILED');
            }
          });
        }
      }, scenarioBudgetMs(reps.length));
    }
  }
});

/** What the first keyed call ends with when the fault hits its startExecution once. */
function expectedKeyedFirst(fault: Fault): { outcome: string; requestSent?: 'no' | 'unknown'; executions: number } {
  switch (fault) {
    case 'reset-after':
    case 'null-start-payload':
      return { outcome: 'ok', executions: 1 }; // reconciled by the key
    case 'rate-limit':
      return { outcome: 'ok', executions: 1 }; // Harness refuses before reading: the start is sent again
    case 'already-triggered':
      return { outcome: 'HarnessRequestError', executions: 0 };
    case 'connection-refused':
      return { outcome: 'HarnessNetworkError', requestSent: 'no', executions: 0 };
    default:
      // Ambiguous (5xx, unreadable body, timeout, reset before an answer), and the key is not found.
      return { outcome: 'HarnessUnknownOutcomeError', executions: 0 };
  }
}

describe.concurrent('starts with an idempotency key: exactly one execution per key, even when the caller retries after the fault', () => {
  for (const method of METHODS.filter((m) => m.kind === 'start')) {
    for (const fault of FAULTS) {
      it(`${method.name} × ${fault}, then the same call again`, async () => {
        for (const rep of reps) {
          await withFake(async (fake) => {
            const key = `build-${method.name}-${fault}-${rep}`;
            const base = method.name === 'startPipeline' ? { applicationId: SEED.appId, pipelineName: 'Guestbook Pipeline' } : { applicationId: SEED.appId, workflowName: 'K8s Rolling Deployment', variables: K8S_START.variables };
            const options = { ...base, artifacts: K8S_START.artifacts, idempotencyKey: key };
            const start = (c: HarnessClient) => (method.name === 'startPipeline' ? c.startPipeline(options) : c.startWorkflow(options));
            if (fault !== 'connection-refused') fake.faults.arm({ kind: fault, times: 1, operation: 'StartExecution' });
            const faulty = await clientForFault(fake, fault);
            const first = await observe(`${method.name} keyed × ${fault} #${rep}`, fake, () => start(faulty), expectedKeyedFirst(fault));
            expect(first.outcome).toBe(expectedKeyedFirst(fault).outcome);
            const retry = await observe(`${method.name} keyed retry after ${fault} #${rep}`, fake, () => start(clientFor(fake)), {
              outcome: 'ok',
              executions: expectedKeyedFirst(fault).executions === 1 ? 0 : 1,
            });
            expect(retry.outcome).toBe('ok');
            const carrying = topLevelExecutions(fake).filter((e) => e.notes?.includes(idempotencyMark(key)));
            expect(carrying).toHaveLength(1);
          });
        }
      }, scenarioBudgetMs(2 * reps.length));
    }
  }
});
