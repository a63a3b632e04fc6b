import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from './contractBackends.js';
import type { SearchEntry, SearchHit, SearchStoreQuery, Store } from './store.js';

/** The search part of the storage contract: the same Swedish search on every store. */
const t0 = new Date('2025-03-01T09:00:00.123Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends.map((b) => [b.name, b] as const))('search contract: %s', (_name, backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const entry = (over: Partial<SearchEntry> & Pick<SearchEntry, 'itemId' | 'text'>): SearchEntry => ({
    groupId: 'plast',
    kind: 'page',
    subId: '',
    title: 'Sida',
    section: null,
    link: `/groups/${over.groupId ?? 'plast'}/pages/${over.itemId}`,
    updatedAt: t0,
    version: (over.updatedAt ?? t0).getTime(),
    ...over,
  });
  const q = (text: string, over: Partial<SearchStoreQuery> = {}) => store.search.query({ text, groupIds: ['plast'], limit: 20, ...over });
  const keys = (hits: SearchHit[]) => hits.map((h) => `${h.itemId}${h.subId ? `/${h.subId}` : ''}`);
  const marked = (h: SearchHit) => h.snippet.highlights.map(([a, b]) => h.snippet.text.slice(a, b));

  describe('Swedish analysis', () => {
    it('matches inflections of a word: ölflaska finds ölflaskor, upphandlingarna finds upphandling', async () => {
      await store.search.upsert(entry({ itemId: 'flaskor', text: 'Vi samlade in 300 ölflaskor efter festen.' }));
      await store.search.upsert(entry({ itemId: 'flaskan', text: 'Flaskan var av glas.' }));
      await store.search.upsert(entry({ itemId: 'upphandling', text: 'Gemensam upphandling av transporter' }));
      await store.search.upsert(entry({ itemId: 'byggnader', text: 'Byggnader i trä' }));
      expect(keys(await q('ölflaska'))).toEqual(['flaskor']);
      expect(keys(await q('flaskor')).sort()).toEqual(['flaskan', 'flaskor']);
      expect(keys(await q('flaskan')).sort()).toEqual(['flaskan', 'flaskor']);
      expect(keys(await q('upphandlingarna'))).toEqual(['upphandling']);
      expect(keys(await q('upphandlingen'))).toEqual(['upphandling']);
      expect(keys(await q('byggnad'))).toEqual(['byggnader']);
      // Definite forms the Snowball stemmer leaves whole: klimatet reaches klimat…, resan reaches resor.
      await store.search.upsert(entry({ itemId: 'klimat', text: 'Klimatdeklaration för nya hus' }));
      await store.search.upsert(entry({ itemId: 'resor', text: 'Resor med tåg' }));
      expect(keys(await q('klimatet'))).toEqual(['klimat']);
      expect(keys(await q('resan'))).toEqual(['resor']);
      expect(marked((await q('ölflaska'))[0]!)).toEqual(['ölflaskor']);
    });

    it('finds a word inside a compound, below the word itself: förpackningar finds plastförpackningar', async () => {
      await store.search.upsert(entry({ itemId: 'sammansatt', text: 'Insamling av plastförpackningar', updatedAt: at(1000) }));
      await store.search.upsert(entry({ itemId: 'ordet', text: 'Förpackningar av papper' }));
      await store.search.upsert(entry({ itemId: 'mat', text: 'Matavfallet från skolorna' }));
      expect(keys(await q('förpackningar'))).toEqual(['ordet', 'sammansatt']);
      expect(keys(await q('avfall'))).toEqual(['mat']);
      expect(marked((await q('förpackning')).find((h) => h.itemId === 'sammansatt')!)).toEqual(['plastförpackningar']);
    });

    it('finds words with å, ä and ö from a query typed without them, below exact matches, and not the other way', async () => {
      await store.search.upsert(entry({ itemId: 'med-prickar', text: 'Fler plastförpackningar till återvinning', updatedAt: at(1000) }));
      await store.search.upsert(entry({ itemId: 'utan-ring', text: 'Atervinning stavat utan ring' }));
      await store.search.upsert(entry({ itemId: 'mat', text: 'Matavfall och mät' }));
      expect(keys(await q('plastforpackningar'))).toEqual(['med-prickar']);
      expect(keys(await q('atervinning'))).toEqual(['utan-ring', 'med-prickar']);
      expect(keys(await q('återvinning'))).toEqual(['med-prickar']);
      expect(keys(await q('måt'))).toEqual([]);
      expect(keys(await q('mat'))).toEqual(['mat']);
    });

    it('finds a word with one letter wrong, missing, extra or swapped when nothing matches it as typed', async () => {
      await store.search.upsert(entry({ itemId: 'pant', text: 'Pant på plastförpackningar och ölflaskor' }));
      await store.search.upsert(entry({ itemId: 'upphandling', text: 'Upphandlingen av transporter' }));
      await store.search.upsert(entry({ groupId: 'energi', itemId: 'annan', text: 'Kompostering' }));
      expect(keys(await q('plastförpakningar'))).toEqual(['pant']);
      expect(keys(await q('ölfalskor'))).toEqual(['pant']);
      expect(keys(await q('upphandlinng'))).toEqual(['upphandling']);
      // Every word must still match: no entry has both.
      expect(await q('transportre pant')).toEqual([]);
      expect(keys(await q('upphandlig transporter'))).toEqual(['upphandling']);
      expect(marked((await q('ölfalskor'))[0]!)).toEqual(['ölflaskor']);
      // Another group's words are never offered, nor very different ones.
      expect(await q('komposterimg')).toEqual([]);
      expect(await q('xylofon')).toEqual([]);
    });

    it('leaves Swedish stop words out of a query that has other words', async () => {
      await store.search.upsert(entry({ itemId: 'plast', text: 'Plastpåsar i butiken' }));
      await store.search.upsert(entry({ itemId: 'forpackning', text: 'Förpackningar' }));
      expect(keys(await q('plast för butiken'))).toEqual(['plast']);
      expect(keys(await q('för'))).toEqual(['forpackning']);
    });

    it("never returns another group's content, by compound, folding or frozen copy", async () => {
      await store.search.upsert(entry({ itemId: 'egen', text: 'Förpackningar' }));
      await store.search.upsert(entry({ groupId: 'energi', itemId: 'annan', title: 'Plastförpackningar', text: 'ölflaskor matavfall' }));
      await store.search.upsert(entry({ groupId: 'energi', itemId: 'kopia', origin: 'egen', text: 'Förpackningar', link: '/groups/energi/sessions/m?snapshot=kopia' }));
      for (const text of ['förpackningar', 'forpackningar', 'ölflaska', 'avfall', 'plast']) {
        for (const hit of [...(await q(text)), ...(await q(text, { match: 'any' })), ...(await q(text, { fold: false }))]) {
          expect(hit.groupId).toBe('plast');
          expect(hit.copies).toEqual([]);
        }
      }
      expect(keys(await q('forpackningar', { groupIds: ['energi'] })).sort()).toEqual(['annan', 'kopia']);
    });
  });

  describe('ranking', () => {
    it('ranks a match in the title above any number in the body, and the newer first when they tie', async () => {
      const often = Array(9).fill('kompost').join(' och ');
      await store.search.upsert(entry({ itemId: 'i-texten', title: 'Anteckningar', text: often, updatedAt: at(5000) }));
      await store.search.upsert(entry({ itemId: 'i-titeln', title: 'Kompost', text: 'Om jord och annat' }));
      await store.search.upsert(entry({ itemId: 'aldre', title: 'Anteckningar', text: often, updatedAt: at(1000) }));
      expect(keys(await q('kompost'))).toEqual(['i-titeln', 'i-texten', 'aldre']);
    });

    it('shows a live item once, above and with its frozen copies, and a frozen copy alone when the live one no longer matches', async () => {
      const frozen = (itemId: string, origin: string, text: string, ms: number, subId = '') =>
        entry({ itemId, origin, subId, kind: subId ? 'board' : 'page', text, updatedAt: at(ms), link: `/groups/plast/sessions/m${ms}?snapshot=${itemId}` });
      await store.search.upsert(entry({ itemId: 'sida', text: 'Kompost' }));
      // The copies match better (more often, newer), yet the live page is the hit.
      await store.search.upsert(frozen('v1', 'sida', 'Kompost, kompost och kompost', 1000));
      await store.search.upsert(frozen('v2', 'sida', 'Kompost och kompost', 2000));
      await store.search.upsert(entry({ itemId: 'annan', text: 'Kompost och kompost i texten' }));
      // A sticky changed on the live board after the session: only its frozen copy still matches.
      await store.search.upsert(entry({ kind: 'board', itemId: 'tavla', subId: 'lapp', text: 'Cyklar' }));
      await store.search.upsert(frozen('v3', 'tavla', 'Kompostgaller', 3000, 'lapp'));

      const hits = await q('kompost');
      expect(keys(hits).sort()).toEqual(['annan', 'sida', 'v3/lapp']);
      const live = hits.find((h) => h.itemId === 'sida')!;
      expect(live).toMatchObject({ origin: null, link: '/groups/plast/pages/sida' });
      expect(live.copies.map((c) => c.itemId).sort()).toEqual(['v1', 'v2']);
      expect(live.copies.find((c) => c.itemId === 'v2')).toEqual({ itemId: 'v2', link: '/groups/plast/sessions/m2000?snapshot=v2', date: at(2000) });
      expect(keys(hits).indexOf('sida')).toBeLessThan(keys(hits).indexOf('annan'));
      expect(hits.find((h) => h.itemId === 'v3')).toMatchObject({ origin: 'tavla', copies: [] });
      // Unfolded (for "discussed before"), every copy is a hit of its own.
      expect(keys(await q('kompost', { fold: false })).sort()).toEqual(['annan', 'sida', 'v1', 'v2', 'v3/lapp']);
      expect(await q('kompost', { limit: 1 })).toHaveLength(1);
    });
  });

  describe('index', () => {
    it('ranks more and weightier matches first and highlights them in the snippet', async () => {
      await store.search.upsert(entry({ itemId: 'en-gang', text: 'Vi pratade lite om kompost och mycket annat den dagen' }));
      await store.search.upsert(entry({ itemId: 'tre-ganger', text: 'Kompost, kompost och åter kompost i trädgården' }));
      await store.search.upsert(entry({ itemId: 'i-titeln', title: 'Kompostering', text: 'Kompost i rubriken och texten' }));
      const hits = await q('kompost');
      expect(keys(hits)).toEqual(['i-titeln', 'tre-ganger', 'en-gang']);
      const { snippet } = hits.find((h) => h.itemId === 'tre-ganger')!;
      expect(snippet.highlights.map(([a, b]) => snippet.text.slice(a, b))).toEqual(['Kompost', 'kompost', 'kompost']);
      expect(snippet.text).toContain('trädgården');
      expect(hits[0]).toMatchObject({ groupId: 'plast', kind: 'page', title: 'Kompostering', link: '/groups/plast/pages/i-titeln', updatedAt: t0 });
    });

    it('finds only entries of the given groups and kinds, up to the limit', async () => {
      await store.search.upsert(entry({ itemId: 'plast-sida', text: 'hemlig plan' }));
      await store.search.upsert(entry({ groupId: 'energi', itemId: 'energi-sida', text: 'hemlig plan' }));
      await store.search.upsert(entry({ kind: 'board', itemId: 'tavla', subId: 'lapp-1', section: 'Idéer', text: 'hemlig lapp' }));
      expect(keys(await q('hemlig'))).toHaveLength(2);
      expect(keys(await q('hemlig', { groupIds: ['energi'] }))).toEqual(['energi-sida']);
      expect(await q('hemlig', { groupIds: [] })).toEqual([]);
      expect(keys(await q('hemlig', { kinds: ['board'] }))).toEqual(['tavla/lapp-1']);
      expect((await q('hemlig', { kinds: ['board'] }))[0]).toMatchObject({ section: 'Idéer' });
      expect(await q('hemlig', { limit: 1 })).toHaveLength(1);
      expect(keys(await q('hemlig', { groupIds: ['plast', 'energi'] }))).toHaveLength(3);
    });

    it('with match any, finds entries sharing one term, ranks those sharing more first, and leaves out one item', async () => {
      await store.search.upsert(entry({ itemId: 'bara-plast', text: 'Plastpåsar i butiken' }));
      await store.search.upsert(entry({ itemId: 'plast-och-kompost', text: 'Plast och kompost i samma kärl' }));
      await store.search.upsert(entry({ itemId: 'inget', text: 'Cyklar och tåg' }));
      await store.search.upsert(entry({ kind: 'board', itemId: 'egen-tavla', subId: 'lapp-1', text: 'Plast och kompost på tavlan' }));
      expect(await q('plast kompost')).toHaveLength(2);
      const any = await q('plast kompost', { match: 'any' });
      expect(keys(any).slice(0, 2).sort()).toEqual(['egen-tavla/lapp-1', 'plast-och-kompost']);
      expect(keys(any)).toHaveLength(3);
      expect(keys(any)[2]).toBe('bara-plast');
      const without = await q('plast kompost', { match: 'any', excludeItem: { groupId: 'plast', kind: 'board', itemId: 'egen-tavla' } });
      expect(keys(without)).toEqual(['plast-och-kompost', 'bara-plast']);
      // Only that item of that kind and group is left out.
      expect(keys(await q('plast', { match: 'any', excludeItem: { groupId: 'energi', kind: 'board', itemId: 'egen-tavla' } }))).toHaveLength(3);
    });

    it('upserts, replaces an item\'s entries, renames and removes', async () => {
      await store.search.upsert(entry({ itemId: 'sida', text: 'första' }));
      await store.search.upsert(entry({ itemId: 'sida', text: 'andra', updatedAt: at(1000) }));
      expect(await q('första')).toEqual([]);
      expect((await q('andra'))[0]!.updatedAt).toEqual(at(1000));
      // An unchanged entry keeps its date.
      await store.search.upsert(entry({ itemId: 'sida', text: 'andra', updatedAt: at(5000) }));
      expect((await q('andra'))[0]!.updatedAt).toEqual(at(1000));

      const sticky = (subId: string, text: string) => entry({ kind: 'board', itemId: 'tavla', subId, text });
      await store.search.replaceItem('plast', 'board', 'tavla', [sticky('a', 'lapp ett'), sticky('b', 'lapp två')]);
      await store.search.replaceItem('plast', 'board', 'tavla', [sticky('b', 'lapp två'), sticky('c', 'lapp tre')]);
      expect(keys(await q('lapp')).sort()).toEqual(['tavla/b', 'tavla/c']);

      await store.search.setTitle(sticky('', ''));
      await store.search.setTitle({ ...sticky('', ''), title: 'Idétavla' });
      expect((await q('idétavla')).map((h) => h.subId).sort()).toEqual(['b', 'c']);
      await store.search.setTitle(entry({ itemId: 'ny-sida', title: 'Helt ny sida', text: '' }));
      expect(keys(await q('helt ny'))).toEqual(['ny-sida']);

      expect(await store.search.remove('plast', 'board', 'tavla', 'b')).toBe(1);
      expect(keys(await q('lapp'))).toEqual(['tavla/c']);
      expect(await store.search.remove('plast', 'board', 'tavla')).toBe(1);
      expect(await q('lapp')).toEqual([]);
    });

    it('lists the live items of a group that have entries, with their title, for comparing with its space', async () => {
      await store.search.upsert(entry({ itemId: 'sida', title: 'Avfallsplan', text: 'plan' }));
      await store.search.replaceItem('plast', 'board', 'tavla', [
        entry({ kind: 'board', itemId: 'tavla', title: 'Idéer', text: '' }),
        entry({ kind: 'board', itemId: 'tavla', subId: 'lapp-1', title: 'Idéer', text: 'lapp' }),
      ]);
      // Not listed: a frozen copy, another group's page, another kind.
      await store.search.upsert(entry({ itemId: 'version-1', origin: 'sida', text: 'fryst' }));
      await store.search.upsert(entry({ groupId: 'energi', itemId: 'energi-sida', text: 'sol' }));
      await store.search.upsert(entry({ kind: 'minutes', itemId: 'mote-1', text: 'protokoll' }));
      const sorted = (items: Awaited<ReturnType<Store['search']['items']>>) => [...items].sort((a, b) => a.itemId.localeCompare(b.itemId));
      expect(sorted(await store.search.items('plast', ['page', 'board']))).toEqual([
        { kind: 'page', itemId: 'sida', title: 'Avfallsplan' },
        { kind: 'board', itemId: 'tavla', title: 'Idéer' },
      ]);
      expect(await store.search.items('plast', ['page'])).toEqual([{ kind: 'page', itemId: 'sida', title: 'Avfallsplan' }]);
      expect(await store.search.items('plast', [])).toEqual([]);
      // Entries that disagree on the title: no title, so the space's is written again.
      await store.search.upsert(entry({ kind: 'board', itemId: 'tavla', subId: 'lapp-2', title: 'Annat', text: 'lapp' }));
      expect(await store.search.items('plast', ['board'])).toEqual([{ kind: 'board', itemId: 'tavla', title: null }]);
    });

    describe('ordered writes', () => {
      const page = (version: number, text: string, over: Partial<SearchEntry> = {}) =>
        entry({ itemId: 'sida', text, updatedAt: at(version), version: t0.getTime() + version, ...over });
      const only = async (text: string) => (await q(text)).map((h) => ({ text: h.text, title: h.title, updatedAt: h.updatedAt }));

      it('leaves out an upsert read before the stored one, also after a newer read that changed nothing', async () => {
        await store.search.upsert(page(20, 'nyare text'));
        await store.search.upsert(page(10, 'äldre text'));
        expect(await q('äldre')).toEqual([]);
        expect(await only('nyare')).toEqual([{ text: 'nyare text', title: 'Sida', updatedAt: at(20) }]);
        // Read again at 30, unchanged: the date stays, but a read from 25 is now stale too.
        await store.search.upsert(page(30, 'nyare text'));
        await store.search.upsert(page(25, 'mellan text'));
        expect(await q('mellan')).toEqual([]);
        expect(await only('nyare')).toEqual([{ text: 'nyare text', title: 'Sida', updatedAt: at(20) }]);
        // An equal version is written; a later one too.
        await store.search.upsert(page(30, 'samma tid'));
        expect(await only('samma')).toEqual([{ text: 'samma tid', title: 'Sida', updatedAt: at(30) }]);
        await store.search.upsert(page(40, 'senast'));
        expect(await only('senast')).toEqual([{ text: 'senast', title: 'Sida', updatedAt: at(40) }]);
      });

      it('orders titles apart from content: a rename read later does not stop content read before it', async () => {
        await store.search.upsert(page(10, 'första'));
        await store.search.setTitle({ ...page(30, ''), title: 'Nytt namn' });
        // Content read at 20 with the title read at 25, before the rename: the text is taken, the title not.
        await store.search.upsert(page(20, 'andra', { title: 'Gammalt namn', titleVersion: t0.getTime() + 25 }));
        expect(await only('andra')).toEqual([{ text: 'andra', title: 'Nytt namn', updatedAt: at(20) }]);
        // A rename read before the stored title is left out.
        await store.search.setTitle({ ...page(28, ''), title: 'Tillbaka' });
        expect(await q('tillbaka')).toEqual([]);
        // A title read after the rename, with the content, is taken.
        await store.search.upsert(page(40, 'andra', { title: 'Senare namn' }));
        expect((await q('andra'))[0]).toMatchObject({ title: 'Senare namn' });
      });

      it('lets any content replace the bare entry that a rename inserts', async () => {
        await store.search.setTitle({ ...page(30, ''), title: 'Ny sida' });
        await store.search.upsert(page(10, 'innehåll skrivet före', { title: 'Ny sida' }));
        expect(await only('innehåll')).toEqual([{ text: 'innehåll skrivet före', title: 'Ny sida', updatedAt: at(10) }]);
      });

      it('leaves out a whole replacement of a board read before the stored one: no entry comes back', async () => {
        const sticky = (version: number, subId: string, text: string) =>
          entry({ kind: 'board', itemId: 'tavla', subId, text, updatedAt: at(version), version: t0.getTime() + version });
        await store.search.replaceItem('plast', 'board', 'tavla', [sticky(20, '', ''), sticky(20, 'a', 'lapp ett'), sticky(20, 'c', 'lapp tre')]);
        await store.search.replaceItem('plast', 'board', 'tavla', [sticky(10, '', ''), sticky(10, 'a', 'lapp ändrad'), sticky(10, 'b', 'lapp två')]);
        expect(keys(await q('lapp')).sort()).toEqual(['tavla/a', 'tavla/c']);
        expect(await q('ändrad')).toEqual([]);
        // Unchanged stickies are not written again, yet a stale replacement still sees it is stale.
        await store.search.replaceItem('plast', 'board', 'tavla', [sticky(30, '', ''), sticky(30, 'a', 'lapp ett'), sticky(30, 'c', 'lapp tre')]);
        await store.search.replaceItem('plast', 'board', 'tavla', [sticky(25, '', ''), sticky(25, 'a', 'lapp ett')]);
        expect(keys(await q('lapp')).sort()).toEqual(['tavla/a', 'tavla/c']);
        // A later replacement removes and adds.
        await store.search.replaceItem('plast', 'board', 'tavla', [sticky(40, '', ''), sticky(40, 'b', 'lapp två')]);
        expect(keys(await q('lapp'))).toEqual(['tavla/b']);
      });

      it('removes with upTo only what was read no later: an item added since a stale read stays', async () => {
        await store.search.upsert(page(10, 'gammal sida', { itemId: 'gammal' }));
        await store.search.setTitle({ ...page(30, ''), itemId: 'ny', title: 'Tillagd sida' });
        await store.search.upsert(page(25, 'läst före namnet', { itemId: 'omdopt' }));
        await store.search.setTitle({ ...page(35, ''), itemId: 'omdopt', title: 'Omdöpt' });
        for (const itemId of ['gammal', 'ny', 'omdopt']) await store.search.remove('plast', 'page', itemId, undefined, t0.getTime() + 20);
        expect((await store.search.items('plast', ['page'])).map((i) => i.itemId).sort()).toEqual(['ny', 'omdopt']);
        expect(await store.search.remove('plast', 'page', 'omdopt', undefined, t0.getTime() + 35)).toBe(1);
        expect(await store.search.remove('plast', 'page', 'ny', '', t0.getTime() + 30)).toBe(1);
        expect(await store.search.items('plast', ['page'])).toEqual([]);
      });
    });

    it('never puts control characters from content into a snippet', async () => {
      await store.search.upsert(entry({ itemId: 'falsk', text: 'a \u0002falsk\u0003 markör <b>html</b> falsk' }));
      const [hit] = await q('falsk');
      // eslint-disable-next-line no-control-regex -- the control characters are the point
      expect(hit!.snippet.text).not.toMatch(/[\u0002\u0003]/);
      expect(hit!.snippet.text).toContain('<b>html</b>');
      expect(hit!.snippet.highlights.map(([a, b]) => hit!.snippet.text.slice(a, b))).toEqual(['falsk', 'falsk']);
    });
  });
});
