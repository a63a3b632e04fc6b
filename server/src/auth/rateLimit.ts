/**
 * The shape sign-in's throttles share, so that a shared store (rate-limiter-flexible on Redis) can take
 * the in-process ones' place.
 */
export interface Throttle {
  /** Milliseconds until `key` may try again; 0 when allowed. */
  retryAfter(key: string): number;
  fail(key: string): void;
  reset(key: string): void;
}

/**
 * Slows, never locks out: after `free` failures, each attempt must come 2^(n - free) seconds after the last
 * failure (n failures so far), at most `maxDelayMs`. For sign-in per email, where a lock-out would let anyone
 * who knows an address keep its owner out; failures are forgotten after `forgetMs` without one.
 * In process memory, like FailureLimiter.
 */
export class BackoffLimiter implements Throttle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly free: number,
    private readonly maxDelayMs: number,
    private readonly forgetMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  retryAfter(key: string): number {
    const f = this.current(key);
    if (!f || f.count < this.free) return 0;
    const delay = Math.min(1000 * 2 ** (f.count - this.free), this.maxDelayMs);
    return Math.max(0, f.last + delay - this.now());
  }

  fail(key: string): void {
    this.failures.set(key, { count: (this.current(key)?.count ?? 0) + 1, last: this.now() });
    if (this.failures.size > 100_000) for (const k of this.failures.keys()) this.current(k);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private current(key: string) {
    const f = this.failures.get(key);
    if (f && this.now() - f.last >= this.forgetMs) {
      this.failures.delete(key);
      return undefined;
    }
    return f;
  }
}

/**
 * Failed-attempt counter with a hard limit per window: sign-in per client address, and (through
 * AttemptLimiter) costly actions.
 * It lives in process memory: with several instances each enforces its own limit,
 * which still bounds guessing to (instances × limit) per window. A shared limiter
 * belongs in Redis once the cross-instance work lands.
 */
export class FailureLimiter implements Throttle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `key` may try again; 0 when allowed. */
  retryAfter(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - this.now();
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.sweep();
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > cutoff);
  }

  private sweep(): void {
    for (const key of this.failures.keys()) {
      const r = this.recent(key);
      if (r.length === 0) this.failures.delete(key);
      else this.failures.set(key, r);
    }
  }
}

/**
 * Counts every attempt (not only failures) against `limit` per window: for actions that are costly or
 * send mail, such as applying and inviting. Throws 429 `too_many_attempts` with Retry-After when spent.
 */
export class AttemptLimiter {
  private readonly inner: FailureLimiter;

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.inner = new FailureLimiter(limit, windowMs, now);
  }

  /** Milliseconds to wait when the attempt is refused; 0 when it was counted and may go ahead. */
  take(key: string): number {
    const wait = this.inner.retryAfter(key);
    if (wait === 0) this.inner.fail(key);
    return wait;
  }
}
