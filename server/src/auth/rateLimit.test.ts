import { describe, expect, it } from 'vitest';
import { BackoffLimiter } from './rateLimit.js';

describe('BackoffLimiter', () => {
  it('lets the free failures through, then doubles the wait up to the cap, and forgets after a quiet spell', () => {
    let t = 0;
    const limiter = new BackoffLimiter(2, 5_000, 60_000, () => t);
    limiter.fail('k');
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(1_000);
    t += 400;
    expect(limiter.retryAfter('k')).toBe(600);
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(2_000);
    for (let i = 0; i < 5; i++) limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(5_000);
    expect(limiter.retryAfter('other')).toBe(0);
    t += 60_000;
    expect(limiter.retryAfter('k')).toBe(0);
    limiter.fail('k');
    expect(limiter.retryAfter('k')).toBe(0);
  });
});
