/**
 * What start-pipeline and start-workflow share: their options, help, the mapping of arguments to
 * the SDK's start options, and the start itself (with --dry-run and --wait).
 */
import type { StartPipelineOptions, StartWorkflowOptions } from '../starts.js';
import type { StartArtifactChoices, StartExecutionInput } from '../types.js';
import { applicationOptions, connect, readVariables, waitOptions, type Context } from './context.js';
import { EXIT } from './exit-codes.js';
import { finish } from './finish.js';
import { flag, list, pickNameOrId, str, type OptionValues } from './options.js';
import { parseArtifactChoices, parseManifestArgs, type ReadText } from './values.js';

export type StartKind = 'PIPELINE' | 'WORKFLOW';

/** The options both start commands document. */
export const START_HELP = `  --app NAME | --app-id ID           the application
  --var NAME=VALUE                   a variable value (repeatable); NAME=@FILE reads the value
                                     from a file; comma-separate several values
  --vars-file FILE                   variables from a JSON object or KEY=VALUE lines
                                     (--var wins over the file)
  --artifact SERVICE=SOURCE:BUILD    the build to deploy for a service (repeatable), by
                                     artifact source name and build number,
                                     or SERVICE=id:ARTIFACT_ID;
                                     SERVICE=SOURCE:latest is the build Harness collected
                                     most recently from SOURCE (not the highest version;
                                     harness-exec inputs lists them); a build really tagged
                                     "latest" is SERVICE=SOURCE:=latest (":=" takes the
                                     build number exactly)
  --artifact-param SERVICE.NAME=VALUE  a runtime parameter of a parameterized artifact source
                                     (repeatable); needs --artifact SERVICE=SOURCE:BUILD
  --manifest SERVICE=MANIFEST:VERSION  the Helm chart version for a service (repeatable),
                                     or SERVICE=id:HELM_CHART_ID
  --notes TEXT                       notes shown on the execution
  --idempotency-key KEY              a key unique to this deployment: a retried command with
                                     the same key does not start a second execution
  --allow-unknown-variables          send variables the entity does not declare
  --exclude-hosts-with-same-artifact skip hosts that already run the artifact
  --dry-run                          validate and print the exact input; send nothing
  --wait                             wait for the end; progress goes to stderr
  --timeout SECONDS                  with --wait: give up after this long (default 3600;
                                     also 90s, 30m, 2h); the execution keeps running
  --abort-on-interrupt               with --wait: on SIGINT/SIGTERM (a cancelled CI job) abort
                                     the execution in Harness too, then exit 130/143`;

export type StartOptions = StartPipelineOptions & StartWorkflowOptions & { idempotencyKey?: string };

