/**
 * Pending approvals of an execution, which one to act on, and approving or rejecting it.
 * Harness answers "nothing pending" with an error; this module turns that into an empty list.
 */
import { HarnessUnknownOutcomeError, HarnessValidationError, isHarnessRequestError, type ValidationIssue } from './errors.js';
import { ApprovalDetailsDocument, ApproveOrRejectApprovalsDocument, type ApproveOrRejectApprovalsInput } from './generated/graphql.js';
import { num, str } from './internal/loose-json.js';
import { requireStrings } from './internal/options.js';
import type { CallOptions, Transport, TransportCallOptions } from './transport.js';

/** An approval an execution is waiting for. */
export interface PendingApproval {
  /** What {@link HarnessClient.approve} and {@link HarnessClient.reject} take. */
  approvalId: string;
  /** `USER_GROUP`, `JIRA`, `SERVICENOW` or `SHELL_SCRIPT`; only USER_GROUP approvals can be acted on through the API. */
  approvalType: string | null;
  stepName: string | null;
  stageName: string | null;
  /** Epoch ms. */
  startedAt: number | null;
  /** Epoch ms: when the approval expires (and the execution with it). */
  willExpireAt: number | null;
  /** Names of the user groups that may approve (USER_GROUP approvals only; empty otherwise). */
  approvers: readonly string[];
  /** Inputs the approver may set, with their current values (USER_GROUP approvals only). */
  variables: readonly { name: string; value: string | null }[];
  /** Who started the execution. */
  triggeredBy: { name: string | null; email: string | null } | null;
}

/** Which execution to act on. */
export interface ExecutionRef {
  /** Application of the execution. */
  applicationId: string;
  executionId: string;
}

/** Arguments of approve and reject. */
export interface ApprovalActionOptions extends ExecutionRef, CallOptions {
  /** From {@link PendingApproval.approvalId}. */
  approvalId: string;
  /** Shown on the approval in Harness. @default none */
  comments?: string | undefined;
  /**
   * Values for the inputs the approval step defines, by name (only names the step defines are
   * accepted by Harness).
   * @default {}
   */
  variables?: Readonly<Record<string, string>> | undefined;
}

const NO_APPROVAL = /No Approval found for execution/;

/** The outcome of {@link chooseApproval}. */
export type ApprovalChoice =
  | { kind: 'chosen'; approval: PendingApproval }
  | { kind: 'none-pending' }
  | { kind: 'several-pending'; pending: readonly PendingApproval[] }
  | { kind: 'not-pending'; approvalId: string; pending: readonly PendingApproval[] };

/**
 * Pure: the pending approval to act on. With an `approvalId`, that one if it is pending; without,
 * the only pending approval. Several pending approvals without an id are not guessed between.
 */
export function chooseApproval(pending: readonly PendingApproval[], approvalId?: string): ApprovalChoice {
  if (approvalId === undefined) {
    const [only] = pending;
    if (only === undefined) return { kind: 'none-pending' };
    return pending.length === 1 ? { kind: 'chosen', approval: only } : { kind: 'several-pending', pending };
  }
  const approval = pending.find((a) => a.approvalId === approvalId);
  return approval === undefined ? { kind: 'not-pending', approvalId, pending } : { kind: 'chosen', approval };
}

/** Pure: the names among `names` that the approval step defines no input for (Harness refuses them). */
export function unknownApprovalVariables(approval: PendingApproval, names: readonly string[]): string[] {
  const defined = new Set(approval.variables.map((v) => v.name));
  return names.filter((name) => !defined.has(name));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Pure: one approvalDetails entry as a {@link PendingApproval}, or undefined when it has no id. */
export function toPendingApproval(raw: unknown): PendingApproval | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const approvalId = str(r.approvalId);
  if (approvalId === null) return undefined;
  const by = typeof r.triggeredBy === 'object' && r.triggeredBy !== null ? (r.triggeredBy as Record<string, unknown>) : null;
  const variables = Array.isArray(r.variables)
    ? r.variables
        .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).name === 'string')
        .map((v) => ({ name: v.name as string, value: str(v.value) }))
    : [];
  return {
    approvalId,
    approvalType: str(r.approvalType),
    stepName: str(r.stepName),
    stageName: str(r.stageName),
    startedAt: num(r.startedAt),
    willExpireAt: num(r.willExpireAt),
    approvers: strings(r.approvers),
    variables,
    triggeredBy: by ? { name: str(by.name), email: str(by.email) } : null,
  };
}

