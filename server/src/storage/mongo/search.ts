import { MongoBulkWriteError, MongoServerError, type Db } from 'mongodb';
import { searchTerms, type SearchKind } from '@samla/shared';
import type { SearchEntry, SearchHit, Store } from '../store.js';
import { countMatches, indexable, makeSnippet } from '../searchText.js';

/**
 * One entry; `_id` is the key. `terms` holds the distinct lower-case NFC terms of title, section and
 * text (split like FTS5's unicode61 without diacritic removal), with a multikey index.
 */
type SearchDoc = SearchEntry & { _id: string; terms: string[] };

/**
 * At most this many matching entries (the newest) are ranked per query. Ranking happens here, not in
 * the database, so a query that matches more ranks only the newest CANDIDATES of them.
 */
export const SEARCH_CANDIDATES = 2_000;
const WEIGHTS = { title: 8, section: 2, text: 1 };

const key = (groupId: string, kind: string, itemId: string, subId: string) => `${groupId}\u0000${kind}\u0000${itemId}\u0000${subId}`;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isDuplicate(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) return true;
  return err instanceof MongoServerError && err.code === 11000;
}

/**
 * The search repository on MongoDB and FerretDB. It does not use `$text`: a text index has no prefix
 * matching ("återvinning" must find "återvinningsgrad"), its version 3 folds diacritics (ä would match
 * a), and FerretDB 1.x does not implement it. Instead every term of the query must prefix-match one of
 * an entry's `terms` (an anchored regex, which MongoDB answers from the multikey index), and the
 * candidates are ranked by weighted term counts: a match in the title counts 8, in the section 2, in
 * the text 1; ties go to the newest.
 */
export function createMongoSearch(db: Db): { init(): Promise<void>; search: Store['search'] } {
  const coll = db.collection<SearchDoc>('search_entries');

  const toDoc = (e: SearchEntry): SearchDoc => {
    const title = indexable(e.title);
    const section = e.section === null ? null : indexable(e.section);
    const text = indexable(e.text);
    return {
      _id: key(e.groupId, e.kind, e.itemId, e.subId),
      groupId: e.groupId,
      kind: e.kind,
      itemId: e.itemId,
      subId: e.subId,
      title,
      section,
      text,
      link: e.link,
      updatedAt: e.updatedAt,
      terms: [...new Set(searchTerms(`${title} ${section ?? ''} ${text}`))],
    };
  };
  const toEntry = ({ _id, terms, ...entry }: SearchDoc): SearchEntry => entry;

  /** Writes the entry unless title, section, text and link are unchanged (then the date stays too). */
  async function upsert(e: SearchEntry, existing?: SearchDoc | null): Promise<void> {
    const next = toDoc(e);
    const old = existing === undefined ? await coll.findOne({ _id: next._id }) : existing;
    if (old && old.title === next.title && old.section === next.section && old.text === next.text && old.link === next.link) return;
    for (let attempt = 1; ; attempt++) {
      try {
        await coll.replaceOne({ _id: next._id }, next, { upsert: true });
        return;
      } catch (err) {
        // Two first writes of one key: the loser writes again over the winner.
        if (!isDuplicate(err) || attempt >= 3) throw err;
      }
    }
  }

  const ofItem = (groupId: string, kind: SearchKind, itemId: string) => coll.find({ groupId, kind, itemId }).toArray();

  return {
    async init() {
      await coll.createIndex({ groupId: 1, terms: 1 }, { name: 'group_terms' });
      await coll.createIndex({ groupId: 1, kind: 1, itemId: 1 }, { name: 'group_kind_item' });
    },
    search: {
      upsert: (e) => upsert(e),
      async replaceItem(groupId, kind, itemId, entries) {
        if (entries.some((e) => e.groupId !== groupId || e.kind !== kind || e.itemId !== itemId)) {
          throw new Error('replaceItem: every entry must belong to the item');
        }
        const current = new Map((await ofItem(groupId, kind, itemId)).map((d) => [d._id, d]));
        const keep = new Set(entries.map((e) => key(e.groupId, e.kind, e.itemId, e.subId)));
        const gone = [...current.keys()].filter((id) => !keep.has(id));
        if (gone.length > 0) await coll.deleteMany({ _id: { $in: gone } });
        for (const e of entries) await upsert(e, current.get(key(e.groupId, e.kind, e.itemId, e.subId)) ?? null);
      },
      async setTitle(bare) {
        const entries = await ofItem(bare.groupId, bare.kind, bare.itemId);
        if (entries.length === 0) return upsert(bare, null);
        for (const d of entries) await upsert({ ...toEntry(d), title: bare.title }, d);
      },
      async remove(groupId, kind, itemId, subId) {
        const filter = subId === undefined ? { groupId, kind, itemId } : { _id: key(groupId, kind, itemId, subId) };
        return (await coll.deleteMany(filter)).deletedCount;
      },
      async query({ text, groupIds, kinds, limit, match = 'all', excludeItem: ex }) {
        const terms = [...new Set(searchTerms(text))];
        if (terms.length === 0 || groupIds.length === 0 || (kinds && kinds.length === 0)) return [];
        const termFilters = terms.map((t) => ({ terms: { $regex: `^${escapeRegex(t)}` } }));
        const candidates = await coll
          .find(
            {
              groupId: { $in: groupIds },
              ...(kinds ? { kind: { $in: kinds } } : {}),
              ...(match === 'any' ? { $or: termFilters } : { $and: termFilters }),
              ...(ex ? { $nor: [{ groupId: ex.groupId, kind: ex.kind, itemId: ex.itemId }] } : {}),
            },
            { projection: { terms: 0 } },
          )
          .sort({ updatedAt: -1, _id: 1 })
          .limit(SEARCH_CANDIDATES)
          .toArray();
        const scored = candidates.map((d) => ({
          d,
          // With `any`, an entry that shares more of the terms comes first, as FTS5's bm25 has it.
          distinct: match === 'any' ? terms.filter((t) => countMatches(`${d.title} ${d.section ?? ''} ${d.text}`, [t]) > 0).length : 0,
          score:
            WEIGHTS.title * countMatches(d.title, terms) +
            WEIGHTS.section * countMatches(d.section ?? '', terms) +
            WEIGHTS.text * countMatches(d.text, terms),
        }));
        // Stable sort: equal scores keep the newest-first order of the candidates.
        scored.sort((a, b) => b.distinct - a.distinct || b.score - a.score);
        return scored.slice(0, limit).map(({ d }): SearchHit => ({ ...toEntry(d), snippet: makeSnippet(d.text, terms) }));
      },
    },
  };
}
