/**
 * Every secret harness-exec may hold in a run, so that its output can be redacted of them all: the API
 * key and the session token (from the environment or the files the flags name) and the credentials in
 * the proxy variables. The SDK never puts them in its errors; this guards what the CLI prints itself,
 * such as a stack with --debug.
 */
import { parseProxyUrl, proxySecrets } from '../internal/proxy.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
const SECRET_FILE_FLAGS = ['--api-key-file', '--bearer-token-file'];

/** The secrets of a run, read quietly: a file that cannot be read is reported by the command itself. */
export function secretsOfRun(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
  readText: (path: string) => string,
): string[] {
  const secrets = [env.HARNESS_API_KEY, env.HARNESS_BEARER_TOKEN];
  for (const flag of SECRET_FILE_FLAGS) secrets.push(readFlagFile(argv, flag, readText));
  for (const name of PROXY_VARIABLES) {
    const value = env[name];
    const url = value === undefined ? undefined : parseProxyUrl(value);
    if (url !== undefined) secrets.push(...proxySecrets(url));
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret.trim() !== '');
}

function readFlagFile(argv: readonly string[], flag: string, readText: (path: string) => string): string | undefined {
  const index = argv.findIndex((arg) => arg === flag || arg.startsWith(`${flag}=`));
  if (index < 0) return undefined;
  const arg = argv[index] ?? '';
  const path = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  if (path === undefined) return undefined;
  try {
    return readText(path).trim();
  } catch {
    return undefined;
  }
}
