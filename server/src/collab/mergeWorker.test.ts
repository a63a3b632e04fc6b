import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeStoredDoc } from '../storage/docState.js';
import type { StoredDoc } from '../storage/store.js';
import { createMergeWorker, type MergeWorker } from './mergeWorker.js';

let worker: MergeWorker | null = null;
afterEach(async () => {
  await worker?.close();
  worker = null;
});

/** A base of three edits, then two more updates after it, the first of them overlapping the base. */
function stored(): StoredDoc {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const text = doc.getText('t');
  text.insert(0, 'Protokoll');
  text.insert(9, ' från mötet');
  doc.getMap('board').set('sticky-1', { text: 'idé' });
  const base = Y.encodeStateAsUpdate(doc);
  text.delete(0, 10);
  doc.getMap('board').delete('sticky-1');
  doc.destroy();
  return { base, baseSeq: 3, updates: [updates[2]!, ...updates.slice(3)].map((data, i) => ({ seq: 3 + i, data })) };
}

describe('merge worker', () => {
  it('merges a stored doc to the same bytes as mergeStoredDoc, which it copies', async () => {
    worker = createMergeWorker();
    const s = stored();
    const merged = await worker.merge(s);
    expect(Buffer.from(merged).equals(Buffer.from(mergeStoredDoc(s)))).toBe(true);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    expect(doc.getText('t').toString()).toBe('från mötet');
  });

  it('answers every merge while it replaces its worker, including the ones the retired worker still holds', async () => {
    worker = createMergeWorker({ mergesPerWorker: 2 });
    const s = stored();
    const expected = Buffer.from(mergeStoredDoc(s));
    const first = await Promise.all(Array.from({ length: 7 }, () => worker!.merge(s)));
    const second = await Promise.all(Array.from({ length: 3 }, () => worker!.merge(s)));
    for (const merged of [...first, ...second]) expect(Buffer.from(merged).equals(expected)).toBe(true);
  });
});
