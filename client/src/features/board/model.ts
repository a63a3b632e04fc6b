import { BOARD_SECTIONS, BOARD_STICKIES, readSection, readSections, readSticky, SECTION_MIN, STICKY_SIZE, type StickyColor } from '@samla/shared';
import * as Y from 'yjs';

/**
 * The board's non-UI logic: ids, hit-testing, placement and the Yjs writes (the readers are shared:
 * readSticky, readSection, readBoard… in shared/src/docs/board.ts). Every write takes the
 * caller's transaction origin, so that one Y.UndoManager per person tracks exactly their edits.
 */

export const KEY_STEP = 20;
export const KEY_STEP_LARGE = 100;
/** Room above a section's first row of stickies (its title bar). */
export const SECTION_HEADER = 56;
const GAP = 20;

export interface Point {
  x: number;
  y: number;
}
export interface Rect extends Point {
  width: number;
  height: number;
}
export interface SectionRect extends Rect {
  id: string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** 16 lowercase base36 characters from crypto.getRandomValues. */
export function newId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  // 252 is the largest multiple of 36 below 256: reject above it to stay uniform.
  let id = '';
  while (id.length < 16) {
    for (const b of bytes) {
      if (b < 252 && id.length < 16) id += ALPHABET[b % 36];
    }
    crypto.getRandomValues(bytes);
  }
  return id;
}

export const boardMaps = (doc: Y.Doc) => ({
  stickies: doc.getMap<Y.Map<unknown>>(BOARD_STICKIES),
  sections: doc.getMap<Y.Map<unknown>>(BOARD_SECTIONS),
});

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Stable display order: oldest first, ties by id, so every client lists stickies alike. */
export const byCreation = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reading order on the board: top to bottom, then left to right, then id. */
export const byPosition = (a: Point & { id: string }, b: Point & { id: string }): number =>
  a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The section a sticky at (x, y) belongs to: the one containing the sticky's centre. When sections
 * overlap, the smallest wins (a section drawn inside another is the more specific one), ties by id.
 */
export function sectionAt(sections: readonly SectionRect[], x: number, y: number): string | null {
  const cx = x + STICKY_SIZE / 2;
  const cy = y + STICKY_SIZE / 2;
  let best: SectionRect | null = null;
  for (const s of sections) {
    if (cx < s.x || cy < s.y || cx > s.x + s.width || cy > s.y + s.height) continue;
    if (!best || s.width * s.height < best.width * best.height || (s.width * s.height === best.width * best.height && s.id < best.id)) {
      best = s;
    }
  }
  return best ? best.id : null;
}

/**
 * A free place for one more sticky in a section: the first grid slot (row by row) whose square
 * overlaps no sticky already there; below the last row when the section is full.
 */
export function slotInSection(section: Rect, occupied: readonly Point[]): Point {
  const cols = Math.max(1, Math.floor((section.width - GAP) / (STICKY_SIZE + GAP)));
  const overlaps = (p: Point) =>
    occupied.some((o) => Math.abs(o.x - p.x) < STICKY_SIZE && Math.abs(o.y - p.y) < STICKY_SIZE);
  for (let i = 0; i < 10_000; i++) {
    const p = {
      x: section.x + GAP + (i % cols) * (STICKY_SIZE + GAP),
      y: section.y + SECTION_HEADER + Math.floor(i / cols) * (STICKY_SIZE + GAP),
    };
    if (!overlaps(p)) return p;
  }
  return { x: section.x + GAP, y: section.y + SECTION_HEADER };
}

/**
 * Where a new sticky goes: the free place nearest to `anchor` (the view's centre, or right of the focused
 * sticky), so that new stickies never pile on each other. Candidates lie on a grid of sticky-plus-gap steps
 * around the anchor, nearest first; one is free when its square, with a gap around it, overlaps no sticky.
 * Places inside `visible` (the board area on screen) win; when it has no room left, the nearest free place.
 */
