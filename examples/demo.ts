/**
 * `npm run demo`: the README's story, end to end, against the bundled fake Harness server.
 * No credentials needed. Harness time runs 60x faster than wall time here, and the client is given
 * the same clock, so its default polling schedule and rate limit behave as they would for real.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import {
  HarnessClient,
  createRequestCounter,
  generateAccountTypes,
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

/** Type-checks files that import 'harness-graphql-sdk' (mapped to this checkout's sources); each file's first error. */
function firstErrors(files: string[]): Map<string, string | undefined> {
  const program = ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [resolve('node_modules/@types')],
    paths: { 'harness-graphql-sdk': [resolve('src/index.ts')] },
  });
  const errors = new Map<string, string | undefined>(files.map((file) => [file, undefined]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file;
    if (file === undefined || !errors.has(file.fileName) || errors.get(file.fileName) !== undefined) continue;
    const chain = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n');
    const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    errors.set(file.fileName, `line ${line + 1}: ${chain[chain.length - 1]?.trim() ?? ''}`);
  }
  return errors;
}

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
    const builds = await client.listBuilds({ applicationId: pipeline.applicationId, serviceName: 'guestbook', limit: 3 });
    console.log(`Builds of guestbook, most recently collected first: ${builds.map((b) => b.buildNumber).join(', ')}`);
    const started = await client.startPipeline({
      applicationName: 'Harness Demo',
      pipelineName: 'Guestbook Pipeline',
      variables: { branch: 'master', skipCV: 'true', hotfix: 'false' },
      // The most recently collected build of the source, looked up just before the start.
      artifacts: { guestbook: { artifactSource: 'guestbook', latest: true } },
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

    step(7, 'Types from your own account: a typo no longer compiles');
    const counter = createRequestCounter();
    const typed = new HarnessClient({ accountId: fake.accountId, apiKey: fake.apiKey, endpoint: fake.endpoint, clock, hooks: counter.hooks });
    const dir = await mkdtemp(join(tmpdir(), 'harness-types-'));
    try {
      const { source, requests, skipped } = await generateAccountTypes(typed, { applications: ['Harness Demo'], counter });
      await writeFile(join(dir, 'harness-types.ts'), source);
      console.log(`harness-exec generate --app 'Harness Demo' wrote harness-types.ts (${requests} requests); skipped:`);
      for (const entry of skipped) console.log(`  - ${entry.item}: ${entry.reason}`);
      const start = (variables: string) =>
        `import './harness-types.js';\nimport { HarnessClient } from 'harness-graphql-sdk';\ndeclare const client: HarnessClient;\n` +
        `await client.startPipeline({ applicationName: 'Harness Demo', pipelineName: 'Guestbook Pipeline', variables: ${variables}, artifacts: { guestbook: { artifactSource: 'guestbook', latest: true } } });\n`;
      const typo = join(dir, 'typo.ts');
      const right = join(dir, 'right.ts');
      await writeFile(typo, start("{ branh: 'main' }"));
      await writeFile(right, start("{ branch: 'main' }"));
      await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
      const errors = firstErrors([join(dir, 'harness-types.ts'), typo, right]);
      console.log(`tsc on variables: { branh: 'main' } -> ${errors.get(typo) ?? 'compiles (unexpected)'}`);
      console.log(`tsc on variables: { branch: 'main' } -> ${errors.get(right) ?? 'compiles'}`);
      if (errors.get(typo) === undefined || errors.get(right) !== undefined) throw new Error('the generated types did not check the starts as expected');
    } finally {
      await rm(dir, { recursive: true, force: true });
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
