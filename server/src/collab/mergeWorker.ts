import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { StoredDoc } from '../storage/store.js';

// Plain CommonJS, so it runs the same under vitest (TypeScript sources) and from dist. It keeps its
// own copy of applyStoredDoc + mergeStoredDoc (storage/docState.ts) because it cannot import them:
// an eval'd worker has no TypeScript loader under vitest, and from dist it would have to find
// docState.js by a path that differs between the two. The copy is the same steps: base, then every
// update, applied to a fresh (gc) doc in one transaction, then encoded; mergeWorker.test.ts checks
// that both give the same bytes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjs);
parentPort.on('message', ({ id, base, updates }) => {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (base) Y.applyUpdate(doc, base);
      for (const u of updates) Y.applyUpdate(doc, u);
    });
    const merged = Y.encodeStateAsUpdate(doc);
    parentPort.postMessage({ id, merged }, [merged.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String((err && err.message) || err) });
  } finally {
    doc.destroy();
  }
});
`;

interface Waiting {
  resolve: (merged: Uint8Array) => void;
  reject: (err: Error) => void;
}

export interface MergeWorker {
  /** The stored state merged into one update, computed on a worker thread. */
  merge(stored: StoredDoc): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A worker is replaced after this many merges. Its isolate's heap grew by ~3 MiB in 7 minutes of
 * the bench's soak (bench/README.md) and V8 gives little of it back; a new isolate costs ~30 ms.
 */
const MERGES_PER_WORKER = 200;

/**
 * Compaction merges a doc's whole stored state, which blocks a thread for 6–40 ms per doc; on
 * the event loop that delays every update of every doc in flight. One worker thread, started
 * on first use, does the merges instead; the store reads and writes stay on the main thread.
 * If the worker dies, the waiting merges fail (compaction retries later) and the next merge
 * starts a new one.
 */
export function createMergeWorker({ mergesPerWorker = MERGES_PER_WORKER } = {}): MergeWorker {
  const yjs = createRequire(import.meta.url).resolve('yjs');
  /** Each worker with the merges it was given: a retired one finishes them, then ends. */
  interface Running {
    w: Worker;
    waiting: Map<number, Waiting>;
    merges: number;
    retired: boolean;
  }
  const running = new Set<Running>();
  let current: Running | null = null;
  let nextId = 0;

  const fail = (r: Running, err: Error) => {
    for (const job of r.waiting.values()) job.reject(err);
    r.waiting.clear();
    running.delete(r);
    if (current === r) current = null;
  };
  const endIfDone = (r: Running) => {
    if (r.retired && r.waiting.size === 0) {
      running.delete(r);
      void r.w.terminate();
    }
  };

  const start = (): Running => {
    const r: Running = { w: new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs } }), waiting: new Map(), merges: 0, retired: false };
    r.w.unref();
    r.w.on('message', ({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
      const job = r.waiting.get(id);
      r.waiting.delete(id);
      if (error !== undefined || !merged) job?.reject(new Error(`merge failed: ${error}`));
      else job?.resolve(merged);
      endIfDone(r);
    });
    r.w.on('error', (err) => fail(r, err));
    r.w.on('exit', (code) => fail(r, new Error(`merge worker exited with code ${code}`)));
    running.add(r);
    return r;
  };

  return {
    merge(stored) {
      if (current && current.merges >= mergesPerWorker) {
        current.retired = true;
        endIfDone(current);
        current = null;
      }
      const r = (current ??= start());
      r.merges++;
      const id = nextId++;
      const done = new Promise<Uint8Array>((resolve, reject) => r.waiting.set(id, { resolve, reject }));
      r.w.postMessage({ id, base: stored.base, updates: stored.updates.map((u) => u.data) });
      return done;
    },
    async close() {
      const all = [...running];
      current = null;
      for (const r of all) fail(r, new Error('merge worker closed'));
      await Promise.all(all.map((r) => r.w.terminate()));
    },
  };
}
