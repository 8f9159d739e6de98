import { describe, expect, it } from 'vitest';
import {
  HarnessAuthenticationError,
  HarnessExecutionFailedError,
  HarnessIdempotencyConflictError,
  HarnessNetworkError,
  HarnessNotFoundError,
  HarnessPermissionError,
  HarnessRateLimitError,
  HarnessServerError,
  HarnessUnknownOutcomeError,
  HarnessValidationError,
  HarnessWaitTimeoutError,
} from '../../../src/errors.js';
import { EXIT, exitCodeForError, exitCodeForStatus } from '../../../src/cli/exit-codes.js';
import { isTerminalStatus } from '../../../src/statuses.js';
import {
  cliWording,
  createRedactor,
  errorJson,
  formatError,
  formatExecution,
  formatInputs,
  shellQuote,
  toExecutionJson,
} from '../../../src/cli/format.js';
import { ProgressReporter, changeKey, formatElapsed, renderChangeLine, renderLiveLine } from '../../../src/cli/progress.js';
import type { EntityDefinition, ExecutionSummary } from '../../../src/types.js';

const execution: ExecutionSummary = {
  id: 'exec1',
  kind: 'PIPELINE',
  status: 'FAILED',
  url: 'https://app.harness.io/#/x',
  applicationId: 'app1',
  entity: { id: 'p1', name: 'Guestbook Pipeline' },
  createdAt: 1,
  startedAt: 1,
  endedAt: 2,
  notes: null,
  failureDetails: 'smoke test failed',
  stages: [
    { name: 'Stage 1', elementId: 's1', stepName: 'Deploy to dev', type: 'WORKFLOW', status: 'SUCCESS', workflowExecutionId: 'w1', approvalStepType: null, runtimeInputVariables: [] },
    { name: 'Stage 2', elementId: 's2', stepName: 'Smoke', type: 'WORKFLOW', status: 'FAILED', workflowExecutionId: 'w2', approvalStepType: null, runtimeInputVariables: [] },
  ],
};

describe('exit codes', () => {
  it('maps final statuses', () => {
    expect(exitCodeForStatus('SUCCESS')).toBe(0);
    for (const status of ['FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']) expect(exitCodeForStatus(status)).toBe(1);
    expect(isTerminalStatus('RUNNING')).toBe(false);
    expect(isTerminalStatus('PAUSED')).toBe(false);
    expect(isTerminalStatus(null)).toBe(false);
    expect(isTerminalStatus('REJECTED')).toBe(true);
  });
  it('maps errors', () => {
    expect(exitCodeForError(new HarnessValidationError([]))).toBe(EXIT.USAGE);
    expect(exitCodeForError(new HarnessNotFoundError('pipeline', 'x', 'no'))).toBe(EXIT.USAGE);
    expect(exitCodeForError(new HarnessAuthenticationError('no'))).toBe(EXIT.AUTH);
    expect(exitCodeForError(new HarnessPermissionError('no'))).toBe(EXIT.AUTH);
    expect(exitCodeForError(new HarnessRateLimitError('slow'))).toBe(EXIT.API);
    expect(exitCodeForError(new HarnessServerError('500', ''))).toBe(EXIT.API);
    expect(exitCodeForError(new HarnessNetworkError('down', 'no'))).toBe(EXIT.API);
    expect(exitCodeForError(new HarnessUnknownOutcomeError('?', undefined))).toBe(EXIT.UNKNOWN_OUTCOME);
    expect(EXIT.UNKNOWN_OUTCOME).toBe(5);
    expect(exitCodeForError(new HarnessIdempotencyConflictError('other inputs', 'k', undefined))).toBe(EXIT.USAGE);
    expect(exitCodeForError(new HarnessExecutionFailedError(execution))).toBe(EXIT.EXECUTION_FAILED);
    expect(exitCodeForError(new HarnessWaitTimeoutError('e', undefined, 1, 1, []))).toBe(EXIT.WAIT_TIMEOUT);
    expect(exitCodeForError(new TypeError('bug'))).toBe(EXIT.API);
  });
});

