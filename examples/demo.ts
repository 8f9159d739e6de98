/**
 * `npm run demo`: the README's story, end to end, against the bundled fake Harness server.
 * No credentials needed. Harness time runs 60x faster than wall time here, and the client is given
 * the same clock, so its default polling schedule and rate limit behave as they would for real.
 */
import {
  HarnessClient,
  describeProgress,
  describeVariable,
  isHarnessPermissionError,
  isHarnessValidationError,
  type Clock,
} from '../src/index.js';
import { startFakeHarness } from '../src/testing/index.js';

const SPEED = 60;
const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const step = (n: number, text: string) => console.log(`\n${bold(`${n}. ${text}`)}`);
const minutes = (ms: number) => `${Math.floor(ms / 60_000)}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

async function main(): Promise<void> {
  const fake = await startFakeHarness({ clock: { realTime: true, speed: SPEED } });
  const clock: Clock = {
    now: () => fake.clock.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms / SPEED);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
  console.log(`Fake Harness listening at ${fake.endpoint} (account ${fake.accountId}; time runs ${SPEED}x faster).`);
  const client = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock });
  try {
    step(1, 'Find the pipeline and the variables it declares');
    const pipeline = await client.findPipeline({ applicationName: 'Harness Demo', pipelineName: 'Guestbook Pipeline' });
    console.log(`${pipeline.name} (${pipeline.id}) in application ${pipeline.applicationId}`);
    for (const variable of pipeline.variables) console.log(`  - ${describeVariable(variable)}`);

    step(2, 'A misspelled variable and a missing artifact are caught together, before any start is sent');
    const sentBefore = fake.requests.length;
    try {
      await client.startPipeline({
        applicationName: 'Harness Demo',
        pipelineName: 'Guestbook Pipeline',
        variables: { brnach: 'master' },
      });
      throw new Error('the misspelled variable was not caught');
    } catch (error) {
      if (!isHarnessValidationError(error)) throw error;
      console.log(error.message);
      const sent = fake.requests.slice(sentBefore).map((r) => r.operationName);
      console.log(`Requests sent for this attempt: ${sent.join(', ')} (the pipeline's definition was cached from step 1; no start).`);
    }

    step(3, 'Start it with variables and an artifact');
    const needs = await client.getExecutionInputs({ applicationId: pipeline.applicationId, pipelineId: pipeline.id });
    console.log(`Services that need an artifact: ${needs.servicesNeedingArtifacts.map((s) => `${s.name} (sources: ${s.artifactSources.map((a) => a.name).join(', ')})`).join('; ')}`);
    const started = await client.startPipeline({
      applicationName: 'Harness Demo',
      pipelineName: 'Guestbook Pipeline',
      variables: { branch: 'master', skipCV: 'true', hotfix: 'false' },
      artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
      notes: 'Started by npm run demo',
    });
    console.log(`Started execution ${started.id} (${started.status ?? 'preparing'})`);
    console.log(`  ${started.url}`);

    step(4, 'Follow it to the end (the approval stage is approved when it pauses)');
    let approved = false;
    const final = await client.awaitExecution(started, {
      onPoll: (event) => {
        console.log(`  [${minutes(event.elapsedMs)}] ${describeProgress(event.execution)}`);
        if (event.waitingFor === 'approval' && !approved) {
          approved = true;
          void (async () => {
            const [approval] = await client.listPendingApprovals({ applicationId: pipeline.applicationId, executionId: started.id });
            if (!approval) return;
            await client.approve({
              applicationId: pipeline.applicationId,
              executionId: started.id,
              approvalId: approval.approvalId,
              comments: 'Approved from npm run demo',
            });
            console.log(`  approved "${approval.stepName ?? approval.approvalId}" on behalf of ${approval.approvers.join(', ')}`);
          })().catch((error: unknown) => console.error('  approval failed:', error));
        }
      },
    });

    step(5, 'Final status');
    console.log(`${final.status}: ${final.url}`);
    for (const stage of final.stages) console.log(`  ${stage.name} ${stage.stepName ?? ''}: ${stage.status ?? 'not run'}`);
    const polls = fake.requests.filter((r) => r.operationName === 'Execution').length;
    console.log(`Polls sent while waiting: ${polls}`);

    step(6, 'A key whose user groups may not deploy to production');
    const restricted = new HarnessClient({ accountId: fake.accountId, apiKey: fake.restrictedApiKey, endpoint: fake.endpoint, clock });
    try {
      await restricted.startWorkflow({
        applicationName: 'Harness Demo',
        workflowName: 'K8s Rolling Deployment',
        variables: { Environment: 'prod', Service: 'guestbook', InfraDefinition_KUBERNETES: 'k8s-prod' },
        artifacts: { guestbook: { artifactSource: 'guestbook', buildNumber: 'v6' } },
      });
      throw new Error('the restricted key was allowed to deploy to production');
    } catch (error) {
      if (!isHarnessPermissionError(error)) throw error;
      console.log(`${error.name}: ${error.message}`);
    }
    console.log('\nDone.');
  } finally {
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
