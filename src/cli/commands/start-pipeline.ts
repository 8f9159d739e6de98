import type { CommandModule } from '../command.js';
import { START_OPTIONS } from '../options.js';
import { runStart, START_HELP } from '../start.js';

export const startPipeline: CommandModule = {
  name: 'start-pipeline',
  usage: 'start-pipeline --app <name> --pipeline <name> [options]',
  options: {
    ...START_OPTIONS,
    pipeline: { type: 'string' },
    'pipeline-id': { type: 'string' },
    'runtime-input': { type: 'string', multiple: true },
    'continue-with-defaults': { type: 'boolean' },
  },
  positionals: [],
  help: `Start a pipeline after checking every input; nothing is sent when anything is wrong.

Usage:
  harness-exec start-pipeline --app <name> --pipeline <name> [options]

Options:
  --pipeline NAME | --pipeline-id ID the pipeline
${START_HELP}
  --runtime-input NAME               a required variable that a stage asks for when it runs
                                     (repeatable); not demanded at start
  --continue-with-defaults           use default values instead of pausing for runtime inputs

The execution URL is printed on stderr as soon as the execution starts. stdout carries the
result: a short summary, or with --json one object with executionId, status, url, stages,
failureDetails and warningMessage.

Examples:
  harness-exec start-pipeline --app "Harness Demo" --pipeline "Guestbook Pipeline" \\
    --artifact guestbook=guestbook:v6 --var branch=main --notes "build 42" --wait
  harness-exec start-pipeline --app-id iIfYmHDqTj6Gsygtwt4VRQ --pipeline "Templatized Guestbook" \\
    --var env=dev --var infra=k8s-dev --artifact guestbook=id:artGuestbookV60000001 --dry-run
  harness-exec start-pipeline --app "Harness Demo" --pipeline "Guestbook Runtime Release" \\
    --runtime-input releaseTag --artifact guestbook=guestbook:v6 --json
`,
  run: (ctx) => runStart(ctx, 'PIPELINE'),
};
