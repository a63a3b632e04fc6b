import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '@samla/shared';
import * as Y from 'yjs';
import { sleep } from '../lib/latency.js';
import { ADMIN, BENCH_ROOT, freePort, readCpuSeconds, readProcStatus, REPO_ROOT, signIn } from '../lib/processes.js';
import { median, round } from '../lib/stats.js';
import type { Cell } from '../lib/table.js';
import { RawYClient } from '../lib/yclient.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

/**
 * Soak: 500 connections over 50 docs editing at a modest rate and reconnecting at random intervals
 * for --minutes (default 30; --quick 1). The server runs as a child process with soakProbe.mjs
 * preloaded, which reports its event-loop delay; RSS comes from /proc. Not in the default run:
 * `npm run bench -- soak --minutes 30` (or --only=soak --minutes=30).
 */

const CONNECTIONS = 500;
const DOCS = 50;
/** Each connection edits every this many ms on average (exponential): 500 / 5 s = 100 updates/s in all. */
const EDIT_MEAN_MS = 5_000;
/** Each connection closes after this many ms on average (exponential), then reconnects within a second. */
const RECONNECT_MEAN_MS = 30_000;
const SAMPLE_MS = 10_000;
/** RSS growth after the first WARMUP_SHARE of the run must stay under this. */
const GROWTH_LIMIT = 0.05;
const WARMUP_SHARE = 0.2;
const SYNC_TIMEOUT_MS = 15_000;

function docsSize(docs: Y.Doc[]) {
  let bytes = 0;
  let structs = 0;
  for (const doc of docs) {
    bytes += Y.encodeStateAsUpdate(doc).length;
    for (const list of doc.store.clients.values()) structs += list.length;
  }
  return { docsKB: round(bytes / 1024, 0), structs };
}

const docName = (k: number) => `groups/plast/pages/soak-page-${String(k).padStart(3, '0')}`;

/** A seeded PRNG (mulberry32), so every run edits and reconnects on the same schedule. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Probe {
  at: number;
  p99: number;
  max: number;
  totalP99: number;
  totalMax: number;
  heapUsed: number;
  heapTotal: number;
  v8Malloced: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

interface WorkerProbe {
  at: number;
  thread: number;
  heapTotal: number;
  heapUsed: number;
  malloced: number;
  external: number;
}

interface Sample {
  seconds: number;
  rssMiB: number;
  /** RSS minus the mapped files (the node binary, libraries): what the process allocated. */
  anonMiB: number;
  heapMiB: number | null;
  /** The V8 heap V8 holds (used or not), beside what is in use. */
  heapTotalMiB: number | null;
  v8MallocMiB: number | null;
  externalMiB: number | null;
  /** What the worker isolates (merge, checkpointer) hold, summed: outside the main isolate's heap total. */
  workersHeapTotalMiB: number | null;
  /** Each worker's heap held and in use (MiB), by thread id: which of them grows. */
  workers: Record<number, [number, number]>;
  loopP99Ms: number | null;
  loopMaxMs: number | null;
  serverCpu: number;
  open: number;
  updates: number;
  reconnects: number;
  errors: number;
  /** The 50 docs' encoded state and struct count, from the bench's replicas: flat when content is. */
  docsKB: number;
  structs: number;
}

function workerHeaps(reports: WorkerProbe[]): number | null {
  return reports.length ? round(reports.reduce((sum, w) => sum + w.heapTotal + w.malloced, 0) / 2 ** 20, 1) : null;
}

