/** The command registry is the one list the parser, the help and the runner read. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/cli/args.js';
import { COMMAND_MODULES, COMMANDS, findCommand } from '../../../src/cli/commands/index.js';
import { helpText } from '../../../src/cli/help.js';

describe('the command registry', () => {
  it('has one module per command name', () => {
    expect(new Set(COMMANDS).size).toBe(COMMAND_MODULES.length);
    for (const name of COMMANDS) expect(findCommand(name)?.name).toBe(name);
  });
  it.each(COMMAND_MODULES.map((command) => [command.name, command] as const))('%s: usage, help and options come from its module', (name, command) => {
    expect(command.usage.startsWith(`${name} `)).toBe(true);
    expect(helpText(undefined)).toContain(`  harness-exec ${command.usage}\n`);
    expect(helpText(name).startsWith(command.help)).toBe(true);
    expect(helpText(name)).toContain(`harness-exec ${name}`);
    if (command.runRaw !== undefined) {
      expect(parseCommandLine([name, '--anything'])).toEqual({ kind: 'raw', command: name, argv: ['--anything'] });
      return;
    }
    expect(helpText(name)).toContain('Exit codes:');
    const positionals = command.positionals.map((p) => `${p}-value`);
    for (const [option, spec] of Object.entries(command.options)) {
      const args = spec.type === 'boolean' ? [`--${option}`] : [`--${option}`, 'x'];
      expect(parseCommandLine([name, ...positionals, ...args]), option).toMatchObject({ kind: 'command', command: name, problems: [] });
    }
    expect(parseCommandLine([name, ...positionals, '--no-such-option'])).toMatchObject({
      kind: 'command',
      problems: [expect.stringContaining(`${name} has no option --no-such-option.`)],
    });
  });
});
