import * as Y from 'yjs';
import { SPACE_ITEMS, type SpaceItem } from '../schemas/docs.js';

export interface SpaceEntry extends SpaceItem {
  id: string;
}

/**
 * One item of a space doc, tolerating missing or foreign fields (another client may be older or
 * newer); null when the value is not an item of a kind this version knows.
 */
export function readSpaceItem(id: string, m: unknown): SpaceEntry | null {
  if (!(m instanceof Y.Map)) return null;
  const kind = m.get('kind');
  if (kind !== 'page' && kind !== 'board') return null;
  const order = Number(m.get('order'));
  return {
    id,
    kind,
    title: typeof m.get('title') === 'string' ? (m.get('title') as string) : '',
    order: Number.isFinite(order) ? order : 0,
    archived: m.get('archived') === true,
    createdAt: Number(m.get('createdAt')) || 0,
    createdBy: typeof m.get('createdBy') === 'string' ? (m.get('createdBy') as string) : '',
  };
}

/** Every item listed in a space doc, archived ones included, in the map's order (sort for display). */
export function readSpaceItems(doc: Y.Doc): SpaceEntry[] {
  const out: SpaceEntry[] = [];
  for (const [id, m] of doc.getMap<unknown>(SPACE_ITEMS).entries()) {
    const entry = readSpaceItem(id, m);
    if (entry) out.push(entry);
  }
  return out;
}

/** The item `id` of a space doc, or null. */
export const findSpaceItem = (doc: Y.Doc, id: string): SpaceEntry | null => readSpaceItem(id, doc.getMap<unknown>(SPACE_ITEMS).get(id));
