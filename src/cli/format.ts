/**
 * What harness-exec prints: execution summaries (human or one JSON object), the inputs listing, and
 * error messages. Pure functions; the redactor is the last line of defence that keeps the API key out
 * of every byte written.
 */
import { describeVariable } from '../inputs/variables.js';
import { isHarnessError, isHarnessValidationError, type HarnessError } from '../errors.js';
import type {
  DeclaredVariable,
  EntityDefinition,
  ExecutionInputsInfo,
  ExecutionSummary,
  ServiceNeedingInput,
  StageExecution,
  StartedExecution,
} from '../types.js';
import { formatElapsed } from './progress.js';
import type { SourceBuilds } from './newest-builds.js';

/** Replaces every occurrence of the secrets in a text with `***`. */
export function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.trim().length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join('***');
    return out;
  };
}

/** A stage as the JSON output shows it. */
export interface StageJson {
  name: string | null;
  stepName: string | null;
  type: string;
  status: string | null;
  workflowExecutionId: string | null;
}

/** The JSON object printed on stdout with --json. */
export interface ExecutionJson {
  executionId: string;
  kind: string;
  status: string | null;
  url: string | null;
  applicationId: string | null;
  entity: { id: string | null; name: string | null } | null;
  stages: StageJson[];
  failureDetails: string | null;
  warningMessage: string | null;
  /** With --idempotency-key: true when an execution carrying the key already existed and none was started. */
  reused?: boolean;
  /** Set when the wait ended without a final status: `timeout` or `interrupted`. */
  waitEnded?: 'timeout' | 'interrupted';
  /** Set with --wait and when the wait ended: how long it took, in ms. */
  elapsedMs?: number;
}

export function toExecutionJson(
  execution: ExecutionSummary | StartedExecution,
  extra: { warningMessage?: string | null; waitEnded?: 'timeout' | 'interrupted'; elapsedMs?: number } = {},
): ExecutionJson {
  const warning = extra.warningMessage ?? ('warningMessage' in execution ? execution.warningMessage : null);
  return {
    executionId: execution.id,
    kind: execution.kind,
    status: execution.status,
    url: execution.url,
    applicationId: execution.applicationId,
    entity: execution.entity,
    stages: execution.stages.map((stage) => ({
      name: stage.name,
      stepName: stage.stepName,
      type: stage.type,
      status: stage.status,
      workflowExecutionId: stage.workflowExecutionId,
    })),
    failureDetails: execution.failureDetails,
    warningMessage: warning ?? null,
    ...('reused' in execution && typeof execution.reused === 'boolean' ? { reused: execution.reused } : {}),
    ...(extra.waitEnded === undefined ? {} : { waitEnded: extra.waitEnded }),
    ...(extra.elapsedMs === undefined ? {} : { elapsedMs: extra.elapsedMs }),
  };
}

function kindWord(execution: ExecutionSummary): string {
  return execution.kind === 'PIPELINE' ? 'Pipeline' : 'Workflow';
}

/** A short human summary of an execution (several lines, no trailing newline). */
export function formatExecution(execution: ExecutionSummary | StartedExecution, options: { elapsedMs?: number } = {}): string {
  const name = execution.entity?.name ? ` "${execution.entity.name}"` : '';
  const lines = [`${kindWord(execution)}${name} execution ${execution.id}: ${execution.status ?? 'PREPARING'}`];
  if (execution.url) lines.push(`  URL: ${execution.url}`);
  if (options.elapsedMs !== undefined) lines.push(`  Waited: ${formatElapsed(options.elapsedMs)}`);
  for (const stage of execution.stages) {
    const label = stage.stepName && stage.stepName !== stage.name ? `${stage.name ?? '?'} (${stage.stepName})` : (stage.name ?? '?');
    lines.push(`  ${label}: ${stage.status ?? 'not reached'}`);
  }
  if (execution.failureDetails) lines.push(`  Failure: ${execution.failureDetails}`);
  const warning = 'warningMessage' in execution ? execution.warningMessage : null;
  if (warning) lines.push(`  Warning from Harness: ${warning}`);
  return lines.join('\n');
}

