import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * Every co-edited document is also kept in the browser (IndexedDB, one database per document,
 * named like the document), so it opens without a network and edits made offline survive a
 * reload until the server has them. Signing out deletes all of it: computers are shared.
 */

const KNOWN_KEY = 'samla.offlineDocs';
const OWNER_KEY = 'samla.offlineOwner';

function readKnown(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KNOWN_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

function writeKnown(names: string[]): void {
  try {
    if (names.length === 0) localStorage.removeItem(KNOWN_KEY);
    else localStorage.setItem(KNOWN_KEY, JSON.stringify(names));
  } catch {
    // Storage disabled: the cache still works, only the clean-up falls back to indexedDB.databases().
  }
}

/** Starts caching `doc` under its name. The caller destroys the returned persistence with the doc. */
export function openOfflineCache(docName: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  const known = readKnown();
  if (!known.includes(docName)) writeKnown([...known, docName]);
  return new IndexeddbPersistence(docName, doc);
}

/**
 * Deletes every cached document. A database still open (a document view that has not unmounted
 * yet) is deleted as soon as it closes. Resolves when all deletions are done or blocked.
 */
export async function clearOfflineCache(): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const names = new Set(readKnown());
  try {
    for (const db of await indexedDB.databases()) {
      if (db.name?.startsWith('groups/')) names.add(db.name);
    }
  } catch {
    // databases() is missing in older browsers: the list we kept is enough.
  }
  writeKnown([]);
  await Promise.all([...names].map((name) => Promise.race([clearDocument(name).catch(() => {}), blockedFallback()])));
}

/** A deletion blocked by an open connection completes later on its own; do not wait for it. */
const blockedFallback = () => new Promise<void>((resolve) => setTimeout(resolve, 1_000));

/**
 * The cache belongs to the person who filled it. When someone else signs in on this browser
 * (say the first person's session expired instead of being signed out), their cache goes
 * first. Call it before any document view mounts for the new person.
 */
export async function claimOfflineCache(userId: string): Promise<void> {
  let owner: string | null = null;
  try {
    owner = localStorage.getItem(OWNER_KEY);
    localStorage.setItem(OWNER_KEY, userId);
  } catch {
    return;
  }
  if (owner !== null && owner !== userId) await clearOfflineCache();
}
