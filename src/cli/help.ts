/** --help texts, one per command, each with examples and the exit codes. */
import type { CommandName } from './args.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

const CREDENTIALS = `Credentials and endpoint:
  HARNESS_ACCOUNT_ID      account id (or --account-id ID)
  HARNESS_API_KEY         API key (or --api-key-file FILE); never accepted as a flag
  HARNESS_ENDPOINT        GraphQL endpoint (or --endpoint URL);
                          default https://app.harness.io/gateway/api/graphql
Common options:
  --json                  print one JSON object on stdout instead of a summary
  --debug                 print the stack of unexpected (non-Harness) errors
  -h, --help              this help`;

const START_COMMON = `  --app NAME | --app-id ID           the application
  --var NAME=VALUE                   a variable value (repeatable); NAME=@FILE reads the value
                                     from a file; comma-separate several values
  --vars-file FILE                   variables from a JSON object or KEY=VALUE lines
                                     (--var wins over the file)
  --artifact SERVICE=SOURCE:BUILD    the build to deploy for a service (repeatable), by
                                     artifact source name and build number,
                                     or SERVICE=id:ARTIFACT_ID
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
                                     also 90s, 30m, 2h); the execution keeps running`;

/** Help of approve and reject, which differ only in their verb and examples. */
function approvalHelp(command: 'approve' | 'reject', verb: string, examples: readonly string[]): string {
  return `${verb} the pending approval of an execution (USER_GROUP approvals only).

Usage:
  harness-exec ${command} <executionId> --app <name> [--comment TEXT] [--approval-id ID]
                        [--approval-var NAME=VALUE]...

Options:
  --app NAME | --app-id ID           the application of the execution
  --comment TEXT                     shown on the approval in Harness
  --approval-id ID                   which approval, when several are pending
  --approval-var NAME=VALUE          a value for an input the approval step defines
                                     (repeatable); NAME=@FILE reads it from a file

Examples:
${examples.map((example) => `  ${example}`).join('\n')}

${CREDENTIALS}

${EXIT_CODE_HELP}
`;
}

const TOP = `harness-exec: start Harness FirstGen pipelines and workflows and wait for them.

Usage:
  harness-exec start-pipeline --app <name> --pipeline <name> [options]
  harness-exec start-workflow --app <name> --workflow <name> [options]
  harness-exec status <executionId> [--wait] [--timeout SECONDS] [--json]
  harness-exec inputs --app <name> (--pipeline <name> | --workflow <name>) [--var NAME=VALUE]...
  harness-exec resume <executionId> --app <name> --stage <stageName> [--wait] [--timeout SECONDS]
  harness-exec runtime-inputs <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]...
  harness-exec continue <executionId> --app <name> [--stage-id ID] [--var NAME=VALUE]... [--wait]
  harness-exec approve <executionId> --app <name> [--comment TEXT] [--approval-var NAME=VALUE]...
  harness-exec reject <executionId> --app <name> [--comment TEXT] [--approval-var NAME=VALUE]...
  harness-exec abort <executionId> --app <name>
  harness-exec fake-harness [--port N] [--rate-limit N|off] [--speed N]
  harness-exec --version

Run harness-exec <command> --help for a command's options and examples.

Examples:
  harness-exec inputs --app "Harness Demo" --pipeline "Guestbook Pipeline"
  harness-exec start-pipeline --app "Harness Demo" --pipeline "Guestbook Pipeline" \\
    --artifact guestbook=guestbook:v6 --var branch=main --wait --timeout 1800
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --var releaseTag=v6.1 --wait
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2" --wait

${CREDENTIALS}

${EXIT_CODE_HELP}
`;

