import * as Y from 'yjs';
import { LatencyTracker, loopDelay, pace, sleep, until } from '../lib/latency.js';
import { startSamla, startStock, type ServerProcess } from '../lib/processes.js';
import { cpuSampler, type CpuReport } from '../lib/sampler.js';
import { ms, round, type Summary } from '../lib/stats.js';
import { openStore, seedGroups } from '../lib/store.js';
import type { Cell } from '../lib/table.js';
import { closeAll, connectMany, forEachMarker, marker, RawYClient } from '../lib/yclient.js';
import { useStock } from './common.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

const P99_LIMIT_MS = 100;
/** Below this share of the asked rate, the load generator (not the server) was the limit. */
const MIN_ACHIEVED = 0.95;
/** A failed step is tried again (at most MAX_RETRIES times per scenario) when the machine was busy with other work. */
const MAX_RETRIES = 4;
const DISTURBED_OTHER_CPU_PERCENT = 25;
const DISTURBED_LOADGEN_LAG_MS = 100;
const SEEDED = ['plast', 'transporter', 'cirkulart-byggande'];

/** `count` group ids: the three a new store is seeded with, then bench-01, bench-02, … (made by seedGroups). */
export function benchGroupIds(count: number): { all: string[]; extra: string[] } {
  const extra = Array.from({ length: Math.max(0, count - SEEDED.length) }, (_, i) => `bench-${String(i + 1).padStart(2, '0')}`);
  return { all: [...SEEDED, ...extra].slice(0, count), extra };
}

export interface Attempt {
  achievedRate: number;
  latencyMs: Summary;
  expected: number;
  delivered: number;
  /** Measured updates that reached every other editor of their doc within the 3 s grace (counted per receiver, so a duplicate cannot stand in for a missing one). */
  complete: number;
  /** Sequence numbers this attempt sent: [first, first measured, end). */
  seqs: [number, number, number];
  /** Length of the measured part, s. */
  seconds: number;
  cpu: CpuReport;
  /** Event-loop delay of the load generator during the measured part. */
  loadgenLagMs: { p99Ms: number; maxMs: number };
  /** Stretches whose updates took > 50 ms to some receiver: [from s, to s, receipts], s since the step began. */
  stalls: [number, number, number][];
  why: string;
  disturbed: boolean;
}

export interface StepResult extends Attempt {
  targetRate: number;
  pass: boolean;
  /** Every attempt; the step reports the best one. */
  attempts: Attempt[];
}

export interface Rig {
  /** Editor i is on servers[i % servers.length]. */
  servers: ServerProcess[];
  /** Processes the servers depend on (store, Redis), kept out of "other CPU". */
  infraPids: number[];
  label: string;
  editors: { client: RawYClient; doc: Y.Doc; text: Y.Text }[];
  tracker: LatencyTracker | null;
  authorOf: Int32Array;
  /** Per sequence number, a bit per editor of the doc (its index in the doc) that received it. */
  got: Uint16Array;
  seq: number;
  steps: StepResult[];
  done: boolean;
  /** Updates received while no step runs (the stagger prefill). */
  idleReceipts: number;
}

const MAX_SEQ = 4_000_000;

/**
 * Connects `editorsPerDoc` editors to each doc, editor i on servers[i % servers.length]. Editors
 * send their own typing and receive the other editors' updates, but do not apply them (their
 * updates only build on their own text), which keeps the load generator light; the server
 * integrates everything.
 */
