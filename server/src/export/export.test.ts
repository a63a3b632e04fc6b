import { BOARD_STICKIES, FORMER_MEMBER, itemDocName, PAGE_FRAGMENT, SPACE_ITEMS, spaceDocName } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPerson, startServer } from '../test/harness.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const PAGE = 'sida-lankar';

/** A paragraph of linked runs, as Tiptap's Yjs binding stores a link mark: a `link` attribute on the text. */
function addLinkParagraph(fragment: Y.XmlFragment, links: [text: string, href: string][]): void {
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  p.insert(0, [text]);
  fragment.insert(fragment.length, [p]);
  for (const [t, href] of links) {
    text.insert(text.length, t, { link: { href } });
    text.insert(text.length, ' ');
  }
}

describe('Markdown export of links', () => {
  it('writes web and e-mail links, and only the text of javascript:, data: and other targets', async () => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const { cookie } = await addPerson(s, 'mats@example.se', 'member');
    await s.app.collab.withDoc(spaceDocName('plast'), (d) => {
      const item = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ kind: 'page', title: 'Länkar', order: 1, archived: false, createdAt: 0, createdBy: 'u' })) item.set(k, v);
      d.doc.getMap(SPACE_ITEMS).set(PAGE, item);
    });
    await s.app.collab.withDoc(itemDocName('plast', 'page', PAGE), (d) => {
      addLinkParagraph(d.doc.getXmlFragment(PAGE_FRAGMENT), [
        ['webben', 'https://example.se/plast'],
        ['posten', 'mailto:kim@example.se'],
        ['klicka', 'javascript:alert(1)'],
        ['versaler', 'JAVASCRIPT:alert(2)'],
        ['tabb', 'java\tscript:alert(3)'],
        ['data', 'data:text/html,<script>alert(4)</script>'],
        ['vb', 'vbscript:msgbox(5)'],
      ]);
    });
    const res = await fetch(`${s.url}/api/groups/plast/pages/${PAGE}/export.md`, { headers: { cookie } });
    const md = await res.text();
    expect(res.status, md).toBe(200);
    expect(md).toContain('[webben](https://example.se/plast) [posten](mailto:kim@example.se) klicka versaler tabb data vb');
    expect(md).not.toMatch(/script|alert|data:/i);
  });
});

describe('board CSV in the reader\'s language', () => {
  it('names a deleted account "tidigare medlem" in Swedish (the default) and "former member" in English, with headers to match', async () => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const { cookie } = await addPerson(s, 'mats@example.se', 'member');
    const BOARD = 'tavla-sprak';
    await s.app.collab.withDoc(spaceDocName('plast'), (d) => {
      const item = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ kind: 'board', title: 'Idéer', order: 1, archived: false, createdAt: 0, createdBy: 'u' })) item.set(k, v);
      d.doc.getMap(SPACE_ITEMS).set(BOARD, item);
    });
    await s.app.collab.withDoc(itemDocName('plast', 'board', BOARD), (d) => {
      for (const [id, text, authorName, y] of [['lapp-1', 'Pant på muggar', 'Åsa', 0], ['lapp-2', 'Fler cykelställ', FORMER_MEMBER, 100]] as const) {
        const sticky = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({ text: new Y.Text(text), x: 0, y, color: 'yellow', authorId: 'u', authorName, sectionId: null, createdAt: 0 })) sticky.set(k, v);
        d.doc.getMap(BOARD_STICKIES).set(id, sticky);
      }
    });
    const csv = async (query: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${s.url}/api/groups/plast/boards/${BOARD}/export.csv${query}`, { headers: { cookie, ...headers } });
      expect(res.status).toBe(200);
      return (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    };
    const swedish = ['"Sektion","Text","Författare","Röster"', '"","Pant på muggar","Åsa","0"', '"","Fler cykelställ","tidigare medlem","0"', ''];
    const english = ['"Section","Text","Author","Votes"', '"","Pant på muggar","Åsa","0"', '"","Fler cykelställ","former member","0"', ''];
    expect(await csv('')).toEqual(swedish);
    expect(await csv('?lang=sv', { 'accept-language': 'en' })).toEqual(swedish);
    expect(await csv('?lang=en')).toEqual(english);
    expect(await csv('', { 'accept-language': 'en-GB,en;q=0.9' })).toEqual(english);
  });
});
