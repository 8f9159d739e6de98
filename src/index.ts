/**
 * harness-graphql-sdk: a typed client for Harness FirstGen's GraphQL API.
 * Explicit named exports only; no graphql-request or graphql types are part of the public API.
 */
export { HarnessClient } from './client.js';
export type {
  FindPipelineOptions,
  FindWorkflowOptions,
  GetExecutionInputsOptions,
  ListBuildsOptions,
  ListEntitiesOptions,
  ListPendingApprovalsOptions,
} from './client.js';
export type { ArtifactSourceRef, CollectedBuild } from './builds.js';
export { describeProgress, simulateWait, WAIT_DEFAULTS, TERMINAL_STATUSES } from './waiter.js';
export type { SimulateWaitOptions, SimulatedWait, WaitScheduleOptions, WaitingFor } from './waiter.js';
export type { AwaitExecutionOptions, ExecutionIdOrExecution, PollEvent } from './await-execution.js';
export type { ApprovalActionOptions, ExecutionRef, PendingApproval } from './approvals.js';
export type { ContinuePipelineOptions, RuntimeInputsInfo, RuntimeInputsOptions } from './runtime-inputs.js';
export type { AbortExecutionOptions, ResumePipelineOptions } from './resume-abort.js';
export type { StartResult } from './start-sender.js';
export { isAmbiguousStartFailure } from './idempotency.js';
export { DEFAULT_ENDPOINT } from './config.js';
export type { HarnessClientOptions } from './config.js';
export type { PreparedStart, StartOptionsBase, StartPipelineOptions, StartWorkflowOptions } from './starts.js';
export type { RetryOptions } from './retry.js';
export type { Clock } from './internal/clock.js';
export type { RateLimitOptions } from './config.js';
export { budgetOptionsFromEnv, budgetStoreFromEnv, InProcessBudgetStore, redisBudgetStore } from './budget/index.js';
export type { BudgetOptions, BudgetStore, RedisBudgetStore, RedisBudgetStoreOptions, RequestPriority, TakeResult } from './budget/index.js';
export type { CallOptions, RequestEvent, ResponseEvent, RetryEvent, TransportHooks, TypedDocument } from './transport.js';
export {
  HarnessAuthenticationError,
  HarnessEndpointError,
  HarnessError,
  HarnessExecutionFailedError,
  HarnessIdempotencyConflictError,
  HarnessNetworkError,
  HarnessNotFoundError,
  HarnessPermissionError,
  HarnessRateLimitError,
  HarnessRequestError,
  HarnessResponseTooLargeError,
  HarnessServerError,
  HarnessTimeoutError,
  HarnessUnknownOutcomeError,
  HarnessValidationError,
  HarnessWaitTimeoutError,
  isHarnessAuthenticationError,
  isHarnessEndpointError,
  isHarnessError,
  isHarnessExecutionFailedError,
  isHarnessIdempotencyConflictError,
  isHarnessNetworkError,
  isHarnessNotFoundError,
  isHarnessPermissionError,
  isHarnessRateLimitError,
  isHarnessRequestError,
  isHarnessResponseTooLargeError,
  isHarnessServerError,
  isHarnessTimeoutError,
  isHarnessUnknownOutcomeError,
  isHarnessValidationError,
  isHarnessWaitTimeoutError,
} from './errors.js';
export type { AnyHarnessError, EndpointProblem, HarnessErrorCode, HarnessErrorContext, ValidationIssue, ValidationIssueCode } from './errors.js';
export type {
  ApplicationRef,
  ArtifactChoice,
  ArtifactChoices,
  LatestArtifactChoice,
  StartArtifactChoice,
  StartArtifactChoices,
  DeclaredVariable,
  EntityDefinition,
  ExecutionInputsInfo,
  ExecutionKind,
  ExecutionStatus,
  ExecutionSummary,
  ManifestChoice,
  ManifestChoices,
  ServiceNeedingInput,
  StageExecution,
  ServiceInput,
  StartExecutionInput,
  StartedExecution,
  VariableInput,
  VariableValue,
  VariableValueInput,
  VariableValues,
} from './types.js';
export { buildServiceInputs, buildVariableInputs, describeVariable } from './inputs/index.js';
export type {
  ArtifactSourceDeclaration,
  BuildServiceInputsOptions,
  BuildVariableInputsOptions,
  ServiceDeclaration,
  ServiceNeedsDeclaration,
  VariableDeclaration,
} from './inputs/index.js';
export { SDK_VERSION } from './version.js';
export {
  checkAccountTypes,
  createRequestCounter,
  diffAccountModels,
  formatDrift,
  generateAccountTypes,
  parseAccountTypes,
  readAccountModel,
  renderAccountTypes,
} from './account-types/index.js';
export type * from './account-types/index.js';
