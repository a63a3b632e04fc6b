import type Database from 'better-sqlite3';
import type { SearchKind } from '@samla/shared';
import type { SearchEntry, SearchHit, Store } from '../store.js';
import { ftsMatch, indexable, MARK_END, MARK_START, parseMarked, SNIPPET_TOKENS, ELLIPSIS } from '../searchText.js';

interface EntryRow {
  group_id: string;
  kind: string;
  item_id: string;
  sub_id: string;
  title: string;
  section: string | null;
  text: string;
  link: string;
  updated_at: number;
}
interface HitRow extends EntryRow {
  snip: string;
}

const toEntry = (r: EntryRow): SearchEntry => ({
  groupId: r.group_id,
  kind: r.kind as SearchKind,
  itemId: r.item_id,
  subId: r.sub_id,
  title: r.title,
  section: r.section,
  text: r.text,
  link: r.link,
  updatedAt: new Date(r.updated_at),
});

/** bm25 column weights: a match in the title counts most, then the section, then the text. */
const WEIGHTS = '8.0, 2.0, 1.0';

/**
 * The search repository on SQLite (migration 7): FTS5 over `search_entries`, bm25 ranking, snippets
 * from FTS5's snippet() with control-character markers that become ranges. Statements are prepared
 * on first use, after the store's init() migrated the schema.
 */
export function createSqliteSearch(db: Database.Database): Store['search'] {
  let s: ReturnType<typeof prepare> | undefined;
  const prepare = () => ({
    // Only a changed title, section or text rewrites the row (and so the FTS index) and moves the date.
    upsert: db.prepare(
      `INSERT INTO search_entries (group_id,kind,item_id,sub_id,title,section,text,link,updated_at)
       VALUES (?,?,?,?,?,?,?,?,?)
       ON CONFLICT (group_id,kind,item_id,sub_id) DO UPDATE SET
         title = excluded.title, section = excluded.section, text = excluded.text, link = excluded.link,
         updated_at = excluded.updated_at
       WHERE title IS NOT excluded.title OR section IS NOT excluded.section OR text IS NOT excluded.text
         OR link IS NOT excluded.link`,
    ),
    subIds: db.prepare<[string, string, string], { sub_id: string }>(
      'SELECT sub_id FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ?',
    ),
    removeOne: db.prepare('DELETE FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ? AND sub_id = ?'),
    removeItem: db.prepare('DELETE FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ?'),
    setTitle: db.prepare(
      'UPDATE search_entries SET title = ? WHERE group_id = ? AND kind = ? AND item_id = ? AND title IS NOT ?',
    ),
    count: db.prepare<[string, string, string], { n: number }>(
      'SELECT count(*) AS n FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ?',
    ),
  });
  const st = () => (s ??= prepare());

  const upsertRow = (e: SearchEntry) =>
    st().upsert.run(e.groupId, e.kind, e.itemId, e.subId, indexable(e.title), e.section === null ? null : indexable(e.section),
      indexable(e.text), e.link, e.updatedAt.getTime());

  const replaceTx = db.transaction((groupId: string, kind: string, itemId: string, entries: SearchEntry[]) => {
    const keep = new Set(entries.map((e) => e.subId));
    for (const { sub_id } of st().subIds.all(groupId, kind, itemId)) {
      if (!keep.has(sub_id)) st().removeOne.run(groupId, kind, itemId, sub_id);
    }
    for (const e of entries) upsertRow(e);
  });
  const setTitleTx = db.transaction((bare: SearchEntry) => {
    const title = indexable(bare.title);
    st().setTitle.run(title, bare.groupId, bare.kind, bare.itemId, title);
    if (st().count.get(bare.groupId, bare.kind, bare.itemId)!.n === 0) upsertRow(bare);
  });

  return {
    async upsert(entry) {
      upsertRow(entry);
    },
    async replaceItem(groupId, kind, itemId, entries) {
      if (entries.some((e) => e.groupId !== groupId || e.kind !== kind || e.itemId !== itemId)) {
        throw new Error('replaceItem: every entry must belong to the item');
      }
      replaceTx(groupId, kind, itemId, entries);
    },
    async setTitle(bare) {
      setTitleTx(bare);
    },
    async remove(groupId, kind, itemId, subId) {
      return (subId === undefined ? st().removeItem.run(groupId, kind, itemId) : st().removeOne.run(groupId, kind, itemId, subId)).changes;
    },
    async query({ text, groupIds, kinds, limit, match: mode, excludeItem: ex }) {
      const match = ftsMatch(text, mode);
      if (!match || groupIds.length === 0 || (kinds && kinds.length === 0)) return [];
      const marks = (n: number) => Array(n).fill('?').join(',');
      const rows = db
        .prepare<unknown[], HitRow>(
          `SELECT e.*, snippet(search_fts, 2, '${MARK_START}', '${MARK_END}', '${ELLIPSIS}', ${SNIPPET_TOKENS}) AS snip
           FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid
           WHERE search_fts MATCH ? AND e.group_id IN (${marks(groupIds.length)})
             ${kinds ? `AND e.kind IN (${marks(kinds.length)})` : ''}
             ${ex ? 'AND NOT (e.group_id = ? AND e.kind = ? AND e.item_id = ?)' : ''}
           ORDER BY bm25(search_fts, ${WEIGHTS}), e.updated_at DESC, e.id
           LIMIT ?`,
        )
        .all(match, ...groupIds, ...(kinds ?? []), ...(ex ? [ex.groupId, ex.kind, ex.itemId] : []), limit);
      return rows.map((r): SearchHit => ({ ...toEntry(r), snippet: parseMarked(r.snip ?? '') }));
    },
  };
}