export function placeNewSticky(anchor: Point, occupied: readonly Point[], visible: Rect | null, anchorIsCorner = false): Point {
  const start = anchorIsCorner
    ? { x: Math.round(anchor.x), y: Math.round(anchor.y) }
    : { x: Math.round(anchor.x - STICKY_SIZE / 2), y: Math.round(anchor.y - STICKY_SIZE / 2) };
  const step = STICKY_SIZE + GAP;
  const free = (p: Point) =>
    occupied.every((o) => Math.abs(o.x - p.x) >= STICKY_SIZE + GAP / 2 || Math.abs(o.y - p.y) >= STICKY_SIZE + GAP / 2);
  const inside = (p: Point) =>
    !visible ||
    (p.x >= visible.x && p.y >= visible.y && p.x + STICKY_SIZE <= visible.x + visible.width && p.y + STICKY_SIZE <= visible.y + visible.height);
  let fallback: Point | null = null;
  // Rings of growing radius around the start; within a ring, nearest first (ties: above before below, left before right).
  for (let r = 0; r <= 40; r++) {
    const ring: Point[] = [];
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
        ring.push({ x: start.x + dx * step, y: start.y + dy * step });
      }
    }
    ring.sort((a, b) => Math.hypot(a.x - start.x, a.y - start.y) - Math.hypot(b.x - start.x, b.y - start.y) || a.y - b.y || a.x - b.x);
    for (const p of ring) {
      if (!free(p)) continue;
      if (inside(p)) return p;
      fallback ??= p;
    }
    if (fallback && visible && r * step > Math.max(visible.width, visible.height)) break;
  }
  return fallback ?? start;
}

/** The smallest edit that turns `before` into `after`: common prefix and suffix are kept. */
export function textDiff(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  // Do not split a surrogate pair.
  const isLow = (s: string, i: number) => i > 0 && i < s.length && /[\uDC00-\uDFFF]/.test(s[i]!);
  while (start > 0 && (isLow(before, start) || isLow(after, start))) start--;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** Applies `value` to a Y.Text as a minimal delete + insert (not delete-all, insert-all). */
export function applyText(text: Y.Text, value: string): void {
  const { index, remove, insert } = textDiff(text.toString(), value);
  if (remove > 0) text.delete(index, remove);
  if (insert) text.insert(index, insert);
}

export interface NewSticky {
  x: number;
  y: number;
  color: StickyColor;
  authorId: string;
  authorName: string;
  text?: string;
  now?: number;
}

export function createSticky(doc: Y.Doc, origin: unknown, fields: NewSticky): string {
  const { stickies } = boardMaps(doc);
  const id = newId();
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    const text = new Y.Text();
    if (fields.text) text.insert(0, fields.text);
    m.set('text', text);
    m.set('x', fields.x);
    m.set('y', fields.y);
    m.set('color', fields.color);
    m.set('authorId', fields.authorId);
    m.set('authorName', fields.authorName);
    m.set('sectionId', sectionAt(readSections(doc), fields.x, fields.y));
    m.set('createdAt', fields.now ?? Date.now());
    stickies.set(id, m);
  }, origin);
  return id;
}

/** Moves a sticky and sets its section from where it lands. Returns the new section id. */
export function moveSticky(doc: Y.Doc, origin: unknown, id: string, x: number, y: number, updateSection = true): string | null {
  const { stickies } = boardMaps(doc);
  const m = stickies.get(id);
  if (!m) return null;
  let sectionId = (m.get('sectionId') as string | null) ?? null;
  doc.transact(() => {
    if (m.get('x') !== x) m.set('x', x);
    if (m.get('y') !== y) m.set('y', y);
    if (updateSection) {
      sectionId = sectionAt(readSections(doc), x, y);
      if (m.get('sectionId') !== sectionId) m.set('sectionId', sectionId);
    }
  }, origin);
  return sectionId;
}

