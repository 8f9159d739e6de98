/**
 * How a client's {@link PollBatcher} sends its ticks through the transport. A tick that reads one
 * execution sends the plain `Execution` query, so a lone wait looks to Harness, to logs and to hooks
 * exactly like the single poll it is; a tick of several sends the aliased batch. Both answers reach the
 * batcher in the batch's shape (`e0`, …).
 */
import { errorFromGraphQLErrors } from '../error-mapping.js';
import { ExecutionDocument } from '../generated/graphql.js';
import type { Transport } from '../transport.js';
import { aliasOf } from './batch-document.js';
import { PollBatcher, type BatchSend } from './poll-batcher.js';

/** A batch send through `transport`: priority `poll`, the batch's latest deadline, raw data and errors. */
export function pollSendThrough(transport: Transport): BatchSend {
  return async (document, variables, { signal, deadline }) => {
    const ids = Object.values(variables);
    const only = ids.length === 1 ? ids[0] : undefined;
    if (only === undefined) {
      return transport.requestRaw(document, variables, { signal, deadline, priority: 'poll' });
    }
    const answer = await transport.requestRaw(ExecutionDocument.toString(), { executionId: only }, { signal, deadline, priority: 'poll' });
    const alias = aliasOf(0);
    return {
      data: answer.data ? { [alias]: answer.data.execution ?? null } : null,
      errors: answer.errors.map((e) => ({ message: e.message, path: e.path?.[0] === 'execution' ? [alias, ...e.path.slice(1)] : e.path })),
    };
  };
}

/** The poll batcher of one client: its ticks go through the client's transport, clock and jitter source. */
export function clientPollBatcher(transport: Transport): PollBatcher {
  return new PollBatcher({
    clock: transport.clock,
    random: transport.random,
    send: pollSendThrough(transport),
    // Read at once: a lone wait polls at once as it always did; waits that start together still share.
    gatherMs: 0,
    toError: (messages, executionId) => errorFromGraphQLErrors([...messages], null, 'Execution', 200, executionId),
  });
}
