/**
 * An in-house deploy command, the second use case of Harness's StartExecution guide, in one file.
 * It knows the team's conventions (application, workflow, environment-to-infrastructure mapping), so
 * people type `deploy guestbook v6 --env dev` instead of GraphQL.
 *
 *   HARNESS_ACCOUNT_ID=... HARNESS_API_KEY=... npx tsx examples/deploy-cli.ts guestbook v6 --env dev
 *
 * Exit codes: 0 deployed, 1 the deployment failed, 2 bad input, 3 not allowed, 4 anything else.
 */
import { parseArgs } from 'node:util';
import {
  HarnessClient,
  describeProgress,
  isHarnessAuthenticationError,
  isHarnessExecutionFailedError,
  isHarnessPermissionError,
  isHarnessValidationError,
} from '../src/index.js';

const APPLICATION = 'Harness Demo';
const WORKFLOW = 'K8s Rolling Deployment';
const INFRASTRUCTURE: Record<string, string> = { dev: 'k8s-dev', prod: 'k8s-prod' };

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { env: { type: 'string', default: 'dev' }, 'timeout-minutes': { type: 'string', default: '30' } },
  });
  const [service, build] = positionals;
  const environment = values.env ?? 'dev';
  if (!service || !build || !INFRASTRUCTURE[environment]) {
    console.error(`usage: deploy <service> <build> [--env ${Object.keys(INFRASTRUCTURE).join('|')}] [--timeout-minutes N]`);
    return 2;
  }

  const harness = HarnessClient.fromEnv();
  try {
    const started = await harness.startWorkflow({
      applicationName: APPLICATION,
      workflowName: WORKFLOW,
      notes: `deploy ${service} ${build} by ${process.env.USER ?? 'someone'}`,
      variables: { Environment: environment, Service: service, InfraDefinition_KUBERNETES: INFRASTRUCTURE[environment] },
      // Every service of this application builds its artifact source under its own name.
      artifacts: { [service]: { artifactSource: service, buildNumber: build } },
    });
    console.error(`deploying ${service} ${build} to ${environment}: ${started.url}`);
    const final = await harness.awaitExecution(started, {
      timeoutMs: Number(values['timeout-minutes']) * 60_000,
      onPoll: ({ execution, status, previousStatus }) => {
        if (status !== previousStatus) console.error(`  ${describeProgress(execution)}`);
      },
    });
    console.log(`${service} ${build} is live in ${environment} (${final.status})`);
    return 0;
  } catch (error) {
    if (isHarnessValidationError(error)) {
      console.error(error.message);
      return 2;
    }
    if (isHarnessExecutionFailedError(error)) {
      console.error(`deployment ${error.execution.status}: ${error.execution.failureDetails ?? 'no details'}\n${error.execution.url ?? ''}`);
      return 1;
    }
    if (isHarnessPermissionError(error) || isHarnessAuthenticationError(error)) {
      console.error(error.message);
      return 3;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 4;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
