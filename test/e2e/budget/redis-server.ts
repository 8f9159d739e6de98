/**
 * The budget suites' view of the shared redis-server helper: whether they can run here, and a server.
 * Without redis-server they skip with one line, except under CI, where its absence fails them.
 */
import { findRedisServer, startRedisServer, type RedisServer } from '../../support/redis-server.js';

/** Whether the Redis suites can run here; under CI a missing server is an error, not a skip. */
export function redisAvailable(): boolean {
  if (findRedisServer()) return true;
  if (process.env.CI === 'true') throw new Error('redis-server is missing; CI must install the redis-server package.');
  console.warn('Skipping the Redis budget tests: redis-server is not installed (apt-get install redis-server).');
  return false;
}

export type RunningRedis = RedisServer;

/** Starts redis-server on a free loopback port in a temporary folder. */
export function startRedis(): Promise<RunningRedis> {
  return startRedisServer();
}
