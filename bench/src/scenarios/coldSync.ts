import * as Y from 'yjs';
import { sleep, until } from '../lib/latency.js';
import { startSamla, startStock, type ServerProcess, type StartOptions } from '../lib/processes.js';
import { median, ms, round, summarize } from '../lib/stats.js';
import { openStore } from '../lib/store.js';
import type { Cell } from '../lib/table.js';
import { typist } from '../lib/typing.js';
import { RawYClient } from '../lib/yclient.js';
import { useStock } from './common.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

const DOC = 'groups/plast/notes';

interface Counts {
  updates: number;
  restarts: number;
  /** Unmeasured reloads after each restart that warm the server's code paths (JIT) … */
  warmupReloads: number;
  /** … before these measured ones: a cold doc in a warm server. */
  reloads: number;
  warm: number;
}
const TARGET_MS = 40;

/** Types `count` updates into DOC through the server; resolves once an observer received all of them. */
async function seedThroughServer(server: ServerProcess, count: number): Promise<{ seconds: number; bytes: number; textLength: number }> {
  const url = server.docUrl(DOC);
  let seen = 0;
  const observer = new RawYClient({ url, cookie: server.cookie, onUpdate: () => seen++ });
  const doc = new Y.Doc();
  // A fixed client id: the same bytes every run (a random one varies the update sizes by a few bytes).
  doc.clientID = 2_024_000_001;
  const writer = new RawYClient({ url, cookie: server.cookie, doc });
  await Promise.all([observer.synced, writer.synced]);
  let bytes = 0;
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === writer) return;
    bytes += u.byteLength;
    writer.sendUpdate(u);
  });
  const type = typist(doc.getText('notes'), 42);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    type();
    // Let the socket drain now and then rather than queueing all 10k messages at once.
    if (i % 250 === 249) await writer.drained();
  }
  // Samla broadcasts an update only after the store has it, so the observer seeing all means all are stored.
  const ok = await until(() => seen >= count, 120_000);
  if (!ok) throw new Error(`only ${seen}/${count} updates came back from the server`);
  const seconds = (performance.now() - t0) / 1000;
  const textLength = doc.getText('notes').length;
  await Promise.all([observer.close(), writer.close()]);
  doc.destroy();
  return { seconds, bytes, textLength };
}

interface SyncSample {
  /** WebSocket open → server's sync step 2 received and applied. */
  openMs: number;
  /** openMs minus the client's own time applying step 2: the server's part plus the wire. */
  serverMs: number;
  /** new WebSocket() → step 2 applied: adds TCP connect and the HTTP upgrade. */
  connectMs: number;
  step2Bytes: number;
  textLength: number;
}

async function syncOnce(server: ServerProcess, keepOpen = false): Promise<{ sample: SyncSample; client: RawYClient }> {
  const doc = new Y.Doc();
  const client = new RawYClient({ url: server.docUrl(DOC), cookie: server.cookie, doc });
  await client.synced;
  const sample = {
    openMs: client.syncedAt - client.openedAt,
    serverMs: client.syncedAt - client.openedAt - client.step2ApplyMs,
    connectMs: client.syncedAt - client.createdAt,
    step2Bytes: client.step2Bytes,
    textLength: doc.getText('notes').length,
  };
  if (!keepOpen) {
    await client.close();
    doc.destroy();
  }
  return { sample, client };
}

interface ConfigResult {
  server: 'samla' | 'stock';
  config: string;
  env: Record<string, string>;
  seedSeconds: number;
  updateBytesAvg: number;
  stored: { baseBytes: number; updates: number; updateBytes: number } | null;
  /** Applying what the store holds to a fresh Y.Doc inside the bench process (the Yjs part of a cold load): first time, then steady state. */
  applyInBench: { firstMs: number; steadyMs: number } | null;
  coldRestart: SyncSample[];
  coldReload: SyncSample[];
  warm: SyncSample[];
  textLengthOk: boolean;
}

