import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_SECTIONS, BOARD_STICKIES, PAGE_FRAGMENT, SPACE_ITEMS } from '../schemas/docs.js';
import { readBoard, readSection, readSections, readStickies, SECTION_DEFAULT, SECTION_MIN } from './board.js';
import { readPageText } from './page.js';
import { findSpaceItem, readSpaceItems } from './space.js';

const el = (name: string, children: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, string> = {}) => {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.insert(0, children);
  return e;
};
const text = (s: string, format?: Record<string, unknown>) => {
  const t = new Y.XmlText();
  t.insert(0, s, format);
  return t;
};
const map = (fields: Record<string, unknown>) => {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
};

describe('readPageText', () => {
  it('gives one line per block, nested lists and table cells included, marks dropped and hard breaks as spaces', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment(PAGE_FRAGMENT).insert(0, [
      el('heading', [text('Protokoll')], { level: '2' }),
      el('paragraph', [text('Vi ', {}), text('beslutade', { bold: true }), el('hardBreak', []), text('att…')]),
      el('paragraph', [text('   ')]),
      el('bulletList', [el('listItem', [el('paragraph', [text('Först')]), el('bulletList', [el('listItem', [el('paragraph', [text('Sedan')])])])])]),
      el('table', [el('tableRow', [el('tableCell', [el('paragraph', [text('A1')])]), el('tableCell', [el('paragraph', [text('B1')])])])]),
    ]);
    expect(readPageText(doc)).toBe('Protokoll\nVi beslutade att…\nFörst\nSedan\nA1\nB1');
    expect(readPageText(new Y.Doc())).toBe('');
  });
});

describe('space readers', () => {
  it('lists page and board items tolerantly and skips what is not an item', () => {
    const doc = new Y.Doc();
    const items = doc.getMap<unknown>(SPACE_ITEMS);
    items.set('sida-0001', map({ kind: 'page', title: 'Plan', order: 2, archived: false, createdAt: 5, createdBy: 'u1' }));
    items.set('tavla-0001', map({ kind: 'board', title: 7, order: '3', archived: 'yes' }));
    items.set('okand-0001', map({ kind: 'video', title: 'Senare' }));
    items.set('trasig-001', 'inte en karta');
    expect(readSpaceItems(doc)).toEqual([
      { id: 'sida-0001', kind: 'page', title: 'Plan', order: 2, archived: false, createdAt: 5, createdBy: 'u1' },
      { id: 'tavla-0001', kind: 'board', title: '', order: 3, archived: false, createdAt: 0, createdBy: '' },
    ]);
    expect(findSpaceItem(doc, 'sida-0001')?.title).toBe('Plan');
    expect(findSpaceItem(doc, 'okand-0001')).toBeNull();
    expect(findSpaceItem(doc, 'saknas-0001')).toBeNull();
  });
});

describe('board readers', () => {
  it('reads stickies and sections with defaults, and resolves each sticky’s section', () => {
    const doc = new Y.Doc();
    const t = new Y.Text();
    t.insert(0, 'Mindre plast');
    doc.getMap<unknown>(BOARD_SECTIONS).set('sek-1', map({ title: 'Idéer', x: 10, y: 20 }));
    doc.getMap<unknown>(BOARD_SECTIONS).set('sek-2', map({ title: 'Små', x: 0, y: 0, width: 1, height: 1 }));
    const stickies = doc.getMap<unknown>(BOARD_STICKIES);
    stickies.set('lapp-1', map({ text: t, x: 30, y: 40, color: 'green', authorId: 'u1', authorName: 'Kim', sectionId: 'sek-1', createdAt: 3 }));
    stickies.set('lapp-2', map({ text: 'vanlig text', x: Number.NaN, color: 'svart', sectionId: 'borttagen' }));
    stickies.set('lapp-3', 42);

    expect(readSections(doc)).toEqual([
      { id: 'sek-1', title: 'Idéer', x: 10, y: 20, ...SECTION_DEFAULT },
      { id: 'sek-2', title: 'Små', x: 0, y: 0, ...SECTION_MIN },
    ]);
    expect(readSection('sek-1', doc.getMap<Y.Map<unknown>>(BOARD_SECTIONS).get('sek-1')!).title).toBe('Idéer');
    const lapp2 = { id: 'lapp-2', text: 'vanlig text', x: 0, y: 0, color: 'yellow', authorId: '', authorName: '', createdAt: 0 };
    expect(readStickies(doc)).toEqual([
      { id: 'lapp-1', text: 'Mindre plast', x: 30, y: 40, color: 'green', authorId: 'u1', authorName: 'Kim', sectionId: 'sek-1', createdAt: 3 },
      { ...lapp2, sectionId: 'borttagen' },
    ]);
    const board = readBoard(doc);
    expect(board.sections.map((s) => s.id)).toEqual(['sek-1', 'sek-2']);
    expect(board.stickies).toEqual([
      expect.objectContaining({ id: 'lapp-1', sectionId: 'sek-1', section: 'Idéer' }),
      { ...lapp2, sectionId: null, section: null },
    ]);
  });
});
