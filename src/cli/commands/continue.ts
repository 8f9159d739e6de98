import { stageLabel } from '../../resume-abort.js';
import type { CommandModule } from '../command.js';
import { applicationOptions, connect, executionIdOf, readVariables, resolveApplicationId, waitOptions } from '../context.js';
import { finish } from '../finish.js';
import { APP_OPTIONS, ARTIFACT_OPTIONS, VARIABLE_OPTIONS, WAIT_OPTIONS, list, str } from '../options.js';
import { checkStageId, findPausedStage } from '../paused-stage.js';
import { parseArtifactChoices, withoutLatest } from '../values.js';

export const continueCommand: CommandModule = {
  name: 'continue',
  usage: 'continue <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]... [--wait]',
  options: { ...APP_OPTIONS, ...WAIT_OPTIONS, ...ARTIFACT_OPTIONS, ...VARIABLE_OPTIONS, 'stage-id': { type: 'string' } },
  positionals: ['executionId'],
  mixUps: { stage: 'continue names the stage by its element id: --stage-id ID (runtime-inputs prints it), or leave it out to use the one paused stage.' },
  help: `Continue a pipeline stage paused for runtime inputs, after checking the values like a start
(nothing is sent when anything is wrong). Without --stage-id the one stage paused for runtime
inputs is used; when there are several (or none) they are listed and the exit code is 2.

Usage:
  harness-exec continue <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]...
                        [--vars-file FILE] [--artifact SERVICE=SOURCE:BUILD]... [--wait]

Options:
  --app NAME | --app-id ID           the application of the execution
  --stage-id ID                      the paused stage (its element id; see runtime-inputs)
  --var NAME=VALUE                   a runtime variable's value (repeatable); NAME=@FILE reads
                                     the value from a file; only the stage's runtime variables
  --vars-file FILE                   values from a JSON object or KEY=VALUE lines
  --artifact SERVICE=SOURCE:BUILD    the build for a service the stage asks an artifact for
                                     (repeatable), or SERVICE=id:ARTIFACT_ID
  --artifact-param SERVICE.NAME=VALUE  a runtime parameter of a parameterized artifact source
                                     (repeatable); needs --artifact SERVICE=SOURCE:BUILD
  --wait                             wait for the execution to end; progress goes to stderr
  --timeout SECONDS                  with --wait: give up after this long (default 3600)
  --abort-on-interrupt               with --wait: on SIGINT/SIGTERM (a cancelled CI job) abort
                                     the execution in Harness too, then exit 130/143

stdout carries the execution as for start-pipeline (with --json also continuedStage). With --wait
a later stage that pauses again keeps the wait going: continue it from another shell.

Examples:
  harness-exec runtime-inputs Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo"
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --var releaseTag=v6.1 --wait
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app-id iIfYmHDqTj6Gsygtwt4VRQ \\
    --stage-id stageRuntimeQa0000001 --vars-file runtime.vars --json
`,
  async run(ctx) {
    const problems = ctx.problems;
    applicationOptions(ctx.values, problems);
    checkStageId(ctx);
    const variables = readVariables(ctx.values, ctx.io.readText, problems);
    const artifacts = withoutLatest(parseArtifactChoices(list(ctx.values, 'artifact'), list(ctx.values, 'artifact-param')));
    problems.push(...artifacts.problems);
    const wait = waitOptions(ctx.values, problems);
    const executionId = executionIdOf(ctx);
    const api = connect(ctx);
    const applicationId = await resolveApplicationId(ctx, api);
    const stageElementId = str(ctx.values, 'stage-id') ?? (await findPausedStage(ctx, api, executionId))?.elementId ?? '';
    ctx.tracker.begin({
      operation: 'PipelineResumeRuntime',
      verb: 'continue',
      target: `stage ${stageElementId} of execution ${executionId}`,
      createsExecution: false,
      executionId,
      observed: ctx.io.createClient === undefined,
    });
    await api.continuePipeline({
      applicationId,
      executionId,
      stageElementId,
      variables,
      ...(Object.keys(artifacts.value).length > 0 ? { artifacts: artifacts.value } : {}),
    });
    const execution = await api.getExecution(executionId);
    ctx.tracker.done(executionId, execution.url);
    const stage = execution.stages.find((s) => s.elementId === stageElementId);
    const name = execution.entity?.name ? ` "${execution.entity.name}"` : '';
    ctx.err(
      `Continued stage ${stage === undefined ? stageElementId : `${stageLabel(stage)} (${stageElementId})`} of pipeline${name} execution ${executionId}: ${execution.url ?? '(Harness gave no URL)'}`,
    );
    return finish(ctx, api, execution, wait, undefined, { continuedStage: { elementId: stageElementId, name: stage?.name ?? null } });
  },
};