function stat(samples: SyncSample[]) {
  return {
    medianOpenMs: median(samples.map((s) => s.openMs)),
    medianServerMs: median(samples.map((s) => s.serverMs)),
    p95OpenMs: summarize(samples.map((s) => s.openMs)).p95,
    medianConnectMs: median(samples.map((s) => s.connectMs)),
    step2Bytes: samples[0]?.step2Bytes ?? NaN,
  };
}

async function storedStats(dataDir: string) {
  const store = await openStore(dataDir);
  try {
    const stored = await store.docs.load(DOC);
    // Also warms the bench process's Yjs code, so the clients' own apply time is not JIT-cold below.
    const times: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t = performance.now();
      const d = new Y.Doc();
      Y.transact(d, () => {
        if (stored.base) Y.applyUpdate(d, stored.base);
        for (const u of stored.updates) Y.applyUpdate(d, u.data);
      });
      times.push(performance.now() - t);
      d.destroy();
    }
    return {
      stored: {
        baseBytes: stored.base?.byteLength ?? 0,
        updates: stored.updates.length,
        updateBytes: stored.updates.reduce((n, u) => n + u.data.byteLength, 0),
      },
      applyInBench: { firstMs: round(times[0]!, 2), steadyMs: round(median(times.slice(5)), 2) },
    };
  } finally {
    await store.close();
  }
}

async function runSamlaConfig(
  ctx: BenchContext,
  config: string,
  env: Record<string, string>,
  counts: Counts,
): Promise<ConfigResult> {
  const dataDir = ctx.tempDir('samla-bench-b-');
  // Unload a doc as soon as its last client leaves, so a reconnect is a cold load in a warm process.
  const fullEnv = { ...env, DOC_UNLOAD_AFTER_MS: '0' };
  const start: StartOptions = ctx.samlaOptions({ env: fullEnv });
  ctx.log(`(b) samla, ${config}: typing ${counts.updates} updates through the server`);
  let server = await startSamla(dataDir, start);
  let seed;
  try {
    seed = await seedThroughServer(server, counts.updates);
  } finally {
    await server.stop();
  }
  const { stored, applyInBench } = await storedStats(dataDir);

  const coldRestart: SyncSample[] = [];
  const coldReload: SyncSample[] = [];
  const warm: SyncSample[] = [];
  for (let r = 0; r < counts.restarts; r++) {
    ctx.log(`(b) samla, ${config}: restart ${r + 1}/${counts.restarts}`);
    server = await startSamla(dataDir, start);
    try {
      coldRestart.push((await syncOnce(server)).sample);
      for (let k = 0; k < counts.warmupReloads + counts.reloads; k++) {
        // The client above has closed; with DOC_UNLOAD_AFTER_MS=0 the doc leaves memory right after.
        await sleep(100);
        const { sample } = await syncOnce(server);
        if (k >= counts.warmupReloads) coldReload.push(sample);
      }
      const holder = await syncOnce(server, true);
      for (let k = 0; k < counts.warm; k++) warm.push((await syncOnce(server)).sample);
      await holder.client.close();
      holder.client.doc?.destroy();
    } finally {
      await server.stop();
    }
  }
  const all = [...coldRestart, ...coldReload, ...warm];
  return {
    server: 'samla',
    config,
    env: fullEnv,
    seedSeconds: round(seed.seconds, 2),
    updateBytesAvg: round(seed.bytes / counts.updates, 1),
    stored,
    applyInBench,
    coldRestart,
    coldReload,
    warm,
    textLengthOk: all.every((s) => s.textLength === seed.textLength),
  };
}

async function runStock(ctx: BenchContext, counts: Counts): Promise<ConfigResult> {
  ctx.log(`(b) stock: typing ${counts.updates} updates, then warm syncs`);
  const server = await startStock(ctx.stockOptions());
  try {
    const seed = await seedThroughServer(server, counts.updates);
    const holder = await syncOnce(server, true);
    const warm: SyncSample[] = [];
    for (let k = 0; k < counts.warm; k++) warm.push((await syncOnce(server)).sample);
    await holder.client.close();
    return {
      server: 'stock',
      config: 'in memory only (no persistence)',
      env: {},
      seedSeconds: round(seed.seconds, 2),
      updateBytesAvg: round(seed.bytes / counts.updates, 1),
      stored: null,
      applyInBench: null,
      coldRestart: [],
      coldReload: [],
      warm,
      textLengthOk: warm.every((s) => s.textLength === seed.textLength),
    };
  } finally {
    await server.stop();
  }
}