/** The production server with the event-loop probe preloaded, on a free loopback port. */
async function startProbedSamla(dataDir: string, extraEnv: Record<string, string>) {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    // Warnings and errors are counted (pino JSON lines on stdout).
    LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'warn',
    SAMLA_ADMIN_EMAIL: ADMIN.email,
    SAMLA_ADMIN_PASSWORD: ADMIN.password,
    CLIENT_DIST: join(dataDir, 'no-client'),
    SOAK_PROBE_MS: String(SAMPLE_MS),
    ...extraEnv,
  };
  delete env.NODE_OPTIONS;
  const probe = join(BENCH_ROOT, 'src', 'scenarios', 'soakProbe.mjs');
  const child: ChildProcess = spawn(process.execPath, ['--import', probe, 'server/dist/index.js'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const probes: Probe[] = [];
  const workers = new Map<number, WorkerProbe>();
  const logLines = { warn: 0, error: 0, lastError: '' };
  let stderrTail = '';
  let partialErr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-10_000);
    const lines = (partialErr + chunk).split('\n');
    partialErr = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('SOAK_PROBE ')) probes.push(JSON.parse(l.slice(11)) as Probe);
      else if (l.startsWith('SOAK_WORKER ')) {
        const w = JSON.parse(l.slice(12)) as WorkerProbe;
        workers.set(w.thread, w);
      }
    }
  });
  let partialOut = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const lines = (partialOut + chunk).split('\n');
    partialOut = lines.pop()!;
    for (const l of lines) {
      const level = /"level":(\d+)/.exec(l)?.[1];
      if (level === '40') logLines.warn++;
      else if (level === '50' || level === '60') {
        logLines.error++;
        logLines.lastError = l.slice(0, 300);
      }
    }
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(t);
  };
  // The bench's own cleanup only knows the servers it started through lib/processes: end this one too.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${stderrTail}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready after 20 s:\n${stderrTail}`);
    }
    await sleep(50);
  }
  const cookie = await signIn(url);
  return {
    child,
    pid: child.pid!,
    url,
    docUrl: (name: string) => `ws://127.0.0.1:${port}/yjs/${name}?${PROTOCOL_PARAM}=${PROTOCOL_VERSION}`,
    cookie,
    probes,
    /** The latest report of each worker thread still reporting. */
    workers: () => [...workers.values()].filter((w) => Date.now() - w.at < SAMPLE_MS * 1.5),
    logLines,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      await stop();
      process.off('exit', onExit);
    },
  };
}

