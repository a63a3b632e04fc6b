// Preloaded into the soak scenario's server (node --import <this> server/dist/index.js): measures the
// server's own event-loop delay with perf_hooks.monitorEventLoopDelay and reports it on stderr every
// SOAK_PROBE_MS as one line `SOAK_PROBE {json}` (times in ms). It changes nothing in the server.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

// --import does not reach worker threads: every Worker the server starts gets the worker probe, which
// reports that isolate's heap (the server's own modules bind Worker after this runs).
const workerProbe = fileURLToPath(new URL('./soakWorkerProbe.cjs', import.meta.url));
const { Worker } = workerThreads;
workerThreads.Worker = class ProbedWorker extends Worker {
  constructor(source, options = {}) {
    super(source, { ...options, execArgv: [...(options.execArgv ?? process.execArgv), '--require', workerProbe] });
  }
};
syncBuiltinESMExports();

const everyMs = Number(process.env.SOAK_PROBE_MS ?? 10_000);
const total = monitorEventLoopDelay({ resolution: 10 });
// One histogram reset after each report: a new one every interval keeps its native memory (~25 KB) until
// a GC that the JS heap's own pace rarely brings, and grew the measured server's RSS by ~0.3 MiB a minute.
const interval = monitorEventLoopDelay({ resolution: 10 });
total.enable();
interval.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  const line = {
    at: Date.now(),
    p99: ms(interval.percentile(99)),
    max: ms(interval.max),
    totalP99: ms(total.percentile(99)),
    totalMax: ms(total.max),
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    // V8's own malloc (compiler zones, caches): native memory outside the heap and ArrayBuffers.
    v8Malloced: getHeapStatistics().malloced_memory,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    rss: m.rss,
  };
  interval.reset();
  process.stderr.write(`SOAK_PROBE ${JSON.stringify(line)}\n`);
}, everyMs);
timer.unref();
