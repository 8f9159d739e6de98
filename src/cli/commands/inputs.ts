import { isHarnessValidationError } from '../../errors.js';
import type { ExecutionInputsInfo } from '../../types.js';
import type { CommandModule } from '../command.js';
import { applicationOptions, connect, readVariables } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { formatInputs, inputsJson, shellQuote, type InputsReport } from '../format.js';
import { newestBuildsOfServices } from '../newest-builds.js';
import { APP_OPTIONS, VARIABLE_OPTIONS, flag, list, pickNameOrId, str } from '../options.js';

export const inputs: CommandModule = {
  name: 'inputs',
  usage: 'inputs --app <name> (--pipeline <name> | --workflow <name>) [--var NAME=VALUE]...',
  options: {
    ...APP_OPTIONS,
    ...VARIABLE_OPTIONS,
    'allow-unknown-variables': { type: 'boolean' },
    pipeline: { type: 'string' },
    'pipeline-id': { type: 'string' },
    workflow: { type: 'string' },
    'workflow-id': { type: 'string' },
    'runtime-input': { type: 'string', multiple: true },
  },
  positionals: [],
  help: `List what a start needs: declared variables (type, required, allowed values, default, fixed)
and the services that need an artifact or manifest, with their artifact sources and the 3 builds
each source collected most recently (newest first, with when), plus a start command to fill in.
SOURCE:latest in --artifact deploys the first of those. When templatized variables decide the services, pass them with --var.

Usage:
  harness-exec inputs --app <name> (--pipeline <name> | --workflow <name>) [--var NAME=VALUE]...

Options:
  --app NAME | --app-id ID           the application
  --pipeline NAME | --pipeline-id ID the pipeline, or
  --workflow NAME | --workflow-id ID the workflow
  --var NAME=VALUE, --vars-file FILE values of variables that decide the services
  --runtime-input NAME               pipeline variables entered when their stage runs

Examples:
  harness-exec inputs --app "Harness Demo" --pipeline "Guestbook Pipeline"
  harness-exec inputs --app "Harness Demo" --pipeline "Templatized Guestbook" --var env=dev --var infra=k8s-dev
  harness-exec inputs --app "Harness Demo" --workflow "Configurable Release" --json
`,
  async run(ctx) {
    const problems = ctx.problems;
    const app = applicationOptions(ctx.values, problems);
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
    const variables = readVariables(ctx.values, ctx.io.readText, problems);
    const runtimeInputs = kind === 'PIPELINE' ? list(ctx.values, 'runtime-input') : [];
    if (kind === 'WORKFLOW' && list(ctx.values, 'runtime-input').length > 0) problems.push('--runtime-input is for pipelines only.');
    const api = connect(ctx);
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
    const builds =
      executionInputs === undefined ? [] : await newestBuildsOfServices(api, entity.applicationId, executionInputs.servicesNeedingArtifacts, ctx.signal);
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
      builds,
    };
    ctx.out(ctx.json ? JSON.stringify(inputsJson(report)) : formatInputs(report));
    return EXIT.SUCCESS;
  },
};
