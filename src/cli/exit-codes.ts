/**
 * Exit codes of harness-exec, shaped after harness/cli's CI conventions (0/1/2/124/130) with two
 * more classes so a pipeline can tell a bad key (fix the credentials) from a flaky network (retry).
 */
import { isHarnessError } from '../errors.js';
import type { ExecutionStatus } from '../types.js';

export const EXIT = {
  /** The command did what was asked; with --wait, the execution ended SUCCESS. */
  SUCCESS: 0,
  /** The execution ended unsuccessfully (FAILED, ERROR, ABORTED, REJECTED, EXPIRED). */
  EXECUTION_FAILED: 1,
  /** Bad arguments, or inputs Harness would refuse (nothing was sent); also an unknown name or id. */
  USAGE: 2,
  /** Harness refused the API key, or the key may not do this. */
  AUTH: 3,
  /** Any other API, network, rate-limit or unexpected error. */
  API: 4,
  /** --timeout passed; the execution keeps running in Harness. */
  WAIT_TIMEOUT: 124,
  /** SIGINT or SIGTERM during --wait; the execution keeps running in Harness. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Statuses after which an execution will not change any more. Only SUCCESS is a success (as for the
 * SDK's awaitExecution): a SKIPPED execution deployed nothing, so a CI job should not go green on it.
 */
const SUCCESSFUL: ReadonlySet<string> = new Set(['SUCCESS']);
const UNSUCCESSFUL: ReadonlySet<string> = new Set(['FAILED', 'ERROR', 'ABORTED', 'REJECTED', 'EXPIRED', 'SKIPPED']);

/** Whether a status is final. */
export function isTerminalStatus(status: ExecutionStatus | string | null | undefined): boolean {
  return status !== null && status !== undefined && (SUCCESSFUL.has(status) || UNSUCCESSFUL.has(status));
}

/** The exit code for an execution that reached a final status. */
export function exitCodeForStatus(status: ExecutionStatus | string | null | undefined): ExitCode {
  if (status !== null && status !== undefined && SUCCESSFUL.has(status)) return EXIT.SUCCESS;
  return EXIT.EXECUTION_FAILED;
}

/** The exit code for an error thrown by the SDK (or anything else). */
export function exitCodeForError(error: unknown): ExitCode {
  if (!isHarnessError(error)) return EXIT.API;
  switch (error.code) {
    case 'VALIDATION':
    case 'NOT_FOUND':
      return EXIT.USAGE;
    case 'AUTHENTICATION':
    case 'PERMISSION':
      return EXIT.AUTH;
    case 'EXECUTION_FAILED':
      return EXIT.EXECUTION_FAILED;
    case 'WAIT_TIMEOUT':
      return EXIT.WAIT_TIMEOUT;
    case 'RATE_LIMITED':
    case 'REQUEST':
    case 'SERVER':
    case 'NETWORK':
    case 'TIMEOUT':
    case 'UNKNOWN_OUTCOME':
      return EXIT.API;
    default:
      return EXIT.API;
  }
}

/** The exit-code table printed by --help. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success (with --wait: the execution ended SUCCESS)
  1    the execution ended unsuccessfully (FAILED, ERROR, ABORTED, REJECTED, EXPIRED;
       also SKIPPED, which deployed nothing)
  2    usage or input validation error, or an unknown application, pipeline, workflow
       or execution; nothing was started
  3    authentication or permission error (check HARNESS_API_KEY and its user groups)
  4    other API, network or rate-limit error
  124  --timeout passed while waiting; the execution keeps running in Harness
  130  interrupted (SIGINT/SIGTERM) while waiting; the execution keeps running in Harness`;