/** Builds the SDK's start options from the arguments of start-pipeline / start-workflow. */
export function buildStartOptions(kind: StartKind, values: OptionValues, readText: ReadText, problems: string[]): StartOptions {
  const app = applicationOptions(values, problems);
  const entity =
    kind === 'PIPELINE'
      ? pickNameOrId(values, problems, 'pipeline', 'pipeline-id', 'pipeline')
      : pickNameOrId(values, problems, 'workflow', 'workflow-id', 'workflow');
  const variables = readVariables(values, readText, problems);
  const artifacts = parseArtifactChoices(list(values, 'artifact'), list(values, 'artifact-param'));
  const manifests = parseManifestArgs(list(values, 'manifest'));
  problems.push(...artifacts.problems, ...manifests.problems);
  const notes = str(values, 'notes');
  const idempotencyKey = str(values, 'idempotency-key');
  if (idempotencyKey !== undefined && idempotencyKey.trim() === '') problems.push('--idempotency-key is empty.');
  const hosts = list(values, 'host');
  const runtimeInputs = list(values, 'runtime-input');
  return {
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
}

/** What a `SOURCE:latest` choice became in a prepared start. */
export interface ResolvedLatestBuild {
  service: string;
  artifactSource: string;
  /** The build number the start would send; null if the input names none for the service. */
  buildNumber: string | null;
}

/** The build each `SOURCE:latest` choice resolved to, read from the prepared startExecution input. */
export function resolvedLatestBuilds(artifacts: StartArtifactChoices, input: StartExecutionInput): ResolvedLatestBuild[] {
  const resolved: ResolvedLatestBuild[] = [];
  for (const [service, choice] of Object.entries(artifacts)) {
    if (!('latest' in choice)) continue;
    const value = input.serviceInputs?.find((serviceInput) => serviceInput?.name === service)?.artifactValueInput;
    const buildNumber = value?.buildNumber?.buildNumber ?? value?.parameterizedArtifactSource?.buildNumber ?? null;
    resolved.push({ service, artifactSource: choice.artifactSource, buildNumber });
  }
  return resolved;
}

function targetOf(kind: StartKind, options: StartOptions): string {
  const word = kind.toLowerCase();
  const entity = options.pipelineName ?? options.workflowName;
  const named = entity === undefined ? `${word} ${options.pipelineId ?? options.workflowId ?? ''}` : `${word} ${JSON.stringify(entity)}`;
  const app = options.applicationName === undefined ? `application ${options.applicationId ?? ''}` : `application ${JSON.stringify(options.applicationName)}`;
  return `${named} of ${app}`;
}

/** Runs start-pipeline or start-workflow. */
export async function runStart(ctx: Context, kind: StartKind): Promise<number> {
  const problems = ctx.problems;
  const options = buildStartOptions(kind, ctx.values, ctx.io.readText, problems);
  const wait = waitOptions(ctx.values, problems);
  const dryRun = flag(ctx.values, 'dry-run');
  if (dryRun && wait.wait) problems.push('--dry-run starts nothing, so there is nothing to --wait for. Use one of them.');
  const api = connect(ctx);
  if (dryRun) {
    const prepared = kind === 'PIPELINE' ? await api.preparePipelineStart(options) : await api.prepareWorkflowStart(options);
    const resolved = resolvedLatestBuilds(options.artifacts ?? {}, prepared.input);
    if (ctx.json) {
      ctx.out(
        JSON.stringify({
          dryRun: true,
          entity: { kind: prepared.entity.kind, id: prepared.entity.id, name: prepared.entity.name },
          input: prepared.input,
          latest: resolved,
        }),
      );
    } else {
      const latestLines = resolved.map(
        (r) => `${r.service}=${r.artifactSource}:latest is build ${r.buildNumber ?? '(none)'}, the one Harness collected most recently.\n`,
      );
      ctx.out(
        latestLines.join('') +
          `Dry run: the inputs are valid; nothing was sent. harness-exec would start ${kind.toLowerCase()} "${prepared.entity.name}" (${prepared.entity.id}) with this startExecution input:\n` +
          JSON.stringify(prepared.input, null, 2),
      );
    }
    return EXIT.SUCCESS;
  }
  ctx.tracker.begin({
    operation: 'StartExecution',
    verb: 'start',
    target: targetOf(kind, options),
    createsExecution: true,
    idempotencyKey: options.idempotencyKey,
    observed: ctx.io.createClient === undefined,
  });
  const started = kind === 'PIPELINE' ? await api.startPipeline(options) : await api.startWorkflow(options);
  ctx.tracker.done(started.id, started.url);
  const name = started.entity?.name ?? options.pipelineName ?? options.workflowName ?? '';
  const what = `${kind.toLowerCase()}${name === '' ? '' : ` "${name}"`} execution ${started.id}: ${started.url ?? '(Harness gave no URL)'}`;
  if (started.reused) ctx.err(`An execution with idempotency key ${JSON.stringify(options.idempotencyKey ?? '')} already exists; not starting another. Using ${what}`);
  else ctx.err(`Started ${what}`);
  if (started.warningMessage) ctx.err(`warning: Harness says: ${started.warningMessage}`);
  return finish(ctx, api, started, wait);
}
