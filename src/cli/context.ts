/**
 * What a command runs with: the world outside (process, streams, signals, files, the client
 * factory) as {@link CliIo}, the parsed command line, and the helpers every command shares to read
 * credentials, variables, the application and the wait options.
 */
import { HarnessClient } from '../client.js';
import type { HarnessClientOptions } from '../config.js';
import type { TransportHooks } from '../transport.js';
import { budgetOptionsFromEnv } from '../budget/env.js';
import type { VariableValues } from '../types.js';
import { SDK_VERSION } from '../version.js';
import { DEFAULT_WAIT_MS, flag, list, parseTimeout, pickNameOrId, str, type OptionValues } from './options.js';
import type { StartTracker } from './interrupt.js';
import { parseVarArgs, parseVarsFile, type ReadText } from './values.js';

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
  | 'listPipelines'
  | 'listWorkflows'
  | 'listApplications'
  | 'listBuilds'
  | 'request'
>;

export interface CliOutput {
  write(text: string): void;
}

/** The signals that interrupt harness-exec. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The world the CLI runs in. */
export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliOutput;
  stderr: CliOutput & { isTTY: boolean; columns?: number | undefined };
  readText: ReadText;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onInterrupt(handler: (signal: InterruptSignal) => void): () => void;
  /** Builds the client; default: {@link HarnessClient}. */
  createClient?: (options: HarnessClientOptions) => CliClient;
  /** Runs the fake server (fake-harness command). */
  runFakeHarness?: (argv: string[]) => Promise<void>;
  now?: () => number;
}

/** Arguments that cannot work: reported with every other problem, before anything is sent. */
export class UsageError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** One run of one command. */
export interface Context {
  io: CliIo;
  command: string;
  values: OptionValues;
  positionals: readonly string[];
  /** Problems found so far (argument parsing first); reported together before anything is sent. */
  problems: string[];
  json: boolean;
  debug: boolean;
  /** Writes a line to stdout (redacted). */
  out: (text: string) => void;
  /** Writes a line to stderr (redacted). */
  err: (text: string) => void;
  /** Writes to stderr as is (progress output manages its own line ends). */
  rawErr: (text: string) => void;
  now: () => number;
  /** Aborted on SIGINT/SIGTERM: a wait ends at once and says where the execution is. */
  signal: AbortSignal;
  /** The signal that aborted {@link signal}. */
  interruptedBy: InterruptSignal | undefined;
  /** What a start command has done so far, for the message printed on an interrupt. */
  tracker: StartTracker;
  /** Run when the command ends, however it ends (closes a Redis budget store, whose connection keeps Node running). */
  cleanups: Array<() => Promise<void>>;
}

/**
 * A secret from its environment variable, or from the file a flag names (the file wins); undefined
 * when neither gives one. Secrets are never accepted as flag values, so they never show in `ps`.
 */
function readSecret(io: CliIo, problems: string[], fromEnv: string | undefined, file: string | undefined, flag: string): string | undefined {
  if (file === undefined) return fromEnv === undefined || fromEnv.trim() === '' ? undefined : fromEnv.trim();
  try {
    const secret = io.readText(file).trim();
    if (secret !== '') return secret;
    problems.push(`${flag} ${file} is empty.`);
  } catch {
    problems.push(`${flag} ${JSON.stringify(file)} cannot be read.`);
  }
  return undefined;
}

function readCredentials(ctx: Context, problems: string[], extraHooks: TransportHooks): HarnessClientOptions | undefined {
  const { io, values } = ctx;
  const accountId = str(values, 'account-id') ?? io.env.HARNESS_ACCOUNT_ID;
  const apiKey = readSecret(io, problems, io.env.HARNESS_API_KEY, str(values, 'api-key-file'), '--api-key-file');
  const bearerToken = readSecret(io, problems, io.env.HARNESS_BEARER_TOKEN, str(values, 'bearer-token-file'), '--bearer-token-file');
  const endpoint = str(values, 'endpoint') ?? io.env.HARNESS_ENDPOINT;
  if (accountId === undefined || accountId.trim() === '') problems.push('No account id: set HARNESS_ACCOUNT_ID or pass --account-id ID.');
  const fileGiven = str(values, 'api-key-file') !== undefined || str(values, 'bearer-token-file') !== undefined;
  if (apiKey === undefined && bearerToken === undefined && !fileGiven) {
    problems.push(
      'No credentials: set HARNESS_API_KEY (for example from a Jenkins credential or a CI secret) or pass --api-key-file FILE; ' +
        "or use a logged-in user's session token with HARNESS_BEARER_TOKEN or --bearer-token-file FILE.",
    );
  }
  if (apiKey !== undefined && bearerToken !== undefined) {
    problems.push(
      'Both an API key (HARNESS_API_KEY or --api-key-file) and a session token (HARNESS_BEARER_TOKEN or --bearer-token-file) are set: keep exactly one.',
    );
  }
  if (accountId === undefined || (apiKey === undefined) === (bearerToken === undefined)) return undefined;
  return {
    accountId: accountId.trim(),
    ...(apiKey !== undefined ? { apiKey } : { bearerToken: bearerToken as string }),
    ...(endpoint === undefined || endpoint.trim() === '' ? {} : { endpoint: endpoint.trim() }),
    userAgent: `harness-exec/${SDK_VERSION} harness-graphql-sdk/${SDK_VERSION}`,
    // Tells the interrupt message whether a start request has left.
    hooks: {
      ...extraHooks,
      onRequest: (event) => {
        ctx.tracker.requestSent(event.operation);
        extraHooks.onRequest?.(event);
      },
    },
  };
}

