import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round, Samples, type Summary } from './stats.js';

export const SLOW_MS = 50;

/**
 * Fan-out latency bookkeeping for one run: when each sequence number was sent, and for every
 * receipt, how long it took. All clients live in the bench process, so they share one clock
 * (performance.now()).
 */
export class LatencyTracker {
  readonly sendTimes: Float64Array;
  readonly samples = new Samples();
  /** Receipts counted for measured sequence numbers. */
  received = 0;
  /** Receipts of a sequence number that was never sent (should stay 0). */
  unknown = 0;
  /** Send times (s since this tracker began) of updates that some receiver got later than SLOW_MS: when the stalls happen. */
  readonly slowAt: number[] = [];
  private readonly t0 = performance.now();

  constructor(
    readonly total: number,
    /** Sequence numbers below this are warm-up: delivered but not measured. */
    readonly measuredFrom: number,
    /** The global sequence number of this run's first update (runs after one another never share numbers). */
    readonly offset = 0,
  ) {
    this.sendTimes = new Float64Array(total).fill(NaN);
  }

  /** Records the send time of global sequence number `seq`. */
  sent(seq: number, at = performance.now()): void {
    this.sendTimes[seq - this.offset] = at;
  }

  receive(seq: number, at: number): void {
    const i = seq - this.offset;
    if (i < 0 || i >= this.total || Number.isNaN(this.sendTimes[i]!)) {
      this.unknown++;
      return;
    }
    if (i < this.measuredFrom) return;
    const latency = at - this.sendTimes[i]!;
    this.samples.push(latency);
    this.received++;
    if (latency > SLOW_MS && this.slowAt.length < 5_000) this.slowAt.push(Math.round(this.sendTimes[i]! - this.t0) / 1000);
  }

  /** Distinct stalls: slow send times grouped when less than 200 ms apart, as [start s, end s, receipts]. */
  stalls(): [number, number, number][] {
    const out: [number, number, number][] = [];
    for (const t of [...this.slowAt].sort((a, b) => a - b)) {
      const last = out[out.length - 1];
      if (last && t - last[1] < 0.2) {
        last[1] = t;
        last[2]++;
      } else out.push([t, t, 1]);
    }
    return out;
  }

  summary(): Summary {
    return this.samples.summary();
  }
}

/**
 * Calls `tick(i)` for i = 0 … total-1 at `rate` per second, catching up after a late timer,
 * so the long-run rate holds even when the event loop is busy. Returns the achieved rate.
 */
export async function pace(rate: number, total: number, tick: (i: number) => void): Promise<{ seconds: number; achievedRate: number }> {
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const loop = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (sent < due) tick(sent++);
      if (sent >= total) return resolve();
      const wait = t0 + (sent * 1000) / rate - performance.now();
      setTimeout(loop, Math.max(0, wait));
    };
    loop();
  });
  // The last of `total` ticks is due at (total − 1) / rate; one more interval makes the span.
  const seconds = (performance.now() - t0) / 1000 + 1 / rate;
  return { seconds, achievedRate: total / seconds };
}

/** Waits until `done()` or the timeout; returns whether it was done. */
export async function until(done: () => boolean, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return true;
}

/** Event-loop delay of the load generator itself: if it stalls, measured latencies grow for reasons outside the server. */
export function loopDelay() {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    stop(): { p99Ms: number; maxMs: number } {
      h.disable();
      return { p99Ms: round(h.percentile(99) / 1e6, 1), maxMs: round(h.max / 1e6, 1) };
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
