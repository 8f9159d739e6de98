import type { CommandModule } from '../command.js';
import { connect, waitOptions } from '../context.js';
import { EXIT, exitCodeForStatus } from '../exit-codes.js';
import { finish } from '../finish.js';
import { WAIT_OPTIONS } from '../options.js';
import { statusOfMany } from '../status-many.js';
import { isTerminalStatus } from '../../statuses.js';

export const status: CommandModule = {
  name: 'status',
  usage: 'status <executionId>... [--wait [--abort-on-interrupt]] [--timeout SECONDS] [--json]',
  options: { ...WAIT_OPTIONS },
  positionals: ['executionId'],
  repeatsLastPositional: true,
  help: `Show an execution's status, or wait for it to end; several ids: all of them, in one process.

Usage:
  harness-exec status <executionId>... [--wait [--abort-on-interrupt]] [--timeout SECONDS] [--json]

Without --wait the exit code is 0 while the execution runs or after it succeeded, and 1 when it
ended unsuccessfully.

With several ids, every execution is read (with --wait: waited for) at once, and the client shares
its status checks among them. One line per execution on stdout (id, status, name, URL); with --json
one JSON array, an object per execution with its own exitCode. The exit code is the worst of the
executions' own codes, in this order: 5, 4, 3, 2 (one could not be read, or its id is unknown),
1 (one ended unsuccessfully), 124 (one still ran at --timeout), 0 (all succeeded, or without
--wait: none failed). An interrupt exits 130/143.

--abort-on-interrupt (with --wait): on SIGINT or SIGTERM, abort the execution(s) in Harness before
exiting 130/143 (a cancelled CI job then stops its deployment too). When the abort fails,
harness-exec says so and how to abort by hand.

Examples:
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw --wait --timeout 30m --json
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw Lk2Qm0aB9cDeFgHiJkLmNo --wait
`,
  async run(ctx) {
    const wait = waitOptions(ctx.values, ctx.problems);
    const api = connect(ctx);
    if (ctx.positionals.length > 1) return statusOfMany(ctx, api, ctx.positionals, wait);
    const execution = await api.getExecution(ctx.positionals[0] ?? '');
    if (wait.wait && !isTerminalStatus(execution.status) && execution.url) ctx.err(`Waiting for execution ${execution.id}: ${execution.url}`);
    return finish(ctx, api, execution, wait, (e) => (isTerminalStatus(e.status) ? exitCodeForStatus(e.status) : EXIT.SUCCESS));
  },
};
