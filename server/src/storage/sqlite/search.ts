import type Database from 'better-sqlite3';
import type { SearchKind } from '@samla/shared';
import type { SearchEntry, Store } from '../store.js';
import { analyse, ANALYSIS_VERSION, indexable, queryTerms, typoPrefix, typoTerms, withSnippets, type QueryTerm } from '../searchText.js';
import { mergeEntry, type StoredEntry } from '../searchVersions.js';

interface EntryRow {
  id: number;
  group_id: string;
  kind: string;
  item_id: string;
  sub_id: string;
  title: string;
  section: string | null;
  text: string;
  link: string;
  updated_at: number;
  origin: string | null;
  version: number;
  title_version: number;
}

const toEntry = (r: EntryRow): StoredEntry => ({
  groupId: r.group_id,
  kind: r.kind as SearchKind,
  itemId: r.item_id,
  subId: r.sub_id,
  title: r.title,
  section: r.section,
  text: r.text,
  link: r.link,
  updatedAt: new Date(r.updated_at),
  origin: r.origin,
  version: r.version,
  titleVersion: r.title_version,
});

/**
 * bm25 column weights of `search_index`: the stems of title, section and text, then their extra terms
 * (compound parts, folded diacritics) at a tenth of that, so a title beats a body and an exact match a
 * part or a folded one.
 */
const WEIGHTS = '8.0, 2.0, 1.0, 0.8, 0.2, 0.1';
const META_KEY = 'search.analysis';
const REINDEX_BATCH = 500;

/**
 * The index's own schema, versioned with the analysis rather than in migrations.ts: the analysed terms
 * are made here in JavaScript, so migration 7's FTS5 table over the raw text and its triggers go, and a
 * contentless FTS5 table holds the terms of each `search_entries` row (same rowid). `origin` marks a
 * frozen copy; `version` and `title_version` order the writes (entries from before them: 0). Idempotent.
 */
function ensureSchema(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`DROP TRIGGER IF EXISTS search_entries_ai;
      DROP TRIGGER IF EXISTS search_entries_ad;
      DROP TRIGGER IF EXISTS search_entries_au;
      DROP TABLE IF EXISTS search_fts;
      CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
        title, section, text, title_x, section_x, text_x,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search_index, 'row');
      CREATE TRIGGER IF NOT EXISTS search_entries_unindex AFTER DELETE ON search_entries BEGIN
        DELETE FROM search_index WHERE rowid = old.id;
      END;`);
    const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('search_entries')").all();
    if (!columns.some((c) => c.name === 'origin')) db.exec('ALTER TABLE search_entries ADD COLUMN origin TEXT');
    if (!columns.some((c) => c.name === 'version')) {
      db.exec(`ALTER TABLE search_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE search_entries ADD COLUMN title_version INTEGER NOT NULL DEFAULT 0;`);
    }
  })();
}

const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;

/** An FTS5 MATCH expression over all six columns: per term its prefix or a shortened whole stem. */
function ftsMatch(terms: QueryTerm[], match: 'all' | 'any'): string {
  return terms.map((q) => `(${[`${quote(q.prefix)}*`, ...q.whole.map(quote)].join(' OR ')})`).join(match === 'any' ? ' OR ' : ' AND ');
}

/**
 * The search repository on SQLite: entries in `search_entries`, their analysed terms in the FTS5 table
 * `search_index`, bm25 ranking, snippets made from the stored text. Statements are prepared on first use,
 * after the store's init() migrated the schema.
 */
