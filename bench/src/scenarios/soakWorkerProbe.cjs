// Preloaded into each worker thread of the soak scenario's server (soakProbe.mjs adds it to every Worker's
// execArgv): Node 20 has no worker.getHeapStatistics(), so each worker reports its own isolate's heap on
// stderr every SOAK_PROBE_MS as `SOAK_WORKER {json}`. It changes nothing in the worker.
const { threadId } = require('node:worker_threads');
const { getHeapStatistics } = require('node:v8');

const everyMs = Number(process.env.SOAK_PROBE_MS ?? 10_000);
setInterval(() => {
  const h = getHeapStatistics();
  const line = { at: Date.now(), thread: threadId, heapTotal: h.total_heap_size, heapUsed: h.used_heap_size, malloced: h.malloced_memory, external: h.external_memory };
  process.stderr.write(`SOAK_WORKER ${JSON.stringify(line)}\n`);
}, everyMs).unref();
