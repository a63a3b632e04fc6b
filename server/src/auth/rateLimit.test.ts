import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedis, type RedisLink } from '../cluster/redis.js';
import { createLogger } from '../lib/logger.js';
import { waitFor } from '../test/harness.js';
import { startRedis, withRedis, type TestRedis } from '../test/redis.js';
import { AttemptLimiter, BackoffLimiter, createLimiters, FailureLimiter, type Limiters } from './rateLimit.js';

/** One instance's limiters, small enough to spend in a test. */
function limitsOf(limiters: Limiters) {
  return {
    email: new BackoffLimiter(limiters, 'email', 2, 5, 60),
    address: new FailureLimiter(limiters, 'address', 3, 60 * 60),
    apply: new AttemptLimiter(limiters, 'apply', 3, 60 * 60),
  };
}

describe('the limiters in memory (no Redis)', () => {
  // rate-limiter-flexible reads Date.now, so the test moves Date.
  afterEach(() => void vi.useRealTimers());
  const memory = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    return limitsOf(createLimiters(null));
  };

  it('BackoffLimiter lets the free failures through, then doubles the wait up to the cap, and forgets after its window', async () => {
    const { email } = memory();
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(0);
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(1_000);
    vi.advanceTimersByTime(400);
    expect(await email.retryAfter('k')).toBe(600);
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(2_000);
    for (let i = 0; i < 5; i++) await email.fail('k');
    expect(await email.retryAfter('k')).toBe(5_000);
    expect(await email.retryAfter('other')).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(await email.retryAfter('k')).toBe(0);
    // Never a lock-out: after the wait one more try, which waits the longest delay again if it fails.
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(5_000);

    vi.advanceTimersByTime(60_000);
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(0);
  });

  it('BackoffLimiter.reset forgets the failures and the wait', async () => {
    const { email } = memory();
    for (let i = 0; i < 4; i++) await email.fail('k');
    expect(await email.retryAfter('k')).toBe(4_000);
    await email.reset('k');
    expect(await email.retryAfter('k')).toBe(0);
    await email.fail('k');
    expect(await email.retryAfter('k')).toBe(0);
  });

  it('FailureLimiter refuses once the failures reach the limit, until the window ends', async () => {
    const { address } = memory();
    for (let i = 0; i < 2; i++) await address.fail('a');
    expect(await address.retryAfter('a')).toBe(0);
    await address.fail('a');
    expect(await address.retryAfter('a')).toBe(60 * 60_000);
    vi.advanceTimersByTime(10 * 60_000);
    expect(await address.retryAfter('a')).toBe(50 * 60_000);
    expect(await address.retryAfter('b')).toBe(0);
    vi.advanceTimersByTime(50 * 60_000);
    expect(await address.retryAfter('a')).toBe(0);
    await address.fail('a');
    expect(await address.retryAfter('a')).toBe(0);
  });

  it('AttemptLimiter counts every attempt and refuses the one past the limit, with the wait', async () => {
    const { apply } = memory();
    for (let i = 0; i < 3; i++) expect(await apply.take('a')).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(await apply.take('a')).toBe(59 * 60_000);
    expect(await apply.take('b')).toBe(0);
    vi.advanceTimersByTime(59 * 60_000);
    expect(await apply.take('a')).toBe(0);
  });

  it('refuses to make two limiters of one name, which would share their counts', () => {
    const limiters = createLimiters(null);
    limitsOf(limiters);
    expect(() => new AttemptLimiter(limiters, 'apply', 1, 60)).toThrow(/"apply" is made twice/);
  });
});

describe.runIf(withRedis)('the limiters on Redis, two instances', () => {
  let redis: TestRedis;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const link of links) await link.close();
    await redis?.stop();
  });

  /** An instance's limiters on its own connections, as createApp makes them. */
  async function instance() {
    const link = await connectRedis(redis.url, createLogger('silent'), 'samla:test:');
    links.push(link);
    return { link, ...limitsOf(createLimiters(link)) };
  }

  it('share one limit; while Redis is down each limits from its own memory without failing; once back they share again', async () => {
    const a = await instance();
    const b = await instance();

    expect([await a.apply.take('p'), await a.apply.take('p'), await b.apply.take('p')]).toEqual([0, 0, 0]);
    expect(await a.apply.take('p')).toBeGreaterThan(0);
    expect(await b.apply.take('p')).toBeGreaterThan(0);
    expect(await b.apply.take('q')).toBe(0);

    for (let i = 0; i < 3; i++) await a.address.fail('198.51.100.7');
    expect(await b.address.retryAfter('198.51.100.7')).toBeGreaterThan(59 * 60_000);

    await a.email.fail('e');
    await b.email.fail('e');
    expect(await a.email.retryAfter('e')).toBeGreaterThan(0);
    expect(await b.email.retryAfter('e')).toBeLessThanOrEqual(1_000);
    await a.email.fail('e');
    expect(await b.email.retryAfter('e')).toBeGreaterThan(1_000);
    await b.email.reset('e');
    expect(await a.email.retryAfter('e')).toBe(0);

    await redis.stop();
    await waitFor(() => !a.link.up && !b.link.up, 5_000, 'Redis to be lost');
    // Per instance now: a's attempts do not count at b.
    for (let i = 0; i < 3; i++) expect(await a.apply.take('r')).toBe(0);
    expect(await a.apply.take('r')).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(await b.apply.take('r')).toBe(0);
    expect(await b.apply.take('r')).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await a.address.fail('203.0.113.9');
    expect(await a.address.retryAfter('203.0.113.9')).toBeGreaterThan(0);
    expect(await b.address.retryAfter('203.0.113.9')).toBe(0);
    for (let i = 0; i < 2; i++) await a.email.fail('f');
    expect(await a.email.retryAfter('f')).toBeGreaterThan(0);
    await a.email.reset('f');
    expect(await a.email.retryAfter('f')).toBe(0);

    await redis.start();
    await waitFor(() => a.link.up && b.link.up, 10_000, 'Redis to be back');
    expect([await b.apply.take('s'), await a.apply.take('s'), await a.apply.take('s')]).toEqual([0, 0, 0]);
    expect(await b.apply.take('s')).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) await b.address.fail('192.0.2.1');
    expect(await a.address.retryAfter('192.0.2.1')).toBeGreaterThan(0);
  });
});
