/** --help texts: the overview and each command's own text, both read from the command registry. */
import { COMMAND_MODULES, findCommand } from './commands/index.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

const CREDENTIALS = `Credentials and endpoint:
  HARNESS_ACCOUNT_ID      account id (or --account-id ID)
  HARNESS_API_KEY         API key (or --api-key-file FILE); never accepted as a flag
  HARNESS_BEARER_TOKEN    a logged-in user's session token instead of an API key
                          (or --bearer-token-file FILE); exactly one of the two
  HARNESS_ENDPOINT        GraphQL endpoint (or --endpoint URL);
                          default https://app.harness.io/gateway/api/graphql
  HARNESS_REQUESTS_PER_MINUTE  the account's request budget (default 30; 5 on
                          community and essentials accounts)
  HARNESS_BUDGET_REDIS_URL  redis://host:6379: share one budget with every job of the
                          account that sets it (needs npm install rate-limiter-flexible ioredis)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY  an HTTP proxy to reach Harness through (either case,
                          as curl reads them); loopback endpoints are always reached directly
  NODE_EXTRA_CA_CERTS     a CA bundle for a TLS-inspecting proxy or an on-prem Harness
Common options:
  --json                  print one JSON object on stdout instead of a summary
  --debug                 print the stack of unexpected (non-Harness) errors
  -h, --help              this help`;

function overview(): string {
  return `harness-exec: start Harness FirstGen pipelines and workflows and wait for them.

Usage:
${COMMAND_MODULES.map((command) => `  harness-exec ${command.usage}`).join('\n')}
  harness-exec --version

Run harness-exec <command> --help for a command's options and examples.

Examples:
  harness-exec inputs --app "Harness Demo" --pipeline "Guestbook Pipeline"
  harness-exec start-pipeline --app "Harness Demo" --pipeline "Guestbook Pipeline" \\
    --artifact guestbook=guestbook:v6 --var branch=main --wait --timeout 1800
  harness-exec continue Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --var releaseTag=v6.1 --wait
  harness-exec resume Xj3kT9lqQ1Omx2eTt3Ozqw --app "Harness Demo" --stage "Stage 2" --wait

${CREDENTIALS}

${EXIT_CODE_HELP}
`;
}

/** The help text for a command, or the overview. */
export function helpText(name: string | undefined): string {
  const command = findCommand(name);
  if (command === undefined) return overview();
  // A raw command (fake-harness) takes neither credentials nor the common options.
  return command.runRaw === undefined ? `${command.help}\n${CREDENTIALS}\n\n${EXIT_CODE_HELP}\n` : command.help;
}
