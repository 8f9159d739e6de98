import { APPROVAL_OPTIONS, approvalHelp, approvalUsage, runApproval } from '../approval.js';
import type { CommandModule } from '../command.js';

export const approve: CommandModule = {
  name: 'approve',
  usage: approvalUsage('approve'),
  options: APPROVAL_OPTIONS,
  positionals: ['executionId'],
  help: approvalHelp('approve', 'Approve', [
    'harness-exec approve Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --comment "QA signed off"',
    'harness-exec approve Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --approval-var ticket=CHG-1234',
  ]),
  run: (ctx) => runApproval(ctx, 'approve'),
};
