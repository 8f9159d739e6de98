import type { CommandModule } from '../command.js';
import { applicationOptions, connect, executionIdOf, resolveApplicationId } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { shellQuote } from '../format.js';
import { APP_OPTIONS } from '../options.js';

export const abort: CommandModule = {
  name: 'abort',
  usage: 'abort <executionId> --app <name>',
  options: { ...APP_OPTIONS },
  positionals: ['executionId'],
  help: `Abort a running execution (all of it: every stage and phase).

Usage:
  harness-exec abort <executionId> --app <name>

Examples:
  harness-exec abort Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo"
`,
  async run(ctx) {
    applicationOptions(ctx.values, ctx.problems);
    const executionId = executionIdOf(ctx);
    const api = connect(ctx);
    const applicationId = await resolveApplicationId(ctx, api);
    ctx.tracker.begin({ operation: 'AbortExecution', verb: 'abort', target: `execution ${executionId}`, createsExecution: false, executionId, observed: ctx.io.createClient === undefined });
    await api.abortExecution({ applicationId, executionId });
    ctx.tracker.done(executionId, null);
    if (ctx.json) ctx.out(JSON.stringify({ executionId, applicationId, action: 'ABORT', requested: true }));
    else ctx.out(`Abort requested for execution ${executionId}; Harness stops its running steps and marks it ABORTED. Check with: harness-exec status ${shellQuote(executionId)}`);
    return EXIT.SUCCESS;
  },
};
