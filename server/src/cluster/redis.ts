import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

/** What /readyz says about Redis in cluster mode. */
export interface RedisReport {
  up: boolean;
  /** When it was last lost, while it is away. */
  downSince: string | null;
}

/**
 * This instance's connections to the cluster's Redis. Three, because each has its own job:
 * - `client` runs commands and PUBLISH and fails fast while Redis is away (no offline queue), so that
 *   a rate limit falls back to memory and a relay message is dropped (the store repairs it) instead of
 *   piling up;
 * - `subscriber` is in SUBSCRIBE mode, which allows nothing else; ioredis subscribes again after a
 *   reconnect;
 * - `adapterClient` is Socket.IO's: its stream reader must wait for Redis, not spin on errors.
 */
export interface RedisLink {
  /**
   * Starts every key and channel of this deployment (`samla:<MONGODB_DB>:`): deployments (or test runs)
   * that share one Redis never see each other's messages.
   */
  readonly prefix: string;
  readonly client: Redis;
  readonly subscriber: Redis;
  readonly adapterClient: Redis;
  /** True while every connection is ready. */
  readonly up: boolean;
  report(): RedisReport;
  /** Called each time Redis is back after it was lost (not at the first connect). */
  onReconnect(fn: () => void): void;
  close(): Promise<void>;
}

/** Connects to `url` and resolves once every connection is ready; rejects when Redis cannot be reached at start. */
export async function connectRedis(url: string, log: Logger, prefix: string, connectTimeoutMs = 10_000): Promise<RedisLink> {
  const base: RedisOptions = {
    // Keep trying for as long as it takes, at most every 2 s: an outage ends, and the instance serves on meanwhile.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    maxRetriesPerRequest: null,
    lazyConnect: true,
  };
  const client = new Redis(url, { ...base, enableOfflineQueue: false, connectionName: 'samla' });
  const subscriber = new Redis(url, { ...base, connectionName: 'samla-sub' });
  const adapterClient = new Redis(url, { ...base, connectionName: 'samla-io' });
  const all = [client, subscriber, adapterClient];

  let downSince: Date | null = null;
  let ready = 0;
  const reconnected: (() => void)[] = [];
  const isUp = () => all.every((c) => c.status === 'ready');
  for (const c of all) {
    // ioredis emits errors on every failed reconnect: the lost/back lines below are what the log needs.
    c.on('error', (err: Error) => log.debug({ err, connection: c.options.connectionName }, 'redis connection error'));
    c.on('close', () => {
      if (downSince || ready < all.length) return;
      downSince = new Date();
      log.warn('Redis lost: cross-instance fan-out paused, rate limits per instance until it is back');
    });
    c.on('ready', () => {
      if (ready < all.length) {
        ready++;
        return;
      }
      if (!downSince || !isUp()) return;
      log.info({ downMs: Date.now() - downSince.getTime() }, 'Redis is back: repairing documents from the store');
      downSince = null;
      for (const fn of reconnected) fn();
    });
  }

  const timeout = new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(new Error(`Redis at ${redactUrl(url)} did not answer in ${connectTimeoutMs} ms`)), connectTimeoutMs);
    t.unref();
  });
  try {
    await Promise.race([Promise.all(all.map((c) => c.connect())), timeout]);
  } catch (err) {
    for (const c of all) c.disconnect();
    throw err;
  }

  return {
    prefix,
    client,
    subscriber,
    adapterClient,
    get up() {
      return isUp();
    },
    report: () => ({ up: isUp(), downSince: downSince?.toISOString() ?? null }),
    onReconnect: (fn) => void reconnected.push(fn),
    async close() {
      // quit() waits behind queued commands (the adapter's, while Redis is away), which would never go out.
      await Promise.allSettled(all.filter((c) => c.status === 'ready').map((c) => c.quit()));
      for (const c of all) c.disconnect();
    },
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}