/** Quotes a shell word when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/u.test(word) ? word : `'${word.replace(/'/gu, `'\\''`)}'`;
}

function placeholder(variable: DeclaredVariable): string {
  if (variable.allowedValues.length > 0) return variable.allowedValues[0] ?? 'VALUE';
  if (variable.type === 'Text') return 'VALUE';
  return `${variable.type.toUpperCase().replace(/[^A-Z]+/gu, '_').replace(/^_|_$/gu, '')}_NAME`;
}

function artifactExample(service: ServiceNeedingInput): string {
  const source = service.artifactSources[0]?.name ?? 'SOURCE';
  return `${service.name}=${source}:BUILD`;
}

/** What the inputs command learnt. */
export interface InputsReport {
  entity: EntityDefinition;
  /** Undefined when required variables that decide the services were not given. */
  executionInputs: ExecutionInputsInfo | undefined;
  /** Required variables not given (they may decide which services need artifacts). */
  missingVariables: readonly string[];
  /** How the entity was named on the command line. */
  commandPrefix: string;
  /** Variables given with --var/--vars-file. */
  givenVariables: Readonly<Record<string, unknown>>;
  /** Pipeline variables named with --runtime-input. */
  runtimeInputs: readonly string[];
  /** The newest collected builds of each artifact source of the services needing an artifact. */
  builds: readonly SourceBuilds[];
}

