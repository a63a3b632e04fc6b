import * as Y from 'yjs';
import { LatencyTracker, loopDelay, pace, sleep, until } from '../lib/latency.js';
import { startSamla, startStock, type ServerProcess } from '../lib/processes.js';
import { cpuSampler, type CpuReport } from '../lib/sampler.js';
import { ms, round, Samples, type Summary } from '../lib/stats.js';
import type { Cell } from '../lib/table.js';
import { closeAll, connectMany, forEachMarker, marker, RawYClient } from '../lib/yclient.js';
import { useStock } from './common.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

export const DOC = 'groups/plast/notes';

export interface FanoutRound {
  server: 'samla' | 'stock';
  readers: number;
  round: number;
  achievedRate: number;
  updateBytes: number;
  latencyMs: Summary;
  expected: number;
  delivered: number;
  /** (measured update, reader) pairs never received: `delivered` counts receipts, so a duplicate could hide one. */
  missing: number;
  cpu: CpuReport;
  loadgenLagMs: { p99Ms: number; maxMs: number };
}

/**
 * One writer types into a Y.Text at `rate` updates/s; `readers` doc-less clients receive each
 * update. Latency = reader receipt − writer send, per (update, reader). The writer is on `server`;
 * reader i is on `readersOn[i % readersOn.length]` (default: `server`), with its own tracker per
 * server of `readersOn` (`byServer`) beside the pooled one; `infraPids` are kept out of "other CPU".
 */
export async function runFanout(
  server: ServerProcess,
  opts: {
    readers: number;
    rate: number;
    seconds: number;
    warmupSeconds: number;
    docName: string;
    seqBase: number;
    readersOn?: ServerProcess[];
    infraPids?: number[];
  },
): Promise<{ round: Omit<FanoutRound, 'round'>; samples: Samples; byServer: Samples[] }> {
  const warmup = Math.round(opts.rate * opts.warmupSeconds);
  const total = warmup + Math.round(opts.rate * opts.seconds);
  const tracker = new LatencyTracker(total, warmup, opts.seqBase);
  const on = opts.readersOn ?? [server];
  const trackers = on.map(() => new LatencyTracker(total, warmup, opts.seqBase));
  const pids = [...new Set([server, ...on].map((s) => s.pid))];
  const got = new Uint8Array(opts.readers * total);

  const readers = await connectMany(opts.readers, (i) => {
    const k = i % on.length;
    return new RawYClient({
      url: on[k]!.docUrl(opts.docName),
      cookie: on[k]!.cookie,
      onUpdate: (m, t) => {
        forEachMarker(m, (seq) => {
          tracker.receive(seq, t);
          trackers[k]!.receive(seq, t);
          const j = seq - opts.seqBase;
          if (j >= 0 && j < total) got[i * total + j] = 1;
        });
      },
    });
  });
  const doc = new Y.Doc();
  const writer = new RawYClient({ url: server.docUrl(opts.docName), cookie: server.cookie, doc });
  await writer.synced;
  // The stock server echoes the writer's own updates back; the writer never counts receipts.
  const text = doc.getText('bench');
  let seq = -1;
  let bytes = 0;
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === writer) return;
    const at = performance.now();
    tracker.sent(seq, at);
    for (const t of trackers) t.sent(seq, at);
    bytes += update.byteLength;
    writer.sendUpdate(update);
  });

  let cpu = cpuSampler(pids, opts.infraPids);
  let lag = loopDelay();
  let wall0 = performance.now();
  await pace(opts.rate, total, (i) => {
    if (i === warmup) {
      cpu = cpuSampler(pids, opts.infraPids);
      lag.stop();
      lag = loopDelay();
      wall0 = performance.now();
    }
    seq = opts.seqBase + i;
    text.insert(text.length, marker(seq));
  });
  const achieved = (total - warmup) / ((performance.now() - wall0) / 1000 + 1 / opts.rate);
  const expected = opts.readers * (total - warmup);
  await until(() => tracker.received >= expected, 3_000);
  const cpuReport = cpu.stop();
  const loadgenLagMs = lag.stop();

  await closeAll([writer, ...readers]);
  doc.destroy();
  await sleep(200);
  let missing = 0;
  for (let i = 0; i < opts.readers; i++) for (let j = warmup; j < total; j++) missing += 1 - got[i * total + j]!;
  return {
    round: {
      server: server.kind,
      readers: opts.readers,
      achievedRate: round(achieved, 1),
      updateBytes: round(bytes / total, 1),
      latencyMs: tracker.summary(),
      expected,
      delivered: tracker.received,
      missing,
      cpu: cpuReport,
      loadgenLagMs,
    },
    samples: tracker.samples,
    byServer: trackers.map((t) => t.samples),
  };
}

