import { round, Samples } from '../lib/stats.js';
import { openStore } from '../lib/store.js';
import { prng } from '../lib/typing.js';
import type { Cell } from '../lib/table.js';
import type { BenchContext, Scenario, ScenarioResult, TargetCheck } from './types.js';

/** (f) Search latency over an index of 10,000 pages on the embedded (SQLite) store, in-process on server/dist. */
const PAGES = 10_000;
const GROUPS = 20;
/** The searching person is in this many of the groups (the rest are filtered out by the query). */
const MY_GROUPS = 5;
const WORDS_PER_PAGE = 150;
const QUERIES_PER_KIND = 300;
const LIMIT = 20;
const TARGET_P99_MS = 50;

const STEMS = [
  'återvinning', 'plast', 'förpackning', 'kompost', 'matavfall', 'energi', 'solcell', 'transport', 'cykel', 'elbil',
  'upphandling', 'klimat', 'utsläpp', 'bygg', 'material', 'trä', 'betong', 'återbruk', 'möte', 'beslut',
  'åtgärd', 'kommun', 'förening', 'företag', 'skola', 'kök', 'lokal', 'värme', 'fjärrvärme', 'vatten',
  'papper', 'glas', 'metall', 'textil', 'kläder', 'möbel', 'dator', 'telefon', 'resa', 'tåg',
  'buss', 'flyg', 'mat', 'kött', 'grönsak', 'frukt', 'säsong', 'budget', 'rapport', 'mål',
];
const SUFFIXES = ['', '', '', 'en', 'er', 'ar', 'erna', 'arna', 'sgrad', 'splan', 'sarbete', 'spolicy', 'sfrågor', 'en'];
const FILLER = ['och', 'att', 'det', 'som', 'en', 'på', 'är', 'av', 'för', 'med', 'till', 'vi', 'inte', 'om', 'kan', 'ska', 'har', 'vår', 'alla', 'mer'];

/** Zipf-like pick: low indexes are much more common, as words are in real text. */
const zipf = (r: () => number, n: number) => Math.min(n - 1, Math.floor(n * r() ** 2.5));

function pageText(r: () => number): string {
  const words: string[] = [];
  for (let i = 0; i < WORDS_PER_PAGE; i++) {
    if (r() < 0.55) words.push(FILLER[zipf(r, FILLER.length)]!);
    else words.push(STEMS[zipf(r, STEMS.length)]! + SUFFIXES[Math.floor(r() * SUFFIXES.length)]!);
    if (r() < 0.08) words[words.length - 1] += '.';
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const QUERY_KINDS: { name: string; make: (r: () => number) => string }[] = [
  { name: 'one common word (prefix)', make: (r) => STEMS[zipf(r, 5)]!.slice(0, 6) },
  { name: 'one rare word', make: (r) => STEMS[STEMS.length - 1 - Math.floor(r() * 10)]! },
  { name: 'two words', make: (r) => `${STEMS[zipf(r, STEMS.length)]!} ${STEMS[zipf(r, STEMS.length)]!.slice(0, 4)}` },
  { name: 'no match', make: (r) => `xq${Math.floor(r() * 1e6)}` },
];

export const search: Scenario = {
  id: 'f',
  name: 'search',
  title: '(f) search: latency over 10,000 indexed pages (embedded store)',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const pages = ctx.options.quick ? 1_000 : PAGES;
    const perKind = ctx.options.quick ? 50 : QUERIES_PER_KIND;
    // A fresh data dir that no server uses.
    const store = await openStore(ctx.tempDir('samla-bench-search-'));
    try {
      const r = prng(7);
      ctx.log(`(f) indexing ${pages} pages of ${WORDS_PER_PAGE} words in ${GROUPS} groups`);
      const indexTimes = new Samples();
      const t0 = performance.now();
      for (let i = 0; i < pages; i++) {
        const groupId = `grupp-${i % GROUPS}`;
        const entry = {
          groupId,
          kind: 'page' as const,
          itemId: `sida-${String(i).padStart(6, '0')}`,
          subId: '',
          title: `${STEMS[zipf(r, STEMS.length)]!} ${i}`,
          section: null,
          text: pageText(r),
          link: `/groups/${groupId}/pages/sida-${i}`,
          updatedAt: new Date(1_700_000_000_000 + i * 1000),
          version: 1,
        };
        const t = performance.now();
        await store.search.upsert(entry);
        indexTimes.push(performance.now() - t);
      }
      const indexSeconds = (performance.now() - t0) / 1000;
      const groupIds = Array.from({ length: MY_GROUPS }, (_, i) => `grupp-${i * 3}`);

      // Warm-up: statement preparation and the page cache are not part of the numbers.
      for (let i = 0; i < 20; i++) await store.search.query({ text: QUERY_KINDS[i % QUERY_KINDS.length]!.make(r), groupIds, limit: LIMIT });

      const rows: Cell[][] = [];
      const all = new Samples();
      const data: Record<string, unknown> = {};
      // Interleave the kinds so machine noise falls on all of them alike.
      const samples = QUERY_KINDS.map(() => new Samples());
      const hits = QUERY_KINDS.map(() => 0);
      for (let i = 0; i < perKind * QUERY_KINDS.length; i++) {
        const k = i % QUERY_KINDS.length;
        const text = QUERY_KINDS[k]!.make(r);
        const t = performance.now();
        const found = await store.search.query({ text, groupIds, limit: LIMIT });
        const dt = performance.now() - t;
        samples[k]!.push(dt);
        all.push(dt);
        hits[k]! += found.length;
      }
      QUERY_KINDS.forEach((q, k) => {
        const s = samples[k]!.summary();
        rows.push([q.name, s.count, round(hits[k]! / s.count, 1), round(s.p50, 2), round(s.p99, 2), round(s.max, 2)]);
        data[q.name] = { ...s, meanHits: hits[k]! / s.count };
      });
      const total = all.summary();
      rows.push(['all', total.count, '', round(total.p50, 2), round(total.p99, 2), round(total.max, 2)]);
      const idx = indexTimes.summary();
      const targets: TargetCheck[] = [
        {
          name: `search p99 over ${pages.toLocaleString('en')} pages`,
          target: `≤ ${TARGET_P99_MS} ms`,
          measured: `${round(total.p99, 1)} ms`,
          pass: total.p99 <= TARGET_P99_MS,
        },
      ];
      return {
        table: { headers: ['query', 'queries', 'hits (mean)', 'p50 ms', 'p99 ms', 'max ms'], rows },
        notes: [
          `${pages.toLocaleString('en')} pages × ${WORDS_PER_PAGE} words in ${GROUPS} groups; the person searches ${MY_GROUPS} of them (limit ${LIMIT}, bm25 order, snippets).`,
          `Indexing: ${round(pages / indexSeconds, 0)} upserts/s, p50 ${round(idx.p50, 3)} ms, p99 ${round(idx.p99, 3)} ms per page.`,
          'In-process on server/dist (no HTTP); the SQLite query runs on the event loop, so its time is also a stall of the server.',
        ],
        targets,
        data: { pages, groups: GROUPS, myGroups: MY_GROUPS, queries: data, all: total, indexing: { seconds: indexSeconds, ...idx } },
      };
    } finally {
      await store.close();
    }
  },
};