describe('redaction', () => {
  it('replaces every occurrence of the key, longest first, and ignores short or missing secrets', () => {
    const redact = createRedactor(['abcd1234', undefined, 'abc', 'abcd1234-long']);
    expect(redact('k=abcd1234-long and abcd1234, abc')).toBe('k=*** and ***, abc');
    expect(createRedactor([undefined])('abc')).toBe('abc');
  });
});

describe('execution output', () => {
  it('builds the JSON object scripts parse', () => {
    expect(toExecutionJson({ ...execution, warningMessage: 'ignored x' })).toEqual({
      executionId: 'exec1',
      kind: 'PIPELINE',
      status: 'FAILED',
      url: 'https://app.harness.io/#/x',
      applicationId: 'app1',
      entity: { id: 'p1', name: 'Guestbook Pipeline' },
      stages: [
        { name: 'Stage 1', stepName: 'Deploy to dev', type: 'WORKFLOW', status: 'SUCCESS', workflowExecutionId: 'w1' },
        { name: 'Stage 2', stepName: 'Smoke', type: 'WORKFLOW', status: 'FAILED', workflowExecutionId: 'w2' },
      ],
      failureDetails: 'smoke test failed',
      warningMessage: 'ignored x',
    });
    expect(toExecutionJson(execution, { waitEnded: 'timeout', elapsedMs: 5 })).toMatchObject({ waitEnded: 'timeout', elapsedMs: 5, warningMessage: null });
  });
  it('prints a short human summary', () => {
    expect(formatExecution(execution, { elapsedMs: 65_000 })).toBe(
      [
        'Pipeline "Guestbook Pipeline" execution exec1: FAILED',
        '  URL: https://app.harness.io/#/x',
        '  Waited: 1:05',
        '  Stage 1 (Deploy to dev): SUCCESS',
        '  Stage 2 (Smoke): FAILED',
        '  Failure: smoke test failed',
      ].join('\n'),
    );
  });
});

describe('errors', () => {
  it('prints HarnessError messages without stacks, in CLI wording', () => {
    const error = new HarnessValidationError([
      { code: 'unknown_variable', variable: 'x', message: 'Pipeline has no variable "x". Remove it, or pass allowUnknown: true to send it anyway.' },
    ]);
    const text = formatError(error, true);
    expect(text).toContain('pass --allow-unknown-variables');
    expect(text).not.toContain(' at ');
    expect(cliWording('or, if it is a runtime input, name it in runtimeInputs.')).toBe('or, if it is a runtime input, pass --runtime-input NAME.');
  });
  it('prints other errors briefly, with the stack only under --debug', () => {
    const bug = new TypeError('boom');
    expect(formatError(bug, false)).toBe('error: boom (run with --debug for details)');
    expect(formatError(bug, true)).toContain('TypeError: boom\n    at ');
  });
  it('serialises errors for --json', () => {
    expect(errorJson(new HarnessAuthenticationError('bad key'), 3)).toEqual({ error: { name: 'HarnessAuthenticationError', code: 'AUTHENTICATION', message: 'bad key' }, exitCode: 3 });
    expect(errorJson(new Error('x'), 4)).toEqual({ error: { name: 'Error', code: 'INTERNAL', message: 'x' }, exitCode: 4 });
  });
});

