import { readSpaceItem, SPACE_ITEMS, type SpaceEntry, type SpaceItem } from '@samla/shared';
import * as Y from 'yjs';

/**
 * The group's document space: pure logic over the space doc (`spaceDocName(groupId)`), where
 * `doc.getMap(SPACE_ITEMS)` maps item id → Y.Map with SpaceItem fields. Every write is one
 * transaction, so others see a create, rename or move as one change.
 */
export type ItemKind = SpaceItem['kind'];

/** The shared `itemId` schema's pattern, without bringing zod into the client bundle. */
export const isItemId = (id: string): boolean => /^[a-z0-9][a-z0-9-]{7,39}$/.test(id);

export const spaceItems = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap<Y.Map<unknown>>(SPACE_ITEMS);

/** Ascending order, ties by id: every client shows the same list. */
export function compareItems(a: Pick<SpaceEntry, 'id' | 'order'>, b: Pick<SpaceEntry, 'id' | 'order'>): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface SpaceList {
  active: SpaceEntry[];
  archived: SpaceEntry[];
  byId: Map<string, SpaceEntry>;
}

export function listSpace(items: Y.Map<Y.Map<unknown>>): SpaceList {
  const all: SpaceEntry[] = [];
  for (const [id, m] of items.entries()) {
    const entry = readSpaceItem(id, m);
    if (entry) all.push(entry);
  }
  all.sort(compareItems);
  return {
    active: all.filter((e) => !e.archived),
    archived: all.filter((e) => e.archived),
    byId: new Map(all.map((e) => [e.id, e])),
  };
}

/**
 * A sort key between two neighbours (null = no neighbour on that side): their midpoint, or one
 * step beyond the only neighbour. Returns null when no number lies strictly between them (equal
 * orders, or floating point exhausted); the caller then renumbers.
 */
export function orderBetween(before: number | null, after: number | null): number | null {
  if (before === null && after === null) return 1;
  if (before === null) return after! - 1;
  if (after === null) return before + 1;
  const mid = before + (after - before) / 2;
  return mid > before && mid < after ? mid : null;
}

/** The order of a new item: after every item, archived ones included, so a restore never collides. */
export function orderAfterLast(items: Y.Map<Y.Map<unknown>>): number {
  let max: number | null = null;
  for (const [id, m] of items.entries()) {
    const e = readSpaceItem(id, m);
    if (e && (max === null || e.order > max)) max = e.order;
  }
  return orderBetween(max, null)!;
}

export interface NewItem {
  id: string;
  kind: ItemKind;
  title: string;
  createdBy: string;
  now: number;
}

export const cleanTitle = (title: string): string => title.replace(/\s+/g, ' ').trim().slice(0, 200);

export function createItem(doc: Y.Doc, item: NewItem, origin?: unknown): void {
  const items = spaceItems(doc);
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set('kind', item.kind);
    m.set('title', cleanTitle(item.title));
    m.set('order', orderAfterLast(items));
    m.set('archived', false);
    m.set('createdAt', item.now);
    m.set('createdBy', item.createdBy);
    items.set(item.id, m);
  }, origin);
}

function update(doc: Y.Doc, id: string, fields: Partial<SpaceItem>, origin?: unknown): boolean {
  const m = spaceItems(doc).get(id);
  if (!(m instanceof Y.Map)) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(fields)) {
      if (m.get(key) !== value) m.set(key, value);
    }
  }, origin);
  return true;
}

export const renameItem = (doc: Y.Doc, id: string, title: string, origin?: unknown): boolean =>
  update(doc, id, { title: cleanTitle(title) }, origin);

export const archiveItem = (doc: Y.Doc, id: string, origin?: unknown): boolean => update(doc, id, { archived: true }, origin);

export const restoreItem = (doc: Y.Doc, id: string, origin?: unknown): boolean => update(doc, id, { archived: false }, origin);

/**
 * Moves an item one place up or down among the items that are not archived: its order becomes
 * the midpoint between its new neighbours. When no such number exists, the visible items are
 * renumbered 1, 2, 3… in the same transaction. Returns false when it cannot move that way.
 */
export function moveItem(doc: Y.Doc, id: string, direction: 'up' | 'down', origin?: unknown): boolean {
  const items = spaceItems(doc);
  const { active } = listSpace(items);
  const index = active.findIndex((e) => e.id === id);
  const target = direction === 'up' ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= active.length) return false;
  const without = active.filter((e) => e.id !== id);
  // Neighbours in the list without the moving item: it goes to position `target`.
  const before = without[target - 1]?.order ?? null;
  const after = without[target]?.order ?? null;
  const order = orderBetween(before, after);
  doc.transact(() => {
    if (order !== null) {
      items.get(id)!.set('order', order);
      return;
    }
    const next = [...without];
    next.splice(target, 0, active[index]!);
    next.forEach((e, i) => items.get(e.id)!.set('order', i + 1));
  }, origin);
  return true;
}
