import type { SearchEntry } from './store.js';

/** A search entry as stored, with both versions that order its writes (see SearchEntry.version). */
export type StoredEntry = SearchEntry & { origin: string | null; titleVersion: number };

export interface Merge {
  entry: StoredEntry;
  /** Title, section or text changed: the entry's terms must be made again. */
  analyse: boolean;
  /** Something is to be stored. */
  write: boolean;
}

/**
 * What a write of `e` makes of the stored entry `old` (null: none), the one rule both engines apply. Content
 * (section, text, link, origin) is taken when `e` was read no earlier than the stored content, the title when
 * it was read no earlier than the stored title; each version moves with what it orders. `title` writes only
 * the title (setTitle): a new entry made by it has content version 0, so any content write replaces it.
 * `bump` stores a newer version even when nothing else changed, so that a stale write arriving later is
 * refused; without it an unchanged entry is not written (then only an A-B-A change could slip in).
 */
export function mergeEntry(old: StoredEntry | null, e: SearchEntry, { title = false, bump }: { title?: boolean; bump: boolean }): Merge {
  const titleVersion = title ? e.version : (e.titleVersion ?? e.version);
  if (old === null) {
    return { entry: { ...e, origin: e.origin ?? null, version: title ? 0 : e.version, titleVersion }, analyse: true, write: true };
  }
  const content = !title && e.version >= old.version;
  const entry: StoredEntry = {
    ...old,
    ...(content ? { section: e.section, text: e.text, link: e.link, origin: e.origin ?? null, version: e.version } : {}),
    ...(titleVersion >= old.titleVersion ? { title: e.title, titleVersion } : {}),
  };
  const analyse = entry.title !== old.title || entry.section !== old.section || entry.text !== old.text;
  const changed = analyse || entry.link !== old.link || entry.origin !== old.origin;
  // A rename keeps the content's date.
  if (changed && !title) entry.updatedAt = e.updatedAt;
  const newer = entry.version !== old.version || entry.titleVersion !== old.titleVersion;
  return { entry, analyse, write: changed || (bump && newer) };
}