interface Combined {
  server: 'samla' | 'stock';
  readers: number;
  latencyMs: Summary;
  expected: number;
  delivered: number;
  updateBytes: number;
  achievedRate: number;
  serverCpuPercent: number;
  otherCpuPercent: number;
  loadgenMaxLagMs: number;
  roundP99Ms: number[];
}

export const fanout: Scenario = {
  id: 'a',
  name: 'fanout',
  title: '(a) Fan-out latency, 1 writer → N readers on one doc, typing-sized updates',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const q = ctx.options.quick;
    const readerCounts = [50, 200];
    const rate = 20;
    // Rounds alternate between the servers, so noise from other work on the machine falls on both.
    const rounds = q ? 1 : 3;
    const seconds = q ? 3 : 5;
    const warmupSeconds = q ? 0.5 : 1;
    const notes: string[] = [];
    const kinds: ('samla' | 'stock')[] = useStock(ctx, notes) ? ['samla', 'stock'] : ['samla'];

    const servers = new Map<'samla' | 'stock', ServerProcess>();
    const all: FanoutRound[] = [];
    const combined: Combined[] = [];
    let seqBase = 0;
    try {
      for (const kind of kinds) {
        servers.set(
          kind,
          kind === 'samla'
            ? await startSamla(ctx.tempDir('samla-bench-a-'), ctx.samlaOptions())
            : await startStock(ctx.stockOptions()),
        );
      }
      for (const readers of readerCounts) {
        const pooled = new Map(kinds.map((k) => [k, new Samples()]));
        for (let r = 0; r < rounds; r++) {
          const order = r % 2 === 0 ? kinds : [...kinds].reverse();
          for (const kind of order) {
            ctx.log(`(a) ${kind}: 1 writer → ${readers} readers, ${rate} updates/s for ${seconds} s (round ${r + 1}/${rounds})`);
            const out = await runFanout(servers.get(kind)!, { readers, rate, seconds, warmupSeconds, docName: DOC, seqBase });
            seqBase += out.round.expected / readers + Math.round(rate * warmupSeconds);
            pooled.get(kind)!.pushAll(out.samples);
            all.push({ ...out.round, round: r + 1 });
          }
        }
        for (const kind of kinds) {
          const mine = all.filter((x) => x.server === kind && x.readers === readers);
          const sum = (f: (x: FanoutRound) => number) => mine.reduce((n, x) => n + f(x), 0);
          const avg = (f: (x: FanoutRound) => number) => round(sum(f) / mine.length, 1);
          combined.push({
            server: kind,
            readers,
            latencyMs: pooled.get(kind)!.summary(),
            expected: sum((x) => x.expected),
            delivered: sum((x) => x.delivered),
            updateBytes: avg((x) => x.updateBytes),
            achievedRate: avg((x) => x.achievedRate),
            serverCpuPercent: avg((x) => x.cpu.serverCpuPercent),
            otherCpuPercent: avg((x) => x.cpu.otherCpuPercent),
            loadgenMaxLagMs: Math.max(...mine.map((x) => x.loadgenLagMs.maxMs)),
            roundP99Ms: mine.map((x) => round(x.latencyMs.p99, 2)),
          });
        }
      }
    } finally {
      for (const s of servers.values()) await s.stop();
    }

    const rows: Cell[][] = combined.map((r) => [
      r.server,
      r.readers,
      r.achievedRate,
      r.updateBytes,
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p95),
      ms(r.latencyMs.p99),
      ms(r.latencyMs.max),
      r.roundP99Ms.map(ms).join(' / '),
      `${r.delivered}/${r.expected}`,
      `${r.serverCpuPercent}%`,
      `${r.otherCpuPercent}%`,
      ms(r.loadgenMaxLagMs),
    ]);
    const targets: TargetCheck[] = readerCounts.map((n) => {
      const s = combined.find((r) => r.server === 'samla' && r.readers === n);
      const k = combined.find((r) => r.server === 'stock' && r.readers === n);
      return {
        name: `(a) fan-out p99, N=${n}`,
        target: 'Samla p99 ≤ stock p99',
        measured: `${ms(s?.latencyMs.p99 ?? NaN)} ms vs ${ms(k?.latencyMs.p99 ?? NaN)} ms`,
        pass: s && k ? s.latencyMs.p99 <= k.latencyMs.p99 && s.delivered === s.expected : null,
      };
    });
    notes.push(
      `${rounds} rounds × ${seconds} s per server and N, alternating servers; ${warmupSeconds} s warm-up per round not measured; percentiles over all rounds pooled.`,
      'Latency = reader receipt − writer send (one process, one clock). "other CPU" = the rest of the machine (% of one core): noise, not the bench.',
    );
    return {
      table: {
        headers: ['server', 'readers', 'upd/s', 'upd bytes', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 per round', 'delivered', 'server CPU', 'other CPU', 'loadgen max lag ms'],
        rows,
      },
      notes,
      targets,
      data: { rate, rounds, seconds, warmupSeconds, combined, perRound: all },
    };
  },
};
