import { readSection } from '@samla/shared';
import { memo, useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { frameThrottle, useBoard, useYMap } from './context';
import { deleteSection, KEY_STEP, KEY_STEP_LARGE, moveSection, resizeSection, setField } from './model';
import { Move } from 'lucide-react';

interface Props {
  id: string;
  map: Y.Map<unknown>;
}

const readOf = (id: string) => (m: Y.Map<unknown>) => readSection(id, m);
const readers = new Map<string, ReturnType<typeof readOf>>();
const readerFor = (id: string) => {
  let r = readers.get(id);
  if (!r) readers.set(id, (r = readOf(id)));
  return r;
};

const arrowDelta = (e: KeyboardEvent): [number, number] | null => {
  const step = e.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
  switch (e.key) {
    case 'ArrowLeft':
      return [-step, 0];
    case 'ArrowRight':
      return [step, 0];
    case 'ArrowUp':
      return [0, -step];
    case 'ArrowDown':
      return [0, step];
    default:
      return null;
  }
};

/** A titled rectangle. Moving it (handle: drag or arrow keys) moves the stickies in it. */
export const SectionFrame = memo(function SectionFrame({ id, map }: Props) {
  const { t } = useTranslation();
  const board = useBoard();
  const section = useYMap(map, readerFor(id));
  const drag = useRef<{ pointerId: number; lastX: number; lastY: number; kind: 'move' | 'resize'; w: number; h: number; sx: number; sy: number } | null>(null);
  const resize = useRef(frameThrottle((w: number, h: number) => resizeSection(board.doc, board.origin, id, w, h))).current;
  // Movement not yet written: summed between animation frames, written in one transaction per frame.
  const pending = useRef({ dx: 0, dy: 0 });
  const flushMove = () => {
    const dx = Math.round(pending.current.dx);
    const dy = Math.round(pending.current.dy);
    pending.current.dx -= dx;
    pending.current.dy -= dy;
    if (dx || dy) moveSection(board.doc, board.origin, id, dx, dy);
  };
  const moveFrame = useRef(frameThrottle(() => flushMove())).current;

  useEffect(
    () => () => {
      moveFrame.cancel();
      resize.cancel();
    },
    [moveFrame, resize],
  );

  const start = (kind: 'move' | 'resize') => (e: PointerEvent<HTMLElement>) => {
    if (board.readOnly || e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    board.stopCapturing();
    pending.current = { dx: 0, dy: 0 };
    drag.current = { pointerId: e.pointerId, lastX: e.clientX, lastY: e.clientY, kind, w: section.width, h: section.height, sx: e.clientX, sy: e.clientY };
  };
  const onMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    e.stopPropagation();
    const zoom = board.viewRef.current.zoom;
    if (d.kind === 'move') {
      pending.current.dx += (e.clientX - d.lastX) / zoom;
      pending.current.dy += (e.clientY - d.lastY) / zoom;
      d.lastX = e.clientX;
      d.lastY = e.clientY;
      moveFrame();
    } else {
      resize(d.w + (e.clientX - d.sx) / zoom, d.h + (e.clientY - d.sy) / zoom);
    }
  };
  const onUp = (e: PointerEvent<HTMLElement>) => {
    if (drag.current?.pointerId !== e.pointerId) return;
    onMove(e);
    drag.current = null;
    moveFrame.flush();
    resize.flush();
  };

  const onHandleKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const delta = arrowDelta(e);
    if (!delta || board.readOnly) return;
    e.preventDefault();
    e.stopPropagation();
    moveSection(board.doc, board.origin, id, delta[0], delta[1]);
    board.announce(t('board.announce.sectionMoved', { title: section.title || t('board.untitledSection'), x: section.x + delta[0], y: section.y + delta[1] }));
  };
  const onResizeKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const delta = arrowDelta(e);
    if (!delta || board.readOnly) return;
    e.preventDefault();
    e.stopPropagation();
    const w = section.width + delta[0];
    const h = section.height + delta[1];
    resizeSection(board.doc, board.origin, id, w, h);
    board.announce(t('board.announce.sectionResized', { width: Math.max(w, 0), height: Math.max(h, 0) }));
  };

  const title = section.title || t('board.untitledSection');
  return (
    <section
      className="board-section"
      style={{ transform: `translate(${section.x}px, ${section.y}px)`, width: section.width, height: section.height }}
      data-section-id={id}
      aria-label={t('board.sectionLabel', { title })}
    >
      <div className="board-section__bar">
        {!board.readOnly && (
          <button
            type="button"
            className="board-section__handle"
            aria-label={t('board.moveSection', { title })}
            title={t('board.moveSectionHint')}
            onKeyDown={onHandleKey}
            onPointerDown={start('move')}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
          >
            <Move className="icon" aria-hidden size={16} strokeWidth={2.25} />
          </button>
        )}
        <input
          className="board-section__title"
          value={section.title}
          placeholder={t('board.untitledSection')}
          aria-label={t('board.sectionTitle')}
          readOnly={board.readOnly}
          onChange={(e) => setField(board.doc, board.origin, map, 'title', e.target.value)}
          onKeyDown={(e) => {
            if (!(e.ctrlKey || e.metaKey)) e.stopPropagation();
          }}
          onPointerDown={(e) => e.stopPropagation()}
        />
        {!board.readOnly && (
          <button
            type="button"
            className="board-section__delete"
            aria-label={t('board.deleteSection', { title })}
            title={t('board.deleteSection', { title })}
            onClick={() => {
              deleteSection(board.doc, board.origin, id);
              board.announce(t('board.announce.sectionDeleted', { title }));
              board.focusSurface();
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      {!board.readOnly && (
        <button
          type="button"
          className="board-section__resize"
          aria-label={t('board.resizeSection', { title })}
          title={t('board.resizeSectionHint')}
          onKeyDown={onResizeKey}
          onPointerDown={start('resize')}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        >
          <span aria-hidden="true">◢</span>
        </button>
      )}
    </section>
  );
});
