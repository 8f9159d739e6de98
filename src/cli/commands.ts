/**
 * The commands of harness-exec. Everything outside this module (process, streams, signals, the
 * client factory) comes in through {@link CliIo}, so the commands run the same in the bin and in tests.
 */
import { HarnessClient } from '../client.js';
import type { HarnessClientOptions } from '../config.js';
import { isHarnessExecutionFailedError, isHarnessValidationError, isHarnessWaitTimeoutError } from '../errors.js';
import type { RuntimeInputsInfo } from '../runtime-inputs.js';
import type { PreparedStart, StartPipelineOptions, StartWorkflowOptions } from '../starts.js';
import type {
  ExecutionInputsInfo,
  ExecutionSummary,
  StageExecution,
  StartedExecution,
  VariableValues,
} from '../types.js';
import { suggestClosest } from '../inputs/did-you-mean.js';
import { SDK_VERSION } from '../version.js';
import { describeProgress } from '../waiter.js';
import { flag, list, parseCommandLine, parseTimeout, pickNameOrId, str, type CommandName, type OptionValues } from './args.js';
import { EXIT, exitCodeForError, exitCodeForStatus, isTerminalStatus } from './exit-codes.js';
import {
  createRedactor,
  errorJson,
  formatError,
  formatExecution,
  formatInputs,
  formatRuntimeInputs,
  formatUsageProblems,
  inputsJson,
  runtimeInputsJson,
  shellQuote,
  toExecutionJson,
  type InputsReport,
  type RuntimeInputsReport,
} from './format.js';
import { helpText } from './help.js';
import { ProgressReporter } from './progress.js';
import { parseArtifactChoices, parseManifestArgs, parseVarArgs, parseVarsFile, type ReadText } from './values.js';

/** What the commands need from the SDK client (a {@link HarnessClient}, or a stand-in in tests). */
export type CliClient = Pick<
  HarnessClient,
  | 'findApplication'
  | 'findPipeline'
  | 'findWorkflow'
  | 'getExecutionInputs'
  | 'preparePipelineStart'
  | 'prepareWorkflowStart'
  | 'startPipeline'
  | 'startWorkflow'
  | 'getExecution'
  | 'awaitExecution'
  | 'listPendingApprovals'
  | 'approve'
  | 'reject'
  | 'abortExecution'
  | 'resumePipeline'
  | 'getRuntimeInputs'
  | 'continuePipeline'
>;

export interface CliOutput {
  write(text: string): void;
}

/** The world the CLI runs in. */
export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliOutput;
  stderr: CliOutput & { isTTY: boolean; columns?: number | undefined };
  readText: ReadText;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
  /** Builds the client; default: {@link HarnessClient}. */
  createClient?: (options: HarnessClientOptions) => CliClient;
  /** Runs the fake server (fake-harness command). */
  runFakeHarness?: (argv: string[]) => Promise<void>;
  now?: () => number;
}

