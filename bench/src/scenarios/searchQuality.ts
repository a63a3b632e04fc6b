import type { Store } from '../../../server/src/storage/store.js';
import { openMongoStore, openStore } from '../lib/store.js';
import { round } from '../lib/stats.js';
import type { Cell } from '../lib/table.js';
import { fixture, GROUPS, type FixtureQuery, type QueryKind } from './searchQualityFixture.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

/**
 * search-quality: recall@10 and MRR of the search index over the Swedish fixture (searchQualityFixture.ts:
 * 320 documents, 100 judged queries), on the embedded store and on MongoDB/FerretDB (MONGODB_URI; not
 * measured without it). In-process on server/dist.
 */
const K = 10;
const TARGET_RECALL = 0.9;

interface Measured {
  recall: number;
  rr: number;
}

async function measure(store: Store, queries: FixtureQuery[]): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const q of queries) {
    const hits = await store.search.query({ text: q.text, groupIds: GROUPS, limit: K });
    const ids = hits.map((h) => h.itemId);
    const found = ids.filter((id) => q.relevant.has(id)).length;
    const first = ids.findIndex((id) => q.relevant.has(id));
    out.push({ recall: found / Math.min(K, q.relevant.size), rr: first < 0 ? 0 : 1 / (first + 1) });
  }
  return out;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export const searchQuality: Scenario = {
  id: 'q',
  name: 'search-quality',
  title: 'search-quality: recall@10 and MRR of Swedish search on 320 documents and 100 judged queries',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const { docs, queries } = fixture();
    const newest = 1_760_000_000_000;
    const stores: { name: string; open(): Promise<{ store: Store; drop(): Promise<void> }> }[] = [
      { name: 'sqlite', open: async () => ({ store: await openStore(ctx.tempDir('samla-bench-quality-')), drop: async () => {} }) },
    ];
    const uri = process.env.MONGODB_URI;
    if (uri) stores.push({ name: 'mongo', open: () => openMongoStore(uri) });
    else ctx.log('search-quality: MONGODB_URI is not set, so the Mongo store is not measured');

    const kinds = [...new Set(queries.map((q) => q.kind))] as QueryKind[];
    const rows: Cell[][] = [];
    const targets: TargetCheck[] = [];
    const data: Record<string, unknown> = { documents: docs.length, queries: queries.length, perKind: Object.fromEntries(kinds.map((k) => [k, queries.filter((q) => q.kind === k).length])) };
    for (const s of stores) {
      const { store, drop } = await s.open();
      try {
        ctx.log(`search-quality: indexing ${docs.length} documents on ${s.name}`);
        for (const d of docs) {
          await store.search.upsert({
            groupId: d.groupId, kind: d.kind, itemId: d.itemId, subId: '', title: d.title, section: null, text: d.text,
            link: `/groups/${d.groupId}/pages/${d.itemId}`, updatedAt: new Date(newest - d.age * 86_400_000), version: 1,
          });
        }
        const measured = await measure(store, queries);
        const misses: string[] = [];
        for (const kind of [...kinds, null]) {
          const idx = queries.flatMap((q, i) => (kind === null || q.kind === kind ? [i] : []));
          const recall = mean(idx.map((i) => measured[i]!.recall));
          const mrr = mean(idx.map((i) => measured[i]!.rr));
          rows.push([s.name, kind ?? 'all', idx.length, round(recall, 3), round(mrr, 3)]);
          data[`${s.name}/${kind ?? 'all'}`] = { queries: idx.length, recallAt10: recall, mrr };
        }
        queries.forEach((q, i) => {
          if (measured[i]!.recall < 1) misses.push(`${q.text} (${q.kind}): ${round(measured[i]!.recall, 2)}`);
        });
        data[`${s.name}/misses`] = misses;
        const all = mean(measured.map((m) => m.recall));
        targets.push({ name: `search-quality recall@10, ${s.name}`, target: `≥ ${TARGET_RECALL}`, measured: `${round(all, 3)}`, pass: all >= TARGET_RECALL });
      } finally {
        await store.close();
        await drop();
      }
    }
    if (!uri) targets.push({ name: 'search-quality recall@10, mongo', target: `≥ ${TARGET_RECALL}`, measured: 'not measured (no MONGODB_URI)', pass: null });
    return {
      table: { headers: ['store', 'queries', 'n', 'recall@10', 'MRR'], rows },
      notes: [
        `${docs.length} documents (pages, stickies, minutes, decisions in ${GROUPS.length} groups) written from 40 concepts with their forms and compounds; ${queries.length} queries, each judged by the concepts its documents were written from.`,
        'recall@10: the share of a query\'s relevant documents in its first 10 hits (of at most 10); MRR: the mean of 1/rank of the first relevant hit (0 when none is in the 10).',
        'Typos are made after the first two letters (the fallback looks for indexed terms sharing those).',
      ],
      targets,
      data,
    };
  },
};
