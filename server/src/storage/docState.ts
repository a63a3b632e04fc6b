import * as Y from 'yjs';
import type { Store, StoredDoc } from './store.js';

/**
 * The one way a stored doc becomes Yjs state: its base, then every update after it, applied to
 * `doc` in one transaction with `origin` (the collab server passes LOADED, so its update
 * listener can tell a load from an edit). Yjs updates are idempotent, so updates that overlap
 * the base are harmless.
 */
export function applyStoredDoc(doc: Y.Doc, stored: Pick<StoredDoc, 'base' | 'updates'>, origin: unknown = null): void {
  Y.transact(
    doc,
    () => {
      if (stored.base) Y.applyUpdate(doc, stored.base, origin);
      for (const u of stored.updates) Y.applyUpdate(doc, u.data, origin);
    },
    origin,
  );
}

/** A stored doc as a fresh Y.Doc (the caller destroys it). */
export function storedDocToYDoc(stored: Pick<StoredDoc, 'base' | 'updates'>): Y.Doc {
  const doc = new Y.Doc();
  applyStoredDoc(doc, stored);
  return doc;
}

/** The document `docName` as the store holds it, as a fresh Y.Doc (the caller destroys it). */
export async function loadStoredDoc(store: Store, docName: string): Promise<Y.Doc> {
  return storedDocToYDoc(await store.docs.load(docName));
}

/** Runs `fn` on a document: the live one when this instance holds it, else a fresh copy from the store (destroyed after). */
export async function withDocument<T>(store: Store, loadedDoc: (docName: string) => Y.Doc | undefined, docName: string, fn: (doc: Y.Doc) => T): Promise<T> {
  const live = loadedDoc(docName);
  if (live) return fn(live);
  const doc = await loadStoredDoc(store, docName);
  try {
    return fn(doc);
  } finally {
    doc.destroy();
  }
}

/** One update holding the whole stored state, garbage-collected like a live doc. */
export function mergeStoredDoc(stored: StoredDoc): Uint8Array {
  const doc = storedDocToYDoc(stored);
  try {
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