class UsageError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** Default --timeout of --wait, in ms (the SDK's default wait). */
const DEFAULT_WAIT_MS = 3_600_000;

interface Context {
  io: CliIo;
  command: Exclude<CommandName, 'fake-harness'>;
  values: OptionValues;
  positionals: readonly string[];
  /** Problems found so far (argument parsing first); reported together before anything is sent. */
  problems: string[];
  json: boolean;
  debug: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Writes to stderr as is (progress output manages its own line ends). */
  rawErr: (text: string) => void;
  now: () => number;
}

function readCredentials(io: CliIo, values: OptionValues, problems: string[]): HarnessClientOptions | undefined {
  const accountId = str(values, 'account-id') ?? io.env.HARNESS_ACCOUNT_ID;
  let apiKey = io.env.HARNESS_API_KEY;
  const keyFile = str(values, 'api-key-file');
  if (keyFile !== undefined) {
    try {
      apiKey = io.readText(keyFile).trim();
      if (apiKey === '') problems.push(`--api-key-file ${keyFile} is empty.`);
    } catch {
      problems.push(`--api-key-file ${JSON.stringify(keyFile)} cannot be read.`);
    }
  }
  const endpoint = str(values, 'endpoint') ?? io.env.HARNESS_ENDPOINT;
  if (accountId === undefined || accountId.trim() === '') problems.push('No account id: set HARNESS_ACCOUNT_ID or pass --account-id ID.');
  if ((apiKey === undefined || apiKey.trim() === '') && keyFile === undefined) {
    problems.push('No API key: set HARNESS_API_KEY (for example from a Jenkins credential or a CI secret) or pass --api-key-file FILE.');
  }
  if (accountId === undefined || apiKey === undefined) return undefined;
  return {
    accountId: accountId.trim(),
    apiKey,
    ...(endpoint === undefined || endpoint.trim() === '' ? {} : { endpoint: endpoint.trim() }),
    userAgent: `harness-exec/${SDK_VERSION} harness-graphql-sdk/${SDK_VERSION}`,
  };
}

function readVariables(ctx: Context, problems: string[]): VariableValues {
  const variables: Record<string, string | string[]> = {};
  const file = str(ctx.values, 'vars-file');
  if (file !== undefined) {
    let text: string | undefined;
    try {
      text = ctx.io.readText(file);
    } catch {
      problems.push(`--vars-file ${JSON.stringify(file)} cannot be read.`);
    }
    if (text !== undefined) {
      const parsed = parseVarsFile(text, file);
      problems.push(...parsed.problems);
      Object.assign(variables, parsed.value);
    }
  }
  const parsed = parseVarArgs(list(ctx.values, 'var'), ctx.io.readText);
  problems.push(...parsed.problems);
  Object.assign(variables, parsed.value);
  return variables;
}

function applicationOptions(ctx: Context, problems: string[]): { applicationName?: string; applicationId?: string } {
  const app = pickNameOrId(ctx.values, problems, 'app', 'app-id', 'application');
  return { ...(app.name === undefined ? {} : { applicationName: app.name }), ...(app.id === undefined ? {} : { applicationId: app.id }) };
}

function waitOptions(ctx: Context, problems: string[]): { wait: boolean; timeoutMs: number } {
  const wait = flag(ctx.values, 'wait');
  const timeout = str(ctx.values, 'timeout');
  let timeoutMs = DEFAULT_WAIT_MS;
  if (timeout !== undefined) {
    const parsed = parseTimeout(timeout);
    if ('problem' in parsed) problems.push(parsed.problem);
    else timeoutMs = parsed.ms;
    if (!wait) problems.push('--timeout only applies with --wait. Add --wait, or leave --timeout out.');
  }
  return { wait, timeoutMs };
}

/** Builds the start options of start-pipeline / start-workflow. */
export function buildStartOptions(
  kind: 'PIPELINE' | 'WORKFLOW',
  values: OptionValues,
  readText: ReadText,
  problems: string[],
): StartPipelineOptions & StartWorkflowOptions & { idempotencyKey?: string } {
  const ctxLike = { values, io: { readText } } as unknown as Context;
  const app = applicationOptions(ctxLike, problems);
  const entity =
    kind === 'PIPELINE'
      ? pickNameOrId(values, problems, 'pipeline', 'pipeline-id', 'pipeline')
      : pickNameOrId(values, problems, 'workflow', 'workflow-id', 'workflow');
  const variables = readVariables(ctxLike, problems);
  const artifacts = parseArtifactChoices(list(values, 'artifact'), list(values, 'artifact-param'));
  const manifests = parseManifestArgs(list(values, 'manifest'));
  problems.push(...artifacts.problems, ...manifests.problems);
  const notes = str(values, 'notes');
  const idempotencyKey = str(values, 'idempotency-key');
  if (idempotencyKey !== undefined && idempotencyKey.trim() === '') problems.push('--idempotency-key is empty.');
  const hosts = list(values, 'host');
  const runtimeInputs = list(values, 'runtime-input');
  const options: StartPipelineOptions & StartWorkflowOptions & { idempotencyKey?: string } = {
    ...app,
    ...(kind === 'PIPELINE'
      ? { ...(entity.name === undefined ? {} : { pipelineName: entity.name }), ...(entity.id === undefined ? {} : { pipelineId: entity.id }) }
      : { ...(entity.name === undefined ? {} : { workflowName: entity.name }), ...(entity.id === undefined ? {} : { workflowId: entity.id }) }),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(Object.keys(artifacts.value).length > 0 ? { artifacts: artifacts.value } : {}),
    ...(Object.keys(manifests.value).length > 0 ? { manifests: manifests.value } : {}),
    ...(notes === undefined ? {} : { notes }),
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    ...(flag(values, 'allow-unknown-variables') ? { allowUnknownVariables: true } : {}),
    ...(flag(values, 'exclude-hosts-with-same-artifact') ? { excludeHostsWithSameArtifact: true } : {}),
    ...(hosts.length > 0 ? { targetHosts: hosts } : {}),
    ...(runtimeInputs.length > 0 ? { runtimeInputs } : {}),
    ...(flag(values, 'continue-with-defaults') ? { continueWithDefaultValues: true } : {}),
  };
  return options;
}

type WaitOutcome =
  | { kind: 'ended'; execution: ExecutionSummary }
  | { kind: 'timeout'; execution: ExecutionSummary | undefined }
  | { kind: 'interrupted'; execution: ExecutionSummary | undefined };

function pollDelayOverride(env: Readonly<Record<string, string | undefined>>): { minDelayMs?: number; maxDelayMs?: number } {
  // Testing knob (for example against the fake server); Harness accounts should keep the defaults.
  const raw = env.HARNESS_EXEC_POLL_INTERVAL_MS;
  const ms = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(ms) && ms > 0 ? { minDelayMs: ms, maxDelayMs: ms } : {};
}

async function waitFor(ctx: Context, client: CliClient, first: ExecutionSummary, timeoutMs: number): Promise<WaitOutcome> {
  const reporter = new ProgressReporter({ write: ctx.rawErr, isTTY: ctx.io.stderr.isTTY, columns: ctx.io.stderr.columns }, ctx.now);
  const controller = new AbortController();
  let interrupted = false;
  let last: ExecutionSummary = first;
  const unsubscribe = ctx.io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  try {
    const execution = await client.awaitExecution(first.id, {
      timeoutMs,
      signal: controller.signal,
      ...pollDelayOverride(ctx.io.env),
      onPoll: (event) => {
        last = event.execution;
        reporter.update({ status: event.status ?? 'PREPARING', detail: describeProgress(event.execution, event.waitingFor), elapsedMs: event.elapsedMs });
      },
    });
    return { kind: 'ended', execution };
  } catch (error) {
    if (interrupted) return { kind: 'interrupted', execution: last };
    if (isHarnessExecutionFailedError(error)) return { kind: 'ended', execution: error.execution };
    if (isHarnessWaitTimeoutError(error)) return { kind: 'timeout', execution: error.lastExecution ?? last };
    throw error;
  } finally {
    unsubscribe();
    reporter.stop();
  }
}

function abortHint(execution: ExecutionSummary): string {
  const app = execution.applicationId === null ? '--app <name>' : `--app-id ${shellQuote(execution.applicationId)}`;
  return `harness-exec abort ${shellQuote(execution.id)} ${app}`;
}

/** Waits (when asked) and prints the result of an execution; returns the exit code. */
async function finish(
  ctx: Context,
  client: CliClient,
  execution: ExecutionSummary | StartedExecution,
  wait: { wait: boolean; timeoutMs: number },
  exitWhenNotWaiting: (execution: ExecutionSummary) => number,
  extraJson: Readonly<Record<string, unknown>> = {},
): Promise<number> {
  const warningMessage = 'warningMessage' in execution ? execution.warningMessage : null;
  if (!wait.wait || isTerminalStatus(execution.status)) {
    ctx.out(ctx.json ? JSON.stringify({ ...toExecutionJson(execution, { warningMessage }), ...extraJson }) : formatExecution(execution));
    return wait.wait ? exitCodeForStatus(execution.status) : exitWhenNotWaiting(execution);
  }
  const started = ctx.now();
  const outcome = await waitFor(ctx, client, execution, wait.timeoutMs);
  const elapsedMs = ctx.now() - started;
  const final = outcome.execution ?? execution;
  const url = final.url ?? execution.url ?? 'the Harness UI';
  if (outcome.kind === 'timeout') {
    ctx.err(
      `Timed out after ${String(Math.round(elapsedMs / 1000))} s waiting for execution ${final.id} (${final.status ?? 'PREPARING'}). ` +
        `It keeps running in Harness: ${url}\n  Wait again with: harness-exec status ${shellQuote(final.id)} --wait\n  Stop it with:    ${abortHint(final)}`,
    );
  } else if (outcome.kind === 'interrupted') {
    ctx.err(
      `Interrupted: stopped waiting for execution ${final.id} (${final.status ?? 'PREPARING'}). It keeps running in Harness: ${url}\n` +
        `  Wait again with: harness-exec status ${shellQuote(final.id)} --wait\n  Stop it with:    ${abortHint(final)}`,
    );
  }
  const waitEnded = outcome.kind === 'ended' ? undefined : outcome.kind;
  const reused = 'reused' in execution && typeof execution.reused === 'boolean' ? { reused: execution.reused } : {};
  ctx.out(
    ctx.json
      ? JSON.stringify({ ...toExecutionJson({ ...final, ...reused }, { warningMessage, elapsedMs, ...(waitEnded === undefined ? {} : { waitEnded }) }), ...extraJson })
      : formatExecution({ ...final, ...(warningMessage === null ? {} : { warningMessage }) }, { elapsedMs }),
  );
  if (outcome.kind === 'timeout') return EXIT.WAIT_TIMEOUT;
  if (outcome.kind === 'interrupted') return EXIT.INTERRUPTED;
  return exitCodeForStatus(final.status);
}

async function startCommand(ctx: Context, kind: 'PIPELINE' | 'WORKFLOW'): Promise<number> {
  const problems = ctx.problems;
  const options = buildStartOptions(kind, ctx.values, ctx.io.readText, problems);
  const wait = waitOptions(ctx, problems);
  const dryRun = flag(ctx.values, 'dry-run');
  if (dryRun && wait.wait) problems.push('--dry-run starts nothing, so there is nothing to --wait for. Use one of them.');
  const api = withCredentials(ctx, problems);
  if (dryRun) {
    const prepared = kind === 'PIPELINE' ? await api.preparePipelineStart(options) : await api.prepareWorkflowStart(options);
    if (ctx.json) {
      ctx.out(JSON.stringify({ dryRun: true, entity: { kind: prepared.entity.kind, id: prepared.entity.id, name: prepared.entity.name }, input: prepared.input }));
    } else {
      ctx.out(
        `Dry run: the inputs are valid; nothing was sent. harness-exec would start ${kind.toLowerCase()} "${prepared.entity.name}" (${prepared.entity.id}) with this startExecution input:\n` +
          JSON.stringify(prepared.input, null, 2),
      );
    }
    return EXIT.SUCCESS;
  }
  const started = kind === 'PIPELINE' ? await api.startPipeline(options) : await api.startWorkflow(options);
  const name = started.entity?.name ?? options.pipelineName ?? options.workflowName ?? '';
  const what = `${kind.toLowerCase()}${name === '' ? '' : ` "${name}"`} execution ${started.id}: ${started.url ?? '(Harness gave no URL)'}`;
  if (started.reused) ctx.err(`An execution with idempotency key ${JSON.stringify(options.idempotencyKey ?? '')} already exists; not starting another. Using ${what}`);
  else ctx.err(`Started ${what}`);
  if (started.warningMessage) ctx.err(`warning: Harness says: ${started.warningMessage}`);
  return finish(ctx, api, started, wait, () => EXIT.SUCCESS);
}

function withCredentials(ctx: Context, problems: string[]): CliClient {
  const credentials = readCredentials(ctx.io, ctx.values, problems);
  if (problems.length > 0 || credentials === undefined) throw new UsageError(problems);
  const factory = ctx.io.createClient ?? ((options: HarnessClientOptions) => new HarnessClient(options));
  return factory(credentials);
}

async function statusCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  const wait = waitOptions(ctx, problems);
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const execution = await api.getExecution(executionId);
  if (wait.wait && !isTerminalStatus(execution.status) && execution.url) ctx.err(`Waiting for execution ${execution.id}: ${execution.url}`);
  return finish(ctx, api, execution, wait, (e) => (isTerminalStatus(e.status) ? exitCodeForStatus(e.status) : EXIT.SUCCESS));
}

