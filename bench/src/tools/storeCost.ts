/**
 * What persisting costs on the collab server's event loop, measured in-process on the server's own
 * built store (server/dist) in a temp dir, with no network in the way:
 *   npx tsx bench/src/tools/storeCost.ts
 *
 * 1. `store.docs.append(doc, [update])` per typing-sized update, as SharedDoc.drain calls it when
 *    updates arrive one at a time: distribution, including the WAL checkpoints SQLite runs inline.
 * 2. `compactDoc(store, doc)` (load log + merge in a fresh Y.Doc + write) for docs of growing size:
 *    the synchronous stall each compaction puts on the event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as Y from 'yjs';
import type { Store } from '../../../server/src/storage/store.js';
import { REPO_ROOT } from '../lib/processes.js';
import { ms, summarize } from '../lib/stats.js';
import { openStore } from '../lib/store.js';
import { typist } from '../lib/typing.js';

const docState = (await import(pathToFileURL(join(REPO_ROOT, 'server', 'dist', 'storage', 'docState.js')).href)) as {
  compactDoc(store: Store, docName: string): Promise<boolean>;
};

const DOCS = 50;
const APPENDS = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'samla-store-cost-'));
const store = await openStore(dir);

try {
  // Typing-sized updates from one typist per doc.
  const newTypist = (seed: number) => {
    const doc = new Y.Doc();
    let last: Uint8Array = new Uint8Array();
    doc.on('update', (u: Uint8Array) => (last = u));
    const type = typist(doc.getText('notes'), seed);
    return () => {
      type();
      return last;
    };
  };
  const typists = Array.from({ length: DOCS }, (_, k) => newTypist(k + 1));

  // 1. append cost
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < APPENDS; i++) {
    const k = i % DOCS;
    const u = typists[k]!();
    bytes += u.byteLength;
    const t = performance.now();
    await store.docs.append(`groups/bench-${k}/notes`, [u]);
    times.push(performance.now() - t);
  }
  const s = summarize(times);
  const over = (x: number) => times.filter((t) => t > x).length;
  console.log(`append: ${APPENDS} single-update appends over ${DOCS} docs, ${(bytes / APPENDS).toFixed(1)} B each`);
  console.log(
    `  mean ${(s.mean * 1000).toFixed(0)} µs, p50 ${(s.p50 * 1000).toFixed(0)} µs, p99 ${(s.p99 * 1000).toFixed(0)} µs, max ${ms(s.max)} ms; ` +
      `${over(1)} over 1 ms, ${over(10)} over 10 ms; total ${ms(times.reduce((a, b) => a + b, 0))} ms`,
  );
  console.log(`  → at 3,200 updates/s that is ${((s.mean * 3200) / 10).toFixed(0)}% of one core on the event loop, before any Yjs or WebSocket work`);

  // Batched append, as group commit would do if updates queued while a write is in flight.
  const batchTypist = newTypist(1_000);
  const batch = Array.from({ length: 20 }, () => batchTypist());
  const tb = performance.now();
  for (let r = 0; r < 100; r++) await store.docs.append('groups/bench-batch/notes', batch);
  console.log(`  for comparison, appending 20 updates in one call: ${(((performance.now() - tb) / 100 / 20) * 1000).toFixed(0)} µs per update`);

  // 2. compaction cost by doc size: keep typing into doc 0 and compact every 500 updates.
  console.log('\ncompactDoc (what SharedDoc runs every COMPACT_AFTER_UPDATES=500 updates), one doc growing:');
  const name = 'groups/bench-compact/notes';
  // A typist of its own: every update it makes is stored, so the log is complete.
  const type = newTypist(2_000);
  let total = 0;
  for (const target of [500, 2_000, 10_000, 50_000]) {
    while (total < target - 500) {
      await store.docs.append(name, [type()]);
      total++;
      if (total % 500 === 0) await docState.compactDoc(store, name);
    }
    for (let i = 0; i < 500; i++) await store.docs.append(name, [type()]);
    total += 500;
    // Three rounds of 500 at this size: the first may include JIT warm-up.
    const took: number[] = [];
    for (let r = 0; r < 3; r++) {
      if (r > 0) {
        for (let i = 0; i < 500; i++) await store.docs.append(name, [type()]);
        total += 500;
      }
      const t = performance.now();
      await docState.compactDoc(store, name);
      took.push(performance.now() - t);
    }
    const stored = await store.docs.load(name);
    console.log(
      `  at ${String(total).padStart(6)} updates (base ${(stored.base!.byteLength / 1024).toFixed(0).padStart(4)} KiB): ${took.map(ms).join(' / ')} ms blocked per compaction`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
