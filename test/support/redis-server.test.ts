/**
 * The redis-server helper the budget-store tests rely on: it starts a real server that answers, and
 * stops it without leaving a process or a folder behind. Outside CI a machine without redis-server
 * skips this with one line; in CI (CI=true) a missing redis-server is a failure.
 */
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findRedisServer, pingRedis, startRedisServer } from './redis-server.js';

const binary = findRedisServer();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const skip = binary === undefined && !inCi;
if (skip) console.log('redis-server tests skipped: redis-server is not installed (Debian and Ubuntu: apt-get install redis-server); CI installs it and runs them.');

/** Resolves true when something accepts a connection on the port, false when it is refused. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe.skipIf(skip)('startRedisServer', () => {
  it('finds redis-server on PATH', () => {
    expect(binary, 'redis-server is not installed; CI must install it (apt-get install redis-server)').toBeDefined();
  });

  it('starts on a loopback port, answers PING, and is gone after stop', async () => {
    const server = await startRedisServer();
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      await expect(pingRedis(server.port)).resolves.toBe('+PONG');
      expect(existsSync(server.dir)).toBe(true);
    } finally {
      await server.stop();
    }
    await expect(accepts(server.port)).resolves.toBe(false);
    expect(existsSync(server.dir)).toBe(false);
    await server.stop(); // a second stop is harmless
  });

  it('gives two servers started together their own ports', async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
    try {
      expect(a.port).not.toBe(b.port);
      await expect(Promise.all([pingRedis(a.port), pingRedis(b.port)])).resolves.toEqual(['+PONG', '+PONG']);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('fails to start with a missing executable, leaving no folder behind', async () => {
    expect(findRedisServer('/nonexistent')).toBeUndefined();
    await expect(startRedisServer({ binary: '/nonexistent/redis-server' })).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