async function inputsCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  const app = applicationOptions(ctx, problems);
  const pipeline = str(ctx.values, 'pipeline') ?? str(ctx.values, 'pipeline-id');
  const workflow = str(ctx.values, 'workflow') ?? str(ctx.values, 'workflow-id');
  let kind: 'PIPELINE' | 'WORKFLOW' = 'PIPELINE';
  let entityOptions: Record<string, string> = {};
  if ((pipeline === undefined) === (workflow === undefined)) {
    problems.push(
      pipeline === undefined
        ? 'Name a pipeline (--pipeline NAME or --pipeline-id ID) or a workflow (--workflow NAME or --workflow-id ID).'
        : 'Give a pipeline or a workflow, not both.',
    );
  } else if (pipeline !== undefined) {
    const picked = pickNameOrId(ctx.values, problems, 'pipeline', 'pipeline-id', 'pipeline');
    entityOptions = { ...(picked.name === undefined ? {} : { pipelineName: picked.name }), ...(picked.id === undefined ? {} : { pipelineId: picked.id }) };
  } else {
    kind = 'WORKFLOW';
    const picked = pickNameOrId(ctx.values, problems, 'workflow', 'workflow-id', 'workflow');
    entityOptions = { ...(picked.name === undefined ? {} : { workflowName: picked.name }), ...(picked.id === undefined ? {} : { workflowId: picked.id }) };
  }
  const variables = readVariables(ctx, problems);
  const runtimeInputs = kind === 'PIPELINE' ? list(ctx.values, 'runtime-input') : [];
  if (kind === 'WORKFLOW' && list(ctx.values, 'runtime-input').length > 0) problems.push('--runtime-input is for pipelines only.');
  const api = withCredentials(ctx, problems);
  const entity = kind === 'PIPELINE' ? await api.findPipeline({ ...app, ...entityOptions }) : await api.findWorkflow({ ...app, ...entityOptions });
  const missingVariables = entity.variables
    .filter((v) => v.required && !v.fixed && !Object.hasOwn(variables, v.name) && !runtimeInputs.includes(v.name))
    .map((v) => v.name);
  let executionInputs: ExecutionInputsInfo | undefined;
  const sharedOptions = {
    applicationId: entity.applicationId,
    ...(kind === 'PIPELINE' ? { pipelineId: entity.id } : { workflowId: entity.id }),
    variables,
    runtimeInputs,
    allowUnknownVariables: flag(ctx.values, 'allow-unknown-variables'),
  };
  if (missingVariables.length === 0) {
    executionInputs = await api.getExecutionInputs(sharedOptions);
  } else {
    // Check what was given (unknown names, allowed values) even though the services cannot be listed yet.
    try {
      await api.getExecutionInputs(sharedOptions);
    } catch (error) {
      const onlyMissing = isHarnessValidationError(error) && error.issues.every((issue) => issue.code === 'missing_required');
      if (!onlyMissing) throw error;
    }
  }
  const appFlag = app.applicationName !== undefined ? `--app ${shellQuote(app.applicationName)}` : `--app-id ${shellQuote(entity.applicationId)}`;
  const entityFlag =
    kind === 'PIPELINE'
      ? entityOptions.pipelineName !== undefined
        ? `--pipeline ${shellQuote(entity.name)}`
        : `--pipeline-id ${shellQuote(entity.id)}`
      : entityOptions.workflowName !== undefined
        ? `--workflow ${shellQuote(entity.name)}`
        : `--workflow-id ${shellQuote(entity.id)}`;
  const report: InputsReport = {
    entity,
    executionInputs,
    missingVariables,
    commandPrefix: `harness-exec start-${kind.toLowerCase()} ${appFlag} ${entityFlag}`,
    givenVariables: variables,
    runtimeInputs,
  };
  ctx.out(ctx.json ? JSON.stringify(inputsJson(report)) : formatInputs(report));
  return EXIT.SUCCESS;
}

