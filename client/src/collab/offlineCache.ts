/**
 * Every co-edited document is also kept in the browser (IndexedDB, one database per document,
 * named like the document), so it opens without a network and edits made offline survive a
 * reload until the server has them. Signing out deletes all of it: computers are shared.
 *
 * `useCollabDoc` opens the caches (y-indexeddb); this module only keeps their names and deletes
 * them. It imports no Yjs, because sign-in and sign-out use it and Yjs is not on the first screen.
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

/** Notes that `docName` is cached in this browser, so that signing out finds it. */
export function rememberOfflineDoc(docName: string): void {
  const known = readKnown();
  if (!known.includes(docName)) writeKnown([...known, docName]);
}

/** Deletes one cached document's database (what y-indexeddb's clearDocument does). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
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
  await Promise.all([...names].map((name) => Promise.race([deleteDatabase(name), blockedFallback()])));
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
