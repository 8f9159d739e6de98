import { describe, expect, it } from 'vitest';
import { awaitExecution } from '../../src/await-execution.js';
import type { Clock } from '../../src/internal/clock.js';
import type { CallOptions, Transport } from '../../src/transport.js';
import { seededRandom } from '../support/random.js';

/** A transport that answers from a script and records the options of every call. */
function scriptedTransport(clock: Clock, answers: ((operation: string) => unknown)[]) {
  const calls: { operation: string; options: CallOptions }[] = [];
  const transport = {
    clock,
    random: seededRandom(1),
    queryTimeoutMs: 30_000,
    request: async (document: { toString(): string }, _variables: unknown, options: CallOptions) => {
      const operation = /(query|mutation)\s+(\w+)/.exec(document.toString())?.[2] ?? '?';
      calls.push({ operation, options });
      const answer = answers.shift();
      return answer ? answer(operation) : null;
    },
  };
  return { transport: transport as unknown as Transport, calls };
}

const execution = (status: string) => () => ({
  execution: { __typename: 'WorkflowExecution', id: 'exec1', status, application: { id: 'app1' }, workflow: { id: 'w', name: 'W' } },
});

describe('awaitExecution and its deadline', () => {
  it('gives every poll and approvalDetails read the deadline (start + timeoutMs) and the poll budget class', async () => {
    let now = 1_000_000;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const noApproval = () => {
      throw Object.assign(new Error('x'), { code: 'REQUEST' });
    };
    const { transport, calls } = scriptedTransport(clock, [execution('PAUSED'), noApproval, execution('RUNNING'), execution('SUCCESS')]);
    await awaitExecution(transport, 'exec1', { timeoutMs: 60_000 });
    expect(calls.map((c) => c.operation)).toEqual(['Execution', 'ApprovalDetails', 'Execution', 'Execution']);
    for (const { options } of calls) expect(options).toMatchObject({ priority: 'poll', deadline: 1_000_000 + 60_000 });
  });

  it('reads the deadline on the transport clock when the wait has a clock of its own', async () => {
    const transportClock: Clock = { now: () => 5_000, sleep: async () => undefined };
    let waitNow = 0;
    const waitClock: Clock = { now: () => waitNow, sleep: async (ms) => void (waitNow += ms) };
    const { transport, calls } = scriptedTransport(transportClock, [execution('RUNNING'), execution('SUCCESS')]);
    await awaitExecution(transport, 'exec1', { timeoutMs: 60_000, clock: waitClock });
    expect(calls[0]?.options.deadline).toBe(5_000 + 60_000);
    expect(calls[1]?.options.deadline).toBe(5_000 + 60_000 - (waitNow - 0));
  });
});
