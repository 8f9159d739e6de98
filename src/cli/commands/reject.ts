import { APPROVAL_OPTIONS, approvalHelp, approvalUsage, runApproval } from '../approval.js';
import type { CommandModule } from '../command.js';

export const reject: CommandModule = {
  name: 'reject',
  usage: approvalUsage('reject'),
  options: APPROVAL_OPTIONS,
  positionals: ['executionId'],
  help: approvalHelp('reject', 'Reject', [
    'harness-exec reject Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --comment "smoke tests failed"',
    'harness-exec reject Xj3kT9lqQ1Omx2eTt3Ozqw --app-id iIfYmHDqTj6Gsygtwt4VRQ --approval-var ticket=@ticket.txt',
  ]),
  run: (ctx) => runApproval(ctx, 'reject'),
};
