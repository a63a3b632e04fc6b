import * as Y from 'yjs';
import { BOARD_SECTIONS, BOARD_STICKIES, STICKY_SIZE, stickyColors, type Section, type Sticky, type StickyColor } from '../schemas/docs.js';

/** A section's size when the doc has none. */
export const SECTION_DEFAULT = { width: 560, height: 400 } as const;
/** The smallest a section can be: one sticky with a margin, below its title bar. */
export const SECTION_MIN = { width: STICKY_SIZE + 40, height: STICKY_SIZE + 80 } as const;

export interface StickyEntry extends Sticky {
  id: string;
}
export interface SectionEntry extends Section {
  id: string;
}
/** A sticky as a board lists it: `sectionId` only if that section is on the board, `section` its title. */
export interface BoardSticky extends StickyEntry {
  section: string | null;
}
export interface BoardContent {
  sections: SectionEntry[];
  stickies: BoardSticky[];
}

export const isStickyColor = (v: unknown): v is StickyColor => typeof v === 'string' && (stickyColors as readonly string[]).includes(v);

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string => (typeof v === 'string' ? v : v instanceof Y.Text ? v.toString() : '');

/** A tolerant read of one sticky: the document comes from other clients and may be odd. `sectionId` as stored. */
export function readSticky(id: string, m: Y.Map<unknown>): StickyEntry {
  const color = m.get('color');
  const sectionId = m.get('sectionId');
  return {
    id,
    text: str(m.get('text')),
    x: num(m.get('x')),
    y: num(m.get('y')),
    color: isStickyColor(color) ? color : 'yellow',
    authorId: str(m.get('authorId')),
    authorName: str(m.get('authorName')),
    sectionId: typeof sectionId === 'string' ? sectionId : null,
    createdAt: num(m.get('createdAt')),
  };
}

/** A tolerant read of one section; its size is at least SECTION_MIN. */
export function readSection(id: string, m: Y.Map<unknown>): SectionEntry {
  return {
    id,
    title: str(m.get('title')),
    x: num(m.get('x')),
    y: num(m.get('y')),
    width: Math.max(SECTION_MIN.width, num(m.get('width'), SECTION_DEFAULT.width)),
    height: Math.max(SECTION_MIN.height, num(m.get('height'), SECTION_DEFAULT.height)),
  };
}

function readAll<T>(map: Y.Map<unknown>, read: (id: string, m: Y.Map<unknown>) => T): T[] {
  const out: T[] = [];
  for (const [id, m] of map.entries()) if (m instanceof Y.Map) out.push(read(id, m));
  return out;
}

/** A board's stickies, in the map's order. */
export const readStickies = (doc: Y.Doc): StickyEntry[] => readAll(doc.getMap<unknown>(BOARD_STICKIES), readSticky);

/** A board's sections, in the map's order. */
export const readSections = (doc: Y.Doc): SectionEntry[] => readAll(doc.getMap<unknown>(BOARD_SECTIONS), readSection);

/** A board's sections and stickies, each sticky with its section's title. */
export function readBoard(doc: Y.Doc): BoardContent {
  const sections = readSections(doc);
  const titles = new Map(sections.map((s) => [s.id, s.title]));
  const stickies = readStickies(doc).map((s): BoardSticky => {
    const known = s.sectionId !== null && titles.has(s.sectionId);
    return { ...s, sectionId: known ? s.sectionId : null, section: known ? titles.get(s.sectionId!)! : null };
  });
  return { sections, stickies };
}
