/**
 * What harness-exec says on SIGINT/SIGTERM at each phase of a command, and that the SDK's names are
 * translated into harness-exec's commands and flags.
 */
import { describe, expect, it } from 'vitest';
import type { CliClient, CliIo, InterruptSignal } from '../../../src/cli/context.js';
import { cliWording } from '../../../src/cli/format.js';
import { describeInterrupt, exitCodeForSignal, StartTracker, type PlannedAction } from '../../../src/cli/interrupt.js';
import { runCli } from '../../../src/cli/run.js';
import type { StartResult } from '../../../src/start-sender.js';

const START: PlannedAction = {
  operation: 'StartExecution',
  verb: 'start',
  target: 'pipeline "P" of application "A"',
  createsExecution: true,
  idempotencyKey: 'k-1',
  observed: true,
};

describe('describeInterrupt', () => {
  it('maps SIGINT to 130 and SIGTERM to 143', () => {
    expect(exitCodeForSignal('SIGINT')).toBe(130);
    expect(exitCodeForSignal('SIGTERM')).toBe(143);
  });
  it('before the start request left: nothing was sent to start it', () => {
    const tracker = new StartTracker();
    expect(describeInterrupt('start-pipeline', 'SIGINT', tracker)).toMatchObject({ phase: 'preparing', mayHaveReachedHarness: false, exitCode: 130 });
    tracker.begin(START);
    const report = describeInterrupt('start-pipeline', 'SIGTERM', tracker);
    expect(report).toMatchObject({ phase: 'preparing', mayHaveReachedHarness: false, exitCode: 143, idempotencyKey: 'k-1' });
    expect(report.lines[0]).toContain('nothing was sent to start it in Harness');
  });
  it('once the start request left: it may have reached Harness; rerun with the key', () => {
    const tracker = new StartTracker();
    tracker.begin(START);
    tracker.requestSent('ApplicationByName');
    expect(describeInterrupt('start-pipeline', 'SIGINT', tracker).phase).toBe('preparing');
    tracker.requestSent('StartExecution');
    const report = describeInterrupt('start-pipeline', 'SIGINT', tracker);
    expect(report).toMatchObject({ phase: 'sending', mayHaveReachedHarness: true, executionId: null });
    expect(report.lines).toEqual([
      'Interrupted (SIGINT) while sending the request to start pipeline "P" of application "A": it may have reached Harness, and an execution may be running.',
      '  Run the same command again with --idempotency-key k-1: it finds that execution instead of starting another.',
    ]);
  });
  it('a client that does not report its requests counts a call in flight as sent', () => {
    const tracker = new StartTracker();
    tracker.begin({ ...START, idempotencyKey: undefined, observed: false });
    const report = describeInterrupt('start-pipeline', 'SIGINT', tracker);
    expect(report.mayHaveReachedHarness).toBe(true);
    expect(report.lines.join('\n')).toContain('look at the recent executions of pipeline "P" of application "A"');
  });
  it('after the start: the execution to check', () => {
    const tracker = new StartTracker();
    tracker.begin(START);
    tracker.done('E1', 'https://app.harness.io/#/e1');
    const report = describeInterrupt('start-pipeline', 'SIGTERM', tracker);
    expect(report).toMatchObject({ phase: 'done', executionId: 'E1' });
    expect(report.lines.join('\n')).toContain('Check with: harness-exec status E1');
  });
});

describe('describeInterrupt while waiting', () => {
  it('names the execution a wait follows, whatever the command', () => {
    const tracker = new StartTracker();
    tracker.waiting('E7', null);
    const report = describeInterrupt('status', 'SIGINT', tracker);
    expect(report).toMatchObject({ phase: 'done', executionId: 'E7', mayHaveReachedHarness: false, exitCode: 130 });
    expect(report.lines).toEqual(['Interrupted (SIGINT): execution E7 goes on in Harness.', '  Check with: harness-exec status E7']);
  });
});

describe('runCli on a signal', () => {
  it('answers at once with the phase, while the start is still in flight, then stays silent', async () => {
    let fire: ((signal: InterruptSignal) => void) | undefined;
    let finishStart: ((value: StartResult) => void) | undefined;
    let startSending: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (startSending = resolve));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = {
      argv: ['start-workflow', '--app-id', 'A1', '--workflow-id', 'W1', '--json'],
      env: { HARNESS_ACCOUNT_ID: 'acc', HARNESS_API_KEY: 'unit-secret-key-0099' },
      stdout: { write: (t) => stdout.push(t) },
      stderr: { write: (t) => stderr.push(t), isTTY: false },
      readText: () => '',
      onInterrupt: (handler) => {
        fire = handler;
        return () => undefined;
      },
      createClient: () =>
        ({
          startWorkflow: () =>
            new Promise<StartResult>((resolve) => {
              finishStart = resolve;
              startSending();
            }),
        }) as Partial<CliClient> as CliClient,
    };
    const code = runCli(io);
    // The interrupt comes while the start is being sent, not after some guessed time.
    await sending;
    fire?.('SIGTERM');
    expect(await code).toBe(143);
    expect(JSON.parse(stdout.join(''))).toMatchObject({ error: { code: 'INTERRUPTED', phase: 'sending', mayHaveReachedHarness: true }, exitCode: 143 });
    const written = stdout.length + stderr.length;
    finishStart?.({ id: 'E9', kind: 'WORKFLOW', status: 'RUNNING', url: null, applicationId: 'A1', entity: null, createdAt: null, startedAt: null, endedAt: null, notes: null, failureDetails: null, stages: [], warningMessage: null, reused: false, reconciled: false });
    // Let everything that the start's answer set going run to its end (it is all promise work), then look.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(stdout.length + stderr.length).toBe(written);
  });
});

describe('cliWording', () => {
  it.each([
    ['runtimeInputs names "x", which pipeline P does not declare.', '--runtime-input names "x", which pipeline P does not declare.'],
    ['Remove it, or pass allowUnknownVariables: true to send it anyway.', 'Remove it, or pass --allow-unknown-variables to send it anyway.'],
    ['Wait until awaitExecution reports waitingFor "runtime-inputs".', 'Wait until harness-exec status shows it PAUSED (runtime inputs needed).'],
    ['Harness answered startPipeline without an execution (an idempotencyKey makes the SDK do this for you).', 'Harness answered start-pipeline without an execution (--idempotency-key makes harness-exec do this for you).'],
    ['Read the execution (getExecution) to see whether the stage is still paused.', 'Read the execution (harness-exec status) to see whether the stage is still paused.'],
  ])('%s', (sdk, cli) => expect(cliWording(sdk)).toBe(cli));
});
