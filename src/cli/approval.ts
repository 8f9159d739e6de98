/**
 * What approve and reject share: their options, their help (they differ only in verb and
 * examples), and the action, with the choice of the approval made by the SDK's rule.
 */
import { chooseApproval, unknownApprovalVariables, type PendingApproval } from '../approvals.js';
import { suggestClosest } from '../inputs/did-you-mean.js';
import { applicationOptions, connect, executionIdOf, resolveApplicationId, UsageError, type Context } from './context.js';
import { EXIT } from './exit-codes.js';
import { APP_OPTIONS, list, str, type OptionSpecs } from './options.js';
import { parseVarArgs } from './values.js';

export type ApprovalAction = 'approve' | 'reject';

export const APPROVAL_OPTIONS: OptionSpecs = {
  ...APP_OPTIONS,
  comment: { type: 'string' },
  'approval-id': { type: 'string' },
  'approval-var': { type: 'string', multiple: true },
};

export const approvalUsage = (command: ApprovalAction): string => `${command} <executionId> --app <name> [--comment TEXT] [--approval-var NAME=VALUE]...`;

/** The help of approve or reject. */
export function approvalHelp(command: ApprovalAction, verb: string, examples: readonly string[]): string {
  return `${verb} the pending approval of an execution (USER_GROUP approvals only).

Usage:
  harness-exec ${command} <executionId> --app <name> [--comment TEXT] [--approval-id ID]
                        [--approval-var NAME=VALUE]...

Options:
  --app NAME | --app-id ID           the application of the execution
  --comment TEXT                     shown on the approval in Harness
  --approval-id ID                   which approval, when several are pending
  --approval-var NAME=VALUE          a value for an input the approval step defines
                                     (repeatable); NAME=@FILE reads it from a file

Examples:
${examples.map((example) => `  ${example}`).join('\n')}
`;
}

function describe(a: PendingApproval): string {
  const where = a.stageName || a.stepName ? ` (${[a.stageName, a.stepName].filter(Boolean).join(': ')})` : '';
  return `${a.approvalId}${where}${a.approvalType && a.approvalType !== 'USER_GROUP' ? ` [${a.approvalType}]` : ''}`;
}

/** The pending approval to act on, or a UsageError saying why there is none to choose. */
function choose(executionId: string, pending: readonly PendingApproval[], approvalId: string | undefined): PendingApproval {
  const choice = chooseApproval(pending, approvalId);
  switch (choice.kind) {
    case 'chosen':
      return choice.approval;
    case 'none-pending':
      throw new UsageError([`Execution ${executionId} has no pending approval: it is not paused at an approval (or it was already approved or rejected).`]);
    case 'several-pending':
      throw new UsageError([`Execution ${executionId} has ${String(pending.length)} pending approvals; choose one with --approval-id: ${pending.map(describe).join(', ')}.`]);
    case 'not-pending':
      throw new UsageError([
        `Execution ${executionId} has no pending approval ${choice.approvalId}.${pending.length > 0 ? ` Pending: ${pending.map(describe).join(', ')}.` : ''}`,
      ]);
  }
}

/** Runs approve or reject. */
export async function runApproval(ctx: Context, action: ApprovalAction): Promise<number> {
  const problems = ctx.problems;
  applicationOptions(ctx.values, problems);
  const approvalVariables = parseVarArgs(list(ctx.values, 'approval-var'), ctx.io.readText, '--approval-var');
  problems.push(...approvalVariables.problems);
  const executionId = executionIdOf(ctx);
  const api = connect(ctx);
  const applicationId = await resolveApplicationId(ctx, api);
  const pending = await api.listPendingApprovals({ applicationId, executionId });
  const chosen = choose(executionId, pending, str(ctx.values, 'approval-id'));
  const variables = approvalVariables.value;
  const defined = chosen.variables.map((v) => v.name);
  const unknown = unknownApprovalVariables(chosen, Object.keys(variables));
  if (unknown.length > 0) {
    throw new UsageError(
      unknown.map((name) => {
        const suggestion = suggestClosest(name, defined);
        return (
          `--approval-var ${name}: approval ${describe(chosen)} has no variable ${JSON.stringify(name)}.${suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`}` +
          (defined.length === 0 ? ' It defines no variables.' : ` Its variables: ${defined.join(', ')}.`)
        );
      }),
    );
  }
  const comment = str(ctx.values, 'comment');
  const options = {
    applicationId,
    executionId,
    approvalId: chosen.approvalId,
    ...(comment === undefined ? {} : { comments: comment }),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
  };
  ctx.tracker.begin({
    operation: 'ApproveOrRejectApprovals',
    verb: action,
    target: `approval ${chosen.approvalId} of execution ${executionId}`,
    createsExecution: false,
    executionId,
    observed: ctx.io.createClient === undefined,
  });
  if (action === 'approve') await api.approve(options);
  else await api.reject(options);
  ctx.tracker.done(executionId, null);
  const given = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
  if (ctx.json) ctx.out(JSON.stringify({ executionId, applicationId, approvalId: chosen.approvalId, action: action.toUpperCase(), variables, success: true }));
  else ctx.out(`${action === 'approve' ? 'Approved' : 'Rejected'} ${describe(chosen)} of execution ${executionId}${given.length > 0 ? ` with ${given.join(', ')}` : ''}.`);
  return EXIT.SUCCESS;
}
