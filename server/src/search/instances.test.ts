import { itemDocName, PAGE_FRAGMENT, SPACE_ITEMS, spaceDocName } from '@samla/shared';
import { pino } from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../storage/contractBackends.js';
import type { Store } from '../storage/store.js';
import { waitFor } from '../test/harness.js';
import { BACKFILL_LEASE_KEY, BACKFILL_META_KEY, BACKFILL_VERSION, SearchIndexer, type SearchIndexerOptions } from './indexer.js';

/**
 * Several server instances on one store, each with its own SearchIndexer and its own live documents: what
 * one indexes, another's changes remove or rename, and the start-up backfill runs on one of them.
 */

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

function addSpaceItem(space: Y.Doc, id: string, kind: 'page' | 'board', title: string) {
  const item = new Y.Map<unknown>();
  space.transact(() => {
    for (const [k, v] of Object.entries({ kind, title, order: 1, archived: false, createdAt: 0, createdBy: 'u' })) item.set(k, v);
    space.getMap(SPACE_ITEMS).set(id, item);
  });
}

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  t.insert(0, text);
  p.insert(0, [t]);
  return p;
}

function pageWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getXmlFragment(PAGE_FRAGMENT).insert(0, [paragraph(text)]);
  return doc;
}

/** A copy of `doc` as another instance holds it (the relay keeps it in step). */
const copyOf = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe.each(backends.map((b) => [b.name, b] as const))('search indexer on several instances: %s', (_name, backend) => {
  let store: Store;
  let clock: number;
  const started: SearchIndexer[] = [];
  beforeEach(async () => {
    store = await backend.open();
    clock = Date.UTC(2026, 2, 1, 9);
  });
  afterEach(async () => {
    for (const i of started.splice(0)) await i.close();
    await store.close();
  });

  /** One instance's indexer; `live` holds the documents loaded on it. */
  function instance(live = new Map<string, Y.Doc>(), over: { store?: Store; leaseMs?: number; claim?: SearchIndexerOptions['claim']; delayMs?: number } = {}) {
    const lines: { msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) });
    const indexer = new SearchIndexer({ store: over.store ?? store, log, now: () => new Date(clock), loadedDoc: (n) => live.get(n), ...over });
    started.push(indexer);
    /** A change made on this instance, indexed now (as when the document is unloaded). */
    const changed = async (name: string) => {
      clock += 1_000;
      indexer.changed(name);
      indexer.unloading(name, live.get(name)!);
      await indexer.idle();
    };
    return { indexer, live, lines, changed };
  }
  const found = async (text: string) => (await store.search.query({ text, groupIds: ['plast'], limit: 10 })).map((h) => ({ itemId: h.itemId, title: h.title }));

  it('removes the entries of an item another instance indexed when it leaves the space here', async () => {
    const a = instance();
    const space = new Y.Doc();
    addSpaceItem(space, 'sida-0001', 'page', 'Avfallsplan');
    addSpaceItem(space, 'sida-0002', 'page', 'Kvar');
    a.live.set(spaceDocName('plast'), space);
    a.live.set(itemDocName('plast', 'page', 'sida-0001'), pageWith('Kompost vid skolan'));
    a.live.set(itemDocName('plast', 'page', 'sida-0002'), pageWith('Kompost hemma'));
    await a.changed(spaceDocName('plast'));
    await a.changed(itemDocName('plast', 'page', 'sida-0001'));
    await a.changed(itemDocName('plast', 'page', 'sida-0002'));
    expect((await found('kompost')).map((h) => h.itemId).sort()).toEqual(['sida-0001', 'sida-0002']);

    // Instance B never indexed the page; someone connected to it takes the page out of the space.
    const b = instance(new Map([[spaceDocName('plast'), copyOf(space)]]));
    b.live.get(spaceDocName('plast'))!.getMap(SPACE_ITEMS).delete('sida-0001');
    await b.changed(spaceDocName('plast'));
    expect(await found('kompost')).toEqual([{ itemId: 'sida-0002', title: 'Kvar' }]);
    expect(await found('avfallsplan')).toEqual([]);
  });

  it('writes a rename back that another instance overwrote, though this one wrote that title before', async () => {
    const space = new Y.Doc();
    addSpaceItem(space, 'sida-0001', 'page', 'Avfallsplan');
    const a = instance(new Map([[spaceDocName('plast'), space], [itemDocName('plast', 'page', 'sida-0001'), pageWith('Kompost')]]));
    const b = instance(new Map([[spaceDocName('plast'), copyOf(space)]]));
    await a.changed(spaceDocName('plast'));
    await a.changed(itemDocName('plast', 'page', 'sida-0001'));
    const title = (doc: Y.Doc, t: string) => (doc.getMap(SPACE_ITEMS).get('sida-0001') as Y.Map<unknown>).set('title', t);

    title(b.live.get(spaceDocName('plast'))!, 'Handlingsplan');
    await b.changed(spaceDocName('plast'));
    expect(await found('kompost')).toEqual([{ itemId: 'sida-0001', title: 'Handlingsplan' }]);
    // Renamed back on A, which indexed "Avfallsplan" itself earlier.
    title(space, 'Avfallsplan');
    await a.changed(spaceDocName('plast'));
    expect(await found('kompost')).toEqual([{ itemId: 'sida-0001', title: 'Avfallsplan' }]);
  });

  it('keeps the newer of two instances\' reads of one page, whichever writes last', async () => {
    const space = new Y.Doc();
    addSpaceItem(space, 'sida-0001', 'page', 'Plan');
    const page = pageWith('Första versionen');
    const a = instance(new Map([[spaceDocName('plast'), space], [itemDocName('plast', 'page', 'sida-0001'), page]]));
    await a.changed(spaceDocName('plast'));
    await a.changed(itemDocName('plast', 'page', 'sida-0001'));
    // A's store writes stall (as in an outage) after it read the page; B reads the page later and writes first.
    let resume!: () => void;
    const stalled = new Promise<void>((resolve) => (resume = resolve));
    const slow: Store = { ...store, search: { ...store.search, upsert: async (e) => { await stalled; return store.search.upsert(e); } } };
    const slowA = instance(a.live, { store: slow });
    clock += 1_000;
    slowA.indexer.changed(itemDocName('plast', 'page', 'sida-0001'));
    slowA.indexer.unloading(itemDocName('plast', 'page', 'sida-0001'), page);
    const bPage = copyOf(page);
    const b = instance(new Map([[spaceDocName('plast'), copyOf(space)], [itemDocName('plast', 'page', 'sida-0001'), bPage]]));
    bPage.getXmlFragment(PAGE_FRAGMENT).insert(1, [paragraph('Andra stycket')]);
    await b.changed(itemDocName('plast', 'page', 'sida-0001'));
    resume();
    await slowA.indexer.idle();
    expect(await found('stycket')).toEqual([{ itemId: 'sida-0001', title: 'Plan' }]);
  });

  describe('one index pass per document across instances (cluster mode)', () => {
    const name = itemDocName('plast', 'page', 'sida-0001');
    /** Redis's SET NX PX GET, as the app calls it: the first claim of a document holds it for `ms`. */
    function sharedClaims(): SearchIndexerOptions['claim'] {
      const held = new Map<string, { readAt: number; until: number }>();
      return async (doc, readAt, ms) => {
        const h = held.get(doc);
        if (h && h.until > Date.now()) return h.readAt;
        held.set(doc, { readAt, until: Date.now() + ms });
        return null;
      };
    }
    async function twoInstances() {
      const space = new Y.Doc();
      addSpaceItem(space, 'sida-0001', 'page', 'Returpunkter');
      const page = pageWith('Pantstation vid torget');
      const claim = sharedClaims();
      const a = instance(new Map([[spaceDocName('plast'), space], [name, page]]), { claim, delayMs: 100 });
      const b = instance(new Map([[spaceDocName('plast'), copyOf(space)], [name, copyOf(page)]]), { claim, delayMs: 100 });
      const writes = vi.spyOn(store.search, 'upsert');
      return { a, b, writes, pageWrites: () => writes.mock.calls.filter(([e]) => e.itemId === 'sida-0001').length };
    }
    afterEach(() => vi.restoreAllMocks());

    it('indexes a page edited on two instances once, when the holder read it after both edits', async () => {
      const { a, b, pageWrites } = await twoInstances();
      a.indexer.changed(name);
      b.indexer.changed(name);
      // The passes start a second later: both edits had long reached both instances.
      clock += 1_000;
      await waitFor(async () => (await found('pantstation')).length > 0);
      expect(await found('pantstation')).toEqual([{ itemId: 'sida-0001', title: 'Returpunkter' }]);
      await new Promise((r) => setTimeout(r, 400));
      await a.indexer.idle();
      await b.indexer.idle();
      expect(pageWrites()).toBe(1);
    });

    it('indexes an edit again that had not reached the instance holding the pass when it read the page', async () => {
      const { a, b, pageWrites } = await twoInstances();
      a.indexer.changed(name);
      // Typed on B just before A read the page, and not yet relayed to A.
      clock += 800;
      b.live.get(name)!.getXmlFragment(PAGE_FRAGMENT).insert(1, [paragraph('Glasigloo på gården')]);
      b.indexer.changed(name);
      clock += 200;
      await waitFor(async () => (await found('glasigloo')).length > 0);
      expect(await found('glasigloo')).toEqual([{ itemId: 'sida-0001', title: 'Returpunkter' }]);
      expect(await found('pantstation')).toEqual([{ itemId: 'sida-0001', title: 'Returpunkter' }]);
      expect(pageWrites()).toBe(2);
    });

    it('indexes on its own when it cannot tell whether another instance holds the pass (Redis away)', async () => {
      const space = new Y.Doc();
      addSpaceItem(space, 'sida-0001', 'page', 'Returpunkter');
      const a = instance(new Map([[spaceDocName('plast'), space], [name, pageWith('Pantstation vid torget')]]), {
        claim: () => Promise.reject(new Error('Redis connection closed')),
        delayMs: 20,
      });
      a.indexer.changed(name);
      await waitFor(async () => (await found('pantstation')).length > 0);
      expect(await found('pantstation')).toEqual([{ itemId: 'sida-0001', title: 'Returpunkter' }]);
    });
  });

  it('reads a space it does not hold once for many page passes, and a title read before a rename never undoes it', async () => {
    const space = new Y.Doc();
    addSpaceItem(space, 'sida-0001', 'page', 'Avfallsplan');
    await store.docs.append(spaceDocName('plast'), [Y.encodeStateAsUpdate(space)]);
    const a = instance(new Map([[spaceDocName('plast'), space]]));
    await a.changed(spaceDocName('plast'));
    // B's clients have the page open, not the space.
    const page = pageWith('Kompost vid skolan');
    const b = instance(new Map([[itemDocName('plast', 'page', 'sida-0001'), page]]));
    const loads = vi.spyOn(store.docs, 'load');
    await b.changed(itemDocName('plast', 'page', 'sida-0001'));
    expect(await found('kompost')).toEqual([{ itemId: 'sida-0001', title: 'Avfallsplan' }]);

    (space.getMap(SPACE_ITEMS).get('sida-0001') as Y.Map<unknown>).set('title', 'Handlingsplan');
    await a.changed(spaceDocName('plast'));
    page.getXmlFragment(PAGE_FRAGMENT).insert(1, [paragraph('Matavfall i köket')]);
    await b.changed(itemDocName('plast', 'page', 'sida-0001'));
    expect(await found('matavfall')).toEqual([{ itemId: 'sida-0001', title: 'Handlingsplan' }]);
    expect(loads.mock.calls.filter(([n]) => n === spaceDocName('plast'))).toHaveLength(1);
    vi.restoreAllMocks();
  });

  describe('backfill', () => {
    beforeEach(async () => {
      const space = new Y.Doc();
      addSpaceItem(space, 'gammal-0001', 'page', 'Gammal sida');
      addSpaceItem(space, 'gammal-0002', 'page', 'Äldre sida');
      await store.docs.append(spaceDocName('plast'), [Y.encodeStateAsUpdate(space)]);
      await store.docs.append(itemDocName('plast', 'page', 'gammal-0001'), [Y.encodeStateAsUpdate(pageWith('Fjärrvärme i skolan'))]);
      await store.docs.append(itemDocName('plast', 'page', 'gammal-0002'), [Y.encodeStateAsUpdate(pageWith('Fjärrvärme i hallen'))]);
    });
    const skipped = (lines: { msg: string }[]) => lines.filter((l) => /another instance holds the backfill lease/.test(l.msg)).length;

    it('runs on one of two instances starting at once; the other skips it', async () => {
      const [a, b] = [instance(), instance()];
      const [n, m] = await Promise.all([a.indexer.backfill(), b.indexer.backfill()]);
      expect([n, m].sort()).toEqual([0, 3]);
      expect(skipped(a.lines) + skipped(b.lines)).toBe(1);
      expect((await found('fjärrvärme')).map((h) => h.itemId).sort()).toEqual(['gammal-0001', 'gammal-0002']);
      expect(await store.meta.get(BACKFILL_META_KEY)).toBe(BACKFILL_VERSION);
      // Released: the next start takes the lease and finds the work done.
      const c = instance();
      expect(await c.indexer.backfill()).toBe(0);
      expect(skipped(c.lines)).toBe(0);
    });

    it('is left to a later start while a crashed holder\'s lease lasts, and taken over once it expired', async () => {
      expect(await store.meta.acquireLease(BACKFILL_LEASE_KEY, 'crashed-instance', new Date(clock + 30_000), new Date(clock))).toBe(true);
      const a = instance();
      expect(await a.indexer.backfill()).toBe(0);
      expect(skipped(a.lines)).toBe(1);
      expect(await found('fjärrvärme')).toEqual([]);
      clock += 31_000;
      const b = instance();
      expect(await b.indexer.backfill()).toBe(3);
      expect((await found('fjärrvärme')).map((h) => h.itemId).sort()).toEqual(['gammal-0001', 'gammal-0002']);
    });

    it('renews its lease while it runs and releases it at the end', async () => {
      let resume!: () => void;
      const stalled = new Promise<void>((resolve) => (resume = resolve));
      const renewals: number[] = [];
      const watched: Store = {
        ...store,
        docs: { ...store.docs, listNames: async () => { await stalled; return store.docs.listNames(); } },
        meta: { ...store.meta, acquireLease: (key, holder, until, now) => (renewals.push(now.getTime()), store.meta.acquireLease(key, holder, until, now)) },
      };
      // A lease of 30 ms of the test's clock, renewed every 10 ms of real time.
      const a = instance(undefined, { store: watched, leaseMs: 30 });
      const running = a.indexer.backfill();
      clock += 1_000;
      await waitFor(() => renewals.includes(clock), 5_000, 'a renewal of the lease');
      // The first term ended long ago by the clock; the renewal holds it.
      expect(await store.meta.acquireLease(BACKFILL_LEASE_KEY, 'other', new Date(clock + 30_000), new Date(clock + 20))).toBe(false);
      resume();
      expect(await running).toBe(3);
      expect(await store.meta.acquireLease(BACKFILL_LEASE_KEY, 'other', new Date(clock + 30_000), new Date(clock + 20))).toBe(true);
    });
  });
});
