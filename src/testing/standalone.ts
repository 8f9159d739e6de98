/**
 * Runs the fake Harness server as a long-lived process (real-time clock) for manual testing and demos.
 */
import { startFakeHarness, type FakeHarness } from './server.js';

/** Parsed command line of {@link runFakeHarnessFromCli}. */
export interface StandaloneOptions {
  /** `--port N`. Default 0 (a free port). */
  port: number;
  /** `--rate-limit N|off`. Default 30. */
  rateLimit: number | false;
  /** `--speed N`: how many fake milliseconds pass per real millisecond. Default 1. */
  speed: number;
}

/** Parses `--port`, `--rate-limit` and `--speed` (also `--flag=value`). Throws on anything else. */
export function parseStandaloneArgs(argv: readonly string[]): StandaloneOptions {
  const out: StandaloneOptions = { port: 0, rateLimit: 30, speed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const num = Number(value);
    switch (flag) {
      case '--port':
        if (!Number.isInteger(num) || num < 0 || num > 65535) throw new Error(`--port must be 0-65535, got ${value}`);
        out.port = num;
        break;
      case '--rate-limit':
        if (value === 'off') out.rateLimit = false;
        else if (Number.isInteger(num) && num > 0) out.rateLimit = num;
        else throw new Error(`--rate-limit must be a positive integer or "off", got ${value}`);
        break;
      case '--speed':
        if (!(num > 0)) throw new Error(`--speed must be a positive number, got ${value}`);
        out.speed = num;
        break;
      default:
        throw new Error(`unknown option ${flag} (expected --port, --rate-limit, --speed)`);
    }
  }
  return out;
}

/** The lines printed at start-up. */
export function describeFakeHarness(fake: FakeHarness): string {
  return [
    `Fake Harness listening on ${fake.endpoint}`,
    `  account id:      ${fake.accountId}`,
    `  API key:         ${fake.apiKey}`,
    `  restricted key:  ${fake.restrictedApiKey} (may not deploy to PROD environments)`,
    `  session token:   ${fake.bearerToken} (Authorization: Bearer; needs ?accountId=)`,
    '',
    'Use it with:',
    `  export HARNESS_ENDPOINT=${fake.endpoint}`,
    `  export HARNESS_ACCOUNT_ID=${fake.accountId}`,
    `  export HARNESS_API_KEY=${fake.apiKey}`,
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}

/**
 * Starts the fake in real-time mode from command-line arguments, prints how to use it, and closes
 * it on SIGINT/SIGTERM. Resolves once the server has closed.
 */
export async function runFakeHarnessFromCli(argv: string[]): Promise<void> {
  const opts = parseStandaloneArgs(argv);
  const fake = await startFakeHarness({
    port: opts.port,
    rateLimit: opts.rateLimit === false ? false : { perMinute: opts.rateLimit },
    clock: { realTime: true, speed: opts.speed },
  });
  process.stdout.write(`${describeFakeHarness(fake)}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void fake.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
