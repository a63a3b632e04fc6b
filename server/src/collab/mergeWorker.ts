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
 * Compaction merges a doc's whole stored state, which blocks a thread for 6–40 ms per doc; on
 * the event loop that delays every update of every doc in flight. One worker thread, started
 * on first use, does the merges instead; the store reads and writes stay on the main thread.
 * If the worker dies, the waiting merges fail (compaction retries later) and the next merge
 * starts a new one.
 */
export function createMergeWorker(): MergeWorker {
  const yjs = createRequire(import.meta.url).resolve('yjs');
  let worker: Worker | null = null;
  const waiting = new Map<number, Waiting>();
  let nextId = 0;

  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    worker = null;
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjs } });
    w.unref();
    w.on('message', ({ id, merged, error }: { id: number; merged?: Uint8Array; error?: string }) => {
      const job = waiting.get(id);
      waiting.delete(id);
      if (error !== undefined || !merged) job?.reject(new Error(`merge failed: ${error}`));
      else job?.resolve(merged);
    });
    w.on('error', (err) => {
      if (worker === w) failAll(err);
    });
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`merge worker exited with code ${code}`));
    });
    return w;
  };

  return {
    merge(stored) {
      worker ??= start();
      const id = nextId++;
      const done = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject }));
      worker.postMessage({ id, base: stored.base, updates: stored.updates.map((u) => u.data) });
      return done;
    },
    async close() {
      const w = worker;
      worker = null;
      failAll(new Error('merge worker closed'));
      await w?.terminate();
    },
  };
}
