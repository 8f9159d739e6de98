import type { CommandModule } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const fakeHarness: CommandModule = {
  name: 'fake-harness',
  usage: 'fake-harness [--port N] [--rate-limit N|off] [--speed N]',
  options: {},
  positionals: [],
  help: `Run the bundled fake Harness GraphQL server for manual tries and demos. It prints the
HARNESS_* variables to export; stop it with Ctrl+C. Nothing it does reaches a real account.

Usage:
  harness-exec fake-harness [--port N] [--rate-limit N|off] [--speed N]

Options:
  --port N             TCP port on 127.0.0.1 (default: a free port)
  --rate-limit N|off   requests per minute before HTTP 429 (default 30, like Harness)
  --speed N            fake milliseconds per real millisecond (default 1)

Examples:
  harness-exec fake-harness --port 4000 --speed 20
`,
  async runRaw(argv, ctx) {
    const run = ctx.io.runFakeHarness ?? (async (args: string[]) => (await import('../../testing/standalone.js')).runFakeHarnessFromCli(args));
    try {
      await run(argv);
      return EXIT.SUCCESS;
    } catch (error) {
      ctx.err(`error: ${error instanceof Error ? error.message : String(error)}\nRun harness-exec fake-harness --help for usage.`);
      return EXIT.USAGE;
    }
  },
};