async function resolveApplicationId(ctx: Context, api: CliClient): Promise<string> {
  const id = str(ctx.values, 'app-id');
  if (id !== undefined) return id;
  return (await api.findApplication(str(ctx.values, 'app') ?? '')).id;
}

async function approvalCommand(ctx: Context, action: 'approve' | 'reject'): Promise<number> {
  const problems = ctx.problems;
  applicationOptions(ctx, problems);
  const approvalVariables = parseVarArgs(list(ctx.values, 'approval-var'), ctx.io.readText, '--approval-var');
  problems.push(...approvalVariables.problems);
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const applicationId = await resolveApplicationId(ctx, api);
  let approvalId = str(ctx.values, 'approval-id');
  const pending = await api.listPendingApprovals({ applicationId, executionId });
  const describe = (a: (typeof pending)[number]): string =>
    `${a.approvalId}${a.stageName || a.stepName ? ` (${[a.stageName, a.stepName].filter(Boolean).join(': ')})` : ''}${a.approvalType && a.approvalType !== 'USER_GROUP' ? ` [${a.approvalType}]` : ''}`;
  if (approvalId === undefined) {
    if (pending.length === 0) {
      throw new UsageError([`Execution ${executionId} has no pending approval: it is not paused at an approval (or it was already approved or rejected).`]);
    }
    if (pending.length > 1) {
      throw new UsageError([
        `Execution ${executionId} has ${String(pending.length)} pending approvals; choose one with --approval-id: ${pending.map(describe).join(', ')}.`,
      ]);
    }
    approvalId = pending[0]?.approvalId ?? '';
  } else if (!pending.some((a) => a.approvalId === approvalId)) {
    throw new UsageError([
      `Execution ${executionId} has no pending approval ${approvalId}.${pending.length > 0 ? ` Pending: ${pending.map(describe).join(', ')}.` : ''}`,
    ]);
  }
  const chosen = pending.find((a) => a.approvalId === approvalId);
  const variables = approvalVariables.value;
  const defined = chosen?.variables.map((v) => v.name) ?? [];
  const unknown = Object.keys(variables).filter((name) => !defined.includes(name));
  if (chosen !== undefined && unknown.length > 0) {
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
    approvalId,
    ...(comment === undefined ? {} : { comments: comment }),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
  };
  if (action === 'approve') await api.approve(options);
  else await api.reject(options);
  const done = action === 'approve' ? 'Approved' : 'Rejected';
  const given = Object.entries(variables).map(([name, value]) => `${name}=${value}`);
  if (ctx.json) ctx.out(JSON.stringify({ executionId, applicationId, approvalId, action: action.toUpperCase(), variables, success: true }));
  else ctx.out(`${done} ${chosen ? describe(chosen) : approvalId} of execution ${executionId}${given.length > 0 ? ` with ${given.join(', ')}` : ''}.`);
  return EXIT.SUCCESS;
}

