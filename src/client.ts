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
import { CALL_OPTION_KEYS, nonEmpty, readOptions } from './internal/options.js';
import { artifactSourcesOfService, collectedBuilds, newestFirst, pickArtifactSource, MAX_BUILDS_PER_PAGE, type CollectedBuild } from './builds.js';
import { systemClock, type Clock } from './internal/clock.js';
import { clampedRandom } from './internal/random.js';
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
import type {
  AccountApplicationName,
  AccountExecutionInputsOptions,
  AccountFindPipelineOptions,
  AccountFindWorkflowOptions,
  AccountListEntitiesOptions,
  AccountPipelineVariableName,
  AccountStartPipelineOptions,
  AccountStartWorkflowOptions,
} from './account-types/register.js';
import type { AccountCheckedMethods, UntypedHarnessClient } from './account-types/client-methods.js';

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

/** Arguments of {@link HarnessClient.listBuilds}. */
export interface ListBuildsOptions extends CallOptions {
  /** Application id (no lookup needed). Give this or `applicationName`. */
  applicationId?: string | undefined;
  /** Exact application name. Give this or `applicationId`. */
  applicationName?: string | undefined;
  /** Exact name of the service whose builds to list. */
  serviceName: string;
  /**
   * Exact name of one of the service's artifact sources.
   * @default every artifact source of the service
   */
  artifactSourceName?: string | undefined;
  /**
   * At most this many builds, 1 to 100.
   * @default 10
   */
  limit?: number | undefined;
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

export class HarnessClient implements AccountCheckedMethods {
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
    // Read once into a plain copy: a getter or proxy that throws is a validation issue, not a crash.
    const resolved = resolveClientOptions(readOptions<HarnessClientOptions>(options, { operation: 'HarnessClient' }));
    this.clock = resolved.clock ?? systemClock;
    // One jitter source for every wait the client schedules: backoff, 429 waits, poll ticks and waits.
    const random = resolved.random ? clampedRandom(resolved.random) : Math.random;
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
      random,
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
    const environment = readOptions<Record<string, string | undefined>>(env, { operation: 'HarnessClient.fromEnv (environment)', optional: true });
    overrides = readOptions<Partial<HarnessClientOptions>>(overrides, { operation: 'HarnessClient.fromEnv (overrides)', optional: true });
    const { apiKey, bearerToken, ...fromEnv } = optionsFromEnv(environment);
    const credentialOverridden = overrides.apiKey !== undefined || overrides.bearerToken !== undefined;
    const credential = credentialOverridden ? {} : { ...(apiKey === undefined ? {} : { apiKey }), ...(bearerToken === undefined ? {} : { bearerToken }) };
    return new HarnessClient({ ...fromEnv, ...credential, ...overrides });
  }

  /**
   * This client with the SDK's own option types, whatever account types are part of the compilation:
   * for pipelines, workflows or variables created after the types were generated.
   */
  get untyped(): UntypedHarnessClient {
    return this as unknown as UntypedHarnessClient;
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
  findApplication(name: AccountApplicationName, options?: CallOptions): Promise<ApplicationRef>;
  async findApplication(name: string, options?: CallOptions): Promise<ApplicationRef> {
    const call = readOptions<CallOptions>(options, { operation: 'findApplication', known: CALL_OPTION_KEYS, optional: true });
    return this.lookups.findApplication(name, call);
  }

  /** A pipeline with its declared variables. @throws {HarnessNotFoundError} */
  findPipeline(options: AccountFindPipelineOptions): Promise<EntityDefinition>;
  async findPipeline(options: FindPipelineOptions): Promise<EntityDefinition> {
    const checked = readOptions<FindPipelineOptions>(options, { operation: 'findPipeline', known: [...APPLICATION_KEYS, 'pipelineId', 'pipelineName', ...CALL_OPTION_KEYS] });
    return this.#find(selectorOf('PIPELINE', checked), checked);
  }

  /** A workflow with its declared variables. @throws {HarnessNotFoundError} */
  findWorkflow(options: AccountFindWorkflowOptions): Promise<EntityDefinition>;
  async findWorkflow(options: FindWorkflowOptions): Promise<EntityDefinition> {
    const checked = readOptions<FindWorkflowOptions>(options, { operation: 'findWorkflow', known: [...APPLICATION_KEYS, 'workflowId', 'workflowName', ...CALL_OPTION_KEYS] });
    return this.#find(selectorOf('WORKFLOW', checked), checked);
  }

  async #find(selector: EntitySelector, call: CallOptions): Promise<EntityDefinition> {
    const applicationId = await this.lookups.applicationId(selector.application, call);
    return this.lookups.definition(selector.kind, applicationId, selector.entity, call);
  }

