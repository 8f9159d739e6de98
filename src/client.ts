/**
 * HarnessClient: the public facade. One method per user intent; the work happens in the modules it
 * delegates to (lookups, starts, transport).
 */
import { actOnApproval, listPendingApprovals, type ApprovalActionOptions, type ExecutionRef, type PendingApproval } from './approvals.js';
import { awaitExecution, type AwaitExecutionOptions, type ExecutionIdOrExecution } from './await-execution.js';
import { optionsFromEnv, resolveClientOptions, type HarnessClientOptions } from './config.js';
import { processBudgets } from './budget/options.js';
import type { PollBatcher } from './budget/poll-batcher.js';
import { clientPollBatcher } from './budget/poll-send.js';
import { HarnessValidationError, type ValidationIssue } from './errors.js';
import { ExecutionDocument } from './generated/graphql.js';
import { buildVariableInputs } from './inputs/index.js';
import { linkSignal } from './internal/abort.js';
import { systemClock, type Clock } from './internal/clock.js';
import { processKeys } from './key-registry.js';
import { Lookups } from './lookups.js';
import { toExecutionSummary } from './mappers.js';
import { abortExecution, resumePipeline, type AbortExecutionOptions, type ResumePipelineOptions } from './resume-abort.js';
import {
  continuePipeline,
  getRuntimeInputs,
  type ContinuePipelineOptions,
  type RuntimeInputsInfo,
  type RuntimeInputsOptions,
} from './runtime-inputs.js';
import { optionsRecord, readApplication, readEntitySelector, readKind, type EntitySelector } from './selector.js';
import { sendPreparedStart, type StartContext, type StartResult } from './start-sender.js';
import { fetchExecutionInputs, prepareStart, type PreparedStart, type StartPipelineOptions, type StartWorkflowOptions } from './starts.js';
import { Transport, type CallOptions, type TypedDocument } from './transport.js';
import type { ApplicationRef, EntityDefinition, ExecutionInputsInfo, ExecutionKind, ExecutionSummary, VariableValues } from './types.js';

/** Arguments of {@link HarnessClient.listPendingApprovals}. */
export interface ListPendingApprovalsOptions extends ExecutionRef, CallOptions {}

/** Arguments of {@link HarnessClient.findPipeline}. */
export interface FindPipelineOptions extends CallOptions {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
  /** Exact pipeline name. Give this or `pipelineId`. */
  pipelineName?: string | undefined;
  /** Pipeline id. Give this or `pipelineName`. */
  pipelineId?: string | undefined;
}

/** Arguments of {@link HarnessClient.findWorkflow}. */
export interface FindWorkflowOptions extends CallOptions {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
  /** Exact workflow name. Give this or `workflowId`. */
  workflowName?: string | undefined;
  /** Workflow id. Give this or `workflowName`. */
  workflowId?: string | undefined;
}

/** Arguments of {@link HarnessClient.listPipelines} and {@link HarnessClient.listWorkflows}. */
export interface ListEntitiesOptions extends CallOptions {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
}

/** Arguments of {@link HarnessClient.getExecutionInputs}. */
export interface GetExecutionInputsOptions extends CallOptions {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
  /** Pipeline id. Give this or `pipelineName`. */
  pipelineId?: string | undefined;
  /** Exact pipeline name. Give this or `pipelineId`. */
  pipelineName?: string | undefined;
  /** Workflow id. Give this or `workflowName`. */
  workflowId?: string | undefined;
  /** Exact workflow name. Give this or `workflowId`. */
  workflowName?: string | undefined;
  /**
   * Values of templatized variables (they decide which services need inputs); validated like a start.
   * @default {}
   */
  variables?: VariableValues | undefined;
  /**
   * Pipelines: required variables that are runtime inputs.
   * @default []
   */
  runtimeInputs?: readonly string[] | undefined;
  /**
   * Pass values for undeclared variables through.
   * @default false
   */
  allowUnknownVariables?: boolean | undefined;
}

