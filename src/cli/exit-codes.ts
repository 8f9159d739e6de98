/**
 * Exit codes of harness-exec, shaped after harness/cli's CI conventions (0/1/2/124/130) with more
 * classes so a pipeline can tell a bad key (fix the credentials) from a flaky network (retry) and
 * from a start whose outcome is unknown (look before starting again).
 */
import { isHarnessError } from '../errors.js';
import { isSuccessStatus } from '../statuses.js';
import type { ExecutionStatus } from '../types.js';

export const EXIT = {
  /** The command did what was asked; with --wait, the execution ended SUCCESS. */
  SUCCESS: 0,
  /** The execution ended unsuccessfully (FAILED, ERROR, ABORTED, REJECTED, EXPIRED, SKIPPED). */
  EXECUTION_FAILED: 1,
  /**
   * Bad arguments, or inputs Harness would refuse (nothing was sent); also an unknown name or id,
   * and an idempotency key reused with other inputs (nothing was started).
   */
  USAGE: 2,
  /** Harness refused the API key, or the key may not do this. */
  AUTH: 3,
  /** Any other API, network, rate-limit or unexpected error. */
  API: 4,
  /** The request may or may not have taken effect (an execution may have started): look before retrying. */
  UNKNOWN_OUTCOME: 5,
  /** --timeout passed; the execution keeps running in Harness. */
  WAIT_TIMEOUT: 124,
  /** SIGINT (Ctrl+C). */
  INTERRUPTED: 130,
  /** SIGTERM (a CI job cancelled, a container stopped). */
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code for an execution that reached a final status. Only SUCCESS is a success (as for
 * the SDK's awaitExecution): a SKIPPED execution deployed nothing, so a CI job should not go green.
 */
export function exitCodeForStatus(status: ExecutionStatus | string | null | undefined): ExitCode {
  return isSuccessStatus(status) ? EXIT.SUCCESS : EXIT.EXECUTION_FAILED;
}

/** The exit code for an error thrown by the SDK (or anything else). */
export function exitCodeForError(error: unknown): ExitCode {
  if (!isHarnessError(error)) return EXIT.API;
  switch (error.code) {
    case 'VALIDATION':
    case 'NOT_FOUND':
    case 'IDEMPOTENCY_CONFLICT':
      return EXIT.USAGE;
    case 'AUTHENTICATION':
    case 'PERMISSION':
      return EXIT.AUTH;
    case 'EXECUTION_FAILED':
      return EXIT.EXECUTION_FAILED;
    case 'WAIT_TIMEOUT':
      return EXIT.WAIT_TIMEOUT;
    case 'UNKNOWN_OUTCOME':
      return EXIT.UNKNOWN_OUTCOME;
    default:
      return EXIT.API;
  }
}

/** The exit-code table printed by --help. */
export const EXIT_CODE_HELP = `Exit codes:
  0    success (with --wait: the execution ended SUCCESS)
  1    the execution ended unsuccessfully (FAILED, ERROR, ABORTED, REJECTED, EXPIRED;
       also SKIPPED, which deployed nothing); generate --check: the account no longer
       matches the file; doctor: a check failed
  2    usage or input validation error, an unknown application, pipeline, workflow or
       execution, or an --idempotency-key reused with other inputs; nothing was started
  3    authentication or permission error (check HARNESS_API_KEY and its user groups)
  4    other API, network or rate-limit error
  5    unknown outcome: the request may have reached Harness (an execution may have
       started); look before running it again, or rerun with the same --idempotency-key
  124  --timeout passed while waiting; the execution keeps running in Harness
  130  interrupted by SIGINT (Ctrl+C)
  143  terminated by SIGTERM (for example a cancelled CI job)
       On 130 and 143 harness-exec says what it had sent (with --json: one object on
       stdout); an execution that started keeps running in Harness, unless
       --abort-on-interrupt (with --wait) aborted it
  status with several ids exits with the worst of the executions' codes
  (5, 4, 3, 2, then 1, then 124, then 0)`;