export async function connectRig(
  servers: ServerProcess[],
  docNames: string[],
  editorsPerDoc: number,
  opts: { label?: string; infraPids?: number[] } = {},
): Promise<Rig> {
  if (editorsPerDoc > 16) throw new Error('at most 16 editors per doc (one bit each in Rig.got)');
  const rig: Rig = {
    servers,
    infraPids: opts.infraPids ?? [],
    label: opts.label ?? servers[0]!.kind,
    editors: [],
    tracker: null,
    authorOf: new Int32Array(MAX_SEQ).fill(-1),
    got: new Uint16Array(MAX_SEQ),
    seq: 0,
    steps: [],
    done: false,
    idleReceipts: 0,
  };
  const clients = await connectMany(docNames.length * editorsPerDoc, (i) =>
    new RawYClient({
      url: servers[i % servers.length]!.docUrl(docNames[Math.floor(i / editorsPerDoc)]!),
      cookie: servers[i % servers.length]!.cookie,
      onUpdate: (m, t) => {
        const tracker = rig.tracker;
        if (!tracker) rig.idleReceipts++;
        forEachMarker(m, (s) => {
          // The stock server echoes an update to its author; that is not a fan-out receipt.
          if (rig.authorOf[s] === i) return;
          tracker?.receive(s, t);
          // Also between steps: an update of a failed step that arrives late still arrived.
          rig.got[s]! |= 1 << i % editorsPerDoc;
        });
      },
    }),
  );
  for (const client of clients) {
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => {
      rig.tracker?.sent(rig.seq);
      client.sendUpdate(u);
    });
    rig.editors.push({ client, doc, text: doc.getText('bench') });
  }
  return rig;
}

/**
 * Doc k gets k × (compactAfter / docs) updates first, so the docs sit at evenly spread points of
 * their compaction cycle, as docs with different histories do, instead of all reaching the
 * threshold in the same instant under the round-robin load (which stalls the server for the
 * whole burst of compactions; see README).
 */
export async function stagger(rig: Rig, docs: number, editorsPerDoc: number, compactAfter: number): Promise<number> {
  const per = Math.floor(compactAfter / docs);
  let sent = 0;
  const stock = rig.servers[0]!.kind === 'stock';
  rig.idleReceipts = 0;
  for (let k = 0; k < docs; k++) {
    const e = rig.editors[k * editorsPerDoc]!;
    for (let i = 0; i < k * per; i++) e.text.insert(e.text.length, 'x');
    sent += k * per;
    await e.client.drained();
  }
  // Every update reaches the doc's other editors (and, on the stock server, its author too).
  const expected = sent * (editorsPerDoc - 1 + (stock ? 1 : 0));
  if (!(await until(() => rig.idleReceipts >= expected, 60_000))) throw new Error(`stagger prefill: ${rig.idleReceipts}/${expected} receipts`);
  return sent;
}

/** Whether every other editor of sequence number s's doc has received it. */
export function reachedAll(rig: Rig, s: number, editorsPerDoc: number): boolean {
  const author = rig.authorOf[s]!;
  if (author < 0) return false;
  const all = ((1 << editorsPerDoc) - 1) & ~(1 << author % editorsPerDoc);
  return (rig.got[s]! & all) === all;
}

export async function runStep(rig: Rig, rate: number, opts: { stepSeconds: number; warmupSeconds: number; editorsPerDoc: number }): Promise<Attempt> {
  const warm = Math.round(rate * opts.warmupSeconds);
  const total = warm + Math.round(rate * opts.stepSeconds);
  const offset = rig.seq;
  if (offset + total > MAX_SEQ) throw new Error('sequence numbers exhausted');
  const t = new LatencyTracker(total, warm, offset);
  rig.tracker = t;
  const pids = rig.servers.map((s) => s.pid);
  let cpu = cpuSampler(pids, rig.infraPids);
  let lag = loopDelay();
  let wall0 = performance.now();
  const n = rig.editors.length;
  await pace(rate, total, (i) => {
    if (i === warm) {
      cpu = cpuSampler(pids, rig.infraPids);
      lag.stop();
      lag = loopDelay();
      wall0 = performance.now();
    }
    const s = offset + i;
    const who = s % n;
    const e = rig.editors[who]!;
    rig.seq = s;
    rig.authorOf[s] = who;
    e.text.insert(e.text.length, marker(s));
  });
  rig.seq = offset + total;
  const seconds = (performance.now() - wall0) / 1000 + 1 / rate;
  const achieved = (total - warm) / seconds;
  const expected = (total - warm) * (opts.editorsPerDoc - 1);
  await until(() => t.received >= expected, 3_000);
  let complete = 0;
  for (let s = offset + warm; s < offset + total; s++) if (reachedAll(rig, s, opts.editorsPerDoc)) complete++;
  const cpuReport = cpu.stop();
  const loadgenLagMs = lag.stop();
  rig.tracker = null;
  const latencyMs = t.summary();
  let why = '';
  if (achieved < rate * MIN_ACHIEVED) why = `load generator reached only ${Math.round(achieved)}/s`;
  else if (complete < total - warm) why = `${total - warm - complete} updates had not reached every editor after 3 s`;
  else if (latencyMs.p99 > P99_LIMIT_MS) why = `p99 ${ms(latencyMs.p99)} ms > ${P99_LIMIT_MS} ms`;
  return {
    achievedRate: round(achieved, 1),
    latencyMs,
    expected,
    delivered: t.received,
    complete,
    seqs: [offset, offset + warm, offset + total],
    seconds: round(seconds, 3),
    cpu: cpuReport,
    loadgenLagMs,
    stalls: t.stalls(),
    why,
    disturbed: cpuReport.otherCpuPercent > DISTURBED_OTHER_CPU_PERCENT || loadgenLagMs.maxMs > DISTURBED_LOADGEN_LAG_MS,
  };
}

