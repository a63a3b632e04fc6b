import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker folds the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 1_000;
/** SQLite's own default, restored on the main connection if the worker stops. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// Plain CommonJS, so it runs the same under vitest (TypeScript sources) and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  // Best effort: a WAL not folded back now stays beside the database, and SQLite replays it at the next open.
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Takes WAL checkpoints off the event loop. SQLite runs an automatic checkpoint inside the commit
 * that crosses `wal_autocheckpoint`, and its fsyncs (1–12 ms here) then delay that update's
 * broadcast to every reader. Instead the main connection never checkpoints, and a worker thread
 * with its own connection runs a PASSIVE checkpoint every second (it never blocks writers).
 * If the worker fails, the main connection goes back to SQLite's automatic checkpoints.
 */
export function startCheckpointer(db: Database.Database, path: string, onError: (err: unknown) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  const fallBack = (err: unknown) => {
    if (stopped) return;
    stopped = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    onError(err);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m.error) onError(new Error(`WAL checkpoint failed: ${m.error}`));
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => {
    if (!stopped) fallBack(new Error(`WAL checkpoint worker exited with code ${code}`));
  });
  return {
    async close() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timeout = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
