import { isHarnessValidationError } from '../../errors.js';
import type { RuntimeInputsInfo } from '../../runtime-inputs.js';
import type { CommandModule } from '../command.js';
import { applicationOptions, connect, executionIdOf, readVariables, resolveApplicationId, UsageError } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { formatRuntimeInputs, runtimeInputsJson, shellQuote, type RuntimeInputsReport } from '../format.js';
import { APP_OPTIONS, VARIABLE_OPTIONS, str } from '../options.js';
import { checkStageId, findPausedStage } from '../paused-stage.js';

export const runtimeInputs: CommandModule = {
  name: 'runtime-inputs',
  usage: 'runtime-inputs <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]...',
  options: { ...APP_OPTIONS, ...VARIABLE_OPTIONS, 'stage-id': { type: 'string' } },
  positionals: ['executionId'],
  mixUps: { stage: 'runtime-inputs names the stage by its element id: --stage-id ID, or leave it out to use the one paused stage.' },
  help: `List what a pipeline stage paused for runtime inputs asks for: its runtime variables (type,
required, allowed values, default) and, once the required ones are given with --var, the services
that need an artifact; plus a continue command to fill in. Without --stage-id the one stage paused
for runtime inputs is used; when there are several (or none) they are listed and the exit code is 2.

(inputs lists what a START of a pipeline or workflow needs; runtime-inputs what a RUNNING
execution waits for.)

Usage:
  harness-exec runtime-inputs <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]...

Options:
  --app NAME | --app-id ID           the application of the execution
  --stage-id ID                      the paused stage (its element id)
  --var NAME=VALUE, --vars-file FILE values of runtime variables that decide the services

Examples:
  harness-exec runtime-inputs Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo"
  harness-exec runtime-inputs Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --var releaseTag=v6.1 --json
`,
  async run(ctx) {
    const problems = ctx.problems;
    const app = applicationOptions(ctx.values, problems);
    checkStageId(ctx);
    const variables = readVariables(ctx.values, ctx.io.readText, problems);
    const executionId = executionIdOf(ctx);
    const api = connect(ctx);
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
    // Without a paused stage getRuntimeInputs has thrown already; this keeps the types honest.
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
  },
};