/**
 * Steps every rig through `steps` (updates/s), alternating between the rigs at each step so noise
 * from other work on the machine falls on all of them. A rig stops at its first failing step; a
 * failed step is retried when the machine was busy (MAX_RETRIES in all). Returns the retries used.
 */
export async function ramp(
  ctx: BenchContext,
  rigs: Rig[],
  opts: { steps: number[]; stepSeconds: number; warmupSeconds: number; editorsPerDoc: number; docs: number; tag: string },
): Promise<number> {
  let retries = 0;
  for (const rate of opts.steps) {
    for (const rig of rigs) {
      if (rig.done) continue;
      const attempts: Attempt[] = [];
      for (;;) {
        ctx.log(`${opts.tag} ${rig.label}: ${rate} updates/s over ${opts.docs} docs × ${opts.editorsPerDoc} editors${attempts.length ? ` (retry: the machine was busy)` : ''}`);
        const a = await runStep(rig, rate, opts);
        attempts.push(a);
        await sleep(500);
        if (a.why === '' || !a.disturbed || retries >= MAX_RETRIES) break;
        retries++;
      }
      // Best attempt: a passing one before a failing one, then the lowest p99.
      const best = [...attempts].sort((a, b) => Number(a.why !== '') - Number(b.why !== '') || a.latencyMs.p99 - b.latencyMs.p99)[0]!;
      rig.steps.push({ ...best, targetRate: rate, pass: best.why === '', attempts });
      if (best.why !== '') rig.done = true;
    }
  }
  return retries;
}

/** The highest step a rig passed, or null. */
export function sustainedRate(rig: Rig): number | null {
  const passed = rig.steps.filter((s) => s.pass);
  return passed.length ? passed[passed.length - 1]!.targetRate : null;
}

export async function closeRig(rig: Rig): Promise<void> {
  await closeAll(rig.editors.map((e) => e.client));
  for (const e of rig.editors) e.doc.destroy();
}