export class HarnessClient {
  /** @internal */
  protected readonly transport: Transport;
  /** @internal */
  protected readonly lookups: Lookups;
  /** @internal */
  protected readonly clock: Clock;
  readonly #starts: StartContext;
  /**
   * The client's concurrent waits share one poll per tick. One per client, not per budget: clients may
   * hold keys with different permissions, and one must not read executions for another.
   */
  readonly #polls: PollBatcher;

  /**
   * @throws {HarnessValidationError} when an option is missing or malformed; the error names the
   * option and its environment variable.
   */
  constructor(options: HarnessClientOptions) {
    const resolved = resolveClientOptions(options);
    this.clock = resolved.clock ?? systemClock;
    this.transport = new Transport({
      endpoint: resolved.endpoint,
      accountId: resolved.accountId,
      credential: resolved.credential,
      proxy: resolved.proxy,
      fetch: resolved.fetch,
      timeoutMs: resolved.timeoutMs,
      mutationTimeoutMs: resolved.mutationTimeoutMs,
      limits: resolved.limits,
      retry: resolved.retry,
      headers: resolved.headers,
      userAgent: resolved.userAgent,
      budget: processBudgets.budgetFor({ endpoint: resolved.endpoint, accountId: resolved.accountId, clock: this.clock }, resolved.budget),
      clock: this.clock,
      hooks: resolved.hooks,
      random: Math.random,
    });
    this.lookups = new Lookups(this.transport, resolved.lookupCacheTtlMs, this.clock);
    this.#polls = clientPollBatcher(this.transport);
    this.#starts = { transport: this.transport, scope: `${resolved.endpoint}\n${resolved.accountId}`, keys: processKeys };
  }

  /**
   * A client configured from `HARNESS_ACCOUNT_ID`, `HARNESS_API_KEY` or `HARNESS_BEARER_TOKEN` and
   * (optionally) `HARNESS_ENDPOINT`; `overrides` win over the environment (an `apiKey` or
   * `bearerToken` override replaces both variables). The proxy follows `HTTPS_PROXY`, `HTTP_PROXY` and
   * `NO_PROXY` of `process.env` unless `overrides.proxy` says otherwise.
   */
  static fromEnv(env: Readonly<Record<string, string | undefined>> = process.env, overrides: Partial<HarnessClientOptions> = {}): HarnessClient {
    const { apiKey, bearerToken, ...fromEnv } = optionsFromEnv(env);
    const credentialOverridden = overrides.apiKey !== undefined || overrides.bearerToken !== undefined;
    const credential = credentialOverridden ? {} : { ...(apiKey === undefined ? {} : { apiKey }), ...(bearerToken === undefined ? {} : { bearerToken }) };
    return new HarnessClient({ ...fromEnv, ...credential, ...overrides });
  }

  /** The account this client works in. */
  get accountId(): string {
    return this.transport.accountId;
  }

  /** The GraphQL endpoint this client talks to. */
  get endpoint(): string {
    return this.transport.endpoint;
  }

  /** An application by exact name. @throws {HarnessNotFoundError} */
  findApplication(name: string, options: CallOptions = {}): Promise<ApplicationRef> {
    return this.lookups.findApplication(name, options);
  }

  /** A pipeline with its declared variables. @throws {HarnessNotFoundError} */
  findPipeline(options: FindPipelineOptions): Promise<EntityDefinition> {
    return this.#find(selectorOf('PIPELINE', options), options);
  }

  /** A workflow with its declared variables. @throws {HarnessNotFoundError} */
  findWorkflow(options: FindWorkflowOptions): Promise<EntityDefinition> {
    return this.#find(selectorOf('WORKFLOW', options), options);
  }

