import { MongoBulkWriteError, MongoServerError, type Db, type Filter } from 'mongodb';
import type { SearchKind } from '@samla/shared';
import type { SearchEntry, SearchItem, Store } from '../store.js';
import { mergeEntry, type StoredEntry } from '../searchVersions.js';
import { escapeRegex, MAX_ATTEMPTS } from './common.js';
import { analyse, ANALYSIS_VERSION, indexable, queryTerms, termMatches, TYPO_MIN_LENGTH, typoPrefix, typoTerms, withSnippets, type QueryTerm } from '../searchText.js';

/**
 * One entry; `_id` is the key. The analysed terms (searchText.ts): `terms` and `xterms`, the distinct
 * exact and extra terms of title, section and text, each with a multikey index, for finding; `tt`, `tx`,
 * `st`, `sx` those of the title and the section, and `bt` the text's stems in order (at most
 * MAX_BODY_TERMS), for ranking. `v`: the ANALYSIS_VERSION they were made with. `version` and `titleVersion`
 * order the writes (searchVersions.ts); entries from before them have neither.
 */
interface SearchDoc extends Omit<StoredEntry, 'version' | 'titleVersion'> {
  _id: string;
  version?: number;
  titleVersion?: number;
  terms: string[];
  xterms: string[];
  tt: string[];
  tx: string[];
  st: string[];
  sx: string[];
  bt: string[];
  v: string;
}
type Analysis = Pick<SearchDoc, 'terms' | 'xterms' | 'tt' | 'tx' | 'st' | 'sx' | 'bt' | 'v'>;

/**
 * At most this many matching entries (the newest) are ranked per query. Ranking happens here, not in
 * the database, so a query that matches more ranks only the newest CANDIDATES of them.
 */
export const SEARCH_CANDIDATES = 2_000;
const MAX_BODY_TERMS = 5_000;
const REINDEX_BATCH = 200;
/** Per query term: exact matches in title, section and text (saturating with occurrences), else extra ones at a tenth. */
const WEIGHTS = { title: 8, section: 2, text: 1, titleX: 0.8, sectionX: 0.2, textX: 0.1 };

const key = (groupId: string, kind: string, itemId: string, subId: string) => `${groupId}\u0000${kind}\u0000${itemId}\u0000${subId}`;

function isDuplicate(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) return true;
  return err instanceof MongoServerError && err.code === 11000;
}

function analysis(e: Pick<SearchEntry, 'title' | 'section' | 'text'>): Analysis {
  const [t, s, b] = [analyse(e.title), analyse(e.section ?? ''), analyse(e.text)];
  const distinct = (...lists: string[][]) => [...new Set(lists.flat())];
  return {
    terms: distinct(t.exact, s.exact, b.exact),
    xterms: distinct(t.extra, s.extra, b.extra),
    tt: distinct(t.exact),
    tx: distinct(t.extra),
    st: distinct(s.exact),
    sx: distinct(s.extra),
    bt: b.exact.slice(0, MAX_BODY_TERMS),
    v: ANALYSIS_VERSION,
  };
}

/** A candidate's score for the query, and how many of its terms it meets (for `any`). */
function score(d: Analysis, terms: QueryTerm[]): { score: number; distinct: number } {
  let total = 0;
  let distinct = 0;
  for (const q of terms) {
    const has = (list: string[]) => list.some((t) => termMatches(t, q));
    let n = 0;
    for (const t of d.bt) if (termMatches(t, q)) n++;
    // Occurrences in the text saturate as in bm25 (k1 = 1.2): never worth a title's match.
    let s = (has(d.tt) ? WEIGHTS.title : 0) + (has(d.st) ? WEIGHTS.section : 0) + (WEIGHTS.text * n * 2.2) / (n + 1.2);
    if (s === 0) s = (has(d.tx) ? WEIGHTS.titleX : 0) + (has(d.sx) ? WEIGHTS.sectionX : 0) || (has(d.xterms) ? WEIGHTS.textX : 0);
    total += s;
    if (s > 0) distinct++;
  }
  return { score: total, distinct };
}

/**
 * The search repository on MongoDB and FerretDB. It does not use `$text`: a text index has no prefix
 * matching, knows no compound parts, folds diacritics always (ä would match a as an equal), and FerretDB
 * 1.x does not implement it. Instead every query term must prefix-match (an anchored regex, which MongoDB
 * answers from the multikey index) or equal one of an entry's `terms` or `xterms`, and the candidates are
 * ranked here by weighted matches (WEIGHTS); ties go to the newest.
 */
