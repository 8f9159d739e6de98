import { generateWith, GENERATE_HELP, DEFAULT_OUT_FILE } from '../../account-types/cli.js';
import { createRequestCounter } from '../../account-types/read.js';
import type { CommandModule } from '../command.js';
import { connect } from '../context.js';
import { flag, list, str } from '../options.js';

export const generate: CommandModule = {
  name: 'generate',
  usage: 'generate --app NAME [--app NAME]... [--out FILE] [--check] [--json]',
  options: { app: { type: 'string', multiple: true }, out: { type: 'string' }, check: { type: 'boolean' } },
  positionals: [],
  help: `Write TypeScript types for your applications' pipelines, workflows and variables (or --check them).

${GENERATE_HELP}
Exit codes of generate: 0 written, or (--check) the file matches the account; 1 (--check) the
account no longer matches the file; 2 bad arguments, an unknown application, or a file to check
that cannot be read.

Examples:
  harness-exec generate --app "Harness Demo"
  harness-exec generate --app "Harness Demo" --app Payments --out src/harness-types.ts
  harness-exec generate --app "Harness Demo" --check
`,
  async run(ctx) {
    const applications = list(ctx.values, 'app').map((name) => name.trim());
    if (applications.length === 0) ctx.problems.push('generate needs at least one --app NAME.');
    if (applications.some((name) => name === '')) ctx.problems.push('--app needs a non-empty application name.');
    const out = str(ctx.values, 'out');
    if (out !== undefined && out.trim() === '') ctx.problems.push('--out needs a file name.');
    // Counts this client's requests: generate says what reading the account cost.
    const counter = createRequestCounter();
    const client = connect(ctx, counter.hooks);
    const lines = (write: (line: string) => void) => ({ write: (text: string) => write(text.replace(/\n$/u, '')) });
    return generateWith(
      { applications, out: out ?? DEFAULT_OUT_FILE, check: flag(ctx.values, 'check'), json: ctx.json, help: false },
      { env: ctx.io.env, stdout: lines(ctx.out), stderr: lines(ctx.err) },
      client,
      counter,
      ctx.signal,
    );
  },
};