/** Client options a command may set for itself (the doctor wants a 429 or a 5xx reported, not waited out). */
export type ClientOverrides = Pick<HarnessClientOptions, 'retry' | 'maxRateLimitWaitMs'>;

/**
 * Reads the credentials and builds the client, or throws every problem found so far (arguments
 * included) as one {@link UsageError}: the last step before anything is sent.
 */
export function connect(ctx: Context, extraHooks: TransportHooks = {}, overrides: ClientOverrides = {}): CliClient {
  const credentials = readCredentials(ctx, ctx.problems, extraHooks);
  if (ctx.problems.length > 0 || credentials === undefined) throw new UsageError(ctx.problems);
  // HARNESS_BUDGET_REDIS_URL and HARNESS_REQUESTS_PER_MINUTE; a malformed one is a validation error naming it.
  const budget = budgetOptionsFromEnv(ctx.io.env);
  const store = typeof budget.budget === 'object' ? budget.budget : undefined;
  if (store?.close !== undefined) ctx.cleanups.push(() => store.close?.() ?? Promise.resolve());
  // --timeout bounds how long any request of the command may wait out the account's 429s, too.
  const timeout = str(ctx.values, 'timeout');
  const parsed = timeout === undefined ? undefined : parseTimeout(timeout);
  const rateLimitWait = parsed === undefined || 'problem' in parsed ? {} : { maxRateLimitWaitMs: parsed.ms };
  const factory = ctx.io.createClient ?? ((options: HarnessClientOptions) => new HarnessClient(options));
  return factory({ ...credentials, ...budget, ...rateLimitWait, ...overrides });
}

/** Variables from --vars-file, then --var (which wins). */
export function readVariables(values: OptionValues, readText: ReadText, problems: string[]): VariableValues {
  const variables: Record<string, string | string[]> = {};
  const file = str(values, 'vars-file');
  if (file !== undefined) {
    let text: string | undefined;
    try {
      text = readText(file);
    } catch {
      problems.push(`--vars-file ${JSON.stringify(file)} cannot be read.`);
    }
    if (text !== undefined) {
      const parsed = parseVarsFile(text, file);
      problems.push(...parsed.problems);
      Object.assign(variables, parsed.value);
    }
  }
  const parsed = parseVarArgs(list(values, 'var'), readText);
  problems.push(...parsed.problems);
  Object.assign(variables, parsed.value);
  return variables;
}

/** --app / --app-id as SDK options. */
export function applicationOptions(values: OptionValues, problems: string[]): { applicationName?: string; applicationId?: string } {
  const app = pickNameOrId(values, problems, 'app', 'app-id', 'application');
  return { ...(app.name === undefined ? {} : { applicationName: app.name }), ...(app.id === undefined ? {} : { applicationId: app.id }) };
}

/** The application id: --app-id as given, or --app looked up. */
export async function resolveApplicationId(ctx: Context, api: CliClient): Promise<string> {
  const id = str(ctx.values, 'app-id');
  if (id !== undefined) return id;
  return (await api.findApplication(str(ctx.values, 'app') ?? '', { signal: ctx.signal })).id;
}

/** What --wait and --timeout ask for. */
export interface WaitRequest {
  wait: boolean;
  timeoutMs: number;
  /** --abort-on-interrupt: SIGINT/SIGTERM during the wait aborts the execution in Harness. */
  abortOnInterrupt: boolean;
}

export function waitOptions(values: OptionValues, problems: string[]): WaitRequest {
  const wait = flag(values, 'wait');
  const timeout = str(values, 'timeout');
  let timeoutMs: number = DEFAULT_WAIT_MS;
  if (timeout !== undefined) {
    const parsed = parseTimeout(timeout);
    if ('problem' in parsed) problems.push(parsed.problem);
    else timeoutMs = parsed.ms;
    if (!wait) problems.push('--timeout only applies with --wait. Add --wait, or leave --timeout out.');
  }
  const abortOnInterrupt = flag(values, 'abort-on-interrupt');
  if (abortOnInterrupt && !wait) {
    problems.push('--abort-on-interrupt only applies with --wait (without it harness-exec ends before the execution does). Add --wait.');
  }
  return { wait, timeoutMs, abortOnInterrupt };
}

/** The execution id positional (its presence is checked by the parser). */
export function executionIdOf(ctx: Context): string {
  return ctx.positionals[0] ?? '';
}
