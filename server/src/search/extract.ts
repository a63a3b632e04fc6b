import { BOARD_SECTIONS, BOARD_STICKIES, PAGE_FRAGMENT, SPACE_ITEMS, type SpaceItem } from '@samla/shared';
import * as Y from 'yjs';

/**
 * Reads the content of documents server-side (shapes: shared/src/schemas/docs.ts), for the search
 * index and the exports. Never writes.
 */

/** Block nodes of the page editor: each starts a new line in plain text. */
const INLINE = new Set(['text', 'hardBreak']);

/** The plain text of a page or the group notes: one line per block, list items and table cells included. */
export function pageText(doc: Y.Doc): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    let line = '';
    const flush = () => {
      if (line.trim()) lines.push(line.trim());
      line = '';
    };
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) line += inlineText(child);
      else if (child instanceof Y.XmlElement && INLINE.has(child.nodeName)) line += child.nodeName === 'hardBreak' ? ' ' : '';
      else if (child instanceof Y.XmlElement) {
        flush();
        walk(child);
      }
    }
    flush();
  };
  walk(doc.getXmlFragment(PAGE_FRAGMENT));
  return lines.join('\n');
}

export function inlineText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
}

export interface SpaceEntry extends Pick<SpaceItem, 'kind' | 'title' | 'archived' | 'order'> {
  id: string;
}

/** The items listed in a space doc. */
export function spaceItems(doc: Y.Doc): SpaceEntry[] {
  const out: SpaceEntry[] = [];
  for (const [id, value] of doc.getMap<unknown>(SPACE_ITEMS).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const kind = value.get('kind');
    if (kind !== 'page' && kind !== 'board') continue;
    const title = value.get('title');
    const order = value.get('order');
    out.push({ id, kind, title: typeof title === 'string' ? title : '', archived: value.get('archived') === true, order: typeof order === 'number' ? order : 0 });
  }
  return out;
}

export interface StickyContent {
  id: string;
  text: string;
  authorName: string;
  sectionId: string | null;
  section: string | null;
  x: number;
  y: number;
  createdAt: number;
}

export interface SectionContent {
  id: string;
  title: string;
  x: number;
  y: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Y.Text ? v.toString() : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A board's sections and stickies, each sticky with its section's title. */
export function boardContent(doc: Y.Doc): { sections: SectionContent[]; stickies: StickyContent[] } {
  const sections: SectionContent[] = [];
  for (const [id, value] of doc.getMap<unknown>(BOARD_SECTIONS).entries()) {
    if (value instanceof Y.Map) sections.push({ id, title: str(value.get('title')), x: num(value.get('x')), y: num(value.get('y')) });
  }
  const titles = new Map(sections.map((s) => [s.id, s.title]));
  const stickies: StickyContent[] = [];
  for (const [id, value] of doc.getMap<unknown>(BOARD_STICKIES).entries()) {
    if (!(value instanceof Y.Map)) continue;
    const sectionId = typeof value.get('sectionId') === 'string' ? (value.get('sectionId') as string) : null;
    stickies.push({
      id,
      text: str(value.get('text')),
      authorName: str(value.get('authorName')),
      sectionId: sectionId !== null && titles.has(sectionId) ? sectionId : null,
      section: sectionId !== null ? (titles.get(sectionId) ?? null) : null,
      x: num(value.get('x')),
      y: num(value.get('y')),
      createdAt: num(value.get('createdAt')),
    });
  }
  return { sections, stickies };
}
