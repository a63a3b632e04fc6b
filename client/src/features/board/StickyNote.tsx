import { BOARD_SECTIONS, readSticky } from '@samla/shared';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import { textColorOn } from '../../components/color';
import { frameThrottle, useBoard, useInDetail, useYMap } from './context';
import { MAX_DRAWN_DOTS, useStickyDots } from './dots';
import { applyText, boardMaps, textDiff, KEY_STEP, KEY_STEP_LARGE, moveStickiesBy, moveSticky, type Point } from './model';
import { personName } from '../../i18n/personName';

export interface RemoteSelector {
  clientId: number;
  name: string;
  color: string;
}

interface Props {
  id: string;
  map: Y.Map<unknown>;
  selected: boolean;
  /** Start editing on mount (a sticky just created by this person). */
  autoEdit: boolean;
  /** Other people who have this sticky selected. */
  selectors: readonly RemoteSelector[] | undefined;
  /** Titles of all sections by id (stable until a section changes). */
  sectionTitles: ReadonlyMap<string, string>;
}

const readOf = (id: string) => (m: Y.Map<unknown>) => readSticky(id, m);

/** One sticky. Subscribes to its own Y.Map, so a change re-renders this sticky only. */
export const StickyNote = memo(function StickyNote({ id, map, selected, autoEdit, selectors, sectionTitles }: Props) {
  const { t } = useTranslation();
  const board = useBoard();
  const [read] = useState(() => readOf(id));
  const sticky = useYMap(map, read);
  const [editing, setEditing] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const drag = useRef<{
    pointerId: number;
    startX: number;
    startY: number;
    x: number;
    y: number;
    moved: boolean;
    /** Dragging the marked stickies: where each one started. */
    group: Map<string, Point> | null;
  } | null>(null);
  const [dragging, setDragging] = useState(false);
  const write = useRef(
    frameThrottle((x: number, y: number, final: boolean) => moveSticky(board.doc, board.origin, id, x, y, final)),
  ).current;

  const writeGroup = useRef(
    frameThrottle((from: Map<string, Point>, dx: number, dy: number) =>
      moveStickiesBy(board.doc, board.origin, [...from.keys()], dx, dy, from, false),
    ),
  ).current;

  useEffect(() => () => {
    write.cancel();
    writeGroup.cancel();
  }, [write, writeGroup]);

  useEffect(() => {
    if (autoEdit && !board.readOnly) {
      setEditing(true);
    }
  }, [autoEdit, board.readOnly]);

  useEffect(() => {
    if (editing) {
      const el = textRef.current;
      if (el) {
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }
    }
  }, [editing]);

  // Keep the caret where it was when someone else's edit changes the text under it.
  const shownText = useRef(sticky.text);
  const selection = useRef({ start: 0, end: 0 });
  useLayoutEffect(() => {
    const before = shownText.current;
    shownText.current = sticky.text;
    const el = textRef.current;
    if (!editing || !el || before === sticky.text || document.activeElement !== el) return;
    const { index, remove, insert } = textDiff(before, sticky.text);
    const map = (pos: number) => (pos <= index ? pos : pos >= index + remove ? pos - remove + insert.length : index + insert.length);
    el.setSelectionRange(map(selection.current.start), map(selection.current.end));
  }, [sticky.text, editing]);
  const rememberSelection = () => {
    const el = textRef.current;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  };

  const stopEditing = () => {
    setEditing(false);
    rootRef.current?.focus();
  };

  const onTextChange = (value: string) => {
    const text = map.get('text');
    if (!(text instanceof Y.Text)) return;
    // The textarea shows this already: no caret mapping for one's own typing.
    shownText.current = value;
    rememberSelection();
    board.doc.transact(() => applyText(text, value), board.origin);
  };

  // Keyboard users keep the focused sticky in view: after a keyboard move, and on focus.
  const keyMoved = useRef(false);
  const pointerFocus = useRef(false);
  const ensureVisible = () => {
    const el = rootRef.current;
    const viewport = el?.closest('.board__viewport');
    if (!el || !viewport) return;
    const r = el.getBoundingClientRect();
    const v = viewport.getBoundingClientRect();
    const m = 16;
    const dx = r.left < v.left + m ? v.left + m - r.left : r.right > v.right - m ? v.right - m - r.right : 0;
    const dy = r.top < v.top + m ? v.top + m - r.top : r.bottom > v.bottom - m ? v.bottom - m - r.bottom : 0;
    if (dx || dy) board.panBy(dx, dy);
  };
  useLayoutEffect(() => {
    if (!keyMoved.current) return;
    keyMoved.current = false;
    ensureVisible();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sticky.x, sticky.y]);

  const keyMove = (dx: number, dy: number) => {
    keyMoved.current = true;
    const x = sticky.x + dx;
    const y = sticky.y + dy;
    const before = sticky.sectionId;
    const after = moveSticky(board.doc, board.origin, id, x, y);
    const where = after ? t('board.announce.inSection', { title: sectionTitleOf(board.doc, after) }) : t('board.announce.noSection');
    board.announce(
      before !== after ? t('board.announce.movedTo', { x, y, where }) : t('board.announce.moved', { x, y }),
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = e.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    const group = board.groupOf(id);
    if (move) {
      e.preventDefault();
      e.stopPropagation();
      if (board.readOnly) return;
      if (group) {
        keyMoved.current = true;
        board.moveMany(group, move[0], move[1]);
      } else keyMove(move[0], move[1]);
      return;
    }
    if (board.readOnly) return;
    if (e.shiftKey && (e.key === 'Enter' || e.key === ' ')) {
      // Shift+Enter or Shift+Space marks this sticky too (or takes it out of the marked ones).
      e.preventDefault();
      e.stopPropagation();
      board.toggle(id);
      return;
    }
    if (group && (e.key === 'Delete' || e.key === 'Backspace')) {
      e.preventDefault();
      e.stopPropagation();
      board.removeMany(group);
      return;
    }
    switch (e.key) {
      case 'Enter':
      case 'F2':
        e.preventDefault();
        e.stopPropagation();
        setEditing(true);
        break;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        e.stopPropagation();
        board.remove(id);
        break;
      case 'c':
      case 'C':
        e.preventDefault();
        e.stopPropagation();
        board.openPicker('color');
        break;
      case 'm':
      case 'M':
        e.preventDefault();
        e.stopPropagation();
        board.openPicker('section');
        break;
    }
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (editing || e.button !== 0) return;
    // Space held: the board pans instead.
    if ((e.currentTarget.closest('[data-panning]') as HTMLElement | null)?.dataset.panning === 'space') return;
    e.stopPropagation();
    if (e.shiftKey && !board.readOnly) {
      // Shift-click marks it too, or takes it out; no drag.
      board.toggle(id);
      pointerFocus.current = true;
      rootRef.current?.focus({ preventScroll: true });
      pointerFocus.current = false;
      return;
    }
    const ids = board.groupOf(id);
    if (!ids) board.selectOnly(id);
    pointerFocus.current = true;
    rootRef.current?.focus({ preventScroll: true });
    pointerFocus.current = false;
    if (board.readOnly) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { stickies } = boardMaps(board.doc);
    const group = ids
      ? new Map(ids.flatMap((other) => {
          const m = stickies.get(other);
          return m ? [[other, readSticky(other, m)] as const] : [];
        }).map(([other, s]) => [other, { x: s.x, y: s.y }]))
      : null;
    drag.current = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, x: sticky.x, y: sticky.y, moved: false, group };
  };

  const dragTo = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return null;
    const zoom = board.viewRef.current.zoom;
    const dx = (e.clientX - d.startX) / zoom;
    const dy = (e.clientY - d.startY) / zoom;
    if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < 3) return null;
    if (!d.moved) {
      d.moved = true;
      board.stopCapturing();
      setDragging(true);
    }
    return { x: Math.round(d.x + dx), y: Math.round(d.y + dy) };
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = dragTo(e);
    const d = drag.current;
    if (!p || !d) return;
    if (d.group) writeGroup(d.group, p.x - d.x, p.y - d.y);
    else write(p.x, p.y, false);
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const p = dragTo(e);
    const d = drag.current;
    drag.current = null;
    setDragging(false);
    if (!d?.moved || !p) return;
    if (d.group) {
      writeGroup.cancel();
      // The last step lands every marked sticky in its section, in one transaction.
      moveStickiesBy(board.doc, board.origin, [...d.group.keys()], p.x - d.x, p.y - d.y, d.group, true);
      board.announce(t('board.multi.moved', { count: d.group.size }));
      return;
    }
    write.cancel();
    const sectionId = moveSticky(board.doc, board.origin, id, p.x, p.y, true);
    board.announce(
      sectionId
        ? t('board.announce.droppedIn', { title: sectionTitleOf(board.doc, sectionId) })
        : t('board.announce.dropped'),
    );
  };

  // Off screen or zoomed far out: a colour block with the same name, focus and keys, but no text to lay out.
  // The sticky someone works on stays whole wherever it goes.
  const full = useInDetail(board.detail, sticky) || selected || editing || dragging;
  const colorName = t(`board.colors.${sticky.color}`);
  const dots = useStickyDots(id);
  const dotsLabel = dots ? t(dots.mine ? 'board.dots.mine' : 'board.dots.total', { count: dots.count }) : '';
  const label = sticky.text.trim() ? sticky.text : t('board.emptySticky');

  return (
    <div
      ref={rootRef}
      className={`sticky sticky--${sticky.color}${full ? '' : ' sticky--block'}${selected ? ' sticky--selected' : ''}${dragging ? ' sticky--dragging' : ''}${selectors?.length ? ' sticky--remote' : ''}`}
      style={{
        left: sticky.x,
        top: sticky.y,
        ...(selectors?.length ? { outlineColor: selectors[0]!.color } : {}),
      }}
      data-sticky-id={id}
      data-x={sticky.x}
      data-y={sticky.y}
      data-section={sticky.sectionId ?? ''}
      role="group"
      aria-roledescription={t('board.sticky')}
      aria-label={`${t('board.stickyLabel', {
        text: label,
        author: personName(t, sticky.authorName),
        color: colorName,
        section: (sticky.sectionId && sectionTitles.get(sticky.sectionId)) || t('board.noSection'),
      })}${dotsLabel ? `, ${dotsLabel}` : ''}`}
      aria-describedby={board.readOnly ? undefined : board.stickyHelpId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        if (e.target !== e.currentTarget) return;
        board.select(id);
        // A click focuses a sticky that is already in view; panning then would shift it under the pointer.
        if (!pointerFocus.current) ensureVisible();
      }}
      onDoubleClick={() => {
        if (!board.readOnly) setEditing(true);
      }}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      {!full ? null : editing ? (
        <textarea
          ref={textRef}
          className="sticky__input"
          value={sticky.text}
          aria-label={t('board.stickyText')}
          onChange={(e) => onTextChange(e.target.value)}
          onSelect={rememberSelection}
          onBlur={() => setEditing(false)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || (e.key === 'Tab' && !e.shiftKey)) {
              e.preventDefault();
              e.stopPropagation();
              stopEditing();
            } else if (!(e.ctrlKey || e.metaKey)) {
              // Typing never triggers board shortcuts.
              e.stopPropagation();
            }
          }}
          onPointerDown={(e) => e.stopPropagation()}
        />
      ) : (
        <p className="sticky__text" aria-hidden="true">
          {sticky.text || <span className="sticky__placeholder">{t('board.emptySticky')}</span>}
        </p>
      )}
      {full && (
        <p className="sticky__meta" aria-hidden="true">
          <span className="sticky__author">{personName(t, sticky.authorName)}</span>
          <span className="sticky__color">{colorName}</span>
        </p>
      )}
      {dots && (
        // Drawn also as a colour block: the dots are what a vote is about. The number is in the sticky's name.
        <span className={`sticky__dots${dots.mine ? ' sticky__dots--mine' : ''}`} aria-hidden="true" title={dotsLabel}>
          {Array.from({ length: Math.min(dots.count, MAX_DRAWN_DOTS) }, (_, i) => (
            <span key={i} className="sticky__dot" />
          ))}
          {dots.count > MAX_DRAWN_DOTS && <span className="sticky__dots-more">+{dots.count - MAX_DRAWN_DOTS}</span>}
          <span className="sticky__dots-count">{dots.count}</span>
        </span>
      )}
      {full && selectors?.length ? (
        <span className="sticky__selectors" aria-hidden="true">
          {selectors.map((s) => (
            <span key={s.clientId} className="sticky__selector" style={{ background: s.color, color: textColorOn(s.color) }}>
              {s.name}
            </span>
          ))}
        </span>
      ) : null}
    </div>
  );
});

export function sectionTitleOf(doc: Y.Doc, sectionId: string): string {
  const m = doc.getMap<Y.Map<unknown>>(BOARD_SECTIONS).get(sectionId);
  const title = m?.get('title');
  return typeof title === 'string' && title.trim() ? title : '—';
}