export function createSqliteSearch(db: Database.Database): Store['search'] {
  let s: ReturnType<typeof prepare> | undefined;
  const prepare = () => {
    ensureSchema(db);
    return {
      get: db.prepare<[string, string, string, string], EntryRow>(
        'SELECT * FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ? AND sub_id = ?',
      ),
      insert: db.prepare<unknown[], { id: number }>(
        `INSERT INTO search_entries (group_id,kind,item_id,sub_id,title,section,text,link,updated_at,origin,version,title_version)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
      ),
      update: db.prepare(
        `UPDATE search_entries SET title = ?, section = ?, text = ?, link = ?, updated_at = ?, origin = ?, version = ?, title_version = ?
         WHERE id = ?`,
      ),
      index: db.prepare(
        'INSERT OR REPLACE INTO search_index (rowid,title,section,text,title_x,section_x,text_x) VALUES (?,?,?,?,?,?,?)',
      ),
      ofItem: db.prepare<[string, string, string], EntryRow>('SELECT * FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ?'),
      removeOne: db.prepare('DELETE FROM search_entries WHERE group_id = ? AND kind = ? AND item_id = ? AND sub_id = ?'),
      remove: db.prepare(
        `DELETE FROM search_entries WHERE group_id = @groupId AND kind = @kind AND item_id = @itemId
           AND (@subId IS NULL OR sub_id = @subId) AND (@upTo IS NULL OR max(version, title_version) <= @upTo)`,
      ),
      items: db.prepare<[string, string], { kind: string; item_id: string; lo: string; hi: string }>(
        `SELECT kind, item_id, min(title) AS lo, max(title) AS hi FROM search_entries
         WHERE group_id = ? AND kind IN (SELECT value FROM json_each(?)) AND origin IS NULL GROUP BY kind, item_id`,
      ),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM search_entries'),
      batch: db.prepare<[number, number], EntryRow>('SELECT * FROM search_entries WHERE id > ? ORDER BY id LIMIT ?'),
      vocabulary: db.prepare<[string, string], { term: string }>('SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT 5000'),
      metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      metaSet: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    };
  };
  const st = () => (s ??= prepare());

  const indexRow = (id: number, e: Pick<SearchEntry, 'title' | 'section' | 'text'>) => {
    const [t, sec, x] = [analyse(e.title), analyse(e.section ?? ''), analyse(e.text)];
    st().index.run(id, t.exact.join(' '), sec.exact.join(' '), x.exact.join(' '), t.extra.join(' '), sec.extra.join(' '), x.extra.join(' '));
  };

  /** Writes `e` over the stored row `old` (undefined: read it) by the rule of searchVersions.ts. */
  const writeRow = (e: SearchEntry, how: Parameters<typeof mergeEntry>[2], old?: EntryRow | null) => {
    if (old === undefined) old = st().get.get(e.groupId, e.kind, e.itemId, e.subId) ?? null;
    const section = e.section === null ? null : indexable(e.section);
    const { entry: n, analyse, write } = mergeEntry(old && toEntry(old), { ...e, title: indexable(e.title), section, text: indexable(e.text) }, how);
    if (!write) return;
    const fields = [n.title, n.section, n.text, n.link, n.updatedAt.getTime(), n.origin, n.version, n.titleVersion];
    if (old) st().update.run(...fields, old.id);
    const id = old ? old.id : st().insert.get(n.groupId, n.kind, n.itemId, n.subId, ...fields)!.id;
    if (analyse) indexRow(id, n);
  };
  const upsertTx = db.transaction((e: SearchEntry) => writeRow(e, { bump: true }));

  const replaceTx = db.transaction((groupId: string, kind: string, itemId: string, entries: SearchEntry[]) => {
    const rows = new Map(st().ofItem.all(groupId, kind, itemId).map((r) => [r.sub_id, r]));
    // No entries: the item is emptied whatever its version.
    const version = entries.length === 0 ? Infinity : Math.max(...entries.map((e) => e.version));
    if ([...rows.values()].some((r) => r.version > version)) return;
    const keep = new Set(entries.map((e) => e.subId));
    for (const subId of rows.keys()) {
      if (!keep.has(subId)) st().removeOne.run(groupId, kind, itemId, subId);
    }
    // The item's '' entry carries the replacement's version even when unchanged, which is what shows a later
    // stale replacement its age; the other entries are written when they changed.
    for (const e of entries) writeRow(e, { bump: e.subId === '' }, rows.get(e.subId) ?? null);
  });
  const setTitleTx = db.transaction((bare: SearchEntry) => {
    const rows = st().ofItem.all(bare.groupId, bare.kind, bare.itemId);
    if (rows.length === 0) writeRow(bare, { title: true, bump: true }, null);
    for (const r of rows) writeRow({ ...toEntry(r), title: bare.title, version: bare.version }, { title: true, bump: true }, r);
  });
  const reindexBatch = db.transaction((rows: EntryRow[]) => {
    for (const r of rows) indexRow(r.id, r);
  });

  return {
    async reindex(progress) {
      if (st().metaGet.get(META_KEY)?.value === ANALYSIS_VERSION) return 0;
      const total = st().count.get()!.n;
      let done = 0;
      for (let last = 0; ; ) {
        const rows = st().batch.all(last, REINDEX_BATCH);
        if (rows.length === 0) break;
        reindexBatch(rows);
        last = rows[rows.length - 1]!.id;
        done += rows.length;
        progress?.(done, total);
        // Lets requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      st().metaSet.run(META_KEY, ANALYSIS_VERSION);
      return done;
    },
    async upsert(entry) {
      upsertTx(entry);
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
    async remove(groupId, kind, itemId, subId, upTo) {
      return st().remove.run({ groupId, kind, itemId, subId: subId ?? null, upTo: upTo ?? null }).changes;
    },
    async items(groupId, kinds) {
      return st().items.all(groupId, JSON.stringify(kinds)).map((r) => ({
        kind: r.kind as SearchKind,
        itemId: r.item_id,
        title: r.lo === r.hi ? r.lo : null,
      }));
    },
    async query({ text, groupIds, kinds, limit, match: mode = 'all', excludeItem: ex, fold = true }) {
      let terms = queryTerms(text);
      if (terms.length === 0 || groupIds.length === 0 || (kinds && kinds.length === 0)) return [];
      // The schema, before a first query of a store that has had no other search call yet.
      st();
      const marks = (n: number) => Array(n).fill('?').join(',');
      const find = (terms: QueryTerm[]) => db
        .prepare<unknown[], EntryRow>(
          `SELECT e.* FROM search_index JOIN search_entries e ON e.id = search_index.rowid
           WHERE search_index MATCH ? AND e.group_id IN (${marks(groupIds.length)})
             ${kinds ? `AND e.kind IN (${marks(kinds.length)})` : ''}
             ${ex ? 'AND NOT (e.group_id = ? AND e.kind = ? AND e.item_id = ?)' : ''}
           ORDER BY bm25(search_index, ${WEIGHTS}), e.updated_at DESC, e.id
           LIMIT ?`,
        )
        .all(ftsMatch(terms, mode), ...groupIds, ...(kinds ?? []), ...(ex ? [ex.groupId, ex.kind, ex.itemId] : []), fold ? limit * 2 + 20 : limit);
      let rows = find(terms);
      // Nothing found: perhaps a typo. The index's own terms one letter off stand in (FTS5's vocabulary).
      const near = rows.length === 0 ? typoTerms(terms, (q) => st().vocabulary.all(typoPrefix(q), `${typoPrefix(q)}\u{10ffff}`).map((r) => r.term)) : null;
      if (near) {
        terms = near;
        rows = find(terms);
      }
      return withSnippets(rows.map(toEntry), terms, fold, limit);
    },
  };
}
