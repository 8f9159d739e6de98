import type { CommandModule } from '../command.js';
import { connect, executionIdOf, waitOptions } from '../context.js';
import { EXIT, exitCodeForStatus } from '../exit-codes.js';
import { finish } from '../finish.js';
import { WAIT_OPTIONS } from '../options.js';
import { isTerminalStatus } from '../../statuses.js';

export const status: CommandModule = {
  name: 'status',
  usage: 'status <executionId> [--wait] [--timeout SECONDS] [--json]',
  options: { ...WAIT_OPTIONS },
  positionals: ['executionId'],
  help: `Show an execution's status, or wait for it to end.

Usage:
  harness-exec status <executionId> [--wait] [--timeout SECONDS] [--json]

Without --wait the exit code is 0 while the execution runs or after it succeeded, and 1 when it
ended unsuccessfully.

Examples:
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw --wait --timeout 30m --json
`,
  async run(ctx) {
    const wait = waitOptions(ctx.values, ctx.problems);
    const api = connect(ctx);
    const execution = await api.getExecution(executionIdOf(ctx));
    if (wait.wait && !isTerminalStatus(execution.status) && execution.url) ctx.err(`Waiting for execution ${execution.id}: ${execution.url}`);
    return finish(ctx, api, execution, wait, (e) => (isTerminalStatus(e.status) ? exitCodeForStatus(e.status) : EXIT.SUCCESS));
  },
};