export const coldSync: Scenario = {
  id: 'b',
  name: 'sync',
  title: '(b) Time for a new client to sync a doc built from 10,000 stored updates',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const q = ctx.options.quick;
    const counts: Counts = { updates: q ? 2_000 : 10_000, restarts: q ? 2 : 3, warmupReloads: q ? 3 : 10, reloads: q ? 2 : 5, warm: q ? 5 : 10 };
    const configs: ConfigResult[] = [];
    configs.push(await runSamlaConfig(ctx, 'default (compact after 500)', {}, counts));
    configs.push(await runSamlaConfig(ctx, 'compaction off', { COMPACT_AFTER_UPDATES: '1000000' }, counts));
    const notes: string[] = [];
    if (useStock(ctx, notes)) configs.push(await runStock(ctx, counts));

    const rows: Cell[][] = [];
    for (const c of configs) {
      const storedDesc = c.stored
        ? `${c.stored.baseBytes ? `base ${(c.stored.baseBytes / 1024).toFixed(0)} KiB + ` : ''}${c.stored.updates} upd`
        : '–';
      const add = (kind: string, samples: SyncSample[]) => {
        if (samples.length === 0) return;
        const s = stat(samples);
        rows.push([
          c.server,
          c.config,
          storedDesc,
          kind,
          samples.length,
          ms(s.medianOpenMs),
          ms(s.medianServerMs),
          ms(s.p95OpenMs),
          ms(s.medianConnectMs),
          `${(s.step2Bytes / 1024).toFixed(0)} KiB`,
        ]);
      };
      add('cold: first load after restart', c.coldRestart);
      add('cold: reload in a warmed-up server', c.coldReload);
      add('warm: doc in memory', c.warm);
      notes.push(
        `${c.server} ${c.config}: ${counts.updates} updates (avg ${c.updateBytesAvg} B) typed in ${c.seedSeconds} s` +
          (c.applyInBench
            ? `; applying the stored state to a fresh Y.Doc in the bench process: ${ms(c.applyInBench.firstMs)} ms the first time, ${ms(c.applyInBench.steadyMs)} ms once JIT-warm`
            : '') +
          (c.textLengthOk ? '' : '; WARNING: a synced client saw different text than the writer'),
      );
    }
    notes.push(
      '"open" = WebSocket open → sync step 2 applied by the client; "server part" = that minus the client\'s own apply time; "connect" adds TCP connect and HTTP upgrade.',
      `"reload in a warmed-up server": DOC_UNLOAD_AFTER_MS=0 unloads the doc when its client leaves; ${counts.warmupReloads} unmeasured reloads after each restart warm the JIT first.`,
    );

    const targets: TargetCheck[] = [];
    for (const c of configs.filter((x) => x.server === 'samla')) {
      for (const [kind, samples] of [
        ['cold (after restart)', c.coldRestart],
        ['cold (warmed-up server)', c.coldReload],
        ['warm', c.warm],
      ] as const) {
        const m = median(samples.map((s) => s.openMs));
        targets.push({
          name: `(b) ${kind} sync median, ${c.config}`,
          target: `≤ ${TARGET_MS} ms`,
          measured: `${ms(m)} ms`,
          pass: Number.isFinite(m) ? m <= TARGET_MS : null,
        });
      }
    }
    return {
      table: {
        headers: ['server', 'settings', 'stored', 'sync', 'runs', 'median open→synced ms', 'server part ms', 'p95 ms', 'median connect→synced ms', 'step 2'],
        rows,
      },
      notes,
      targets,
      data: { docName: DOC, counts, targetMs: TARGET_MS, configs },
    };
  },
};
