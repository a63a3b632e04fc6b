import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  archiveItem,
  compareItems,
  createItem,
  isItemId,
  listSpace,
  moveItem,
  orderBetween,
  renameItem,
  restoreItem,
  spaceItems,
} from './model';

function space(...titles: string[]) {
  const doc = new Y.Doc();
  titles.forEach((title, i) =>
    createItem(doc, { id: `item${String(i).padStart(6, '0')}`, kind: i % 2 ? 'board' : 'page', title, createdBy: 'u1', now: 1000 + i }),
  );
  return doc;
}

const titles = (doc: Y.Doc) => listSpace(spaceItems(doc)).active.map((e) => e.title);

describe('orderBetween', () => {
  it('is the midpoint between neighbours, one step beyond a single neighbour, and 1 in an empty list', () => {
    expect(orderBetween(1, 2)).toBe(1.5);
    expect(orderBetween(null, 3)).toBe(2);
    expect(orderBetween(3, null)).toBe(4);
    expect(orderBetween(null, null)).toBe(1);
  });

  it('says when no number lies between the neighbours', () => {
    expect(orderBetween(2, 2)).toBeNull();
    expect(orderBetween(1, 1 + Number.EPSILON)).toBeNull();
  });
});

describe('isItemId', () => {
  it('accepts what the shared schema accepts, and nothing else', () => {
    expect(isItemId('abcdefgh')).toBe(true);
    expect(isItemId('board-plast-ideer')).toBe(true);
    expect(isItemId('short')).toBe(false);
    expect(isItemId('INTE_ETT_ID')).toBe(false);
    expect(isItemId('-abcdefgh')).toBe(false);
    expect(isItemId('a'.repeat(41))).toBe(false);
  });
});

describe('the space list', () => {
  it('sorts by order, ties by id, and keeps archived items apart', () => {
    const doc = new Y.Doc();
    const items = spaceItems(doc);
    const add = (id: string, order: number, archived = false) => {
      const m = new Y.Map<unknown>();
      m.set('kind', 'page');
      m.set('title', id);
      m.set('order', order);
      m.set('archived', archived);
      items.set(id, m);
    };
    add('cccccccc', 1);
    add('bbbbbbbb', 2);
    add('aaaaaaaa', 2);
    add('dddddddd', 0, true);
    const list = listSpace(items);
    expect(list.active.map((e) => e.id)).toEqual(['cccccccc', 'aaaaaaaa', 'bbbbbbbb']);
    expect(list.archived.map((e) => e.id)).toEqual(['dddddddd']);
    expect(compareItems({ id: 'a', order: 1 }, { id: 'b', order: 1 })).toBeLessThan(0);
  });

  it('ignores entries that are not items', () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    m.set('kind', 'spreadsheet');
    spaceItems(doc).set('xxxxxxxx', m);
    expect(listSpace(spaceItems(doc)).byId.size).toBe(0);
  });
});

describe('writes', () => {
  it('creates items after the last one, with every field, in one transaction', () => {
    const doc = space('Första', 'Andra');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    createItem(doc, { id: 'newitem00001', kind: 'board', title: '  Idéer   om  plast ', createdBy: 'u2', now: 42 });
    expect(transactions).toBe(1);
    const entry = listSpace(spaceItems(doc)).byId.get('newitem00001');
    expect(entry).toEqual({ id: 'newitem00001', kind: 'board', title: 'Idéer om plast', order: 3, archived: false, createdAt: 42, createdBy: 'u2' });
    expect(titles(doc)).toEqual(['Första', 'Andra', 'Idéer om plast']);
  });

  it('places a new item after archived ones too, so restoring never collides', () => {
    const doc = space('A', 'B');
    archiveItem(doc, 'item000001');
    createItem(doc, { id: 'newitem00001', kind: 'page', title: 'C', createdBy: 'u', now: 0 });
    restoreItem(doc, 'item000001');
    expect(titles(doc)).toEqual(['A', 'B', 'C']);
  });

  it('renames, archives and restores', () => {
    const doc = space('A', 'B');
    expect(renameItem(doc, 'item000000', 'Nytt namn')).toBe(true);
    expect(archiveItem(doc, 'item000001')).toBe(true);
    let list = listSpace(spaceItems(doc));
    expect(list.active.map((e) => e.title)).toEqual(['Nytt namn']);
    expect(list.archived.map((e) => e.title)).toEqual(['B']);
    restoreItem(doc, 'item000001');
    list = listSpace(spaceItems(doc));
    expect(list.active.map((e) => e.title)).toEqual(['Nytt namn', 'B']);
    expect(renameItem(doc, 'missing0000', 'x')).toBe(false);
  });

  it('moves up and down to the midpoint between the new neighbours', () => {
    const doc = space('A', 'B', 'C', 'D');
    expect(moveItem(doc, 'item000003', 'up')).toBe(true);
    expect(titles(doc)).toEqual(['A', 'B', 'D', 'C']);
    expect(spaceItems(doc).get('item000003')!.get('order')).toBe(2.5);
    expect(moveItem(doc, 'item000000', 'down')).toBe(true);
    expect(titles(doc)).toEqual(['B', 'A', 'D', 'C']);
    expect(moveItem(doc, 'item000001', 'up')).toBe(false);
    expect(moveItem(doc, 'item000002', 'down')).toBe(false);
    // To the top: one before the first.
    expect(moveItem(doc, 'item000000', 'up')).toBe(true);
    expect(titles(doc)).toEqual(['A', 'B', 'D', 'C']);
  });

  it('skips archived items when moving', () => {
    const doc = space('A', 'B', 'C');
    archiveItem(doc, 'item000001');
    moveItem(doc, 'item000002', 'up');
    expect(titles(doc)).toEqual(['C', 'A']);
  });

  it('renumbers in the same transaction when neighbours share an order', () => {
    const doc = space('A', 'B', 'C');
    spaceItems(doc).get('item000001')!.set('order', 1);
    // A and B both have order 1 (A first by id); C moves up between them.
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(moveItem(doc, 'item000002', 'up')).toBe(true);
    expect(transactions).toBe(1);
    expect(titles(doc)).toEqual(['A', 'C', 'B']);
    expect(listSpace(spaceItems(doc)).active.map((e) => e.order)).toEqual([1, 2, 3]);
  });

  it('converges when two people write at once', () => {
    const a = space('A', 'B');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    moveItem(a, 'item000001', 'up');
    renameItem(b, 'item000001', 'B2');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(titles(a)).toEqual(['B2', 'A']);
    expect(titles(b)).toEqual(['B2', 'A']);
  });
});
