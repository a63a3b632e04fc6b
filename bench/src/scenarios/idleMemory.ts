import { sleep } from '../lib/latency.js';
import { startSamla, startStock, type ServerProcess } from '../lib/processes.js';
import { round } from '../lib/stats.js';
import type { Cell } from '../lib/table.js';
import { closeAll, connectMany, RawYClient } from '../lib/yclient.js';
import { useStock } from './common.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

const DOCS = ['groups/plast/notes', 'groups/transporter/notes', 'groups/cirkulart-byggande/notes'];
const TARGET_KB = 18;

interface Snapshot {
  /** VmRSS before the forced GC, after the settle wait. */
  rssKbSettled: number;
  /** VmRSS after two forced full GCs (through the inspector). */
  rssKb: number;
  heapUsedKb: number;
  heapTotalKb: number;
  externalKb: number;
  arrayBuffersKb: number;
}

async function snapshot(server: ServerProcess, settleMs: number): Promise<Snapshot> {
  await sleep(settleMs);
  const rssKbSettled = server.status().rssKb;
  await server.inspector!.gc();
  await sleep(500);
  const m = await server.inspector!.memoryUsage();
  return {
    rssKbSettled,
    rssKb: server.status().rssKb,
    heapUsedKb: Math.round(m.heapUsed / 1024),
    heapTotalKb: Math.round(m.heapTotal / 1024),
    externalKb: Math.round(m.external / 1024),
    arrayBuffersKb: Math.round(m.arrayBuffers / 1024),
  };
}

interface MemoryRun {
  server: 'samla' | 'stock';
  connections: number;
  before: Snapshot;
  after: Snapshot;
  perConnKb: {
    rss: number;
    rssNoGc: number;
    heapUsed: number;
    external: number;
  };
  connectSeconds: number;
}

async function measure(ctx: BenchContext, server: ServerProcess, connections: number, settleMs: number): Promise<MemoryRun> {
  const make = (i: number) => new RawYClient({ url: server.docUrl(DOCS[i % DOCS.length]!), cookie: server.cookie });
  // Anchors keep the three docs loaded, so the baseline holds the docs and only connections are added.
  const anchors = await connectMany(DOCS.length, make);
  // Warm-up: run the connection path a few hundred times so one-time costs (compiled code, pools) sit in the baseline.
  await closeAll(await connectMany(30, make));
  const before = await snapshot(server, settleMs);
  ctx.log(`(c) ${server.kind}: baseline ${before.rssKb} KiB; opening ${connections} idle connections`);
  const t0 = performance.now();
  const clients = await connectMany(connections, make);
  const connectSeconds = (performance.now() - t0) / 1000;
  const after = await snapshot(server, settleMs);
  ctx.log(`(c) ${server.kind}: after ${after.rssKb} KiB`);
  await closeAll([...clients, ...anchors]);
  const per = (a: number, b: number) => round((a - b) / connections, 2);
  return {
    server: server.kind,
    connections,
    before,
    after,
    perConnKb: {
      rss: per(after.rssKb, before.rssKb),
      rssNoGc: per(after.rssKbSettled, before.rssKbSettled),
      heapUsed: per(after.heapUsedKb, before.heapUsedKb),
      external: per(after.externalKb, before.externalKb),
    },
    connectSeconds: round(connectSeconds, 2),
  };
}

export const idleMemory: Scenario = {
  id: 'c',
  name: 'memory',
  title: '(c) Server RSS per idle, authenticated, synced y-websocket connection',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const connections = ctx.options.quick ? 200 : 1_000;
    const settleMs = ctx.options.quick ? 500 : 2_000;
    const runs: MemoryRun[] = [];
    const notes: string[] = [];
    const kinds: ('samla' | 'stock')[] = useStock(ctx, notes) ? ['samla', 'stock'] : ['samla'];
    for (const kind of kinds) {
      const server =
        kind === 'samla'
          ? await startSamla(ctx.tempDir('samla-bench-c-'), ctx.samlaOptions({ inspect: true }))
          : await startStock(ctx.stockOptions({ inspect: true }));
      try {
        runs.push(await measure(ctx, server, connections, settleMs));
      } finally {
        await server.stop();
      }
    }
    const rows: Cell[][] = runs.map((r) => [
      r.server,
      r.connections,
      `${(r.before.rssKb / 1024).toFixed(1)} MiB`,
      `${(r.after.rssKb / 1024).toFixed(1)} MiB`,
      r.perConnKb.rss.toFixed(1),
      r.perConnKb.rssNoGc.toFixed(1),
      r.perConnKb.heapUsed.toFixed(1),
      r.perConnKb.external.toFixed(1),
      r.connectSeconds,
    ]);
    const samla = runs.find((r) => r.server === 'samla');
    const targets: TargetCheck[] = [
      {
        name: '(c) RSS per idle connection',
        target: `≤ ${TARGET_KB} KB`,
        measured: samla ? `${samla.perConnKb.rss.toFixed(1)} KB` : '–',
        pass: samla ? samla.perConnKb.rss <= TARGET_KB : null,
      },
    ];
    notes.push(
      `Both servers run under --inspect so the bench can force two full GCs before each reading; "RSS/conn" is after GC, "no GC" is after the ${settleMs} ms settle alone.`,
      'Baseline taken with one anchor connection per doc open (docs loaded) after 30 warm-up connections were opened and closed; connections spread over 3 docs, each completes sync step 1/2, no awareness.',
      'KB = KiB (1024 bytes), as /proc reports.',
    );
    return {
      table: {
        headers: ['server', 'conns', 'RSS before', 'RSS after', 'RSS/conn KB', 'no GC KB', 'JS heap/conn KB', 'external/conn KB', 'connect s'],
        rows,
      },
      notes,
      targets,
      data: { connections, settleMs, docs: DOCS, runs },
    };
  },
};