export const soak: Scenario = {
  id: 'soak',
  name: 'soak',
  title: '(soak) 500 editing and reconnecting connections: server RSS over time, event-loop delay, errors',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const minutes = ctx.options.minutes ?? (ctx.options.quick ? 1 : 30);
    const durationMs = minutes * 60_000;
    const notes: string[] = [];
    const server = await startProbedSamla(ctx.tempDir('samla-soak-'), ctx.options.samlaEnv);
    ctx.log(`soak: server pid ${server.pid}, ${CONNECTIONS} connections over ${DOCS} docs for ${minutes} min`);
    const random = prng(0x50a6);
    const exp = (mean: number) => -Math.log(1 - random()) * mean;

    const counters = { updates: 0, reconnects: 0, errors: 0, syncTimeouts: 0, unexpectedCloses: 0, applyErrors: 0 };
    const errorKinds = new Map<string, number>();
    const countError = (kind: string) => {
      counters.errors++;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    let running = true;
    let open = 0;

    /** The first editor's replica of each page: the bench samples the docs' own size from these. */
    const replicas: Y.Doc[] = [];

    /**
     * One editor: its own Y.Doc (so its client id and state survive reconnects), typing at the end of
     * its own note and trimming the note's start. That keeps every doc's CRDT the same size however
     * long the run: a Yjs doc keeps one Item per insert made elsewhere than the end of the same
     * client's last run, so random-position typing grows the server's heap with content (about 63 MiB
     * for the 195,000 updates of a 30-minute run, measured in-process), which would hide a leak.
     */
    const editor = async (i: number) => {
      const doc = new Y.Doc();
      const notes = doc.getMap<Y.Text>('soak-notes');
      const name = docName(i % DOCS);
      if (i < DOCS) replicas.push(doc);
      // Spread the first connections over the first seconds.
      await sleep(random() * 5_000);
      while (running) {
        const client = new RawYClient({ url: server.docUrl(name), cookie: server.cookie, doc });
        let closedByUs = false;
        let wasOpen = false;
        client.ws.on('close', (code) => {
          if (wasOpen) open--;
          if (!closedByUs && running) {
            counters.unexpectedCloses++;
            countError(`close ${code}`);
          }
        });
        client.ws.on('open', () => {
          wasOpen = true;
          open++;
        });
        const synced = await Promise.race([
          client.synced.then(() => true, () => false),
          sleep(SYNC_TIMEOUT_MS).then(() => false),
        ]);
        if (!synced) {
          if (client.ws.readyState === client.ws.OPEN) {
            counters.syncTimeouts++;
            countError('sync timeout');
          }
          closedByUs = true;
          await client.close();
          await sleep(1_000);
          continue;
        }
        const sendLocal = (update: Uint8Array, origin: unknown) => {
          if (origin === client) return;
          if (client.ws.readyState === client.ws.OPEN) {
            client.sendUpdate(update);
            counters.updates++;
          }
        };
        doc.on('update', sendLocal);
        const until = performance.now() + exp(RECONNECT_MEAN_MS);
        while (running && performance.now() < until && client.ws.readyState === client.ws.OPEN) {
          await sleep(Math.min(exp(EDIT_MEAN_MS), Math.max(0, until - performance.now())));
          if (!running || client.ws.readyState !== client.ws.OPEN || performance.now() >= until) break;
          try {
            let text = notes.get(String(i));
            if (!text) notes.set(String(i), (text = new Y.Text()));
            if (text.length > 120) text.delete(0, 20 + Math.floor(random() * 40));
            else text.insert(text.length, 'soak'.slice(0, 1 + Math.floor(random() * 4)));
          } catch {
            counters.applyErrors++;
            countError('local edit failed');
          }
        }
        doc.off('update', sendLocal);
        closedByUs = true;
        await client.close();
        if (running) {
          counters.reconnects++;
          await sleep(random() * 1_000);
        }
      }
    };

    const t0 = performance.now();
    const samples: Sample[] = [];
    const cpu0 = readCpuSeconds(server.pid);
    let lastCpu = cpu0;
    let lastAt = t0;
    const editors = Array.from({ length: CONNECTIONS }, (_, i) => editor(i));
    let serverDied = false;
    // Stop sampling when less than a second is left (no near-duplicate last sample).
    while (durationMs - (performance.now() - t0) > 1_000) {
      await sleep(Math.min(SAMPLE_MS, durationMs - (performance.now() - t0)));
      if (server.exited()) {
        serverDied = true;
        countError('server exited');
        break;
      }
      const now = performance.now();
      const cpuNow = readCpuSeconds(server.pid);
      const probe = server.probes.at(-1);
      const status = readProcStatus(server.pid);
      const fresh = probe && Date.now() - probe.at < SAMPLE_MS * 1.5 ? probe : null;
      samples.push({
        seconds: round((now - t0) / 1000, 0),
        rssMiB: round(status.rssKb / 1024, 1),
        anonMiB: round(status.anonKb / 1024, 1),
        heapMiB: fresh ? round(fresh.heapUsed / 2 ** 20, 1) : null,
        heapTotalMiB: fresh ? round(fresh.heapTotal / 2 ** 20, 1) : null,
        v8MallocMiB: fresh ? round(fresh.v8Malloced / 2 ** 20, 1) : null,
        externalMiB: fresh ? round(fresh.external / 2 ** 20, 1) : null,
        workersHeapTotalMiB: workerHeaps(server.workers()),
        workers: Object.fromEntries(server.workers().map((w) => [w.thread, [round(w.heapTotal / 2 ** 20, 1), round(w.heapUsed / 2 ** 20, 1)]])),
        loopP99Ms: fresh?.p99 ?? null,
        loopMaxMs: fresh?.max ?? null,
        serverCpu: round((cpuNow - lastCpu) / ((now - lastAt) / 1000), 2),
        open,
        updates: counters.updates,
        reconnects: counters.reconnects,
        errors: counters.errors + server.logLines.error,
        ...docsSize(replicas),
      });
      lastCpu = cpuNow;
      lastAt = now;
      const s = samples.at(-1)!;
      ctx.log(`soak ${s.seconds} s: RSS ${s.rssMiB} MiB, loop p99 ${s.loopP99Ms ?? '?'} ms, ${s.open} open, ${s.updates} updates, ${s.reconnects} reconnects, ${s.errors} errors`);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const serverCpuSeconds = serverDied ? NaN : readCpuSeconds(server.pid) - cpu0;
    running = false;
    await Promise.race([Promise.all(editors), sleep(30_000)]);
    const lastProbe = server.probes.at(-1);
    await server.stop();

    // RSS growth: median of the three samples after warm-up against the median of the last three.
    const afterWarmup = samples.filter((s) => s.seconds >= (durationMs / 1000) * WARMUP_SHARE);
    const base = afterWarmup.length >= 2 ? median(afterWarmup.slice(0, 3).map((s) => s.rssMiB)) : NaN;
    const end = afterWarmup.length >= 2 ? median(afterWarmup.slice(-3).map((s) => s.rssMiB)) : NaN;
    const growth = (end - base) / base;
    const peakRss = Math.max(...samples.map((s) => s.rssMiB));
    const loopP99 = lastProbe?.totalP99 ?? NaN;
    const loopMax = lastProbe?.totalMax ?? NaN;
    const totalErrors = counters.errors + server.logLines.error;

    // The table: every sample for short runs, one a minute for long ones (all of them are in the JSON).
    const every = samples.length > 24 ? Math.round(60_000 / SAMPLE_MS) : 1;
    const shown = samples.filter((_, i) => i % every === every - 1 || i === samples.length - 1);
    const rows: Cell[][] = shown.map((s) => [
      `${s.seconds} s`,
      s.rssMiB,
      s.anonMiB,
      s.heapMiB ?? '–',
      s.heapTotalMiB ?? '–',
      s.v8MallocMiB ?? '–',
      s.externalMiB ?? '–',
      s.workersHeapTotalMiB ?? '–',
      s.loopP99Ms ?? '–',
      s.loopMaxMs ?? '–',
      `${Math.round(s.serverCpu * 100)}%`,
      s.open,
      s.updates,
      s.reconnects,
      s.errors,
      s.docsKB,
      s.structs,
    ]);
    notes.push(
      `${CONNECTIONS} connections (${CONNECTIONS / DOCS} per doc on ${DOCS} pages), each editing every ${EDIT_MEAN_MS / 1000} s on average (≈ ${Math.round((CONNECTIONS * 1000) / EDIT_MEAN_MS)} updates/s in all) and reconnecting after ${RECONNECT_MEAN_MS / 1000} s on average; ran ${elapsed.toFixed(0)} s.`,
      `RSS growth after warm-up (first ${WARMUP_SHARE * 100}% = ${((durationMs / 1000) * WARMUP_SHARE).toFixed(0)} s): median of the first 3 samples after it ${base} MiB → median of the last 3 ${end} MiB = ${(growth * 100).toFixed(1)}% (limit ${GROWTH_LIMIT * 100}%). Peak ${peakRss} MiB.`,
      `The docs' own size (the ${DOCS} replicas' encoded state and structs): ${samples[0]?.docsKB ?? '?'} KB / ${samples[0]?.structs ?? '?'} at the first sample, ${samples.at(-1)?.docsKB ?? '?'} KB / ${samples.at(-1)?.structs ?? '?'} at the last.`,
      `Event-loop delay of the server over the whole run (monitorEventLoopDelay in the server, 10 ms resolution): p99 ${loopP99} ms, max ${loopMax} ms. Server CPU ${(serverCpuSeconds / elapsed).toFixed(2)} cores on average.`,
      `Errors: ${totalErrors} (${[...errorKinds.entries()].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none on the clients'}; server error log lines ${server.logLines.error}, warnings ${server.logLines.warn})${server.logLines.lastError ? `; last server error: ${server.logLines.lastError}` : ''}.`,
    );
    if (serverDied) notes.push('The server process exited during the run.');
    const targets: TargetCheck[] = [
      {
        name: 'soak: RSS growth after warm-up',
        target: `< ${GROWTH_LIMIT * 100}%`,
        measured: Number.isFinite(growth) ? `${(growth * 100).toFixed(1)}% (${base} → ${end} MiB)` : 'too few samples',
        pass: Number.isFinite(growth) ? growth < GROWTH_LIMIT : null,
      },
      { name: 'soak: errors', target: '0', measured: String(totalErrors), pass: totalErrors === 0 && !serverDied },
      { name: 'soak: server event-loop delay p99', target: 'report', measured: `${loopP99} ms (max ${loopMax} ms)`, pass: null },
    ];
    return {
      table: {
        headers: ['time', 'RSS MiB', 'anon MiB', 'heap MiB', 'heap total MiB', 'V8 malloc MiB', 'external MiB', 'workers heap MiB', 'loop p99 ms', 'loop max ms', 'server CPU', 'open', 'updates', 'reconnects', 'errors', 'docs KB', 'structs'],
        rows,
      },
      notes,
      targets,
      data: {
        minutes,
        connections: CONNECTIONS,
        docs: DOCS,
        editMeanMs: EDIT_MEAN_MS,
        reconnectMeanMs: RECONNECT_MEAN_MS,
        samples,
        probes: server.probes,
        rssGrowth: growth,
        rssBaseMiB: base,
        rssEndMiB: end,
        peakRssMiB: peakRss,
        loopP99Ms: loopP99,
        loopMaxMs: loopMax,
        serverCpuSeconds,
        counters,
        errorKinds: Object.fromEntries(errorKinds),
        serverLog: server.logLines,
        serverDied,
      },
    };
  },
};