describe('inputs listing', () => {
  const entity: EntityDefinition = {
    id: 'p1',
    name: 'Templatized Guestbook',
    description: null,
    applicationId: 'app1',
    kind: 'PIPELINE',
    variables: [
      { name: 'env', type: 'Environment', required: true, allowedValues: [], defaultValue: null, fixed: false, allowMultipleValues: false },
      { name: 'color', type: 'Text', required: false, allowedValues: ['blue', 'green'], defaultValue: null, fixed: false, allowMultipleValues: false },
    ],
  };
  const base = { entity, commandPrefix: "harness-exec start-pipeline --app 'Harness Demo' --pipeline 'Templatized Guestbook'", runtimeInputs: [], builds: [] };
  it('says which variables decide the services and how to pass them', () => {
    const text = formatInputs({ ...base, executionInputs: undefined, missingVariables: ['env'], givenVariables: {} });
    expect(text).toContain('env: Environment, required');
    expect(text).toContain('color: Text, optional, allowed "blue", "green"');
    expect(text).toContain('depends on "env", not given');
    expect(text).toContain("harness-exec inputs --app 'Harness Demo' --pipeline 'Templatized Guestbook' --var env=ENVIRONMENT_NAME");
  });
  it('lists services with their artifact sources and a command to fill in', () => {
    const text = formatInputs({
      ...base,
      missingVariables: [],
      givenVariables: { env: 'dev' },
      executionInputs: {
        servicesNeedingArtifacts: [{ id: 's', name: 'guestbook', artifactType: 'DOCKER', deploymentType: 'KUBERNETES', artifactSources: [{ id: 'a', name: 'guestbook' }] }],
        servicesNeedingManifests: [],
      },
    });
    expect(text).toContain('guestbook (KUBERNETES, DOCKER): artifact sources "guestbook"');
    expect(text).toContain("--pipeline 'Templatized Guestbook' --var env=dev --artifact guestbook=guestbook:BUILD");
  });
  it('quotes shell words only when needed', () => {
    expect(shellQuote('a=b:c')).toBe('a=b:c');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

describe('progress rendering', () => {
  it('formats elapsed time', () => {
    expect(formatElapsed(7_400)).toBe('0:07');
    expect(formatElapsed(725_000)).toBe('12:05');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
  });
  it('renders the live line and the change line', () => {
    const state = { status: 'RUNNING', detail: 'stage 1/3 Deploy to dev: RUNNING', elapsedMs: 65_000 };
    expect(renderLiveLine(state, 1)).toBe('⠙ stage 1/3 Deploy to dev: RUNNING · 1:05');
    expect(renderLiveLine({ ...state, status: 'PAUSED' }, 1)).toBe('⠙ PAUSED · stage 1/3 Deploy to dev: RUNNING · 1:05');
    const narrow = renderLiveLine(state, 0, 31);
    expect(narrow).toHaveLength(30);
    expect(narrow).toMatch(/^⠋ stage .*… · 1:05$/);
    expect(renderLiveLine(state, 0, 0)).toBe('⠋ stage 1/3 Deploy to dev: RUNNING · 1:05');
    expect(renderChangeLine(state)).toBe('[1:05] stage 1/3 Deploy to dev: RUNNING');
    expect(renderChangeLine({ status: 'QUEUED', detail: '', elapsedMs: 0 })).toBe('[0:00] QUEUED');
    expect(changeKey(state)).not.toBe(changeKey({ ...state, status: 'PAUSED' }));
  });
  it('writes one line per change when not on a terminal', () => {
    const lines: string[] = [];
    const reporter = new ProgressReporter({ write: (t) => lines.push(t), isTTY: false }, () => 0);
    reporter.update({ status: 'RUNNING', detail: 'a', elapsedMs: 0 });
    reporter.update({ status: 'RUNNING', detail: 'a', elapsedMs: 1000 });
    reporter.update({ status: 'PAUSED', detail: 'a', elapsedMs: 2000 });
    reporter.stop();
    expect(lines).toEqual(['[0:00] RUNNING · a\n', '[0:02] PAUSED · a\n']);
  });
  it('rewrites one line on a terminal and clears it when stopped', () => {
    const chunks: string[] = [];
    const reporter = new ProgressReporter({ write: (t) => chunks.push(t), isTTY: true, columns: 80 }, () => 0);
    reporter.update({ status: 'RUNNING', detail: '', elapsedMs: 0 });
    reporter.update({ status: 'RUNNING', detail: '', elapsedMs: 0 });
    reporter.stop();
    expect(chunks.every((c) => c.startsWith('\r\u001b[2K'))).toBe(true);
    expect(chunks.at(-1)).toBe('\r\u001b[2K');
    expect(chunks.some((c) => c.includes('\n'))).toBe(false);
  });
});

describe('--json errors speak harness-exec', () => {
  it('rewrites SDK option names in issues too', () => {
    const error = new HarnessValidationError([
      { code: 'missing_required', variable: 'releaseTag', message: 'Pass a value for it, or, if it is a runtime input, name it in runtimeInputs.' },
    ]);
    const body = errorJson(error, 2) as { error: { issues: { message: string }[] } };
    expect(body.error.issues[0]?.message).toBe('Pass a value for it, or, if it is a runtime input, pass --runtime-input NAME.');
  });
});