export function createMongoSearch(db: Db): { init(): Promise<void>; search: Store['search'] } {
  const coll = db.collection<SearchDoc>('search_entries');

  const toDoc = (e: StoredEntry): SearchDoc => ({
    _id: key(e.groupId, e.kind, e.itemId, e.subId),
    groupId: e.groupId,
    kind: e.kind,
    itemId: e.itemId,
    subId: e.subId,
    title: e.title,
    section: e.section,
    text: e.text,
    link: e.link,
    updatedAt: e.updatedAt,
    origin: e.origin,
    version: e.version,
    titleVersion: e.titleVersion,
    ...analysis(e),
  });
  const toEntry = ({ groupId, kind, itemId, subId, title, section, text, link, updatedAt, origin, version, titleVersion }: SearchDoc): StoredEntry =>
    ({ groupId, kind, itemId, subId, title, section, text, link, updatedAt, origin: origin ?? null, version: version ?? 0, titleVersion: titleVersion ?? 0 });

  /**
   * Writes `e` over the stored entry by the rule of searchVersions.ts, as a compare-and-set on the versions it
   * read (`known`: the entry as read already, null for none), so a concurrent write of the entry makes it read
   * again and merge with that one. An entry that stays as it is and is analysed with this ANALYSIS_VERSION is
   * not written. True when this call inserted the entry. Exact on MongoDB; FerretDB 1.x runs a conditional
   * update as read, then write (see index.ts), so there two writes of one entry in the same instant may still
   * leave the older, until the document's next change.
   */
  async function write(e: SearchEntry, how: Parameters<typeof mergeEntry>[2], known?: SearchDoc | null): Promise<boolean> {
    const id = key(e.groupId, e.kind, e.itemId, e.subId);
    const next = { ...e, title: indexable(e.title), section: e.section === null ? null : indexable(e.section), text: indexable(e.text) };
    let old = known === undefined ? await coll.findOne({ _id: id }) : known;
    for (let attempt = 1; ; attempt++) {
      const { entry, analyse, write: due } = mergeEntry(old && toEntry(old), next, how);
      const analysed = old?.v === ANALYSIS_VERSION;
      if (old !== null && !due && analysed) return false;
      try {
        if (old === null) {
          await coll.insertOne(toDoc(entry));
          return true;
        }
        const read = { _id: id, version: old.version ?? null, titleVersion: old.titleVersion ?? null } as Filter<SearchDoc>;
        const { _id, ...fields } = toDoc(entry);
        const { matchedCount } = analyse || !analysed
          ? await coll.replaceOne(read, fields)
          : await coll.updateOne(read, { $set: { link: entry.link, updatedAt: entry.updatedAt, origin: entry.origin, version: entry.version, titleVersion: entry.titleVersion } });
        if (matchedCount > 0) return false;
      } catch (err) {
        // A concurrent first write of the entry won the insert.
        if (!isDuplicate(err)) throw err;
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`search entry ${id}: ${attempt} concurrent writes in a row`);
      old = await coll.findOne({ _id: id });
    }
  }

  const ofItem = (groupId: string, kind: SearchKind, itemId: string) => coll.find({ groupId, kind, itemId }).toArray();

  return {
    async init() {
      await coll.createIndex({ groupId: 1, terms: 1 }, { name: 'group_terms' });
      await coll.createIndex({ groupId: 1, xterms: 1 }, { name: 'group_xterms' });
      await coll.createIndex({ groupId: 1, kind: 1, itemId: 1 }, { name: 'group_kind_item' });
    },
    search: {
      async reindex(progress) {
        const stale = { v: { $ne: ANALYSIS_VERSION } };
        const total = await coll.countDocuments(stale);
        let done = 0;
        while (done < total) {
          const batch = await coll.find(stale, { projection: { title: 1, section: 1, text: 1 } }).limit(REINDEX_BATCH).toArray();
          if (batch.length === 0) break;
          await coll.bulkWrite(batch.map((d) => ({ updateOne: { filter: { _id: d._id }, update: { $set: analysis(d) } } })), { ordered: false });
          done += batch.length;
          progress?.(done, total);
        }
        return done;
      },
      async upsert(e) {
        await write(e, { bump: true });
      },
      /**
       * Without a transaction: the item's entries are written one by one, each ordered by its version, then
       * those left out are removed. A newer replacement running meanwhile may have left out an entry this one
       * inserted; then this one takes it out again.
       */
      async replaceItem(groupId, kind, itemId, entries) {
        if (entries.some((e) => e.groupId !== groupId || e.kind !== kind || e.itemId !== itemId)) {
          throw new Error('replaceItem: every entry must belong to the item');
        }
        if (entries.length === 0) {
          await coll.deleteMany({ groupId, kind, itemId });
          return;
        }
        const version = Math.max(...entries.map((e) => e.version));
        const current = new Map((await ofItem(groupId, kind, itemId)).map((d) => [d._id, d]));
        if ([...current.values()].some((d) => (d.version ?? 0) > version)) return;
        const keep = new Set(entries.map((e) => key(e.groupId, e.kind, e.itemId, e.subId)));
        const gone = [...current.keys()].filter((id) => !keep.has(id));
        if (gone.length > 0) await coll.deleteMany({ _id: { $in: gone }, version: { $not: { $gt: version } } });
        const inserted: string[] = [];
        for (const e of entries) {
          const id = key(e.groupId, e.kind, e.itemId, e.subId);
          // The item's '' entry carries the replacement's version even when unchanged, which is what shows a
          // later stale replacement its age; the other entries are written when they changed.
          if (await write(e, { bump: e.subId === '' }, current.get(id) ?? null)) inserted.push(id);
        }
        if (inserted.length > 0 && (await coll.countDocuments({ groupId, kind, itemId, version: { $gt: version } })) > 0) {
          await coll.deleteMany({ _id: { $in: inserted }, version });
        }
      },
      async setTitle(bare) {
        const entries = await ofItem(bare.groupId, bare.kind, bare.itemId);
        if (entries.length === 0) await write(bare, { title: true, bump: true }, null);
        for (const d of entries) await write({ ...toEntry(d), title: bare.title, version: bare.version }, { title: true, bump: true }, d);
      },
      async remove(groupId, kind, itemId, subId, upTo) {
        const filter = subId === undefined ? { groupId, kind, itemId } : { _id: key(groupId, kind, itemId, subId) };
        const ordered = upTo === undefined ? {} : { version: { $not: { $gt: upTo } }, titleVersion: { $not: { $gt: upTo } } };
        return (await coll.deleteMany({ ...filter, ...ordered })).deletedCount;
      },
      async items(groupId, kinds) {
        const docs = await coll.find({ groupId, kind: { $in: kinds }, origin: null }, { projection: { _id: 0, kind: 1, itemId: 1, title: 1 } }).toArray();
        const items = new Map<string, SearchItem>();
        for (const { kind, itemId, title } of docs) {
          const seen = items.get(`${kind}\u0000${itemId}`);
          if (!seen) items.set(`${kind}\u0000${itemId}`, { kind, itemId, title });
          else if (seen.title !== title) seen.title = null;
        }
        return [...items.values()];
      },
      async query({ text, groupIds, kinds, limit, match = 'all', excludeItem: ex, fold = true }) {
        let terms = queryTerms(text);
        if (terms.length === 0 || groupIds.length === 0 || (kinds && kinds.length === 0)) return [];
        const find = (terms: QueryTerm[]) => {
          const termFilters = terms.map((q) => ({
            $or: [
              { terms: { $regex: `^${escapeRegex(q.prefix)}` } },
              { xterms: { $regex: `^${escapeRegex(q.prefix)}` } },
              ...(q.whole.length > 0 ? [{ terms: { $in: q.whole } }, { xterms: { $in: q.whole } }] : []),
            ],
          }));
          return coll
            .find(
              {
                groupId: { $in: groupIds },
                v: ANALYSIS_VERSION,
                ...(kinds ? { kind: { $in: kinds } } : {}),
                ...(match === 'any' ? { $or: termFilters } : { $and: termFilters }),
                ...(ex ? { $nor: [{ groupId: ex.groupId, kind: ex.kind, itemId: ex.itemId }] } : {}),
              },
              { projection: { terms: 0 } },
            )
            .sort({ updatedAt: -1, _id: 1 })
            .limit(SEARCH_CANDIDATES)
            .toArray();
        };
        let candidates = await find(terms);
        if (candidates.length === 0) {
          // Nothing found: perhaps a typo. The terms of these groups one letter off stand in.
          const vocabulary = new Map<string, string[]>();
          for (const q of terms) {
            const p = typoPrefix(q);
            if (vocabulary.has(p) || q.word.length < TYPO_MIN_LENGTH) continue;
            const all = (await coll.distinct('terms', { groupId: { $in: groupIds }, terms: { $regex: `^${escapeRegex(p)}` } })) as string[];
            vocabulary.set(p, all.filter((t) => t.startsWith(p)));
          }
          const near = typoTerms(terms, (q) => vocabulary.get(typoPrefix(q)) ?? []);
          if (near) {
            terms = near;
            candidates = await find(terms);
          }
        }
        const scored = candidates.map((d) => ({ d, ...score(d, terms) }));
        // Stable sort: equal scores keep the newest-first order of the candidates. With `any`, an entry
        // that meets more of the terms comes first, as FTS5's bm25 has it.
        scored.sort((a, b) => (match === 'any' ? b.distinct - a.distinct : 0) || b.score - a.score);
        return withSnippets(scored.map(({ d }) => toEntry(d)), terms, fold, limit);
      },
    },
  };
}