const HELP: Readonly<Record<CommandName, string>> = {
  'start-pipeline': `Start a pipeline after checking every input; nothing is sent when anything is wrong.

Usage:
  harness-exec start-pipeline --app <name> --pipeline <name> [options]

Options:
  --pipeline NAME | --pipeline-id ID the pipeline
${START_COMMON}
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

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  'start-workflow': `Start a workflow after checking every input; nothing is sent when anything is wrong.

Usage:
  harness-exec start-workflow --app <name> --workflow <name> [options]

Options:
  --workflow NAME | --workflow-id ID the workflow
${START_COMMON}
  --host HOST                        deploy only to this host (repeatable)

Examples:
  harness-exec start-workflow --app "Harness Demo" --workflow "K8s Rolling Deployment" \\
    --var Environment=dev --var Service=guestbook --var InfraDefinition_KUBERNETES=k8s-dev \\
    --artifact guestbook=guestbook:v6 --wait --timeout 15m
  harness-exec start-workflow --app "Harness Demo" --workflow "Configurable Release" \\
    --vars-file release.vars --artifact guestbook=guestbook:v6 --json
  harness-exec start-workflow --app "Harness Demo" --workflow "Nexus Deploy" \\
    --artifact nexus-app=nexus-params:1.0.0 --artifact-param nexus-app.repository=releases --wait

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  status: `Show an execution's status, or wait for it to end.

Usage:
  harness-exec status <executionId> [--wait] [--timeout SECONDS] [--json]

Without --wait the exit code is 0 while the execution runs or after it succeeded, and 1 when it
ended unsuccessfully.

Examples:
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw
  harness-exec status Xj3kT9lqQ1Omx2eTt3Ozqw --wait --timeout 30m --json

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  inputs: `List what a start needs: declared variables (type, required, allowed values, default, fixed)
and the services that need an artifact or manifest, with their artifact sources, plus a start
command to fill in. When templatized variables decide the services, pass them with --var.

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

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  approve: approvalHelp('approve', 'Approve', [
    'harness-exec approve Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --comment "QA signed off"',
    'harness-exec approve Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --approval-var ticket=CHG-1234',
  ]),
  reject: approvalHelp('reject', 'Reject', [
    'harness-exec reject Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --comment "smoke tests failed"',
    'harness-exec reject Xj3kT9lqQ1Omx2eTt3Ozqw --app-id iIfYmHDqTj6Gsygtwt4VRQ --approval-var ticket=@ticket.txt',
  ]),
  resume: `Run a failed, aborted, rejected or expired pipeline execution again from a stage. Harness
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

The new execution's id and URL are printed on stderr at once; stdout carries the result as for
start-pipeline (with --json also resumedFrom, the old id, and resumedFromStage). A stage that does
not exist, or an execution that is still running or succeeded, is exit 2 and nothing is sent.

Examples:
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2"
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2" --wait --timeout 30m --json

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  continue: `Continue a pipeline stage paused for runtime inputs, after checking the values like a start
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

stdout carries the execution as for start-pipeline (with --json also continuedStage). With --wait
a later stage that pauses again keeps the wait going: continue it from another shell.

Examples:
  harness-exec runtime-inputs Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo"
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --var releaseTag=v6.1 --wait
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app-id iIfYmHDqTj6Gsygtwt4VRQ \\
    --stage-id stageRuntimeQa0000001 --vars-file runtime.vars --json

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  'runtime-inputs': `List what a pipeline stage paused for runtime inputs asks for: its runtime variables (type,
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

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  abort: `Abort a running execution (all of it: every stage and phase).

Usage:
  harness-exec abort <executionId> --app <name>

Examples:
  harness-exec abort Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo"

${CREDENTIALS}

${EXIT_CODE_HELP}
`,
  'fake-harness': `Run the bundled fake Harness GraphQL server for manual tries and demos. It prints the
HARNESS_* variables to export; stop it with Ctrl+C. Nothing it does reaches a real account.

Usage:
  harness-exec fake-harness [--port N] [--rate-limit N|off] [--speed N]

Options:
  --port N             TCP port on 127.0.0.1 (default: a free port)
  --rate-limit N|off   requests per minute before HTTP 429 (default 30, like Harness)
  --speed N            fake milliseconds per real millisecond (default 1)

Examples:
  harness-exec fake-harness --port 4000 --speed 20
`,
};

/** The help text for a command, or the overview. */
export function helpText(command: CommandName | undefined): string {
  return command === undefined ? TOP : HELP[command];
}