  /** Every pipeline of an application, paged 100 at a time as you iterate. */
  listPipelines(options: AccountListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  async *listPipelines(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition> {
    const checked = readOptions<ListEntitiesOptions>(options, { operation: 'listPipelines', known: [...APPLICATION_KEYS, ...CALL_OPTION_KEYS] });
    const applicationId = await this.lookups.applicationId(applicationOf(checked), checked);
    yield* this.lookups.list('PIPELINE', applicationId, checked);
  }

  /** Every workflow of an application, paged 100 at a time as you iterate. */
  listWorkflows(options: AccountListEntitiesOptions): AsyncGenerator<EntityDefinition>;
  async *listWorkflows(options: ListEntitiesOptions): AsyncGenerator<EntityDefinition> {
    const checked = readOptions<ListEntitiesOptions>(options, { operation: 'listWorkflows', known: [...APPLICATION_KEYS, ...CALL_OPTION_KEYS] });
    const applicationId = await this.lookups.applicationId(applicationOf(checked), checked);
    yield* this.lookups.list('WORKFLOW', applicationId, checked);
  }

  /** Every application the credential may read, paged 100 at a time as you iterate. */
  async *listApplications(options?: CallOptions): AsyncGenerator<ApplicationRef> {
    const checked = readOptions<CallOptions>(options, { operation: 'listApplications', known: CALL_OPTION_KEYS, optional: true });
    yield* this.lookups.applications(checked);
  }

  /**
   * The builds Harness collected for a service's artifact sources, most recently collected first:
   * what `{ artifactSource, latest: true }` would deploy is the first of a source's list. Costs the
   * application lookup, one request for the service's sources and one per source listed.
   * @throws {HarnessNotFoundError} when the application or service does not exist
   * @throws {HarnessValidationError} when an option is wrong or the service has no such artifact source
   */
  async listBuilds(options: ListBuildsOptions): Promise<CollectedBuild[]> {
    const checked = readOptions<ListBuildsOptions>(options, {
      operation: 'listBuilds',
      known: [...APPLICATION_KEYS, 'serviceName', 'artifactSourceName', 'limit', ...CALL_OPTION_KEYS],
    });
    const issues: ValidationIssue[] = [];
    const application = readApplication(issues, optionsRecord(checked));
    if (!nonEmpty(checked.serviceName)) {
      issues.push({ code: checked.serviceName === undefined ? 'missing_option' : 'invalid_option', variable: 'serviceName', message: 'listBuilds needs serviceName as a non-empty string.' });
    }
    if (checked.artifactSourceName !== undefined && !nonEmpty(checked.artifactSourceName)) {
      issues.push({ code: 'invalid_option', variable: 'artifactSourceName', message: 'artifactSourceName must be a non-empty string.' });
    }
    const limit = checked.limit ?? DEFAULT_BUILDS_LIMIT;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_BUILDS_PER_PAGE) {
      issues.push({ code: 'invalid_option', variable: 'limit', message: `limit must be a whole number from 1 to ${String(MAX_BUILDS_PER_PAGE)}.` });
    }
    if (!application || issues.length > 0) throw new HarnessValidationError(issues);
    const applicationId = await this.lookups.applicationId(application, checked);
    const sources = await artifactSourcesOfService(this.transport, applicationId, checked.serviceName, checked);
    const listed = pickArtifactSource(checked.serviceName, sources, checked.artifactSourceName);
    const builds = await Promise.all(listed.map((source) => collectedBuilds(this.transport, source, limit, checked)));
    return newestFirst(builds.flat()).slice(0, limit);
  }

  /** The services a start of this pipeline or workflow will need artifacts / manifests for. */
  getExecutionInputs<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountExecutionInputsOptions<RuntimeInputs>): Promise<ExecutionInputsInfo>;
  async getExecutionInputs(unchecked: GetExecutionInputsOptions): Promise<ExecutionInputsInfo> {
    const options = readOptions<GetExecutionInputsOptions>(unchecked, {
      operation: 'getExecutionInputs',
      known: [...APPLICATION_KEYS, 'pipelineId', 'pipelineName', 'workflowId', 'workflowName', 'variables', 'runtimeInputs', 'allowUnknownVariables', ...CALL_OPTION_KEYS],
    });
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
  preparePipelineStart<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountStartPipelineOptions<RuntimeInputs>): Promise<PreparedStart>;
  async preparePipelineStart(options: StartPipelineOptions): Promise<PreparedStart> {
    return prepareStart(this.transport, this.lookups, 'PIPELINE', startOptions('preparePipelineStart', options));
  }