/** An epoch-milliseconds time as ISO 8601 to the second; null when Harness did not say. */
function collectedTime(collectedAt: number | null): string | null {
  return collectedAt === null ? null : new Date(collectedAt).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

/** One line per artifact source: its newest builds with when they were collected, or that it has none. */
function describeSourceBuilds(entry: SourceBuilds): string {
  if (entry.builds.length === 0) return `    "${entry.artifactSource}": no collected build yet (SOURCE:latest cannot be used; name a build)`;
  const builds = entry.builds.map((build) => `${build.buildNumber} (collected ${collectedTime(build.collectedAt) ?? 'at an unknown time'})`);
  return `    "${entry.artifactSource}" newest: ${builds.join(', ')}`;
}

/** The inputs listing: variables, services needing artifacts/manifests, and a start command. */
export function formatInputs(report: InputsReport): string {
  const { entity } = report;
  const kind = entity.kind === 'PIPELINE' ? 'Pipeline' : 'Workflow';
  const lines: string[] = [`${kind} "${entity.name}" (${entity.id}) in application ${entity.applicationId}`];
  if (entity.description) lines.push(`  ${entity.description}`);
  lines.push('');
  if (entity.variables.length === 0) {
    lines.push('Variables: none');
  } else {
    lines.push('Variables (--var NAME=VALUE):');
    for (const variable of entity.variables) {
      const given = Object.hasOwn(report.givenVariables, variable.name) ? '  [given]' : '';
      const runtime = report.runtimeInputs.includes(variable.name) ? '  [runtime input]' : '';
      lines.push(`  ${describeVariable(variable)}${given}${runtime}`);
    }
  }
  lines.push('');
  const example: string[] = [report.commandPrefix];
  for (const variable of entity.variables) {
    if (Object.hasOwn(report.givenVariables, variable.name)) {
      const value = report.givenVariables[variable.name];
      example.push(`--var ${shellQuote(`${variable.name}=${Array.isArray(value) ? value.join(',') : String(value)}`)}`);
    } else if (variable.required && !variable.fixed && !report.runtimeInputs.includes(variable.name)) {
      example.push(`--var ${shellQuote(`${variable.name}=${placeholder(variable)}`)}`);
    }
  }
  for (const name of report.runtimeInputs) example.push(`--runtime-input ${shellQuote(name)}`);
  if (report.executionInputs === undefined) {
    lines.push(
      `Services: which services need an artifact depends on ${report.missingVariables.map((n) => `"${n}"`).join(', ')}, not given.`,
      `  Pass ${report.missingVariables.length === 1 ? 'it' : 'them'} to see the services${
        entity.kind === 'PIPELINE' ? ' (or name a variable entered when its stage runs with --runtime-input NAME)' : ''
      }, for example:`,
      `  harness-exec inputs ${report.commandPrefix.replace(/^harness-exec start-(pipeline|workflow) /u, '')} ${report.missingVariables
        .map((name) => `--var ${shellQuote(`${name}=${placeholder(entity.variables.find((v) => v.name === name) ?? { name, type: 'Text', required: true, allowedValues: [], defaultValue: null, fixed: false, allowMultipleValues: false })}`)}`)
        .join(' ')}`,
    );
  } else {
    const { servicesNeedingArtifacts: artifacts, servicesNeedingManifests: manifests } = report.executionInputs;
    if (artifacts.length === 0) {
      lines.push('Services needing an artifact: none');
    } else {
      lines.push('Services needing an artifact (--artifact SERVICE=SOURCE:BUILD or SERVICE=id:ARTIFACT_ID):');
      for (const service of artifacts) {
        const sources = service.artifactSources.map((s) => `"${s.name}"`).join(', ') || 'none listed';
        lines.push(`  ${service.name} (${[service.deploymentType, service.artifactType].filter(Boolean).join(', ')}): artifact sources ${sources}`);
        for (const entry of report.builds) if (entry.service === service.name) lines.push(describeSourceBuilds(entry));
        example.push(`--artifact ${shellQuote(artifactExample(service))}`);
      }
    }
    if (manifests.length > 0) {
      lines.push('Services needing a manifest (--manifest SERVICE=MANIFEST:VERSION or SERVICE=id:HELM_CHART_ID):');
      for (const service of manifests) {
        lines.push(`  ${service.name} (${[service.deploymentType, service.artifactType].filter(Boolean).join(', ')})`);
        example.push(`--manifest ${shellQuote(`${service.name}=MANIFEST:VERSION`)}`);
      }
    }
  }
  lines.push('', 'Start it with:', `  ${example.join(' ')}`);
  return lines.join('\n');
}

/** The inputs listing as JSON. */
export function inputsJson(report: InputsReport): Record<string, unknown> {
  return {
    kind: report.entity.kind,
    id: report.entity.id,
    name: report.entity.name,
    applicationId: report.entity.applicationId,
    variables: report.entity.variables,
    servicesNeedingArtifacts: report.executionInputs?.servicesNeedingArtifacts ?? null,
    servicesNeedingManifests: report.executionInputs?.servicesNeedingManifests ?? null,
    missingVariables: report.missingVariables,
    builds:
      report.executionInputs === undefined
        ? null
        : report.builds.map((entry) => ({
            service: entry.service,
            artifactSource: entry.artifactSource,
            builds: entry.builds.map((build) => ({ buildNumber: build.buildNumber, artifactId: build.artifactId, collectedAt: collectedTime(build.collectedAt) })),
          })),
  };
}

/** What the runtime-inputs command learnt about a stage paused for runtime inputs. */
export interface RuntimeInputsReport {
  executionId: string;
  applicationId: string;
  stage: StageExecution;
  /** The variables the stage waits for. */
  variables: readonly DeclaredVariable[];
  /** Undefined when required variables that decide the services were not given. */
  servicesNeedingArtifacts: readonly ServiceNeedingInput[] | undefined;
  /** Required runtime variables not given. */
  missingVariables: readonly string[];
  /** Variables given with --var/--vars-file. */
  givenVariables: Readonly<Record<string, unknown>>;
  /** `harness-exec continue <id> --app ... --stage-id ...`. */
  commandPrefix: string;
}

/** The runtime-inputs listing: the stage's variables, services needing an artifact, and a continue command. */
export function formatRuntimeInputs(report: RuntimeInputsReport): string {
  const { stage } = report;
  const label = [stage.name, stage.stepName].filter(Boolean).join(': ') || '?';
  const lines: string[] = [`Stage "${label}" (${stage.elementId ?? '?'}) of execution ${report.executionId} waits for runtime inputs.`, ''];
  lines.push('Variables (--var NAME=VALUE):');
  for (const variable of report.variables) {
    const given = Object.hasOwn(report.givenVariables, variable.name) ? '  [given]' : '';
    lines.push(`  ${describeVariable(variable)}${given}`);
  }
  lines.push('');
  const example: string[] = [report.commandPrefix];
  for (const variable of report.variables) {
    if (Object.hasOwn(report.givenVariables, variable.name)) {
      const value = report.givenVariables[variable.name];
      example.push(`--var ${shellQuote(`${variable.name}=${Array.isArray(value) ? value.join(',') : String(value)}`)}`);
    } else if (variable.required) {
      example.push(`--var ${shellQuote(`${variable.name}=${placeholder(variable)}`)}`);
    }
  }
  const services = report.servicesNeedingArtifacts;
  if (services === undefined) {
    lines.push(
      `Services: which services need an artifact depends on ${report.missingVariables.map((n) => `"${n}"`).join(', ')}, not given.`,
      `  Pass ${report.missingVariables.length === 1 ? 'it' : 'them'} with --var to see the services.`,
    );
  } else if (services.length === 0) {
    lines.push('Services needing an artifact: none');
  } else {
    lines.push('Services needing an artifact (--artifact SERVICE=SOURCE:BUILD or SERVICE=id:ARTIFACT_ID; --artifact-param SERVICE.NAME=VALUE):');
    for (const service of services) {
      const sources = service.artifactSources.map((s) => `"${s.name}"`).join(', ') || 'none listed';
      lines.push(`  ${service.name} (${[service.deploymentType, service.artifactType].filter(Boolean).join(', ')}): artifact sources ${sources}`);
      example.push(`--artifact ${shellQuote(artifactExample(service))}`);
    }
  }
  lines.push('', 'Continue it with:', `  ${example.join(' ')}`);
  return lines.join('\n');
}

/** The runtime-inputs listing as JSON. */
export function runtimeInputsJson(report: RuntimeInputsReport): Record<string, unknown> {
  return {
    executionId: report.executionId,
    applicationId: report.applicationId,
    stage: { elementId: report.stage.elementId, name: report.stage.name, stepName: report.stage.stepName, status: report.stage.status },
    variables: report.variables,
    servicesNeedingArtifacts: report.servicesNeedingArtifacts ?? null,
    missingVariables: report.missingVariables,
  };
}

/**
 * The SDK's method and option names in its messages, as harness-exec spells them: a user of the
 * command line knows its commands and flags, not the SDK's API. Applied in this order.
 */
const CLI_WORDING: readonly [RegExp, string][] = [
  [/name it in runtimeInputs/gu, 'pass --runtime-input NAME'],
  [/pass allowUnknown(?:Variables)?: true/gu, 'pass --allow-unknown-variables'],
  [/, or pass allowUnknownServices: true to leave it out silently/gu, ''],
  [/\{ id: "\.\.\." \} for its id/gu, 'its exact name'],
  [/Wait until awaitExecution reports waitingFor "runtime-inputs"\./gu, 'Wait until harness-exec status shows it PAUSED (runtime inputs needed).'],
  [/\(getExecution\)/gu, '(harness-exec status)'],
  [/listPendingApprovals shows whether it is still pending/gu, 'harness-exec status shows whether it is still paused at the approval'],
  [/an idempotencyKey makes the SDK do this for you/gu, '--idempotency-key makes harness-exec do this for you'],
  // harness-exec adds its own "Next time pass --idempotency-key" line to an unknown outcome.
  [/; pass an idempotencyKey to let the SDK do this check and never start twice\./gu, '.'],
  [/Start again with the same idempotencyKey/gu, 'Run the same command again with the same --idempotency-key'],
  [/the SDK finds it/gu, 'harness-exec finds it'],
  [/\bidempotencyKey\b/gu, '--idempotency-key'],
  [/\bruntimeInputs\b/gu, '--runtime-input'],
  [/\bcontinueWithDefaultValues\b/gu, '--continue-with-defaults'],
  [/\bstartPipeline\b/gu, 'start-pipeline'],
  [/\bstartWorkflow\b/gu, 'start-workflow'],
  [/\bresumePipeline\b/gu, 'resume'],
  [/\bcontinuePipeline\b/gu, 'continue'],
  [/\bgetRuntimeInputs\b/gu, 'runtime-inputs'],
  [/\bawaitExecution\b/gu, 'harness-exec status --wait'],
  [/\bgetExecution\b/gu, 'harness-exec status'],
  [/\bthe SDK\b/gu, 'harness-exec'],
];

/** An SDK message with the SDK's method and option names replaced by harness-exec's commands and flags. */
export function cliWording(message: string): string {
  let out = message;
  for (const [pattern, replacement] of CLI_WORDING) out = out.replace(pattern, replacement);
  return out;
}

/** The message printed for an error (no stack unless debug and not a HarnessError). */
export function formatError(error: unknown, debug: boolean): string {
  if (isHarnessError(error)) {
    return `error: ${cliWording(error.message)}`;
  }
  if (debug && error instanceof Error && error.stack) return `error: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${message}${debug ? '' : ' (run with --debug for details)'}`;
}

/** The JSON printed on stdout for an error with --json. */
export function errorJson(error: unknown, exitCode: number): Record<string, unknown> {
  if (isHarnessError(error)) {
    const body = (error as HarnessError).toJSON();
    if (typeof body.message === 'string') body.message = cliWording(body.message);
    if (isHarnessValidationError(error)) body.issues = error.issues.map((issue) => ({ ...issue, message: cliWording(issue.message) }));
    return { error: body, exitCode };
  }
  return { error: { name: 'Error', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }, exitCode };
}

/** A usage error listing every problem. */
export function formatUsageProblems(problems: readonly string[], command: string | undefined): string {
  const head = `error: ${problems.length} problem${problems.length === 1 ? '' : 's'} with the arguments; nothing was sent to Harness:`;
  const help = `Run harness-exec ${command ?? ''}${command ? ' ' : ''}--help for usage.`;
  return [head, ...problems.map((p) => `  - ${p}`), help].join('\n');
}
