import { BOARD_SECTIONS, BOARD_STICKIES, CloseCode, SPACE_ITEMS, itemDocName, spaceDocName } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ADMIN, connectDoc, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';

const BOARD = itemDocName('plast', 'board', 'idetavla-01');
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(env?: Record<string, string>) {
  const s = await startServer(env ? { env } : {});
  cleanup.push(() => s.stop());
  return { s, cookie: await signIn(s.url, ADMIN.email, ADMIN.password) };
}
function open(s: TestServer, cookie: string, doc: string) {
  const c = connectDoc(s.wsUrl, doc, cookie);
  cleanup.push(() => c.provider.destroy());
  return c;
}

function addSticky(doc: Y.Doc, id: string, text: string, x: number, y: number) {
  doc.transact(() => {
    const sticky = new Y.Map<unknown>();
    const t = new Y.Text();
    t.insert(0, text);
    sticky.set('text', t);
    sticky.set('x', x);
    sticky.set('y', y);
    sticky.set('color', 'yellow');
    sticky.set('authorId', 'u');
    sticky.set('authorName', 'U');
    sticky.set('sectionId', null);
    sticky.set('createdAt', 0);
    doc.getMap(BOARD_STICKIES).set(id, sticky);
  });
}
const sticky = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get(id);
/** A comparable view of a board: every sticky's text, position and section. */
const view = (doc: Y.Doc) =>
  JSON.stringify(
    [...doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).entries()]
      .map(([id, m]) => [id, String(m.get('text')), m.get('x'), m.get('y'), m.get('sectionId')])
      .sort(),
  );

describe('idea boards through the server', () => {
  it('three clients making concurrent creates, moves and groupings converge', async () => {
    const { s, cookie } = await setup();
    const [a, b, c] = [open(s, cookie, BOARD), open(s, cookie, BOARD), open(s, cookie, BOARD)];
    await waitFor(() => a.provider.synced && b.provider.synced && c.provider.synced);

    addSticky(a.doc, 's1', 'Pant på plast', 0, 0);
    await waitFor(() => !!sticky(b.doc, 's1') && !!sticky(c.doc, 's1'));

    // At the same moment: B moves s1, C puts s1 in a new section, A adds another sticky and edits s1's text.
    b.doc.transact(() => sticky(b.doc, 's1')!.set('x', 300));
    c.doc.transact(() => {
      const section = new Y.Map<unknown>();
      section.set('title', 'Förpackningar');
      for (const [k, v] of Object.entries({ x: 0, y: 0, width: 600, height: 400 })) section.set(k, v);
      c.doc.getMap(BOARD_SECTIONS).set('sec1', section);
      sticky(c.doc, 's1')!.set('sectionId', 'sec1');
    });
    addSticky(a.doc, 's2', 'Återbruk', 200, 200);
    (sticky(a.doc, 's1')!.get('text') as Y.Text).insert(0, '✓ ');

    await waitFor(() => view(a.doc) === view(b.doc) && view(b.doc) === view(c.doc) && sticky(a.doc, 's2') !== undefined);
    await waitFor(() => sticky(a.doc, 's1')!.get('sectionId') === 'sec1' && sticky(a.doc, 's1')!.get('x') === 300);
    expect(String(sticky(c.doc, 's1')!.get('text'))).toBe('✓ Pant på plast');
    expect(c.doc.getMap(BOARD_SECTIONS).size).toBe(1);
  });

  it('merges edits a client made offline when it reconnects', async () => {
    const { s, cookie } = await setup();
    const a = open(s, cookie, BOARD);
    const b = open(s, cookie, BOARD);
    await waitFor(() => a.provider.synced && b.provider.synced);
    addSticky(a.doc, 's1', 'Före', 0, 0);
    await waitFor(() => !!sticky(b.doc, 's1'));

    b.provider.disconnect();
    addSticky(b.doc, 'offline', 'Skrivet på tåget', 50, 50);
    sticky(b.doc, 's1')!.set('y', 500);
    addSticky(a.doc, 'online', 'Skrivet på mötet', 90, 90);
    await waitFor(() => s.app.collab.loadedDocs().get(BOARD)?.doc.getMap(BOARD_STICKIES).has('online') === true);
    expect(sticky(a.doc, 'offline')).toBeUndefined();

    b.provider.connect();
    await waitFor(() => view(a.doc) === view(b.doc) && !!sticky(a.doc, 'offline'), 5_000, 'merge after reconnect');
    expect(sticky(a.doc, 's1')!.get('y')).toBe(500);
    expect(!!sticky(b.doc, 'online')).toBe(true);
  });

  it('updates the space list live for a second client', async () => {
    const { s, cookie } = await setup();
    const a = open(s, cookie, spaceDocName('plast'));
    const b = open(s, cookie, spaceDocName('plast'));
    await waitFor(() => a.provider.synced && b.provider.synced);
    const items = (d: Y.Doc) => d.getMap<Y.Map<unknown>>(SPACE_ITEMS);

    a.doc.transact(() => {
      const item = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ kind: 'board', title: 'Idéer', order: 1, archived: false, createdAt: 1, createdBy: 'u' })) {
        item.set(k, v);
      }
      items(a.doc).set('idetavla-01', item);
    });
    await waitFor(() => items(b.doc).get('idetavla-01')?.get('title') === 'Idéer');
    items(a.doc).get('idetavla-01')!.set('archived', true);
    await waitFor(() => items(b.doc).get('idetavla-01')?.get('archived') === true);
  });

  it('closes only the client whose update would pass the document size limit', async () => {
    const { s, cookie } = await setup({ MAX_DOC_BYTES: '20000' });
    const a = open(s, cookie, BOARD);
    const bystander = open(s, cookie, BOARD);
    await waitFor(() => a.provider.synced && bystander.provider.synced);
    addSticky(a.doc, 'small', 'liten', 0, 0);
    await waitFor(() => !!sticky(bystander.doc, 'small'));

    const closed = new Promise<number>((resolve) =>
      a.provider.on('connection-close', (event: { code: number } | null) => event && resolve(event.code)),
    );
    addSticky(a.doc, 'huge', 'x'.repeat(30_000), 0, 0);
    expect(await closed).toBe(CloseCode.docTooLarge);

    // The document and the other client are untouched, and go on working.
    expect(sticky(bystander.doc, 'huge')).toBeUndefined();
    const c = open(s, cookie, BOARD);
    await waitFor(() => c.provider.synced);
    expect(sticky(c.doc, 'huge')).toBeUndefined();
    addSticky(c.doc, 'after', 'efteråt', 0, 0);
    await waitFor(() => !!sticky(bystander.doc, 'after'));
  });
});
