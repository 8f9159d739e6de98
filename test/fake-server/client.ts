/** Minimal raw HTTP client for the fake-server tests (global fetch over loopback). */
import type { FakeHarness } from '../../src/testing/index.js';

export interface GqlResponse {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: Record<string, any> | null; errors?: { message: string; path?: unknown; locations?: unknown }[] } & Record<string, any>;
}

export async function gql(
  fake: FakeHarness,
  query: string,
  variables?: Record<string, unknown>,
  opts: { key?: string | null; operationName?: string; accountId?: string; path?: string } = {},
): Promise<GqlResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const key = opts.key === undefined ? fake.apiKey : opts.key;
  if (key !== null) headers['x-api-key'] = key;
  const url = `${fake.baseUrl}${opts.path ?? '/gateway/api/graphql'}?accountId=${opts.accountId ?? fake.accountId}`;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables, operationName: opts.operationName }),
  });
  const text = await res.text();
  let json: GqlResponse['json'] = {};
  try {
    json = JSON.parse(text) as GqlResponse['json'];
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const firstError = (r: GqlResponse): string | undefined => r.json.errors?.[0]?.message;

export const START = `mutation StartExecution($input: StartExecutionInput!) {
  startExecution(input: $input) {
    clientMutationId
    warningMessage
    execution {
      __typename id status executionUrl notes createdAt startedAt endedAt failureDetails
      application { id }
      cause { __typename ... on ExecutedByAPIKey { apiKey { id name } using } }
      ... on PipelineExecution {
        pipelineStageExecutions {
          __typename pipelineStageElementId pipelineStageName pipelineStepName
          ... on WorkflowStageExecution { status workflowExecutionId runtimeInputVariables { name type required } }
          ... on ApprovalStageExecution { status approvalStepType }
        }
      }
    }
  }
}`;

/** The approvals pending on an execution, with the fields tests assert on. */
export const APPROVAL_DETAILS = `query ApprovalDetails($applicationId: String!, $executionId: String!) {
  approvalDetails(applicationId: $applicationId, executionId: $executionId) {
    approvalDetails { __typename approvalId approvalType stepName stageName startedAt willExpireAt
      ... on UserGroupApprovalDetails { approvers executionId variables { name value } } }
  }
}`;

export const APPROVE = `mutation ApproveOrRejectApprovals($input: ApproveOrRejectApprovalsInput!) { approveOrRejectApprovals(input: $input) { success clientMutationId } }`;

export const EXECUTION = `query Execution($id: String!) {
  execution(executionId: $id) {
    __typename id status startedAt endedAt failureDetails executionUrl notes
    ... on PipelineExecution {
      pipelineStageExecutions {
        __typename pipelineStageElementId pipelineStageName
        ... on WorkflowStageExecution { status workflowExecutionId runtimeInputVariables { name type required } }
        ... on ApprovalStageExecution { status approvalStepType }
      }
      memberExecutions { nodes { id status } }
    }
  }
}`;

export async function start(fake: FakeHarness, input: Record<string, unknown>, key?: string): Promise<GqlResponse> {
  return gql(fake, START, { input }, key === undefined ? {} : { key });
}

export async function execution(fake: FakeHarness, id: string): Promise<Record<string, any>> {
  const r = await gql(fake, EXECUTION, { id });
  if (r.json.errors) throw new Error(r.json.errors[0]?.message);
  return r.json.data?.['execution'] as Record<string, any>;
}

export const guestbookArtifact = {
  name: 'guestbook',
  artifactValueInput: { valueType: 'BUILD_NUMBER', buildNumber: { buildNumber: 'v6', artifactSourceName: 'guestbook' } },
};

export const nameVar = (name: string, value: string) => ({ name, variableValue: { type: 'NAME', value } });
export const idVar = (name: string, value: string) => ({ name, variableValue: { type: 'ID', value } });