/** Puts a sticky into a free slot of a section, or (null) just outside all sections. */
export function moveStickyToSection(doc: Y.Doc, origin: unknown, id: string, sectionId: string | null): void {
  const { stickies, sections } = boardMaps(doc);
  const m = stickies.get(id);
  if (!m) return;
  if (sectionId === null) {
    const all = readSections(doc);
    const current = readSticky(id, m);
    if (sectionAt(all, current.x, current.y) === null) {
      doc.transact(() => m.set('sectionId', null), origin);
      return;
    }
    // Right of everything, so that it is outside every section.
    const right = Math.max(...all.map((s) => s.x + s.width)) + GAP;
    moveSticky(doc, origin, id, right, current.y);
    return;
  }
  const target = sections.get(sectionId);
  if (!target) return;
  const rect = readSection(sectionId, target);
  const occupied = [...stickies.entries()]
    .filter(([other, s]) => other !== id && s.get('sectionId') === sectionId)
    .map(([other, s]) => readSticky(other, s));
  const p = slotInSection(rect, occupied);
  doc.transact(() => {
    m.set('x', p.x);
    m.set('y', p.y);
    m.set('sectionId', sectionId);
  }, origin);
}

/** Moves a section by (dx, dy) and every sticky in it, in one transaction. */
export function moveSection(doc: Y.Doc, origin: unknown, sectionId: string, dx: number, dy: number): void {
  const { stickies, sections } = boardMaps(doc);
  const s = sections.get(sectionId);
  if (!s || (dx === 0 && dy === 0)) return;
  doc.transact(() => {
    s.set('x', num(s.get('x')) + dx);
    s.set('y', num(s.get('y')) + dy);
    for (const m of stickies.values()) {
      if (m.get('sectionId') !== sectionId) continue;
      m.set('x', num(m.get('x')) + dx);
      m.set('y', num(m.get('y')) + dy);
    }
  }, origin);
}

export function resizeSection(doc: Y.Doc, origin: unknown, sectionId: string, width: number, height: number): void {
  const s = boardMaps(doc).sections.get(sectionId);
  if (!s) return;
  doc.transact(() => {
    s.set('width', Math.max(SECTION_MIN.width, Math.round(width)));
    s.set('height', Math.max(SECTION_MIN.height, Math.round(height)));
  }, origin);
}

/** Creates a section; stickies without a section whose centre lies inside it join it. */
export function createSection(doc: Y.Doc, origin: unknown, fields: Rect & { title: string }): string {
  const id = newId();
  const { stickies, sections } = boardMaps(doc);
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set('title', fields.title);
    m.set('x', fields.x);
    m.set('y', fields.y);
    m.set('width', fields.width);
    m.set('height', fields.height);
    sections.set(id, m);
    const rect = [{ id, x: fields.x, y: fields.y, width: fields.width, height: fields.height }];
    for (const [stickyId, s] of stickies.entries()) {
      if (s.get('sectionId')) continue;
      const { x, y } = readSticky(stickyId, s);
      if (sectionAt(rect, x, y) === id) s.set('sectionId', id);
    }
  }, origin);
  return id;
}

/** Deletes a section; its stickies stay where they are, without a section. */
export function deleteSection(doc: Y.Doc, origin: unknown, sectionId: string): void {
  const { stickies, sections } = boardMaps(doc);
  doc.transact(() => {
    for (const m of stickies.values()) if (m.get('sectionId') === sectionId) m.set('sectionId', null);
    sections.delete(sectionId);
  }, origin);
}

export function setField(doc: Y.Doc, origin: unknown, map: Y.Map<unknown> | undefined, key: string, value: unknown): void {
  if (!map || map.get(key) === value) return;
  doc.transact(() => map.set(key, value), origin);
}

export function deleteSticky(doc: Y.Doc, origin: unknown, id: string): void {
  const { stickies } = boardMaps(doc);
  if (!stickies.has(id)) return;
  doc.transact(() => stickies.delete(id), origin);
}

/** Bounding box of all content, or null for an empty board. */
export function contentBounds(stickies: readonly Point[], sections: readonly Rect[]): Rect | null {
  const rects: Rect[] = [...stickies.map((p) => ({ ...p, width: STICKY_SIZE, height: STICKY_SIZE })), ...sections];
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 3;
export const clampZoom = (z: number): number => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));

export interface View {
  x: number;
  y: number;
  zoom: number;
}

/** Zooms to `zoom` keeping the board point under the screen point (sx, sy) in place. */
export function zoomAt(view: View, zoom: number, sx: number, sy: number): View {
  const z = clampZoom(zoom);
  const bx = (sx - view.x) / view.zoom;
  const by = (sy - view.y) / view.zoom;
  return { zoom: z, x: sx - bx * z, y: sy - by * z };
}