/** Statuses a pipeline execution can be resumed from (Harness refuses the others). */
const RESUMABLE: ReadonlySet<string> = new Set(['FAILED', 'ABORTED', 'REJECTED', 'EXPIRED', 'ERROR']);

function stageLabel(stage: StageExecution): string {
  return stage.stepName && stage.stepName !== stage.name ? `"${stage.name ?? '?'}" (${stage.stepName})` : `"${stage.name ?? stage.stepName ?? '?'}"`;
}

async function resumeCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  applicationOptions(ctx, problems);
  const wait = waitOptions(ctx, problems);
  const stageName = str(ctx.values, 'stage');
  if (stageName === undefined) {
    problems.push('Name the stage to run again from with --stage NAME, such as --stage "Stage 2" (harness-exec status <executionId> lists the stages).');
  } else if (stageName.trim() === '') {
    problems.push('--stage is empty.');
  }
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const applicationId = await resolveApplicationId(ctx, api);
  const old = await api.getExecution(executionId);
  const wanted = stageName ?? '';
  if (old.kind !== 'PIPELINE') {
    throw new UsageError([`Execution ${executionId} is a workflow execution; only pipeline executions can be resumed. Start the workflow again with harness-exec start-workflow.`]);
  }
  const stage = old.stages.find((s) => s.name === wanted);
  if (stage === undefined) {
    const names = old.stages.map((s) => s.name).filter((n): n is string => n !== null);
    const suggestion = suggestClosest(wanted, names);
    throw new UsageError([
      `Execution ${executionId} has no stage ${JSON.stringify(wanted)}.${suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`} ` +
        `Its stages: ${old.stages.map(stageLabel).join(', ') || 'none'}.`,
    ]);
  }
  if (stage.status === null) {
    const ran = old.stages.filter((s) => s.status !== null);
    throw new UsageError([`Stage ${stageLabel(stage)} of execution ${executionId} never started; resume from a stage that ran: ${ran.map(stageLabel).join(', ') || 'none'}.`]);
  }
  if (old.status === null || !RESUMABLE.has(old.status)) {
    throw new UsageError([
      `Execution ${executionId} is ${old.status ?? 'PREPARING'}; only a FAILED, ABORTED, REJECTED, EXPIRED or ERROR pipeline execution can be resumed.`,
    ]);
  }
  const resumed = await api.resumePipeline({ applicationId, executionId, stageName: wanted });
  const name = resumed.entity?.name ?? old.entity?.name ?? '';
  ctx.err(
    `Resumed pipeline${name === '' ? '' : ` "${name}"`} execution ${executionId} from ${JSON.stringify(wanted)} as new execution ${resumed.id}: ${resumed.url ?? '(Harness gave no URL)'}`,
  );
  return finish(ctx, api, resumed, wait, () => EXIT.SUCCESS, { resumedFrom: executionId, resumedFromStage: wanted });
}

function describePausedStage(stage: StageExecution): string {
  const asks = stage.runtimeInputVariables.map((v) => v.name).join(', ');
  return `${stage.elementId ?? '?'} (${[stage.name, stage.stepName].filter(Boolean).join(': ')}${asks === '' ? '' : `; asks for ${asks}`})`;
}

/**
 * The stage of an execution paused for runtime inputs: the one --stage-id names (undefined when it
 * is not such a stage: the SDK then says why), or the only one there is.
 */
async function findPausedStage(ctx: Context, api: CliClient, executionId: string): Promise<StageExecution | undefined> {
  const execution = await api.getExecution(executionId);
  const paused = (s: StageExecution): boolean => s.status === 'PAUSED' && s.runtimeInputVariables.length > 0 && s.elementId !== null;
  const wanted = str(ctx.values, 'stage-id');
  if (wanted !== undefined) return execution.stages.find((s) => s.elementId === wanted && paused(s));
  if (execution.kind !== 'PIPELINE') {
    throw new UsageError([`Execution ${executionId} is a workflow execution; runtime inputs exist only for pipeline stages.`]);
  }
  const candidates = execution.stages.filter(paused);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    const stages = execution.stages.map((s) => `${s.elementId ?? '?'} (${s.name ?? '?'}): ${s.status ?? 'not reached'}`).join(', ');
    throw new UsageError([
      `Execution ${executionId} (${execution.status ?? 'PREPARING'}) has no stage paused for runtime inputs. Its stages: ${stages || 'none'}. ` +
        `Wait until harness-exec status shows it PAUSED "waiting for runtime inputs".`,
    ]);
  }
  throw new UsageError([
    `Execution ${executionId} has ${String(candidates.length)} stages paused for runtime inputs; choose one with --stage-id: ${candidates.map(describePausedStage).join(', ')}.`,
  ]);
}

function checkStageId(ctx: Context, problems: string[]): void {
  const stageId = str(ctx.values, 'stage-id');
  if (stageId !== undefined && stageId.trim() === '') problems.push('--stage-id is empty.');
}

async function runtimeInputsCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  const app = applicationOptions(ctx, problems);
  checkStageId(ctx, problems);
  const variables = readVariables(ctx, problems);
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const applicationId = await resolveApplicationId(ctx, api);
  const found = await findPausedStage(ctx, api, executionId);
  const stageElementId = found?.elementId ?? str(ctx.values, 'stage-id') ?? '';
  const options = { applicationId, executionId, stageElementId, variables };
  const missingVariables = (found?.runtimeInputVariables ?? []).filter((v) => v.required && !Object.hasOwn(variables, v.name)).map((v) => v.name);
  let info: RuntimeInputsInfo | undefined;
  try {
    info = await api.getRuntimeInputs(options);
  } catch (error) {
    // Required variables not given yet: list what the stage asks for anyway (the services depend on them).
    const onlyMissing = found !== undefined && missingVariables.length > 0 && isHarnessValidationError(error) && error.issues.every((issue) => issue.code === 'missing_required');
    if (!onlyMissing) throw error;
  }
  const stage = info?.stage ?? found;
  // Unreachable: without a paused stage getRuntimeInputs throws.
  if (stage === undefined) throw new UsageError([`Execution ${executionId} has no stage ${stageElementId} paused for runtime inputs.`]);
  const appFlag = app.applicationName !== undefined ? `--app ${shellQuote(app.applicationName)}` : `--app-id ${shellQuote(applicationId)}`;
  const report: RuntimeInputsReport = {
    executionId,
    applicationId,
    stage,
    variables: info?.variables ?? stage.runtimeInputVariables,
    servicesNeedingArtifacts: info?.servicesNeedingArtifacts,
    missingVariables,
    givenVariables: variables,
    commandPrefix: `harness-exec continue ${shellQuote(executionId)} ${appFlag} --stage-id ${shellQuote(stageElementId)}`,
  };
  ctx.out(ctx.json ? JSON.stringify(runtimeInputsJson(report)) : formatRuntimeInputs(report));
  return EXIT.SUCCESS;
}

async function continueCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  applicationOptions(ctx, problems);
  checkStageId(ctx, problems);
  const variables = readVariables(ctx, problems);
  const artifacts = parseArtifactChoices(list(ctx.values, 'artifact'), list(ctx.values, 'artifact-param'));
  problems.push(...artifacts.problems);
  const wait = waitOptions(ctx, problems);
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const applicationId = await resolveApplicationId(ctx, api);
  const stageElementId = str(ctx.values, 'stage-id') ?? (await findPausedStage(ctx, api, executionId))?.elementId ?? '';
  await api.continuePipeline({
    applicationId,
    executionId,
    stageElementId,
    variables,
    ...(Object.keys(artifacts.value).length > 0 ? { artifacts: artifacts.value } : {}),
  });
  const execution = await api.getExecution(executionId);
  const stage = execution.stages.find((s) => s.elementId === stageElementId);
  const name = execution.entity?.name ? ` "${execution.entity.name}"` : '';
  ctx.err(
    `Continued stage ${stage === undefined ? stageElementId : `${stageLabel(stage)} (${stageElementId})`} of pipeline${name} execution ${executionId}: ${execution.url ?? '(Harness gave no URL)'}`,
  );
  return finish(ctx, api, execution, wait, () => EXIT.SUCCESS, { continuedStage: { elementId: stageElementId, name: stage?.name ?? null } });
}

async function abortCommand(ctx: Context): Promise<number> {
  const problems = ctx.problems;
  applicationOptions(ctx, problems);
  const executionId = ctx.positionals[0] ?? '';
  const api = withCredentials(ctx, problems);
  const applicationId = await resolveApplicationId(ctx, api);
  await api.abortExecution({ applicationId, executionId });
  if (ctx.json) ctx.out(JSON.stringify({ executionId, applicationId, action: 'ABORT', requested: true }));
  else ctx.out(`Abort requested for execution ${executionId}; Harness stops its running steps and marks it ABORTED. Check with: harness-exec status ${shellQuote(executionId)}`);
  return EXIT.SUCCESS;
}

/** Runs harness-exec; resolves with the exit code. Never throws. */
export async function runCli(io: CliIo): Promise<number> {
  const keyFromFile = readKeyFileQuietly(io);
  const redact = createRedactor([io.env.HARNESS_API_KEY, keyFromFile]);
  const out = (text: string): void => io.stdout.write(redact(`${text}\n`));
  const err = (text: string): void => io.stderr.write(redact(`${text}\n`));
  const rawErr = (text: string): void => io.stderr.write(redact(text));
  const parsed = parseCommandLine(io.argv);
  switch (parsed.kind) {
    case 'help':
      out(helpText(parsed.command).trimEnd());
      return EXIT.SUCCESS;
    case 'version':
      out(SDK_VERSION);
      return EXIT.SUCCESS;
    case 'fake-harness': {
      const run = io.runFakeHarness ?? (async (argv: string[]) => (await import('../testing/standalone.js')).runFakeHarnessFromCli(argv));
      try {
        await run(parsed.argv);
        return EXIT.SUCCESS;
      } catch (error) {
        err(`error: ${error instanceof Error ? error.message : String(error)}\nRun harness-exec fake-harness --help for usage.`);
        return EXIT.USAGE;
      }
    }
    case 'usage-error':
      if (parsed.json) out(JSON.stringify({ error: { code: 'USAGE', problems: parsed.problems }, exitCode: EXIT.USAGE }));
      err(formatUsageProblems(parsed.problems, parsed.command));
      return EXIT.USAGE;
    case 'command':
      break;
  }
  const ctx: Context = {
    io,
    command: parsed.command,
    values: parsed.values,
    positionals: parsed.positionals,
    problems: [...parsed.problems],
    json: parsed.json,
    debug: parsed.debug,
    out,
    err,
    rawErr,
    now: io.now ?? Date.now,
  };
  try {
    switch (parsed.command) {
      case 'start-pipeline':
        return await startCommand(ctx, 'PIPELINE');
      case 'start-workflow':
        return await startCommand(ctx, 'WORKFLOW');
      case 'status':
        return await statusCommand(ctx);
      case 'inputs':
        return await inputsCommand(ctx);
      case 'resume':
        return await resumeCommand(ctx);
      case 'continue':
        return await continueCommand(ctx);
      case 'runtime-inputs':
        return await runtimeInputsCommand(ctx);
      case 'approve':
        return await approvalCommand(ctx, 'approve');
      case 'reject':
        return await approvalCommand(ctx, 'reject');
      case 'abort':
        return await abortCommand(ctx);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      if (ctx.json) out(JSON.stringify({ error: { code: 'USAGE', problems: error.problems }, exitCode: EXIT.USAGE }));
      err(formatUsageProblems(error.problems, parsed.command));
      return EXIT.USAGE;
    }
    const code = exitCodeForError(error);
    if (ctx.json) out(JSON.stringify(errorJson(error, code)));
    err(formatError(error, ctx.debug));
    return code;
  }
}

function readKeyFileQuietly(io: CliIo): string | undefined {
  const index = io.argv.findIndex((arg) => arg === '--api-key-file' || arg.startsWith('--api-key-file='));
  if (index < 0) return undefined;
  const arg = io.argv[index] ?? '';
  const path = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : io.argv[index + 1];
  if (path === undefined) return undefined;
  try {
    return io.readText(path).trim();
  } catch {
    return undefined;
  }
}
