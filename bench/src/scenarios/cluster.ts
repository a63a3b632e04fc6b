import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Store } from '../../../server/src/storage/store.js';
import { until } from '../lib/latency.js';
import { pidListeningOn, pidsNamed, redisServerBin, startRedis, startSamla, type RedisProcess, type ServerProcess } from '../lib/processes.js';
import type { CpuReport } from '../lib/sampler.js';
import { ms, round, Samples, type Summary } from '../lib/stats.js';
import { loadStoredDoc, openMongoStore, seedGroups } from '../lib/store.js';
import type { Cell } from '../lib/table.js';
import { runFanout } from './fanout.js';
import { benchGroupIds, closeRig, connectRig, ramp, reachedAll, stagger, sustainedRate, type Rig } from './throughput.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

/**
 * (h) Cluster mode (issue 18): three production server processes on one MongoDB database and one
 * Redis, as a deployment behind a load balancer runs them, except that each client is placed on an
 * instance by the bench. Two parts:
 * - fan-out: one writer on A, 200 readers spread over A, B and C, against the same writer and 200
 *   readers all on A (the same cluster, so the same store and Redis); rounds alternate;
 * - throughput: (d)'s 50 docs × 10 editors and ramp, with the editors of each doc spread over 1, 2
 *   and 3 instances (three sets of docs, stepped in turn), then every update checked at every editor
 *   and in the store.
 */
const TITLE = '(h) Cluster mode: fan-out over 3 instances, and aggregate updates/s with 1, 2 and 3 instances (MongoDB + Redis)';
const INSTANCES = ['A', 'B', 'C'];
/** Markers as typed by the writers (lib/yclient.ts marker()). */
const MARKER_RE = /~Q(\d{7})~/g;

interface FanoutMode {
  key: 'one' | 'three';
  label: string;
  docName: string;
  readersOn: ServerProcess[];
}

interface FanoutModeResult {
  key: 'one' | 'three';
  label: string;
  docName: string;
  latencyMs: Summary;
  byInstance: { instance: string; latencyMs: Summary }[];
  roundP99Ms: number[];
  achievedRate: number;
  expected: number;
  delivered: number;
  missing: number;
  sent: number;
  stored: number;
  cpu: CpuReport[];
  loadgenMaxLagMs: number;
}

/** found[s] = 1 for every marker s < size that the store holds in the Y.Text "bench" of `docNames`. */
async function storedMarkers(store: Store, docNames: string[], size: number): Promise<Uint8Array> {
  const found = new Uint8Array(size);
  for (const name of docNames) {
    const doc = await loadStoredDoc(store, name);
    for (const m of doc.getText('bench').toString().matchAll(MARKER_RE)) {
      const s = Number(m[1]);
      if (s < size) found[s] = 1;
    }
    doc.destroy();
  }
  return found;
}

const avg = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 1) : NaN);
const cpuAvg = (cpus: CpuReport[], f: (c: CpuReport) => number) => `${avg(cpus.map(f))}%`;

function notRun(reasons: string[]): ScenarioResult {
  const why = reasons.join('; ');
  return {
    table: { headers: ['part', 'result'], rows: [['fan-out and throughput', `not run: ${why}`]] },
    notes: [`Not run: ${why}. Nothing was measured.`],
    targets: [
      { name: '(h) cluster fan-out p99, 200 readers over 3 instances', target: 'p99(3 instances) ≤ 2 × p99(1 instance)', measured: `NOT RUN: ${why}`, pass: null },
      { name: '(h) cluster: nothing lost', target: 'every update at every editor and in the store', measured: `NOT RUN: ${why}`, pass: null },
    ],
    data: { notRun: reasons },
  };
}

/** The loopback port of a URL, when it names this machine; a process elsewhere cannot be measured. */
function loopbackPort(url: string): number | null {
  try {
    const u = new URL(url.split(',')[0]!.replace(/^mongodb(\+srv)?:\/\/([^@/]*@)?/, 'http://'));
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return null;
    return Number(u.port || (url.startsWith('redis') ? 6379 : 27017));
  } catch {
    return null;
  }
}