export const throughput: Scenario = {
  id: 'd',
  name: 'throughput',
  title: `(d) Aggregate updates/s with 50 docs × 10 editors before fan-out p99 exceeds ${P99_LIMIT_MS} ms`,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const q = ctx.options.quick;
    const docCount = q ? 10 : 50;
    const opts = {
      editorsPerDoc: 10,
      steps: q ? [100, 400] : [100, 200, 400, 800, 1600, 3200, 6400],
      stepSeconds: q ? 2 : 7,
      warmupSeconds: 1,
    };
    const groups = benchGroupIds(docCount);
    const docNames = groups.all.map((g) => `groups/${g}/notes`);
    const notes: string[] = [];

    const rigs: Rig[] = [];
    let retries = 0;
    let prefill = 0;
    try {
      // Samla: start once so the coordinator exists, stop, give it 47 more groups in the store, start again.
      const dataDir = ctx.tempDir('samla-bench-d-');
      ctx.log(`(d) samla: seeding ${groups.extra.length} extra groups into the store`);
      await (await startSamla(dataDir, { env: ctx.options.samlaEnv })).stop();
      const store = await openStore(dataDir);
      try {
        await seedGroups(store, groups.extra);
      } finally {
        await store.close();
      }
      const servers = [await startSamla(dataDir, ctx.samlaOptions())];
      if (useStock(ctx, notes)) servers.push(await startStock(ctx.stockOptions()));
      const compactAfter = Math.min(1_000, Number(ctx.options.samlaEnv.COMPACT_AFTER_UPDATES ?? 500));
      for (const s of servers) {
        ctx.log(`(d) ${s.kind}: connecting ${docCount * opts.editorsPerDoc} editors, staggering the docs' logs`);
        const rig = await connectRig([s], docNames, opts.editorsPerDoc);
        rigs.push(rig);
        prefill = await stagger(rig, docCount, opts.editorsPerDoc, compactAfter);
      }

      retries = await ramp(ctx, rigs, { ...opts, docs: docCount, tag: '(d)' });
    } finally {
      for (const rig of rigs) {
        await closeRig(rig);
        for (const s of rig.servers) await s.stop();
      }
    }

    const runs = rigs.map((r) => ({ server: r.label, steps: r.steps, sustainedRate: sustainedRate(r) }));
    const rows: Cell[][] = runs.flatMap((r) =>
      r.steps.map((s) => [
        r.server,
        s.targetRate,
        s.achievedRate,
        ms(s.latencyMs.p50),
        ms(s.latencyMs.p95),
        ms(s.latencyMs.p99),
        ms(s.latencyMs.max),
        `${s.delivered}/${s.expected}`,
        `${s.cpu.serverCpuPercent}%`,
        `${s.cpu.loadgenCpuPercent}%`,
        `${s.cpu.otherCpuPercent}%`,
        ms(s.loadgenLagMs.maxMs),
        s.attempts.length,
        s.pass ? 'ok' : `${s.why}${s.disturbed ? ' (machine busy)' : ''}`,
      ]),
    );
    const samla = runs.find((r) => r.server === 'samla');
    const stock = runs.find((r) => r.server === 'stock');
    for (const r of runs) {
      notes.push(`${r.server}: sustains ${r.sustainedRate ?? 'none of the steps'}${r.sustainedRate ? ' updates/s' : ''} with p99 ≤ ${P99_LIMIT_MS} ms.`);
    }
    notes.push(
      `Before the ramp, doc k got k × ${Math.floor(prefill / ((docCount * (docCount - 1)) / 2) || 0)} updates (${prefill} in all), so the docs' compactions are spread out rather than simultaneous.`,
      `Each step: ${opts.warmupSeconds} s warm-up (not measured) + ${opts.stepSeconds} s measured, alternating servers; updates go round-robin over all ${docCount * opts.editorsPerDoc} editors; each update reaches the doc's other ${opts.editorsPerDoc - 1} editors.`,
      `CPU in % of one core over the measured part: server process, load generator, and the rest of the machine ("other"). A failed step is retried (${MAX_RETRIES} retries in all) when other CPU > ${DISTURBED_OTHER_CPU_PERCENT}% or the load generator's event loop stalled > ${DISTURBED_LOADGEN_LAG_MS} ms; the best attempt is shown.`,
    );
    const targets: TargetCheck[] = [
      {
        name: `(d) sustained updates/s, ${docCount} docs × ${opts.editorsPerDoc} editors`,
        target: `highest step with p99 ≤ ${P99_LIMIT_MS} ms (stock for reference)`,
        measured: `samla ${samla?.sustainedRate ?? '–'}/s, stock ${stock?.sustainedRate ?? '–'}/s`,
        // No number was set as the goal: this one is reported, not judged.
        pass: null,
      },
    ];
    return {
      table: {
        headers: ['server', 'target/s', 'sent/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'delivered', 'server CPU', 'loadgen CPU', 'other CPU', 'loadgen lag ms', 'tries', 'step'],
        rows,
      },
      notes,
      targets,
      data: { docs: docNames, ...opts, p99LimitMs: P99_LIMIT_MS, staggerPrefillUpdates: prefill, retries, runs },
    };
  },
};