  async #find(selector: EntitySelector, call: CallOptions): Promise<EntityDefinition> {
    const applicationId = await this.lookups.applicationId(selector.application, call);
    return this.lookups.definition(selector.kind, applicationId, selector.entity, call);
  }

  /** Every pipeline of an application, paged 100 at a time as you iterate. */
  async *listPipelines(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition> {
    const applicationId = await this.lookups.applicationId(applicationOf(options), options);
    yield* this.lookups.list('PIPELINE', applicationId, options);
  }

  /** Every workflow of an application, paged 100 at a time as you iterate. */
  async *listWorkflows(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition> {
    const applicationId = await this.lookups.applicationId(applicationOf(options), options);
    yield* this.lookups.list('WORKFLOW', applicationId, options);
  }

  /** The services a start of this pipeline or workflow will need artifacts / manifests for. */
  async getExecutionInputs(options: GetExecutionInputsOptions): Promise<ExecutionInputsInfo> {
    const issues: ValidationIssue[] = [];
    const kind = readKind(issues, optionsRecord(options));
    if (kind === undefined) throw new HarnessValidationError(issues);
    const entity = await this.#find(selectorOf(kind, options), options);
    const variableInputs = buildVariableInputs(entity.variables, options.variables ?? {}, {
      kind,
      allowUnknown: options.allowUnknownVariables ?? false,
      runtimeInputs: options.runtimeInputs ?? [],
      entityName: entity.name,
    });
    return fetchExecutionInputs(this.transport, kind, entity.applicationId, entity.id, variableInputs, options);
  }

  /**
   * Validates a pipeline start and builds the exact input without sending it: a dry run.
   * Costs the lookups and one executionInputs request.
   */
  preparePipelineStart(options: StartPipelineOptions): Promise<PreparedStart> {
    return prepareStart(this.transport, this.lookups, 'PIPELINE', options);
  }

  /** Validates a workflow start and builds the exact input without sending it: a dry run. */
  prepareWorkflowStart(options: StartWorkflowOptions): Promise<PreparedStart> {
    return prepareStart(this.transport, this.lookups, 'WORKFLOW', options);
  }

  /**
   * Starts a pipeline after validating every input locally; nothing is sent when anything is wrong.
   * With `idempotencyKey`, an execution already carrying the key is returned instead (`reused: true`),
   * and an ambiguous failure is reconciled by the key (`reconciled: true`).
   * @throws {HarnessValidationError} listing every problem with the inputs
   * @throws {HarnessIdempotencyConflictError} when the key already belongs to a start with other inputs
   * @throws {HarnessUnknownOutcomeError} when Harness's answer does not say whether it started (and
   * no execution carrying the idempotency key was found), or when aborted after it was sent
   */
  startPipeline(options: StartPipelineOptions): Promise<StartResult> {
    return this.#start('PIPELINE', options);
  }

  /**
   * Starts a workflow after validating every input locally; nothing is sent when anything is wrong.
   * `idempotencyKey` works as for {@link HarnessClient.startPipeline}.
   * @throws {HarnessValidationError} listing every problem with the inputs
   * @throws {HarnessIdempotencyConflictError} when the key already belongs to a start with other inputs
   * @throws {HarnessUnknownOutcomeError} when Harness's answer does not say whether it started (and
   * no execution carrying the idempotency key was found), or when aborted after it was sent
   */
  startWorkflow(options: StartWorkflowOptions): Promise<StartResult> {
    return this.#start('WORKFLOW', options);
  }

  async #start(kind: ExecutionKind, options: StartPipelineOptions & StartWorkflowOptions): Promise<StartResult> {
    const link = linkSignal(options?.signal);
    try {
      // The transport sends nothing for an aborted signal, so no request of the start leaves after an abort.
      const prepared = await prepareStart(this.transport, this.lookups, kind, options, { signal: link.signal, priority: 'start' });
      return await sendPreparedStart(this.#starts, prepared, { idempotencyKey: options.idempotencyKey, callerNotes: options.notes, signal: link.signal });
    } finally {
      link.dispose();
    }
  }

  /**
   * Waits for an execution to end, polling with jittered exponential backoff (first poll at once,
   * then 7 s growing ×1.5 to 12.5 s, ±15 %: an end is seen within 14.4 s, at most 6 polls a minute).
   * PAUSED, WAITING, QUEUED, RUNNING, RESUMED and a null status keep waiting; `onPoll` says what
   * the execution waits for (approval, runtime inputs, manual intervention).
   * @returns the final execution, when its status is in `successStatuses`
   * @throws {HarnessExecutionFailedError} when it ends FAILED, ERROR, ABORTED, REJECTED, EXPIRED or SKIPPED
   * @throws {HarnessWaitTimeoutError} when `timeoutMs` passes first; the execution keeps running
   */
  awaitExecution(execution: ExecutionIdOrExecution, options: AwaitExecutionOptions = {}): Promise<ExecutionSummary> {
    return awaitExecution(this.transport, execution, options, this.clock, this.#polls);
  }

  /** The approvals an execution waits for; an empty list when none is pending. */
  listPendingApprovals(options: ListPendingApprovalsOptions): Promise<PendingApproval[]> {
    return listPendingApprovals(this.transport, options, options);
  }

  /** Approves a pending USER_GROUP approval (from {@link HarnessClient.listPendingApprovals}). */
  approve(options: ApprovalActionOptions): Promise<void> {
    return actOnApproval(this.transport, 'APPROVE', options);
  }

  /** Rejects a pending USER_GROUP approval; the execution then ends REJECTED. */
  reject(options: ApprovalActionOptions): Promise<void> {
    return actOnApproval(this.transport, 'REJECT', options);
  }

  /** What a pipeline stage paused for runtime inputs asks for: its variables and the services needing artifacts. */
  getRuntimeInputs(options: RuntimeInputsOptions): Promise<RuntimeInputsInfo> {
    return getRuntimeInputs(this.transport, options);
  }

  /**
   * Continues a stage paused for runtime inputs, after checking the values locally like a start.
   * @throws {HarnessValidationError} listing every problem with the variables or artifacts
   */
  continuePipeline(options: ContinuePipelineOptions): Promise<void> {
    return continuePipeline(this.transport, options);
  }

  /** Runs a failed, aborted, rejected or expired pipeline execution again from a stage; answers the new execution. */
  resumePipeline(options: ResumePipelineOptions): Promise<ExecutionSummary> {
    return resumePipeline(this.transport, options);
  }

  /** Aborts an execution (Harness's REST abort route, same key and errors). The status reads ABORTED shortly after. */
  abortExecution(options: AbortExecutionOptions): Promise<void> {
    return abortExecution(this.transport, options);
  }

  /** The current state of an execution. @throws {HarnessNotFoundError} */
  async getExecution(executionId: string, options: CallOptions = {}): Promise<ExecutionSummary> {
    if (typeof executionId !== 'string' || executionId.trim() === '') {
      throw new HarnessValidationError([{ code: 'missing_option', variable: 'executionId', message: 'getExecution needs an execution id.' }]);
    }
    const data = await this.transport.request(ExecutionDocument, { executionId }, { ...options, notFoundLookup: executionId });
    return toExecutionSummary(data?.execution, 'Execution');
  }

  /**
   * Sends any typed GraphQL document (for example one generated by your own codegen) with this
   * client's authentication, timeouts, rate limit, retries and error mapping.
   */
  request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables, options: CallOptions = {}): Promise<TResult> {
    return this.transport.request(document, variables, options);
  }
}

/** The application and entity an options object names. @throws {HarnessValidationError} */
function selectorOf(kind: ExecutionKind, options: unknown): EntitySelector {
  const issues: ValidationIssue[] = [];
  const selector = readEntitySelector(issues, kind, optionsRecord(options));
  if (!selector) throw new HarnessValidationError(issues);
  return selector;
}

/** The application an options object names. @throws {HarnessValidationError} */
function applicationOf(options: unknown) {
  const issues: ValidationIssue[] = [];
  const application = readApplication(issues, optionsRecord(options));
  if (!application) throw new HarnessValidationError(issues);
  return application;
}