export const cluster: Scenario = {
  id: 'h',
  name: 'cluster',
  title: TITLE,
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const mongoUri = process.env.MONGODB_URI;
    const externalRedis = process.env.REDIS_URL;
    const bin = redisServerBin();
    const missing: string[] = [];
    if (!mongoUri) missing.push('MONGODB_URI is unset (cluster mode needs a MongoDB-compatible server; see bench/README.md, Cluster: FerretDB on PostgreSQL)');
    if (!externalRedis && !bin) missing.push('REDIS_URL is unset and redis-server is not installed (apt-get install redis-server)');
    if (!mongoUri || missing.length) return notRun(missing);

    const q = ctx.options.quick;
    const fan = { readers: q ? 50 : 200, rate: 20, rounds: q ? 1 : 3, seconds: q ? 3 : 5, warmupSeconds: q ? 0.5 : 1 };
    const docCount = q ? 10 : 50;
    const tput = {
      editorsPerDoc: 10,
      // (d)'s steps with two below: on FerretDB the store runs out of CPU long before (d)'s 6,400/s.
      steps: q ? [25, 100] : [25, 50, 100, 200, 400, 800, 1600, 3200, 6400],
      stepSeconds: q ? 2 : 7,
      warmupSeconds: 1,
    };
    const notes: string[] = [];
    // Every Redis key and channel of an instance starts with samla:<MONGODB_DB>:, so a fresh database keeps this run apart.
    const db = `samla_bench_h_${randomBytes(4).toString('hex')}`;

    let redis: RedisProcess | null = null;
    const servers: ServerProcess[] = [];
    const rigs: Rig[] = [];
    let mongo: Awaited<ReturnType<typeof openMongoStore>> | null = null;
    const fanResults: FanoutModeResult[] = [];
    let retries = 0;
    let prefill = 0;
    const checks: { rig: string; sent: number; notEverywhere: number; notStored: number }[] = [];
    const rigStored = new Map<Rig, Uint8Array>();
    try {
      if (!externalRedis) redis = await startRedis(bin!, ctx.tempDir('samla-bench-h-redis-'));
      const redisUrl = externalRedis ?? redis!.url;
      const storePid = loopbackPort(mongoUri) === null ? null : pidListeningOn(loopbackPort(mongoUri)!);
      const redisPid = redis?.pid ?? (loopbackPort(redisUrl) === null ? null : pidListeningOn(loopbackPort(redisUrl)!));
      // A local store may be FerretDB on PostgreSQL, whose backends do its work: they count as the store's.
      // Asked again at each use, since the store's connection pool opens backends as the load grows.
      const infraPids = () => [storePid, redisPid, ...(storePid ? pidsNamed('postgres') : [])].filter((p): p is number => p !== null);
      notes.push(
        `Store: MONGODB_URI${storePid ? '' : ' (its process not found on this machine: its CPU counts as "other")'}, database ${db}; Redis: ${externalRedis ? 'REDIS_URL' : 'a redis-server started for this run'}${redisPid ? '' : ' (its process not found: its CPU counts as "other")'}. "store+Redis CPU" includes local processes named postgres (FerretDB's PostgreSQL backend). The runner's "other work on the machine" line counts the store, and Redis when given by REDIS_URL, since the bench did not start them.`,
      );

      const env = { MONGODB_URI: mongoUri, MONGODB_DB: db, REDIS_URL: redisUrl };
      const groups = benchGroupIds(docCount);
      // The first instance seeds the empty database (the coordinator, the three groups); then the bench adds its groups.
      ctx.log(`(h) starting instance A on a fresh database ${db}, seeding ${groups.extra.length} extra groups`);
      const dataDirs = INSTANCES.map((n) => ctx.tempDir(`samla-bench-h-${n.toLowerCase()}-`));
      await (await startSamla(dataDirs[0]!, ctx.samlaOptions({ env }))).stop();
      mongo = await openMongoStore(mongoUri, db);
      await seedGroups(mongo.store, groups.extra);
      for (const [i, name] of INSTANCES.entries()) {
        ctx.log(`(h) starting instance ${name}`);
        servers.push(await startSamla(dataDirs[i]!, ctx.samlaOptions({ env })));
      }
      const [a] = servers as [ServerProcess];

      // ---- Fan-out ----
      const modes: FanoutMode[] = [
        // Its own doc, so B and C hold nothing of it and do no relay work during these rounds.
        { key: 'one', label: '1 (A)', docName: 'groups/transporter/notes', readersOn: [a] },
        { key: 'three', label: '3 (A, B, C)', docName: 'groups/plast/notes', readersOn: servers },
      ];
      const pooled = new Map(modes.map((m) => [m.key, { all: new Samples(), by: m.readersOn.map(() => new Samples()), rounds: [] as Awaited<ReturnType<typeof runFanout>>['round'][], seqs: [] as [number, number][] }]));
      let seqBase = 0;
      for (let r = 0; r < fan.rounds; r++) {
        for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
          ctx.log(`(h) fan-out, readers on ${mode.label}: 1 writer on A → ${fan.readers} readers, ${fan.rate} updates/s for ${fan.seconds} s (round ${r + 1}/${fan.rounds})`);
          const out = await runFanout(a, { ...fan, docName: mode.docName, seqBase, readersOn: mode.readersOn, infraPids: infraPids() });
          const p = pooled.get(mode.key)!;
          p.all.pushAll(out.samples);
          out.byServer.forEach((s, k) => p.by[k]!.pushAll(s));
          p.rounds.push(out.round);
          const sent = Math.round(fan.rate * fan.warmupSeconds) + Math.round(fan.rate * fan.seconds);
          p.seqs.push([seqBase, seqBase + sent]);
          seqBase += sent;
        }
      }
      for (const mode of modes) {
        const p = pooled.get(mode.key)!;
        const found = await storedMarkers(mongo.store, [mode.docName], seqBase);
        const sent = p.seqs.reduce((n, [from, to]) => n + to - from, 0);
        const stored = p.seqs.reduce((n, [from, to]) => n + found.subarray(from, to).reduce((x, y) => x + y, 0), 0);
        fanResults.push({
          key: mode.key,
          label: mode.label,
          docName: mode.docName,
          latencyMs: p.all.summary(),
          byInstance: mode.readersOn.map((_, k) => ({ instance: INSTANCES[k]!, latencyMs: p.by[k]!.summary() })),
          roundP99Ms: p.rounds.map((x) => round(x.latencyMs.p99, 2)),
          achievedRate: avg(p.rounds.map((x) => x.achievedRate)),
          expected: p.rounds.reduce((n, x) => n + x.expected, 0),
          delivered: p.rounds.reduce((n, x) => n + x.delivered, 0),
          missing: p.rounds.reduce((n, x) => n + x.missing, 0),
          sent,
          stored,
          cpu: p.rounds.map((x) => x.cpu),
          loadgenMaxLagMs: Math.max(...p.rounds.map((x) => x.loadgenLagMs.maxMs)),
        });
      }

      // ---- Aggregate throughput with 1, 2 and 3 instances ----
      const compactAfter = Math.min(1_000, Number(ctx.options.samlaEnv.COMPACT_AFTER_UPDATES ?? 500));
      for (const n of [1, 2, 3]) {
        // Each configuration has its own docs (a page per group), so the three never feed one another.
        const docNames = groups.all.map((g) => `groups/${g}/pages/bench-h-${n}-instances`);
        const label = `${n} instance${n > 1 ? 's' : ''}`;
        ctx.log(`(h) ${label}: connecting ${docCount * tput.editorsPerDoc} editors (editor i on instance i mod ${n}), staggering the docs' logs`);
        const rig = await connectRig(servers.slice(0, n), docNames, tput.editorsPerDoc, { label, infraPids: infraPids() });
        rigs.push(rig);
        prefill = await stagger(rig, docCount, tput.editorsPerDoc, compactAfter);
      }
      for (const rig of rigs) rig.infraPids = infraPids();
      retries = await ramp(ctx, rigs, { ...tput, docs: docCount, tag: '(h)' });

      // Nothing lost: every update of every step (failed ones too) at every other editor of its doc, and in the store.
      ctx.log('(h) checking every update at every editor and in the store');
      const everywhere = () => rigs.every((rig) => Array.from({ length: rig.seq }, (_, s) => s).every((s) => reachedAll(rig, s, tput.editorsPerDoc)));
      await until(everywhere, 15_000, 200);
      for (const [n, rig] of rigs.entries()) {
        const docNames = groups.all.map((g) => `groups/${g}/pages/bench-h-${n + 1}-instances`);
        const found = await storedMarkers(mongo.store, docNames, rig.seq);
        rigStored.set(rig, found);
        let notEverywhere = 0;
        let notStored = 0;
        for (let s = 0; s < rig.seq; s++) {
          if (!reachedAll(rig, s, tput.editorsPerDoc)) notEverywhere++;
          if (!found[s]) notStored++;
        }
        checks.push({ rig: rig.label, sent: rig.seq, notEverywhere, notStored });
      }
    } finally {
      for (const rig of rigs) await closeRig(rig);
      for (const s of servers) await s.stop();
      if (mongo) {
        await mongo.store.close();
        await mongo.drop().catch((err: unknown) => ctx.log(`(h) could not drop the bench database ${db}: ${String(err)}`));
      }
      await redis?.stop();
    }

    // ---- Table ----
    const rows: Cell[][] = [];
    for (const f of fanResults) {
      rows.push([
        'fan-out', f.label, `1 writer on A → ${fan.readers} readers`, f.achievedRate, '–', '–', ms(f.latencyMs.p50), ms(f.latencyMs.p95), ms(f.latencyMs.p99), ms(f.latencyMs.max),
        f.roundP99Ms.map(ms).join(' / '), `${f.expected - f.missing}/${f.expected}`, `${f.stored}/${f.sent}`,
        cpuAvg(f.cpu, (c) => c.serverCpuPercent), cpuAvg(f.cpu, (c) => c.infraCpuPercent), cpuAvg(f.cpu, (c) => c.loadgenCpuPercent), cpuAvg(f.cpu, (c) => c.otherCpuPercent), ms(f.loadgenMaxLagMs), '',
      ]);
      if (f.byInstance.length > 1) {
        for (const b of f.byInstance) {
          rows.push([
            `  readers on ${b.instance}`, b.instance === 'A' ? 'same as writer' : 'relayed (Redis)', `${b.latencyMs.count} receipts`, '', '', '', ms(b.latencyMs.p50), ms(b.latencyMs.p95), ms(b.latencyMs.p99), ms(b.latencyMs.max),
            '', '', '', '', '', '', '', '', '',
          ]);
        }
      }
    }
    const throughputRuns = rigs.map((rig) => {
      const found = rigStored.get(rig);
      return {
        instances: rig.servers.length,
        sustainedRate: sustainedRate(rig),
        steps: rig.steps.map((s) => {
          const measured = s.seqs[2] - s.seqs[1];
          const stored = found ? found.subarray(s.seqs[1], s.seqs[2]).reduce((x, y) => x + y, 0) : NaN;
          return { ...s, measured, stored, storedRate: round(stored / s.seconds, 1), deliveredRate: round(s.complete / s.seconds, 1) };
        }),
      };
    });
    for (const r of throughputRuns) {
      for (const s of r.steps) {
        rows.push([
          'throughput', r.instances, `${s.targetRate}/s asked`, s.achievedRate, s.storedRate, s.deliveredRate, ms(s.latencyMs.p50), ms(s.latencyMs.p95), ms(s.latencyMs.p99), ms(s.latencyMs.max),
          '', `${s.complete}/${s.measured}`, `${s.stored}/${s.measured}`,
          `${s.cpu.serverCpuPercent}%`, `${s.cpu.infraCpuPercent}%`, `${s.cpu.loadgenCpuPercent}%`, `${s.cpu.otherCpuPercent}%`, ms(s.loadgenLagMs.maxMs),
          s.pass ? `ok${s.attempts.length > 1 ? ` (${s.attempts.length} tries)` : ''}` : `${s.why}${s.disturbed ? ' (machine busy)' : ''}`,
        ]);
      }
    }

    // ---- Targets and notes ----
    const one = fanResults.find((f) => f.key === 'one');
    const three = fanResults.find((f) => f.key === 'three');
    const fanComplete = fanResults.every((f) => f.missing === 0 && f.stored === f.sent);
    const lost = checks.reduce((n, c) => n + c.notEverywhere + c.notStored, 0);
    const sentAll = checks.reduce((n, c) => n + c.sent, 0);
    const targets: TargetCheck[] = [
      {
        name: `(h) cluster fan-out p99, ${fan.readers} readers over 3 instances`,
        target: 'p99(3 instances) ≤ 2 × p99(1 instance), every update delivered and stored',
        measured: one && three ? `${ms(three.latencyMs.p99)} ms vs 2 × ${ms(one.latencyMs.p99)} ms${fanComplete ? '' : ' (updates missing)'}` : 'not measured',
        pass: one && three ? three.latencyMs.p99 <= 2 * one.latencyMs.p99 && fanComplete : null,
      },
      {
        name: `(h) cluster throughput, ${docCount} docs × ${tput.editorsPerDoc} editors`,
        target: `highest step with p99 ≤ 100 ms, with 1 / 2 / 3 instances`,
        measured: throughputRuns.map((r) => `${r.instances}: ${r.sustainedRate ?? '–'}/s`).join(', '),
        // No number was set as the goal (3 processes on 2 cores cannot scale): reported, not judged.
        pass: null,
      },
      {
        name: '(h) cluster: nothing lost',
        target: 'every update at every other editor of its doc and in the store at the end',
        measured: `${sentAll - lost} of ${sentAll} updates${lost ? `; ${checks.map((c) => `${c.rig}: ${c.notEverywhere} not at every editor, ${c.notStored} not stored`).join('; ')}` : ''}`,
        pass: checks.length === rigs.length && rigs.length === 3 ? lost === 0 : null,
      },
    ];
    const cores = availableParallelism();
    notes.unshift(
      `This machine has ${cores} cores: the three instances, the load generator, the store and Redis share them, so the instances cannot scale linearly; the throughput rows show that nothing collapses and nothing is lost, not a speed-up.`,
      `Fan-out: ${fan.rounds} rounds × ${fan.seconds} s per placement, alternating; ${fan.warmupSeconds} s warm-up not measured. The writer is on A in both. "1 (A)": all readers on A of this same cluster (cluster mode on: same MongoDB store, updates still published to Redis, nobody else subscribed), doc groups/transporter/notes; "3 (A, B, C)": reader i on instance i mod 3, doc groups/plast/notes. Readers on B and C get each update after A stored it and relayed it through Redis PUB/SUB.`,
      `Throughput: (d)'s ramp (${tput.warmupSeconds} s warm-up + ${tput.stepSeconds} s per step, stopping a configuration at p99 > 100 ms, an update that had not reached all ${tput.editorsPerDoc - 1} other editors of its doc within 3 s, or a send rate < 95 %), once per configuration, stepped in turn; editor i on instance i mod n, each configuration on its own ${docCount} docs (groups/<g>/pages/bench-h-<n>-instances), staggered first (${prefill} updates). "stored/s" counts the step's measured updates found in the store at the end, "delivered/s" those that reached every other editor, both over the measured seconds.`,
      'CPU in % of one core: "servers" adds up the instances in use; "store+Redis" the MongoDB-compatible server and Redis when their processes are on this machine; "other" the rest (idle instances included).',
    );
    if (retries) notes.push(`${retries} throughput step(s) retried because the machine was busy.`);
    return {
      table: {
        headers: ['part', 'instances', 'load', 'sent/s', 'stored/s', 'delivered/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 per round', 'reached all', 'in store', 'servers CPU', 'store+Redis CPU', 'loadgen CPU', 'other CPU', 'loadgen max lag ms', 'step'],
        rows,
      },
      notes,
      targets,
      data: { db, fanout: { ...fan, modes: fanResults }, throughput: { docs: docCount, ...tput, staggerPrefillUpdates: prefill, retries, runs: throughputRuns }, checks },
    };
  },
};