/** The approvals an execution is waiting for; an empty list when none is pending. */
export async function listPendingApprovals(transport: Transport, ref: ExecutionRef, call: TransportCallOptions = {}): Promise<PendingApproval[]> {
  requireStrings('listPendingApprovals', ref as unknown as Record<string, unknown>, ['applicationId', 'executionId']);
  try {
    const data = await transport.request(
      ApprovalDetailsDocument,
      { applicationId: ref.applicationId, executionId: ref.executionId },
      { timeoutMs: call.timeoutMs, signal: call.signal, deadline: call.deadline, priority: call.priority, notFoundLookup: ref.executionId },
    );
    const list = data?.approvalDetails?.approvalDetails ?? [];
    return list.map(toPendingApproval).filter((a): a is PendingApproval => a !== undefined);
  } catch (error) {
    // Harness reports "nothing pending" as `Invalid request: No Approval found for execution [<id>]`.
    if (isHarnessRequestError(error) && error.graphqlErrors.length > 0 && error.graphqlErrors.every((m) => NO_APPROVAL.test(m))) return [];
    throw error;
  }
}

/** Pure: the approveOrRejectApprovals input for an action. */
export function toApprovalInput(action: 'APPROVE' | 'REJECT', options: ApprovalActionOptions): ApproveOrRejectApprovalsInput {
  const variables = options.variables ?? {};
  return {
    action,
    applicationId: options.applicationId,
    executionId: options.executionId,
    approvalId: options.approvalId,
    ...(options.comments !== undefined ? { comments: options.comments } : {}),
    ...(Object.keys(variables).length > 0 ? { variableInputs: Object.entries(variables).map(([name, value]) => ({ name, value })) } : {}),
  };
}

/**
 * Approves or rejects a pending USER_GROUP approval.
 * @throws {HarnessRequestError} when the approval is no longer pending, is not a USER_GROUP approval,
 * or a variable is not one the approval step defines
 * @throws {HarnessPermissionError} when the key's user groups may not act on it
 */
export async function actOnApproval(transport: Transport, action: 'APPROVE' | 'REJECT', options: ApprovalActionOptions): Promise<void> {
  const operation = action === 'APPROVE' ? 'approve' : 'reject';
  requireStrings(operation, options as unknown as Record<string, unknown>, ['applicationId', 'executionId', 'approvalId']);
  const issues: ValidationIssue[] = [];
  if (options.comments !== undefined && typeof options.comments !== 'string') {
    issues.push({ code: 'invalid_option', variable: 'comments', message: 'comments must be a string.' });
  }
  const variables: unknown = options.variables;
  if (variables !== undefined) {
    if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
      issues.push({ code: 'invalid_option', variable: 'variables', message: 'variables must be an object of strings keyed by approval input name.' });
    } else {
      for (const [name, value] of Object.entries(variables)) {
        if (typeof value !== 'string') issues.push({ code: 'invalid_value_type', variable: name, message: `Approval input ${name} must be a string.` });
      }
    }
  }
  if (issues.length > 0) throw new HarnessValidationError(issues);
  const data = await transport.request(ApproveOrRejectApprovalsDocument, { input: toApprovalInput(action, options) }, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    notFoundLookup: options.executionId,
  });
  if (data?.approveOrRejectApprovals?.success !== true) {
    throw new HarnessUnknownOutcomeError(
      `Harness answered ${operation} for approval ${options.approvalId} of execution ${options.executionId} without success and without an error. ` +
        'Check the execution (listPendingApprovals shows whether it is still pending) before acting again.',
      undefined,
      { operation: 'ApproveOrRejectApprovals' },
    );
  }
}
