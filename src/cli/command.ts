/**
 * The shape of one harness-exec command. Each command is one module in `commands/` holding
 * everything about it (options, positionals, help and what it does); `commands/index.ts` lists them,
 * and the parser, the help and the runner read only that list.
 */
import type { Context } from './context.js';
import type { OptionSpecs } from './options.js';

interface CommandBase {
  /** The word after harness-exec. */
  name: string;
  /** The command's line in the overview of harness-exec --help (after `harness-exec `). */
  usage: string;
  /** The text of harness-exec <name> --help, without the shared credentials and exit-code sections. */
  help: string;
  /** Its options besides the common ones (--json, --debug, --help, credentials). */
  options: OptionSpecs;
  /** Names of its positional arguments, in order (all required). */
  positionals: readonly string[];
  /** When true, the last positional may be given more than once (`status ID ID ...`). */
  repeatsLastPositional?: boolean;
  /** Options of other commands users reach for here, with what to write instead. */
  mixUps?: Readonly<Record<string, string>>;
}

export type CommandModule = CommandBase &
  (
    | {
        /** Runs the command; resolves with the exit code. Throws UsageError or SDK errors. */
        run: (ctx: Context) => Promise<number>;
        runRaw?: undefined;
      }
    | {
        /**
         * For a command that reads its own arguments and needs no credentials (fake-harness): the
         * arguments after its name come here untouched.
         */
        runRaw: (argv: string[], ctx: RawContext) => Promise<number>;
        run?: undefined;
      }
  );

/** What a raw command gets. */
export type RawContext = Pick<Context, 'io' | 'err'>;
