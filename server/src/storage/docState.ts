import * as Y from 'yjs';
import type { Store, StoredDoc } from './store.js';

/** One update holding the whole stored state, garbage-collected like a live doc. */
export function mergeStoredDoc(stored: StoredDoc): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      if (stored.base) Y.applyUpdate(doc, stored.base);
      for (const u of stored.updates) Y.applyUpdate(doc, u.data);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Compact from what the store holds, never from a process's in-memory doc: another
 * process may have appended updates this one has not seen.
 */
export async function compactDoc(
  store: Store,
  docName: string,
  merge: (stored: StoredDoc) => Uint8Array | Promise<Uint8Array> = mergeStoredDoc,
): Promise<boolean> {
  const stored = await store.docs.load(docName);
  const last = stored.updates.at(-1);
  if (!last) return false;
  return store.docs.compact(docName, await merge(stored), last.seq, stored.baseSeq);
}
