import type { CommandModule } from '../command.js';
import { START_OPTIONS } from '../options.js';
import { runStart, START_HELP } from '../start.js';

export const startWorkflow: CommandModule = {
  name: 'start-workflow',
  usage: 'start-workflow --app <name> --workflow <name> [options]',
  options: {
    ...START_OPTIONS,
    workflow: { type: 'string' },
    'workflow-id': { type: 'string' },
    host: { type: 'string', multiple: true },
  },
  positionals: [],
  help: `Start a workflow after checking every input; nothing is sent when anything is wrong.

Usage:
  harness-exec start-workflow --app <name> --workflow <name> [options]

Options:
  --workflow NAME | --workflow-id ID the workflow
${START_HELP}
  --host HOST                        deploy only to this host (repeatable)

Examples:
  harness-exec start-workflow --app "Harness Demo" --workflow "K8s Rolling Deployment" \\
    --var Environment=dev --var Service=guestbook --var InfraDefinition_KUBERNETES=k8s-dev \\
    --artifact guestbook=guestbook:v6 --wait --timeout 15m
  harness-exec start-workflow --app "Harness Demo" --workflow "Configurable Release" \\
    --vars-file release.vars --artifact guestbook=guestbook:v6 --json
  harness-exec start-workflow --app "Harness Demo" --workflow "Nexus Deploy" \\
    --artifact nexus-app=nexus-params:1.0.0 --artifact-param nexus-app.repository=releases --wait
`,
  run: (ctx) => runStart(ctx, 'WORKFLOW'),
};
