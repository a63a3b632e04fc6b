import { BOARD_STICKIES, readSticky, STICKY_SIZE } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyText,
  boardMaps,
  byCreation,
  createSection,
  createSticky,
  deleteStickies,
  deleteSticky,
  detailRect,
  fitView,
  moveSection,
  moveStickiesBy,
  moveSticky,
  moveStickyToSection,
  newId,
  placeNewSticky,
  rectFrom,
  sectionAt,
  setStickiesColor,
  slotInSection,
  stickyOverlaps,
  stickiesInRect,
  textDiff,
  zoomAt,
} from './model';

const me = { authorId: 'u1', authorName: 'Kim', color: 'yellow' as const };

describe('board model', () => {
  it('makes 16-character lowercase base36 ids', () => {
    const ids = new Set(Array.from({ length: 200 }, newId));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{16}$/);
  });

  it('hit-tests a sticky by its centre and prefers the smallest section', () => {
    const big = { id: 'big', x: 0, y: 0, width: 1000, height: 1000 };
    const small = { id: 'small', x: 100, y: 100, width: 300, height: 300 };
    expect(sectionAt([big, small], 150, 150)).toBe('small');
    expect(sectionAt([big, small], 600, 600)).toBe('big');
    // Centre just outside the small one.
    expect(sectionAt([small], 400 - STICKY_SIZE / 2 + 1, 150)).toBeNull();
    expect(sectionAt([], 0, 0)).toBeNull();
  });

  it('finds a free slot in a section, row by row', () => {
    const section = { x: 0, y: 0, width: 560, height: 400 };
    const first = slotInSection(section, []);
    const second = slotInSection(section, [first]);
    expect(second.y).toBe(first.y);
    expect(second.x).toBeGreaterThanOrEqual(first.x + STICKY_SIZE);
  });

  it('diffs text minimally and applies it to a Y.Text without rewriting it', () => {
    expect(textDiff('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(textDiff('abc', 'ac')).toEqual({ index: 1, remove: 1, insert: '' });
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'hej världen');
    const deltas: unknown[] = [];
    text.observe((e) => deltas.push(e.delta));
    applyText(text, 'hej hela världen');
    expect(text.toString()).toBe('hej hela världen');
    expect(deltas).toEqual([[{ retain: 4 }, { insert: 'hela ' }]]);
  });

  it('sets a sticky’s section from where it is dropped, and clears it outside', () => {
    const doc = new Y.Doc();
    const section = createSection(doc, 'me', { title: 'Idéer', x: 0, y: 0, width: 600, height: 400 });
    const id = createSticky(doc, 'me', { ...me, x: 800, y: 800 });
    const sticky = () => readSticky(id, boardMaps(doc).stickies.get(id)!);
    expect(sticky().sectionId).toBeNull();
    expect(moveSticky(doc, 'me', id, 20, 60)).toBe(section);
    expect(sticky().sectionId).toBe(section);
    moveSticky(doc, 'me', id, 900, 60);
    expect(sticky().sectionId).toBeNull();
    moveStickyToSection(doc, 'me', id, section);
    expect(sticky().sectionId).toBe(section);
    expect(sectionAt([{ id: section, x: 0, y: 0, width: 600, height: 400 }], sticky().x, sticky().y)).toBe(section);
    moveStickyToSection(doc, 'me', id, null);
    expect(sticky().sectionId).toBeNull();
    expect(sticky().x).toBeGreaterThanOrEqual(600);
  });

  it('adopts loose stickies inside a new section, not those in another section', () => {
    const doc = new Y.Doc();
    const loose = createSticky(doc, 'me', { ...me, x: 40, y: 80 });
    const outside = createSticky(doc, 'me', { ...me, x: 2000, y: 80 });
    const other = createSection(doc, 'me', { title: 'B', x: 30, y: 300, width: 300, height: 300 });
    const inOther = createSticky(doc, 'me', { ...me, x: 40, y: 340 });
    const section = createSection(doc, 'me', { title: 'A', x: 0, y: 0, width: 1000, height: 1000 });
    const { stickies } = boardMaps(doc);
    expect(readSticky(loose, stickies.get(loose)!).sectionId).toBe(section);
    expect(readSticky(outside, stickies.get(outside)!).sectionId).toBeNull();
    expect(readSticky(inOther, stickies.get(inOther)!).sectionId).toBe(other);
  });

  it('moves a section with its stickies in one transaction', () => {
    const doc = new Y.Doc();
    const section = createSection(doc, 'me', { title: 'A', x: 0, y: 0, width: 600, height: 400 });
    const inside = createSticky(doc, 'me', { ...me, x: 20, y: 60 });
    const outside = createSticky(doc, 'me', { ...me, x: 900, y: 60 });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    moveSection(doc, 'me', section, 100, -20);
    expect(transactions).toBe(1);
    const { stickies, sections } = boardMaps(doc);
    expect(sections.get(section)!.get('x')).toBe(100);
    expect(readSticky(inside, stickies.get(inside)!)).toMatchObject({ x: 120, y: 40, sectionId: section });
    expect(readSticky(outside, stickies.get(outside)!)).toMatchObject({ x: 900, y: 60 });
  });

  it('undoes a deletion per person, restoring the sticky and its text', () => {
    const doc = new Y.Doc();
    const mine = {};
    const { stickies, sections } = boardMaps(doc);
    const undo = new Y.UndoManager([stickies, sections], { trackedOrigins: new Set([mine]) });
    const id = createSticky(doc, mine, { ...me, x: 0, y: 0, text: 'Mindre plast' });
    undo.stopCapturing();
    // Someone else's edit is not in my history.
    createSticky(doc, 'remote', { ...me, x: 300, y: 0, text: 'Annans' });
    deleteSticky(doc, mine, id);
    expect(stickies.has(id)).toBe(false);
    undo.undo();
    expect(readSticky(id, stickies.get(id)!).text).toBe('Mindre plast');
    expect(stickies.size).toBe(2);
  });

  it('orders by creation time, ties by id', () => {
    const list = [
      { id: 'b', createdAt: 2 },
      { id: 'c', createdAt: 1 },
      { id: 'a', createdAt: 2 },
    ];
    expect(list.sort(byCreation).map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });

  it('zooms around a screen point and fits content', () => {
    const v = zoomAt({ x: 0, y: 0, zoom: 1 }, 2, 100, 100);
    expect(v).toEqual({ x: -100, y: -100, zoom: 2 });
    const fit = fitView({ x: 0, y: 0, width: 2000, height: 1000 }, 1000, 600);
    expect(fit.zoom).toBeCloseTo(0.46);
  });

  it('draws in full only the stickies on or next to the screen, and none when zoomed far out', () => {
    // A 1000 × 600 viewport at 100 %, panned so that board point (2000, 1000) is at its top-left corner.
    const rect = detailRect({ x: -2000, y: -1000, zoom: 1 }, 1000, 600)!;
    expect(stickyOverlaps(rect, { x: 2400, y: 1200 })).toBe(true);
    // Partly on screen at the left edge, and just outside the right edge (within the margin).
    expect(stickyOverlaps(rect, { x: 2000 - STICKY_SIZE + 10, y: 1200 })).toBe(true);
    expect(stickyOverlaps(rect, { x: 3050, y: 1200 })).toBe(true);
    // A screen away.
    expect(stickyOverlaps(rect, { x: 4000, y: 1200 })).toBe(false);
    expect(stickyOverlaps(rect, { x: 2400, y: 0 })).toBe(false);
    // At 50 % the same viewport covers twice the board.
    const half = detailRect({ x: -1000, y: -500, zoom: 0.5 }, 1000, 600)!;
    expect(stickyOverlaps(half, { x: 3800, y: 2000 })).toBe(true);
    expect(detailRect({ x: 0, y: 0, zoom: 0.4 }, 1000, 600)).toBeNull();
  });
});

describe('placing a new sticky', () => {
  const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) =>
    Math.abs(a.x - b.x) < STICKY_SIZE && Math.abs(a.y - b.y) < STICKY_SIZE;
  const visible = { x: 0, y: 0, width: 1000, height: 600 };

  it('centres the first one on the view centre', () => {
    expect(placeNewSticky({ x: 500, y: 300 }, [], visible)).toEqual({ x: 420, y: 220 });
  });

  it('puts five in a row in free places near the centre, inside the view, none overlapping', () => {
    const placed: { x: number; y: number }[] = [];
    for (let i = 0; i < 5; i++) placed.push(placeNewSticky({ x: 500, y: 300 }, placed, visible));
    for (const [i, a] of placed.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + STICKY_SIZE).toBeLessThanOrEqual(1000);
      expect(a.y + STICKY_SIZE).toBeLessThanOrEqual(600);
      for (const b of placed.slice(i + 1)) expect(overlap(a, b)).toBe(false);
      // Near the centre: within two steps of it.
      expect(Math.hypot(a.x + STICKY_SIZE / 2 - 500, a.y + STICKY_SIZE / 2 - 300)).toBeLessThan(2 * (STICKY_SIZE + 20) * 1.5);
    }
  });

  it('avoids stickies that are already there, also ones not on the grid', () => {
    const occupied = [{ x: 430, y: 230 }];
    const p = placeNewSticky({ x: 500, y: 300 }, occupied, visible);
    expect(overlap(p, occupied[0]!)).toBe(false);
  });

  it('goes outside the view only when the view is full', () => {
    const small = { x: 0, y: 0, width: 200, height: 200 };
    const first = placeNewSticky({ x: 100, y: 100 }, [], small);
    expect(first).toEqual({ x: 20, y: 20 });
    const second = placeNewSticky({ x: 100, y: 100 }, [first], small);
    expect(overlap(first, second)).toBe(false);
  });

  it('next to a focused sticky: starts right of it', () => {
    expect(placeNewSticky({ x: 180, y: 0 }, [{ x: 0, y: 0 }], visible, true)).toEqual({ x: 180, y: 0 });
  });
});