  /** Validates a workflow start and builds the exact input without sending it: a dry run. */
  prepareWorkflowStart(options: AccountStartWorkflowOptions): Promise<PreparedStart>;
  async prepareWorkflowStart(options: StartWorkflowOptions): Promise<PreparedStart> {
    return prepareStart(this.transport, this.lookups, 'WORKFLOW', startOptions('prepareWorkflowStart', options));
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
  startPipeline<RuntimeInputs extends AccountPipelineVariableName = never>(options: AccountStartPipelineOptions<RuntimeInputs>): Promise<StartResult>;
  async startPipeline(options: StartPipelineOptions): Promise<StartResult> {
    return this.#start('PIPELINE', startOptions('startPipeline', options));
  }

  /**
   * Starts a workflow after validating every input locally; nothing is sent when anything is wrong.
   * `idempotencyKey` works as for {@link HarnessClient.startPipeline}.
   * @throws {HarnessValidationError} listing every problem with the inputs
   * @throws {HarnessIdempotencyConflictError} when the key already belongs to a start with other inputs
   * @throws {HarnessUnknownOutcomeError} when Harness's answer does not say whether it started (and
   * no execution carrying the idempotency key was found), or when aborted after it was sent
   */
  startWorkflow(options: AccountStartWorkflowOptions): Promise<StartResult>;
  async startWorkflow(options: StartWorkflowOptions): Promise<StartResult> {
    return this.#start('WORKFLOW', startOptions('startWorkflow', options));
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
  async awaitExecution(execution: ExecutionIdOrExecution, unchecked?: AwaitExecutionOptions): Promise<ExecutionSummary> {
    // The wait checks its own option names; the shared check makes sure the options can be read.
    const options = readOptions<AwaitExecutionOptions>(unchecked, { operation: 'awaitExecution', optional: true });
    checkReadable(execution, 'execution');
    return awaitExecution(this.transport, execution, options, this.clock, this.#polls);
  }

  /** The approvals an execution waits for; an empty list when none is pending. */
  async listPendingApprovals(options: ListPendingApprovalsOptions): Promise<PendingApproval[]> {
    const checked = readOptions<ListPendingApprovalsOptions>(options, { operation: 'listPendingApprovals', known: [...EXECUTION_KEYS, ...CALL_OPTION_KEYS] });
    return listPendingApprovals(this.transport, checked, checked);
  }

  /** Approves a pending USER_GROUP approval (from {@link HarnessClient.listPendingApprovals}). */
  async approve(options: ApprovalActionOptions): Promise<void> {
    return actOnApproval(this.transport, 'APPROVE', readOptions(options, { operation: 'approve', known: APPROVAL_KEYS }));
  }

  /** Rejects a pending USER_GROUP approval; the execution then ends REJECTED. */
  async reject(options: ApprovalActionOptions): Promise<void> {
    return actOnApproval(this.transport, 'REJECT', readOptions(options, { operation: 'reject', known: APPROVAL_KEYS }));
  }

  /** What a pipeline stage paused for runtime inputs asks for: its variables and the services needing artifacts. */
  async getRuntimeInputs(options: RuntimeInputsOptions): Promise<RuntimeInputsInfo> {
    return getRuntimeInputs(this.transport, readOptions(options, { operation: 'getRuntimeInputs', known: RUNTIME_INPUTS_KEYS }));
  }

  /**
   * Continues a stage paused for runtime inputs, after checking the values locally like a start.
   * @throws {HarnessValidationError} listing every problem with the variables or artifacts
   */
  async continuePipeline(options: ContinuePipelineOptions): Promise<void> {
    return continuePipeline(this.transport, readOptions(options, { operation: 'continuePipeline', known: [...RUNTIME_INPUTS_KEYS, 'artifacts'] }));
  }

  /** Runs a failed, aborted, rejected or expired pipeline execution again from a stage; answers the new execution. */
  async resumePipeline(options: ResumePipelineOptions): Promise<ExecutionSummary> {
    return resumePipeline(this.transport, readOptions(options, { operation: 'resumePipeline', known: [...EXECUTION_KEYS, 'stageName', ...CALL_OPTION_KEYS] }));
  }

  /** Aborts an execution (Harness's REST abort route, same key and errors). The status reads ABORTED shortly after. */
  async abortExecution(options: AbortExecutionOptions): Promise<void> {
    return abortExecution(this.transport, readOptions(options, { operation: 'abortExecution', known: [...EXECUTION_KEYS, ...CALL_OPTION_KEYS] }));
  }

  /** The current state of an execution. @throws {HarnessNotFoundError} */
  async getExecution(executionId: string, unchecked?: CallOptions): Promise<ExecutionSummary> {
    const options = readOptions<CallOptions>(unchecked, { operation: 'getExecution', known: CALL_OPTION_KEYS, optional: true });
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
  async request<TResult, TVariables>(document: TypedDocument<TResult, TVariables>, variables: TVariables, options?: CallOptions): Promise<TResult> {
    checkDocument(document);
    if (variables !== undefined && variables !== null && typeof variables !== 'object') {
      throw new HarnessValidationError([{ code: 'invalid_option', variable: 'variables', message: 'request takes its GraphQL variables as an object.' }]);
    }
    checkReadable(variables, 'variables');
    return this.transport.request(document, variables, readOptions<CallOptions>(options, { operation: 'request', known: CALL_OPTION_KEYS, optional: true }));
  }
}

const APPLICATION_KEYS = ['applicationId', 'applicationName'];
/** Builds listed when no limit is given. */
const DEFAULT_BUILDS_LIMIT = 10;
const EXECUTION_KEYS = ['applicationId', 'executionId'];
const APPROVAL_KEYS = [...EXECUTION_KEYS, 'approvalId', 'comments', 'variables', ...CALL_OPTION_KEYS];
const RUNTIME_INPUTS_KEYS = [...EXECUTION_KEYS, 'stageElementId', 'variables', ...CALL_OPTION_KEYS];

/** Start options read once at the edge; the start itself checks their names, with its own messages. */
function startOptions<T extends StartPipelineOptions | StartWorkflowOptions>(operation: string, options: T): StartPipelineOptions & StartWorkflowOptions {
  return readOptions(options, { operation });
}

/**
 * Refuses a document that is neither GraphQL text nor a parsed document, before it is converted to
 * text (which could throw, or turn an object into "[object Object]").
 */
function checkDocument(document: unknown): void {
  if (typeof document === 'string') return;
  try {
    if (typeof document === 'object' && document !== null) {
      const parsed = document as { kind?: unknown; toString?: unknown };
      if (parsed.kind === 'Document') return;
      // A string-like document (a generated TypedDocumentString) says its text through its own toString.
      if (typeof parsed.toString === 'function' && parsed.toString !== Object.prototype.toString) return;
    }
  } catch {
    // Unreadable: refused below like any other non-document.
  }
  throw new HarnessValidationError([
    { code: 'invalid_option', variable: 'document', message: 'request takes a GraphQL document: query text, a string-like typed document or a parsed document.' },
  ]);
}

/**
 * Refuses an argument object that cannot be read (a revoked proxy, a trap or getter that throws), so
 * that reading it later cannot end the call with an error of its own.
 */
function checkReadable(value: unknown, name: string): void {
  if (typeof value !== 'object' || value === null) return;
  try {
    Object.getPrototypeOf(value);
    for (const key of Object.keys(value)) void (value as Record<string, unknown>)[key];
  } catch {
    throw new HarnessValidationError([{ code: 'invalid_option', variable: name, message: `${name} could not be read (a revoked proxy, or a getter or trap that throws).` }]);
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
