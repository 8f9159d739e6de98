/**
 * Starts a real `redis-server` for tests: on a free loopback port, with its files in a fresh temporary
 * folder, saving nothing to disk, and stops it again. Tests of the Redis budget store run against it
 * rather than a mock, because what they check (atomic counting shared by processes) is Redis's own.
 *
 * Debian and Ubuntu: `apt-get install redis-server`; CI installs it when missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const HOST = '127.0.0.1';

/** A running redis-server. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:PORT`, for clients that take a URL. */
  readonly url: string;
  /** The temporary folder the server runs in; removed by stop(). */
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL if it lingers) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartRedisServerOptions {
  /**
   * The redis-server executable.
   * @default the first `redis-server` on PATH
   */
  binary?: string | undefined;
  /**
   * How long the server may take to answer PING before the start fails: it answers within
   * milliseconds on an idle machine, but a machine busy with other suites can delay its start by seconds.
   * @default 30_000
   */
  startTimeoutMs?: number | undefined;
}

/** The path of `redis-server` on PATH, or undefined when it is not installed. */
export function findRedisServer(path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** A loopback port nobody listens on right now (another process may still take it before we do). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}

/** Sends PING over a raw connection and resolves with the reply line (`+PONG` when Redis is up). */
export function pingRedis(port: number, host: string = HOST, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let reply = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer to PING on ${host}:${port} within ${timeoutMs} ms`)));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      const end = reply.indexOf('\r\n');
      if (end >= 0) {
        socket.end();
        resolve(reply.slice(0, end));
      }
    });
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls PING until it answers, the process exits (the port was taken), or the time is up. */
async function waitUntilReady(child: ChildProcess, port: number, timeoutMs: number, output: () => string): Promise<'ready' | 'exited'> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    try {
      if ((await pingRedis(port)) === '+PONG') return 'ready';
    } catch {
      // not listening yet
    }
    if (Date.now() > giveUpAt) {
      child.kill('SIGKILL');
      await exited(child);
      throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms:\n${output()}`);
    }
    await pause(25);
  }
}

/**
 * Starts redis-server on a free loopback port in a temporary folder and resolves once it answers PING.
 * @throws when redis-server is not installed or does not come up
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const binary = options.binary ?? findRedisServer();
  if (!binary) throw new Error('redis-server is not installed (Debian and Ubuntu: apt-get install redis-server).');
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'harness-sdk-redis-'));
  // A port found free can be taken before redis-server binds it: then it exits, and we try another.
  for (let attempt = 1; ; attempt += 1) {
    const port = await freeLoopbackPort();
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const spawnFailure = new Promise<never>((_, reject) => child.once('error', reject));
    spawnFailure.catch(() => undefined); // a late error must not become an unhandled rejection
    let state: 'ready' | 'exited';
    try {
      state = await Promise.race([waitUntilReady(child, port, startTimeoutMs, () => output), spawnFailure]);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    if (state === 'exited') {
      if (attempt < 5 && /Address already in use/i.test(output)) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server exited before answering PING (exit ${String(child.exitCode ?? child.signalCode)}):\n${output}`);
    }
    // Should the test process end without stop(), do not leave a server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    let stopped: Promise<void> | undefined;
    return {
      host: HOST,
      port,
      url: `redis://${HOST}:${port}`,
      dir,
      stop: () =>
        (stopped ??= (async () => {
          process.removeListener('exit', killOnExit);
          child.kill('SIGTERM');
          const lingering = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited(child);
          clearTimeout(lingering);
          rmSync(dir, { recursive: true, force: true });
        })()),
    };
  }
}