describe('several stickies at once', () => {
  it('moves, recolours and deletes them in one undo step each', () => {
    const doc = new Y.Doc();
    const origin = { me: 1 };
    const undo = new Y.UndoManager([doc.getMap(BOARD_STICKIES)], { trackedOrigins: new Set([origin]) });
    const ids = [0, 1, 2].map((i) => createSticky(doc, 'seed', { x: i * 200, y: 0, color: 'yellow', authorId: 'a', authorName: 'A' }));
    const { stickies } = boardMaps(doc);
    moveStickiesBy(doc, origin, ids.slice(0, 2), 40, 60);
    expect(ids.map((id) => [stickies.get(id)!.get('x'), stickies.get(id)!.get('y')])).toEqual([[40, 60], [240, 60], [400, 0]]);
    undo.stopCapturing();
    setStickiesColor(doc, origin, ids, 'blue');
    expect(ids.map((id) => stickies.get(id)!.get('color'))).toEqual(['blue', 'blue', 'blue']);
    undo.stopCapturing();
    deleteStickies(doc, origin, ids);
    expect(stickies.size).toBe(0);
    undo.undo();
    expect(stickies.size).toBe(3);
    undo.undo();
    expect(ids.map((id) => stickies.get(id)!.get('color'))).toEqual(['yellow', 'yellow', 'yellow']);
    undo.undo();
    expect(ids.map((id) => stickies.get(id)!.get('x'))).toEqual([0, 200, 400]);
  });

  it('a lasso takes exactly the stickies wholly inside it', () => {
    const list = [
      { id: 'a', x: 0, y: 0 },
      { id: 'b', x: 200, y: 0 },
      { id: 'c', x: 100, y: 300 },
    ];
    expect(stickiesInRect(list, rectFrom({ x: 400, y: 200 }, { x: -10, y: -10 }))).toEqual(['a', 'b']);
    expect(stickiesInRect(list, { x: 10, y: 0, width: 400, height: 500 })).toEqual(['b', 'c']);
  });
});
