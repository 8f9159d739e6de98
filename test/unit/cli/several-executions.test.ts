import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { worstExitCode } from '../../../src/cli/status-many.js';

describe('worstExitCode', () => {
  it('ranks a read error over a failure, a failure over a timeout, a timeout over success', () => {
    expect(worstExitCode([])).toBe(EXIT.SUCCESS);
    expect(worstExitCode([EXIT.SUCCESS, EXIT.WAIT_TIMEOUT])).toBe(EXIT.WAIT_TIMEOUT);
    expect(worstExitCode([EXIT.WAIT_TIMEOUT, EXIT.EXECUTION_FAILED, EXIT.SUCCESS])).toBe(EXIT.EXECUTION_FAILED);
    expect(worstExitCode([EXIT.EXECUTION_FAILED, EXIT.USAGE])).toBe(EXIT.USAGE);
    expect(worstExitCode([EXIT.USAGE, EXIT.AUTH])).toBe(EXIT.AUTH);
    expect(worstExitCode([EXIT.AUTH, EXIT.API])).toBe(EXIT.API);
    expect(worstExitCode([EXIT.API, EXIT.UNKNOWN_OUTCOME, EXIT.SUCCESS])).toBe(EXIT.UNKNOWN_OUTCOME);
  });
});

describe('repeated positionals', () => {
  it('status takes several execution ids; abort still takes one', () => {
    expect(parseCommandLine(['status', 'a', 'b', 'c', '--wait'])).toMatchObject({ kind: 'command', positionals: ['a', 'b', 'c'], problems: [] });
    expect(parseCommandLine(['abort', 'a', 'b', '--app', 'X'])).toMatchObject({ kind: 'command', problems: [expect.stringContaining('unexpected "b"')] });
  });

  it('--abort-on-interrupt is accepted where --wait is', () => {
    for (const argv of [['status', 'a'], ['resume', 'a'], ['continue', 'a'], ['start-pipeline'], ['start-workflow']]) {
      expect(parseCommandLine([...argv, '--wait', '--abort-on-interrupt']), argv.join(' ')).toMatchObject({ kind: 'command', problems: [] });
    }
  });
});