/** Below this zoom sticky text is too small to read: stickies are drawn as colour blocks only. */
export const FAR_ZOOM = 0.5;
/** Screen pixels around the viewport in which stickies are already drawn in full. */
const DETAIL_MARGIN = 120;

/**
 * The part of the board (board units) in which stickies draw their text, author and colour name; null when
 * none do (zoomed out past FAR_ZOOM). Everything else is a bare, focusable colour block: layout and paint
 * then scale with what is on screen, not with the size of the board.
 */
export function detailRect(view: View, width: number, height: number): Rect | null {
  if (view.zoom < FAR_ZOOM) return null;
  const m = DETAIL_MARGIN / view.zoom;
  return {
    x: -view.x / view.zoom - m,
    y: -view.y / view.zoom - m,
    width: width / view.zoom + 2 * m,
    height: height / view.zoom + 2 * m,
  };
}

/** Whether a sticky whose top-left corner is `at` overlaps `rect`. */
export const stickyOverlaps = (rect: Rect, at: Point): boolean =>
  at.x < rect.x + rect.width && at.x + STICKY_SIZE > rect.x && at.y < rect.y + rect.height && at.y + STICKY_SIZE > rect.y;

/** A view that shows `bounds` inside a viewport of width × height with a margin. */
export function fitView(bounds: Rect | null, width: number, height: number, margin = 40): View {
  if (!bounds) return { x: margin, y: margin, zoom: 1 };
  const zoom = clampZoom(Math.min(1, (width - 2 * margin) / bounds.width, (height - 2 * margin) / bounds.height));
  return {
    zoom,
    x: (width - bounds.width * zoom) / 2 - bounds.x * zoom,
    y: (height - bounds.height * zoom) / 2 - bounds.y * zoom,
  };
}

/**
 * Moves several stickies by (dx, dy) board units in one transaction (one undo step), each taking the section
 * it lands in. `from` gives each sticky's starting place (a drag), else its current place is used.
 */
export function moveStickiesBy(
  doc: Y.Doc,
  origin: unknown,
  ids: readonly string[],
  dx: number,
  dy: number,
  from?: ReadonlyMap<string, Point>,
  updateSection = true,
): void {
  const { stickies } = boardMaps(doc);
  doc.transact(() => {
    for (const id of ids) {
      const m = stickies.get(id);
      if (!m) continue;
      const start = from?.get(id) ?? readSticky(id, m);
      moveSticky(doc, origin, id, Math.round(start.x + dx), Math.round(start.y + dy), updateSection);
    }
  }, origin);
}

/** Gives several stickies one colour, in one transaction. */
export function setStickiesColor(doc: Y.Doc, origin: unknown, ids: readonly string[], color: StickyColor): void {
  const { stickies } = boardMaps(doc);
  doc.transact(() => {
    for (const id of ids) {
      const m = stickies.get(id);
      if (m && m.get('color') !== color) m.set('color', color);
    }
  }, origin);
}

/** Deletes several stickies in one transaction (one undo brings them all back). */
export function deleteStickies(doc: Y.Doc, origin: unknown, ids: readonly string[]): void {
  const { stickies } = boardMaps(doc);
  doc.transact(() => {
    for (const id of ids) if (stickies.has(id)) stickies.delete(id);
  }, origin);
}

/** The rectangle spanned by two corners, in any order. */
export const rectFrom = (a: Point, b: Point): Rect => ({
  x: Math.min(a.x, b.x),
  y: Math.min(a.y, b.y),
  width: Math.abs(a.x - b.x),
  height: Math.abs(a.y - b.y),
});

/** The stickies a lasso selects: those lying wholly inside `rect` (board units). */
export function stickiesInRect(stickies: readonly (Point & { id: string })[], rect: Rect): string[] {
  return stickies
    .filter((s) => s.x >= rect.x && s.y >= rect.y && s.x + STICKY_SIZE <= rect.x + rect.width && s.y + STICKY_SIZE <= rect.y + rect.height)
    .map((s) => s.id);
}
