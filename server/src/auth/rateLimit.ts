import type { RedisLink } from '../cluster/redis.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * A Redis command that takes longer is answered from memory: a sign-in must not hang on a Redis that is
 * unreachable without a reset (a lost route, a paused host), where ioredis would hold the command until
 * the connection is given up.
 */
const REDIS_TIMEOUT_MS = 1_000;

/** Makes one named counter of `points` per `durationSec` window (rate-limiter-flexible). */
export type Limiters = (name: string, points: number, durationSec: number) => RateLimiterAbstract;

/**
 * The app's counters. On cluster mode's Redis every instance counts in one key per name and key, so a
 * limit holds across instances. While Redis is away or too slow, each counter falls back to its own
 * memory (the library's insurance limiter, same points and window): per instance, which still bounds
 * guessing to instances × limit, and no request fails for it. Without Redis, memory alone.
 */
export function createLimiters(redis: Pick<RedisLink, 'client' | 'prefix'> | null): Limiters {
  const names = new Set<string>();
  return (name, points, durationSec) => {
    // Two limiters on one name would add up each other's counts in Redis.
    if (names.has(name)) throw new Error(`rate limiter "${name}" is made twice`);
    names.add(name);
    const opts = { points, duration: durationSec };
    if (!redis) return new RateLimiterMemory(opts);
    const insuranceLimiter = new RateLimiterMemory(opts);
    return new RLWrapperTimeouts({
      limiter: new RateLimiterRedis({ ...opts, storeClient: redis.client, keyPrefix: `${redis.prefix}rl:${name}`, insuranceLimiter }),
      timeoutMs: REDIS_TIMEOUT_MS,
    });
  };
}

/**
 * Slows, never locks out: after `free` failures, each attempt must come 2^(n - free) seconds after the last
 * failure (n failures so far), at most `maxDelaySec`. For sign-in per email, where a lock-out would let
 * anyone who knows an address keep its owner out. The failures are the consumed points of a counter that
 * forgets them `forgetSec` after the first one; the delay is a block of its own, set at each failure.
 */
export class BackoffLimiter {
  private readonly failures: RateLimiterAbstract;
  private readonly waits: RateLimiterAbstract;

  constructor(
    limiters: Limiters,
    name: string,
    private readonly free: number,
    private readonly maxDelaySec: number,
    forgetSec: number,
  ) {
    this.failures = limiters(name, free, forgetSec);
    // Holds only blocks, so any record is a wait.
    this.waits = limiters(`${name}:wait`, 0, maxDelaySec);
  }

  /** Milliseconds until `key` may try again; 0 when allowed. */
  async retryAfter(key: string): Promise<number> {
    return Math.max(0, (await this.waits.get(key))?.msBeforeNext ?? 0);
  }

  async fail(key: string): Promise<void> {
    const { consumedPoints: n } = await this.failures.penalty(key);
    if (n >= this.free) await this.waits.block(key, Math.min(2 ** (n - this.free), this.maxDelaySec));
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.failures.delete(key), this.waits.delete(key)]);
  }
}

/**
 * A hard limit on failures per window (counted from the first): sign-in per client address, and
 * accepted applications per address. Only what `fail` counts is limited.
 */
export class FailureLimiter {
  private readonly failures: RateLimiterAbstract;

  constructor(limiters: Limiters, name: string, private readonly limit: number, windowSec: number) {
    this.failures = limiters(name, limit, windowSec);
  }

  /** Milliseconds until `key` may try again; 0 when allowed. */
  async retryAfter(key: string): Promise<number> {
    const res = await this.failures.get(key);
    return res && res.consumedPoints >= this.limit ? Math.max(0, res.msBeforeNext) : 0;
  }

  async fail(key: string): Promise<void> {
    await this.failures.penalty(key);
  }
}

/**
 * Counts every attempt (not only failures) against `limit` per window: for actions that are costly or
 * send mail, such as applying and inviting. The caller throws 429 `too_many_attempts` (`throttle`).
 */
export class AttemptLimiter {
  private readonly attempts: RateLimiterAbstract;

  constructor(limiters: Limiters, name: string, limit: number, windowSec: number) {
    this.attempts = limiters(name, limit, windowSec);
  }

  /** Milliseconds to wait when the attempt is refused; 0 when it was counted and may go ahead. */
  async take(key: string): Promise<number> {
    try {
      await this.attempts.consume(key);
      return 0;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return refused.msBeforeNext;
      throw refused;
    }
  }
}
