import { suggestClosest } from '../../inputs/did-you-mean.js';
import { resumeProblem, stageLabel } from '../../resume-abort.js';
import type { CommandModule } from '../command.js';
import { applicationOptions, connect, executionIdOf, resolveApplicationId, UsageError, waitOptions } from '../context.js';
import { finish } from '../finish.js';
import { APP_OPTIONS, WAIT_OPTIONS, str } from '../options.js';

export const resume: CommandModule = {
  name: 'resume',
  usage: 'resume <executionId> --app <name> --stage <stageName> [--wait] [--timeout SECONDS]',
  options: { ...APP_OPTIONS, ...WAIT_OPTIONS, stage: { type: 'string' } },
  positionals: ['executionId'],
  mixUps: { 'stage-id': 'resume names the stage by its name, not its id: --stage NAME (such as --stage "Stage 2").' },
  help: `Run a failed, aborted, rejected or expired pipeline execution again from a stage. Harness
starts a NEW execution (a new id); the old one stays as it was. Stages before the chosen one keep
their results; the artifacts and variables of the old execution are reused.

Usage:
  harness-exec resume <executionId> --app <name> --stage <stageName> [--wait] [--timeout SECONDS]

Options:
  --app NAME | --app-id ID           the application of the execution
  --stage NAME                       the stage to run again from, by name ("Stage 2"; the
                                     names harness-exec status prints); it must have started
  --wait                             wait for the new execution to end; progress goes to stderr
  --timeout SECONDS                  with --wait: give up after this long (default 3600;
                                     also 90s, 30m, 2h); the execution keeps running
  --abort-on-interrupt               with --wait: on SIGINT/SIGTERM (a cancelled CI job) abort
                                     the execution in Harness too, then exit 130/143

The new execution's id and URL are printed on stderr at once; stdout carries the result as for
start-pipeline (with --json also resumedFrom, the old id, and resumedFromStage). A stage that does
not exist, or an execution that is still running or succeeded, is exit 2 and nothing is sent.

Examples:
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2"
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2" --wait --timeout 30m --json
`,
  async run(ctx) {
    const problems = ctx.problems;
    applicationOptions(ctx.values, problems);
    const wait = waitOptions(ctx.values, problems);
    const stageName = str(ctx.values, 'stage');
    if (stageName === undefined) {
      problems.push('Name the stage to run again from with --stage NAME, such as --stage "Stage 2" (harness-exec status <executionId> lists the stages).');
    } else if (stageName.trim() === '') {
      problems.push('--stage is empty.');
    }
    const executionId = executionIdOf(ctx);
    const api = connect(ctx);
    const applicationId = await resolveApplicationId(ctx, api);
    const old = await api.getExecution(executionId);
    const wanted = stageName ?? '';
    const problem = resumeProblem(old, wanted);
    switch (problem?.reason) {
      case undefined:
        break;
      case 'not-a-pipeline':
        throw new UsageError([`${problem.message} Start the workflow again with harness-exec start-workflow.`]);
      case 'unknown-stage': {
        const suggestion = suggestClosest(wanted, problem.stageNames);
        throw new UsageError([
          `${problem.message}${suggestion === undefined ? '' : ` Did you mean ${JSON.stringify(suggestion)}?`} Its stages: ${old.stages.map(stageLabel).join(', ') || 'none'}.`,
        ]);
      }
      case 'stage-never-started':
      case 'not-resumable':
        throw new UsageError([problem.message]);
    }
    ctx.tracker.begin({
      operation: 'ResumeExecution',
      verb: 'resume',
      target: `execution ${executionId} from stage ${JSON.stringify(wanted)}`,
      createsExecution: true,
      executionId,
      observed: ctx.io.createClient === undefined,
    });
    const resumed = await api.resumePipeline({ applicationId, executionId, stageName: wanted });
    ctx.tracker.done(resumed.id, resumed.url);
    const name = resumed.entity?.name ?? old.entity?.name ?? '';
    ctx.err(
      `Resumed pipeline${name === '' ? '' : ` "${name}"`} execution ${executionId} from ${JSON.stringify(wanted)} as new execution ${resumed.id}: ${resumed.url ?? '(Harness gave no URL)'}`,
    );
    return finish(ctx, api, resumed, wait, undefined, { resumedFrom: executionId, resumedFromStage: wanted });
  },
};
