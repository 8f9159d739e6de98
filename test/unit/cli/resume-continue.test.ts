/**
 * resume, continue, runtime-inputs, --artifact-param and --approval-var against a stand-in client:
 * the SDK options each command sends, and the choice of the paused stage.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { runCli, type CliClient, type CliIo } from '../../../src/cli/run.js';
import { buildStartOptions } from '../../../src/cli/start.js';
import type { DeclaredVariable, ExecutionSummary, StageExecution } from '../../../src/types.js';

const KEY = 'unit-secret-key-0077';

function io(argv: string[], client: Partial<CliClient>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const world: CliIo = {
    argv,
    env: { HARNESS_ACCOUNT_ID: 'acc', HARNESS_API_KEY: KEY },
    stdout: { write: (t) => stdout.push(t) },
    stderr: { write: (t) => stderr.push(t), isTTY: false },
    readText: (path) => {
      if (path === 'ticket.txt') return 'CHG-5\n';
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    },
    onInterrupt: () => () => undefined,
    createClient: () => client as CliClient,
  };
  return { world, stdout, stderr, all: () => [...stdout, ...stderr].join('') };
}

const releaseTag: DeclaredVariable = { name: 'releaseTag', type: 'Text', required: true, allowedValues: [], defaultValue: null, fixed: false, allowMultipleValues: false };

function stage(elementId: string, name: string, status: StageExecution['status'], runtime: DeclaredVariable[] = []): StageExecution {
  return { name, elementId, stepName: `step of ${name}`, type: 'WORKFLOW', status, workflowExecutionId: null, approvalStepType: null, runtimeInputVariables: runtime };
}

function execution(overrides: Partial<ExecutionSummary> = {}): ExecutionSummary {
  return {
    id: 'E1',
    kind: 'PIPELINE',
    status: 'FAILED',
    url: 'https://app.harness.io/#/e1',
    applicationId: 'A1',
    entity: { id: 'P1', name: 'Smoke' },
    createdAt: null,
    startedAt: null,
    endedAt: null,
    notes: null,
    failureDetails: null,
    stages: [stage('s1', 'Stage 1', 'SUCCESS'), stage('s2', 'Stage 2', 'FAILED')],
    ...overrides,
  };
}

describe('parsing of the new commands and options', () => {
  it('reads resume, continue and runtime-inputs with their executionId', () => {
    expect(parseCommandLine(['resume', 'E1', '--app', 'A', '--stage', 'Stage 2', '--wait', '--timeout', '30m'])).toMatchObject({
      kind: 'command',
      command: 'resume',
      positionals: ['E1'],
      values: { app: 'A', stage: 'Stage 2', wait: true, timeout: '30m' },
      problems: [],
    });
    expect(
      parseCommandLine(['continue', 'E1', '--app-id', 'A1', '--stage-id', 's2', '--var', 'a=1', '--artifact', 'x=s:1', '--artifact-param', 'x.p=v', '--artifact-param', 'x.q=w']),
    ).toMatchObject({ kind: 'command', command: 'continue', values: { 'stage-id': 's2', var: ['a=1'], artifact: ['x=s:1'], 'artifact-param': ['x.p=v', 'x.q=w'] }, problems: [] });
    expect(parseCommandLine(['runtime-inputs', 'E1', '--app', 'A', '--var', 'releaseTag=v1', '--json'])).toMatchObject({ kind: 'command', command: 'runtime-inputs', json: true, problems: [] });
    expect(parseCommandLine(['approve', 'E1', '--app', 'A', '--approval-var', 'ticket=1', '--approval-var', 'env=prod'])).toMatchObject({
      values: { 'approval-var': ['ticket=1', 'env=prod'] },
      problems: [],
    });
  });
  it('needs the executionId, and refuses options of other commands with a did-you-mean', () => {
    const resume = parseCommandLine(['resume', '--app', 'A', '--stag', 'Stage 2']);
    expect(resume.kind === 'command' && resume.problems).toEqual([
      'resume has no option --stag. Did you mean --stage? See harness-exec resume --help.',
      'resume needs executionId: harness-exec resume <executionId> ...',
    ]);
    const cont = parseCommandLine(['continue', 'E1', '--app', 'A', '--stage', 'Stage 2']);
    expect(cont.kind === 'command' && cont.problems[0]).toContain('continue names the stage by its element id: --stage-id ID');
    const mixed = parseCommandLine(['resume', 'E1', '--app', 'A', '--stage-id', 's2']);
    expect(mixed.kind === 'command' && mixed.problems[0]).toBe(
      'resume has no option --stage-id. resume names the stage by its name, not its id: --stage NAME (such as --stage "Stage 2"). See harness-exec resume --help.',
    );
    const inputs = parseCommandLine(['runtime-inputs', 'E1', '--app', 'A', '--artifact', 'x=s:1']);
    expect(inputs.kind === 'command' && inputs.problems[0]).toContain('runtime-inputs has no option --artifact.');
  });
  it('a typo of a new command gets a did-you-mean', () => {
    const parsed = parseCommandLine(['resum']);
    expect(parsed.kind === 'usage-error' && parsed.problems[0]).toContain('Did you mean "resume"?');
  });
  it('start commands combine --artifact and --artifact-param into one choice', () => {
    const parsed = parseCommandLine([
      'start-workflow', '--app', 'A', '--workflow', 'Nexus Deploy', '--artifact', 'nexus-app=nexus-params:1.0.0',
      '--artifact-param', 'nexus-app.repository=releases', '--artifact-param', 'nexus-app.group=com.acme',
    ]);
    if (parsed.kind !== 'command') throw new Error('parse');
    const problems: string[] = [];
    expect(buildStartOptions('WORKFLOW', parsed.values, () => '', problems).artifacts).toEqual({
      'nexus-app': { artifactSource: 'nexus-params', buildNumber: '1.0.0', parameters: { repository: 'releases', group: 'com.acme' } },
    });
    expect(problems).toEqual([]);
  });
});

describe('resume', () => {
  it('resumes from the named stage and prints the NEW id and URL; --json says where it came from', async () => {
    const calls: unknown[] = [];
    const { world, stdout, stderr } = io(['resume', 'E1', '--app-id', 'A1', '--stage', 'Stage 2', '--json'], {
      getExecution: () => Promise.resolve(execution()),
      resumePipeline: (options) => {
        calls.push(options);
        return Promise.resolve(execution({ id: 'E2', status: 'RUNNING', url: 'https://app.harness.io/#/e2' }));
      },
    });
    expect(await runCli(world)).toBe(0);
    expect(calls).toEqual([{ applicationId: 'A1', executionId: 'E1', stageName: 'Stage 2' }]);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ executionId: 'E2', url: 'https://app.harness.io/#/e2', resumedFrom: 'E1', resumedFromStage: 'Stage 2' });
    expect(stderr.join('')).toBe('Resumed pipeline "Smoke" execution E1 from "Stage 2" as new execution E2: https://app.harness.io/#/e2\n');
  });
  it('refuses a stage that never started and a successful execution, sending nothing (exit 2)', async () => {
    const resumePipeline = (): Promise<never> => Promise.reject(new Error('must not be called'));
    const notStarted = io(['resume', 'E1', '--app-id', 'A1', '--stage', 'Stage 2'], {
      getExecution: () => Promise.resolve(execution({ stages: [stage('s1', 'Stage 1', 'FAILED'), stage('s2', 'Stage 2', null)] })),
      resumePipeline,
    });
    expect(await runCli(notStarted.world)).toBe(2);
    expect(notStarted.all()).toContain('never started; resume from a stage that ran: "Stage 1" (step of Stage 1)');
    const succeeded = io(['resume', 'E1', '--app-id', 'A1', '--stage', 'Stage 1'], { getExecution: () => Promise.resolve(execution({ status: 'SUCCESS' })), resumePipeline });
    expect(await runCli(succeeded.world)).toBe(2);
    expect(succeeded.all()).toContain('Execution E1 is SUCCESS; only a FAILED');
  });
});

describe('continue and runtime-inputs: which stage', () => {
  const twoPaused = execution({
    status: 'PAUSED',
    stages: [stage('s1', 'Stage 1', 'PAUSED', [releaseTag]), stage('s2', 'Stage 2', 'PAUSED', [releaseTag]), stage('s3', 'Stage 3', 'PAUSED')],
  });
  it('with several stages paused for runtime inputs, lists them and exits 2 without continuing', async () => {
    const { world, all } = io(['continue', 'E1', '--app-id', 'A1', '--var', 'releaseTag=v1'], {
      getExecution: () => Promise.resolve(twoPaused),
      continuePipeline: () => Promise.reject(new Error('must not be called')),
    });
    expect(await runCli(world)).toBe(2);
    expect(all()).toContain('has 2 stages paused for runtime inputs; choose one with --stage-id: s1 (Stage 1: step of Stage 1; asks for releaseTag), s2 (Stage 2: step of Stage 2; asks for releaseTag).');
  });
  it('with none, lists the stages and exits 2 (runtime-inputs too)', async () => {
    const { world, all } = io(['runtime-inputs', 'E1', '--app-id', 'A1', '--json'], { getExecution: () => Promise.resolve(execution({ status: 'RUNNING' })) });
    expect(await runCli(world)).toBe(2);
    expect(JSON.parse(all().split('\n')[0] ?? '')).toMatchObject({ exitCode: 2, error: { code: 'USAGE' } });
    expect(all()).toContain('Execution E1 (RUNNING) has no stage paused for runtime inputs. Its stages: s1 (Stage 1): SUCCESS, s2 (Stage 2): FAILED.');
  });
  it('with --stage-id, continues that stage without reading the execution first, with variables and parameterized artifacts', async () => {
    const calls: unknown[] = [];
    let reads = 0;
    const { world, stdout } = io(
      ['continue', 'E1', '--app-id', 'A1', '--stage-id', 's2', '--var', 'releaseTag=v1', '--artifact', 'nexus-app=nexus-params:1.0.0', '--artifact-param', 'nexus-app.repository=releases', '--json'],
      {
        getExecution: () => {
          reads += 1;
          return Promise.resolve(execution({ status: 'RUNNING' }));
        },
        continuePipeline: (options) => {
          calls.push(options);
          return Promise.resolve();
        },
      },
    );
    expect(await runCli(world)).toBe(0);
    expect(calls).toEqual([
      {
        applicationId: 'A1',
        executionId: 'E1',
        stageElementId: 's2',
        variables: { releaseTag: 'v1' },
        artifacts: { 'nexus-app': { artifactSource: 'nexus-params', buildNumber: '1.0.0', parameters: { repository: 'releases' } } },
      },
    ]);
    expect(reads).toBe(1);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ executionId: 'E1', status: 'RUNNING', continuedStage: { elementId: 's2', name: 'Stage 2' } });
  });
  it('reports argument problems of continue together before anything is sent', async () => {
    const { world, all } = io(['continue', 'E1', '--stage-id', '', '--artifact-param', 'x.p=1', '--timeout', '5'], {});
    expect(await runCli(world)).toBe(2);
    expect(all()).toContain('Name the application with --app NAME');
    expect(all()).toContain('--stage-id is empty.');
    expect(all()).toContain('is for service "x", which has no --artifact');
    expect(all()).toContain('--timeout only applies with --wait');
  });
});

describe('approve / reject --approval-var', () => {
  const pending = [
    { approvalId: 'ap1', approvalType: 'USER_GROUP', stepName: 'Approve prod', stageName: 'Stage 2', startedAt: null, willExpireAt: null, approvers: [], variables: [{ name: 'ticket', value: '' }], triggeredBy: null },
  ];
  it('passes the variables (NAME=@FILE read) to the SDK and names them in the output', async () => {
    const calls: unknown[] = [];
    const { world, stdout } = io(['reject', 'E1', '--app-id', 'A1', '--approval-var', 'ticket=@ticket.txt', '--comment', 'no'], {
      listPendingApprovals: () => Promise.resolve(pending),
      reject: (options) => {
        calls.push(options);
        return Promise.resolve();
      },
    });
    expect(await runCli(world)).toBe(0);
    expect(calls).toEqual([{ applicationId: 'A1', executionId: 'E1', approvalId: 'ap1', comments: 'no', variables: { ticket: 'CHG-5' } }]);
    expect(stdout.join('')).toBe('Rejected ap1 (Stage 2: Approve prod) of execution E1 with ticket=CHG-5.\n');
  });
  it('refuses names the approval does not define (exit 2), and malformed values before any request', async () => {
    const typo = io(['approve', 'E1', '--app-id', 'A1', '--approval-var', 'tiket=1'], {
      listPendingApprovals: () => Promise.resolve(pending),
      approve: () => Promise.reject(new Error('must not be called')),
    });
    expect(await runCli(typo.world)).toBe(2);
    expect(typo.all()).toContain('--approval-var tiket: approval ap1 (Stage 2: Approve prod) has no variable "tiket". Did you mean "ticket"? Its variables: ticket.');
    const malformed = io(['approve', 'E1', '--app-id', 'A1', '--approval-var', 'ticket'], {});
    expect(await runCli(malformed.world)).toBe(2);
    expect(malformed.all()).toContain('--approval-var "ticket" is not NAME=VALUE. Write --approval-var NAME=VALUE');
  });
});
