import { isStickyColor, readSection, readSections, readStickies, readSticky, SECTION_DEFAULT, STICKY_SIZE, stickyColors, type SectionEntry, type StickyColor } from '@samla/shared';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject, type WheelEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import './board.css';
import { BoardContext, DetailArea, frameThrottle, useBoard, useYMap, type BoardContextValue } from './context';
import {
  boardMaps,
  byCreation,
  clampZoom,
  contentBounds,
  createSection,
  createSticky,
  deleteStickies,
  deleteSticky,
  detailRect,
  fitView,
  moveStickiesBy,
  moveStickyToSection,
  placeNewSticky,
  rectFrom,
  setField,
  setStickiesColor,
  stickiesInRect,
  zoomAt,
  type View,
} from './model';
import { centreOn } from './focus';
import { Outline } from './Outline';
import { RemotePointers, useRemoteSelections } from './presence';
import { SectionFrame } from './SectionFrame';
import { StickyNote } from './StickyNote';
import { Maximize2, Minimize2, Redo2, Undo2 } from 'lucide-react';

export interface BoardViewProps {
  doc: Y.Doc;
  /** y-protocols awareness of the provider; null for read-only past versions. */
  awareness: Awareness | null;
  user: { id: string; name: string; color: string };
  readOnly: boolean;
  /**
   * A sticky to pan to, select and give keyboard focus, once (a `?sticky=` link). When it is not on the
   * board once `synced` (the server's content has arrived), a notice says so.
   */
  stickyToFocus?: string | null;
  /**
   * A section to fit into view whenever it changes (a facilitator bringing everyone to it). Focus and
   * selection stay where they are.
   */
  sectionToShow?: string | null;
  synced?: boolean;
}

const PAN_STEP = 60;
const ZOOM_STEP = 1.25;
const INITIAL_VIEW: View = { x: 40, y: 40, zoom: 1 };

/** Live list of a map's entries (keys added or removed only; nested changes are the children's business). */
function useEntries(map: Y.Map<Y.Map<unknown>>, sort?: (a: [string, Y.Map<unknown>], b: [string, Y.Map<unknown>]) => number) {
  const read = useCallback(() => {
    const list = [...map.entries()];
    return sort ? list.sort(sort) : list;
  }, [map, sort]);
  const [entries, setEntries] = useState(read);
  useEffect(() => {
    const update = () => setEntries(read());
    update();
    map.observe(update);
    return () => map.unobserve(update);
  }, [map, read]);
  return entries;
}

const stickyOrder = (a: [string, Y.Map<unknown>], b: [string, Y.Map<unknown>]) =>
  byCreation({ id: a[0], createdAt: Number(a[1].get('createdAt')) || 0 }, { id: b[0], createdAt: Number(b[1].get('createdAt')) || 0 });

/** Section titles by id; changes identity only when a section changes. */
function useSectionTitles(sections: Y.Map<Y.Map<unknown>>) {
  const read = useCallback(
    () => new Map([...sections.entries()].map(([id, m]) => [id, readSection(id, m).title] as const)),
    [sections],
  );
  const [titles, setTitles] = useState(read);
  useEffect(() => {
    // Only a changed title gives a new map: moving a section must not re-render every sticky.
    const same = (a: Map<string, string>, b: Map<string, string>) =>
      a.size === b.size && [...a].every(([id, title]) => b.get(id) === title);
    const update = () => {
      const next = read();
      setTitles((prev) => (same(prev, next) ? prev : next));
    };
    update();
    sections.observeDeep(update);
    return () => sections.unobserveDeep(update);
  }, [sections, read]);
  return titles;
}

const isTextField = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);

/** An idea board: stickies in sections, co-edited over Yjs, with a list view for screen readers. */
export function BoardView({ doc, awareness, user, readOnly, stickyToFocus = null, sectionToShow = null, synced = true }: BoardViewProps) {
  const { t, i18n } = useTranslation();
  const uid = useId();
  const { stickies, sections } = useMemo(() => boardMaps(doc), [doc]);
  const origin = useMemo(() => ({ board: uid }), [uid]);
  // Created in an effect (not useMemo), so that StrictMode's mount-unmount-mount does not leave a destroyed one.
  const [undoManager, setUndoManager] = useState<Y.UndoManager | null>(null);
  useEffect(() => {
    const manager = new Y.UndoManager([stickies, sections], { trackedOrigins: new Set([origin]) });
    setUndoManager(manager);
    return () => {
      manager.destroy();
      setUndoManager(null);
    };
  }, [stickies, sections, origin]);
  const [history, setHistory] = useState({ undo: false, redo: false });
  useEffect(() => {
    if (!undoManager) return;
    const update = () => setHistory({ undo: undoManager.canUndo(), redo: undoManager.canRedo() });
    update();
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    return () => {
      undoManager.off('stack-item-added', update);
      undoManager.off('stack-item-popped', update);
      undoManager.off('stack-cleared', update);
    };
  }, [undoManager]);

  const stickyEntries = useEntries(stickies, stickyOrder);
  const sectionEntries = useEntries(sections);
  const sectionTitles = useSectionTitles(sections);
  const selections = useRemoteSelections(awareness);

  const [view, setViewState] = useState<View>(INITIAL_VIEW);
  const viewRef = useRef<View>(INITIAL_VIEW);
  const setView = useCallback((next: View | ((v: View) => View)) => {
    const value = typeof next === 'function' ? next(viewRef.current) : next;
    viewRef.current = value;
    setViewState(value);
  }, []);

  const [selected, setSelected] = useState<string | null>(null);
  /**
   * Several stickies marked together (shift-click, lasso, Shift+Space, Ctrl+A); null when not marking. While
   * it is set, `selected` is null, focus moves freely without changing it, and moves, colour and delete apply
   * to all of it.
   */
  const [marked, setMarkedState] = useState<ReadonlySet<string> | null>(null);
  const markedRef = useRef<ReadonlySet<string> | null>(null);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selected;
  const setMarked = useCallback((next: ReadonlySet<string> | null) => {
    const value = next && next.size > 0 ? next : null;
    markedRef.current = value;
    setMarkedState(value);
    if (value) setSelected(null);
  }, []);
  const [autoEdit, setAutoEdit] = useState<string | null>(null);
  // Only the sticky's first mount starts editing; not a remount after undo or the list view.
  useEffect(() => {
    if (!autoEdit) return;
    const frame = requestAnimationFrame(() => setAutoEdit(null));
    return () => cancelAnimationFrame(frame);
  }, [autoEdit]);
  const [outline, setOutline] = useState(false);
  /** The board over the whole window, for working on it during a session. */
  const [fullscreen, setFullscreen] = useState(false);
  const [message, setMessage] = useState('');
  const [toast, setToast] = useState<{ text: string } | null>(null);
  const [color, setColor] = useState<StickyColor>('yellow');
  const [panning, setPanning] = useState<'space' | 'drag' | null>(null);
  const spaceHeld = useRef(false);

  const rootRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const colorRef = useRef<HTMLSelectElement>(null);
  const sectionRef = useRef<HTMLSelectElement>(null);

  // Kept by a ResizeObserver: reading clientWidth in a key handler forced a style and layout of the whole
  // board before every zoom step.
  const sizeRef = useRef<{ width: number; height: number } | null>(null);
  const [sizeKnown, setSizeKnown] = useState(0);
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => {
      sizeRef.current = { width: el.clientWidth, height: el.clientHeight };
      setSizeKnown((n) => n + 1);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [outline]);
  const viewportSize = () => sizeRef.current ?? { width: 800, height: 600 };
  const detail = useMemo(() => new DetailArea(), []);
  useLayoutEffect(() => {
    const size = sizeRef.current;
    detail.set(size ? detailRect(view, size.width, size.height) : null);
  }, [detail, view, sizeKnown]);

  // Presence: the caller sets `user`; add it if missing, and publish pointer and selection.
  useEffect(() => {
    if (!awareness) return;
    if (!awareness.getLocalState()?.user) awareness.setLocalStateField('user', { name: user.name, color: user.color });
    return () => {
      if (awareness.getLocalState()) {
        awareness.setLocalStateField('pointer', null);
        awareness.setLocalStateField('selected', null);
      }
    };
  }, [awareness, user.name, user.color]);
  useEffect(() => {
    awareness?.setLocalStateField('selected', selected);
  }, [awareness, selected]);
  const publishPointer = useMemo(
    () => frameThrottle((p: { x: number; y: number } | null) => awareness?.setLocalStateField('pointer', p)),
    [awareness],
  );
  useEffect(() => () => publishPointer.cancel(), [publishPointer]);

  // Selection of a sticky that disappeared (deleted by anyone) is dropped.
  useEffect(() => {
    if (selected && !stickies.has(selected)) setSelected(null);
    const m = markedRef.current;
    if (m && [...m].some((id) => !stickies.has(id))) setMarked(new Set([...m].filter((id) => stickies.has(id))));
  }, [stickyEntries, selected, stickies, setMarked]);

  // The number of marked stickies is announced whenever it changes.
  const markedCount = marked?.size ?? 0;
  const lastCount = useRef(0);
  useEffect(() => {
    if (markedCount === lastCount.current) return;
    lastCount.current = markedCount;
    announce(markedCount > 0 ? t('board.multi.count', { count: markedCount }) : t('board.multi.cleared'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markedCount]);

  const announce = useCallback((text: string) => {
    // A changed string is announced again even when equal to the last one.
    setMessage((prev) => (prev === text ? `${text}\u00a0` : text));
  }, []);

  const focusSticky = useCallback((id: string) => {
    rootRef.current?.querySelector<HTMLElement>(`[data-sticky-id="${id}"]`)?.focus();
  }, []);

  // A `?sticky=` link: centre the sticky, select it and focus it as soon as it exists; say so if it does not.
  const focusHandled = useRef<string | null>(null);
  const [missingSticky, setMissingSticky] = useState(false);
  useEffect(() => {
    if (!stickyToFocus || focusHandled.current === stickyToFocus) return;
    const m = stickies.get(stickyToFocus);
    if (!m) {
      if (synced) {
        focusHandled.current = stickyToFocus;
        setMissingSticky(true);
      }
      return;
    }
    focusHandled.current = stickyToFocus;
    setMissingSticky(false);
    setOutline(false);
    const { width, height } = viewportSize();
    setView((v) => centreOn(v, readSticky(stickyToFocus, m), width, height));
    setSelected(stickyToFocus);
    setFocusNow(stickyToFocus);
  }, [stickyToFocus, synced, stickyEntries, stickies, setView]);
  // A section brought into view: fit it once when it appears or changes (its later edits do not move anyone's view).
  const shownSection = useRef<string | null>(null);
  useEffect(() => {
    if (!sectionToShow) {
      shownSection.current = null;
      return;
    }
    if (shownSection.current === sectionToShow) return;
    const m = sections.get(sectionToShow);
    if (!m) return;
    shownSection.current = sectionToShow;
    setOutline(false);
    const { width, height } = viewportSize();
    setView(fitView(readSection(sectionToShow, m), width, height));
  }, [sectionToShow, sectionEntries, sections, setView]);

  // After the render that moved the view: the sticky is in place, focus it (its onFocus keeps it selected).
  const [focusNow, setFocusNow] = useState<string | null>(null);
  useEffect(() => {
    if (!focusNow) return;
    rootRef.current?.querySelector<HTMLElement>(`[data-sticky-id="${CSS.escape(focusNow)}"]`)?.focus();
    setFocusNow(null);
  }, [focusNow]);

  const undo = useCallback(() => {
    setToast(null);
    if (undoManager?.undo()) announce(t('board.announce.undone'));
  }, [undoManager, announce, t]);
  const redo = useCallback(() => {
    if (undoManager?.redo()) announce(t('board.announce.redone'));
  }, [undoManager, announce, t]);

  const context = useMemo<BoardContextValue>(
    () => ({
      doc,
      origin,
      readOnly,
      viewRef,
      select: (id) => {
        // While several are marked, focus moves without changing the marking; null clears it.
        if (markedRef.current) {
          if (id === null) setMarked(null);
          return;
        }
        setSelected(id);
      },
      selectOnly: (id) => {
        setMarked(null);
        setSelected(id);
      },
      toggle: (id) => {
        const current = markedRef.current ?? new Set(selectedRef.current ? [selectedRef.current] : []);
        const next = new Set(current);
        // The one sticky selected by focus or a click becomes the first marked one, not unmarked.
        if (next.has(id) && markedRef.current) next.delete(id);
        else next.add(id);
        setMarked(next);
        if (next.size === 0) setSelected(null);
      },
      groupOf: (id) => {
        const m = markedRef.current;
        return m && m.has(id) ? [...m] : null;
      },
      moveMany: (ids, dx, dy) => {
        undoManager?.stopCapturing();
        moveStickiesBy(doc, origin, ids, dx, dy);
        undoManager?.stopCapturing();
        announce(t('board.multi.moved', { count: ids.length }));
      },
      removeMany: (ids) => {
        undoManager?.stopCapturing();
        deleteStickies(doc, origin, ids);
        undoManager?.stopCapturing();
        setMarked(null);
        setSelected(null);
        setToast({ text: t('board.multi.deletedToast', { count: ids.length }) });
        announce(t('board.multi.deleted', { count: ids.length }));
        viewportRef.current?.focus();
      },
      announce,
      focusSurface: () => viewportRef.current?.focus(),
      remove: (id) => {
        if (!stickies.has(id)) return;
        undoManager?.stopCapturing();
        deleteSticky(doc, origin, id);
        undoManager?.stopCapturing();
        setSelected(null);
        setToast({ text: t('board.deletedToast') });
        announce(t('board.announce.deleted'));
        viewportRef.current?.focus();
      },
      openPicker: (kind) => (kind === 'color' ? colorRef : sectionRef).current?.focus(),
      stopCapturing: () => undoManager?.stopCapturing(),
      stickyHelpId: `${uid}-sticky-help`,
      panBy: (dx, dy) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy })),
      detail,
    }),
    [doc, origin, readOnly, announce, stickies, undoManager, t, uid, setView, detail, setMarked],
  );


  /** `nextTo`: N pressed on a sticky puts the new one beside it; otherwise it goes near the view's centre. */
  const newSticky = (nextTo: string | null = null) => {
    if (readOnly) return;
    const { width, height } = viewportSize();
    const v = viewRef.current;
    const focused = nextTo ? stickies.get(nextTo) : undefined;
    const occupied = readStickies(doc);
    // The part of the board on screen, less a margin, in board units.
    const margin = 16;
    const visible = {
      x: (margin - v.x) / v.zoom,
      y: (margin - v.y) / v.zoom,
      width: Math.max(0, width - 2 * margin) / v.zoom,
      height: Math.max(0, height - 2 * margin) / v.zoom,
    };
    const beside = focused ? readSticky(nextTo!, focused) : null;
    const at = beside
      ? placeNewSticky({ x: beside.x + STICKY_SIZE + 20, y: beside.y }, occupied, visible, true)
      : placeNewSticky({ x: (width / 2 - v.x) / v.zoom, y: (height / 2 - v.y) / v.zoom }, occupied, visible);
    undoManager?.stopCapturing();
    const id = createSticky(doc, origin, { ...at, color, authorId: user.id, authorName: user.name });
    undoManager?.stopCapturing();
    setAutoEdit(id);
    setMarked(null);
    setSelected(id);
    announce(t('board.announce.created'));
  };

  const newSection = () => {
    if (readOnly) return;
    const { width, height } = viewportSize();
    const v = viewRef.current;
    const cx = (width / 2 - v.x) / v.zoom;
    const cy = (height / 2 - v.y) / v.zoom;
    undoManager?.stopCapturing();
    const id = createSection(doc, origin, {
      title: t('board.newSectionTitle', { n: sections.size + 1 }),
      x: Math.round(cx - SECTION_DEFAULT.width / 2),
      y: Math.round(cy - SECTION_DEFAULT.height / 2),
      ...SECTION_DEFAULT,
    });
    undoManager?.stopCapturing();
    announce(t('board.announce.sectionCreated'));
    requestAnimationFrame(() =>
      rootRef.current?.querySelector<HTMLInputElement>(`[data-section-id="${id}"] input`)?.select(),
    );
  };

  const zoomBy = (factor: number) => {
    const { width, height } = viewportSize();
    setView((v) => zoomAt(v, v.zoom * factor, width / 2, height / 2));
  };
  const zoomTo100 = () => {
    const { width, height } = viewportSize();
    setView((v) => zoomAt(v, 1, width / 2, height / 2));
  };
  const fit = () => {
    const { width, height } = viewportSize();
    const s = readStickies(doc);
    const sec = readSections(doc);
    setView(fitView(contentBounds(s, sec), width, height));
  };

  const onRootKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && !readOnly && (key === 'z' || key === 'y')) {
      e.preventDefault();
      if (key === 'y' || e.shiftKey) redo();
      else undo();
      return;
    }
    if (e.key === ' ' && !isTextField(e.target) && viewportRef.current?.contains(e.target as Node)) {
      // Space is for panning with the pointer here, not for scrolling the page.
      e.preventDefault();
      return;
    }
    if (isTextField(e.target)) {
      if (e.key === 'Escape' && selected && (e.target === colorRef.current || e.target === sectionRef.current)) {
        e.preventDefault();
        focusSticky(selected);
      }
      return;
    }
    if (mod && key === 'a' && !outline && !e.altKey && !e.shiftKey) {
      // Ctrl/Cmd+A marks every sticky.
      e.preventDefault();
      if (stickies.size > 0) setMarked(new Set(stickies.keys()));
      return;
    }
    if (mod || e.altKey) return;
    if (key === 'n' && !readOnly && !outline) {
      e.preventDefault();
      const onSticky = (e.target as HTMLElement).dataset?.stickyId;
      newSticky(onSticky && !markedRef.current ? onSticky : null);
      return;
    }
    if (key === 'f') {
      e.preventDefault();
      setFullscreen((f) => !f);
      return;
    }
    // Esc first lets go of the marked stickies, then leaves full screen.
    if (e.key === 'Escape' && markedRef.current) {
      e.preventDefault();
      setMarked(null);
      announce(t('board.multi.cleared'));
      return;
    }
    if (e.key === 'Escape' && fullscreen && (!selected || e.target !== viewportRef.current)) {
      e.preventDefault();
      setFullscreen(false);
      return;
    }
    if (e.target !== viewportRef.current) return;
    const step = e.shiftKey ? PAN_STEP * 4 : PAN_STEP;
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [step, 0],
      ArrowRight: [-step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const pan = pans[e.key];
    if (pan) {
      e.preventDefault();
      setView((v) => ({ ...v, x: v.x + pan[0], y: v.y + pan[1] }));
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      zoomBy(ZOOM_STEP);
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      zoomBy(1 / ZOOM_STEP);
    } else if (e.key === '0') {
      e.preventDefault();
      zoomTo100();
    } else if (e.key === 'Escape') {
      setSelected(null);
    }
  };

  // Space + drag pans from anywhere on the board (while no text field has focus).
  useEffect(() => {
    const down = (e: globalThis.KeyboardEvent) => {
      if (e.key === ' ' && !isTextField(e.target) && rootRef.current?.contains(document.activeElement)) {
        spaceHeld.current = true;
        setPanning((p) => p ?? 'space');
      }
    };
    const up = (e: globalThis.KeyboardEvent) => {
      if (e.key === ' ') {
        spaceHeld.current = false;
        setPanning((p) => (p === 'space' ? null : p));
      }
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  const panDrag = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  /** A lasso being drawn with the mouse on empty board: its start and current corner, screen px in the viewport. */
  const lassoDrag = useRef<{ pointerId: number; start: { x: number; y: number }; add: boolean } | null>(null);
  const [lasso, setLasso] = useState<{ x: number; y: number; width: number; height: number } | null>(null);
  /** Touch points down on the viewport; two of them pinch-zoom around their midpoint. */
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; mid: { x: number; y: number } } | null>(null);
  const viewportPoint = (clientX: number, clientY: number) => {
    const rect = viewportRef.current!.getBoundingClientRect();
    return { x: clientX - rect.left, y: clientY - rect.top };
  };
  const pinchOf = () => {
    const [a, b] = [...touches.current.values()];
    if (!a || !b) return null;
    return { distance: Math.hypot(a.x - b.x, a.y - b.y), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };
  const toBoard = (clientX: number, clientY: number) => {
    const rect = viewportRef.current!.getBoundingClientRect();
    const v = viewRef.current;
    return { x: Math.round((clientX - rect.left - v.x) / v.zoom), y: Math.round((clientY - rect.top - v.y) / v.zoom) };
  };
  const onViewportPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 && e.button !== 1) return;
    if (isTextField(e.target)) return;
    const target = e.target as HTMLElement;
    if (target.closest('button') && !spaceHeld.current) return;
    e.preventDefault();
    viewportRef.current?.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture(e.pointerId);
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, viewportPoint(e.clientX, e.clientY));
      if (touches.current.size === 2) {
        // A second finger: pinch instead of panning.
        panDrag.current = null;
        pinch.current = pinchOf();
        return;
      }
    }
    // Plain mouse drag on empty board draws a lasso; space + drag, the middle button and touch pan.
    if (e.pointerType === 'mouse' && e.button === 0 && !spaceHeld.current && !readOnly) {
      const start = viewportPoint(e.clientX, e.clientY);
      lassoDrag.current = { pointerId: e.pointerId, start, add: e.shiftKey };
      if (!e.shiftKey) {
        setMarked(null);
        setSelected(null);
      }
      return;
    }
    if (!spaceHeld.current) setSelected(null);
    panDrag.current = { pointerId: e.pointerId, x: e.clientX, y: e.clientY };
    setPanning((p) => p ?? 'drag');
  };
  const onViewportPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (awareness) publishPointer(toBoard(e.clientX, e.clientY));
    if (e.pointerType === 'touch' && touches.current.has(e.pointerId)) {
      touches.current.set(e.pointerId, viewportPoint(e.clientX, e.clientY));
      const before = pinch.current;
      const now = pinchOf();
      if (before && now && before.distance > 0) {
        pinch.current = now;
        setView((v) => {
          const zoomed = zoomAt(v, v.zoom * (now.distance / before.distance), now.mid.x, now.mid.y);
          return { ...zoomed, x: zoomed.x + now.mid.x - before.mid.x, y: zoomed.y + now.mid.y - before.mid.y };
        });
        return;
      }
    }
    const l = lassoDrag.current;
    if (l && l.pointerId === e.pointerId) {
      setLasso(rectFrom(l.start, viewportPoint(e.clientX, e.clientY)));
      return;
    }
    const d = panDrag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    d.x = e.clientX;
    d.y = e.clientY;
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  };
  const onViewportPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    touches.current.delete(e.pointerId);
    if (touches.current.size < 2) pinch.current = null;
    const l = lassoDrag.current;
    if (l && l.pointerId === e.pointerId) {
      lassoDrag.current = null;
      setLasso(null);
      const end = viewportPoint(e.clientX, e.clientY);
      if (Math.hypot(end.x - l.start.x, end.y - l.start.y) < 4) return;
      const v = viewRef.current;
      const toBoardRect = (r: { x: number; y: number; width: number; height: number }) => ({
        x: (r.x - v.x) / v.zoom,
        y: (r.y - v.y) / v.zoom,
        width: r.width / v.zoom,
        height: r.height / v.zoom,
      });
      const inside = stickiesInRect(
        readStickies(doc),
        toBoardRect(rectFrom(l.start, end)),
      );
      const next = new Set(l.add ? [...(markedRef.current ?? (selected ? [selected] : []))] : []);
      for (const id of inside) next.add(id);
      setMarked(next);
      if (next.size === 0) announce(t('board.multi.none'));
      return;
    }
    if (panDrag.current?.pointerId !== e.pointerId) return;
    panDrag.current = null;
    setPanning((p) => (p === 'drag' ? null : p));
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    const rect = viewportRef.current!.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      const factor = Math.exp(-e.deltaY * 0.002);
      setView((v) => zoomAt(v, v.zoom * factor, e.clientX - rect.left, e.clientY - rect.top));
    } else {
      setView((v) => ({ ...v, x: v.x - e.deltaX, y: v.y - e.deltaY }));
    }
  };
  // React's wheel listener is passive; stop the page from zooming or scrolling under the board.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const block = (e: globalThis.WheelEvent) => e.preventDefault();
    el.addEventListener('wheel', block, { passive: false });
    return () => el.removeEventListener('wheel', block);
  }, [outline]);

  const selectedMap = selected ? stickies.get(selected) : undefined;
  const sectionOptions = sectionEntries
    .map(([id, m]) => readSection(id, m))
    .sort((a, b) => a.y - b.y || a.x - b.x);
  // Panning and zooming re-render the board: reuse the same elements so that React skips the stickies.
  const stickyElements = useMemo(
    () =>
      stickyEntries.map(([id, m]) => (
        <StickyNote
          key={id}
          id={id}
          map={m}
          selected={selected === id || (marked?.has(id) ?? false)}
          autoEdit={autoEdit === id}
          selectors={selections.get(id)}
          sectionTitles={sectionTitles}
        />
      )),
    [stickyEntries, selected, marked, autoEdit, selections, sectionTitles],
  );
  const percent = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent' }).format(view.zoom);
  const empty = stickyEntries.length === 0 && sectionEntries.length === 0;

  return (
    <BoardContext.Provider value={context}>
      <div className={fullscreen ? 'board board--fullscreen' : 'board'} ref={rootRef} onKeyDown={onRootKeyDown}>
        <div className="board__toolbar" role="group" aria-label={t('board.toolbar')}>
          {!readOnly && (
            <>
              <button type="button" className="button button--primary button--quiet" onClick={() => newSticky()} disabled={outline} aria-keyshortcuts="N">
                {t('board.newSticky')}
              </button>
              <button type="button" className="button button--quiet" onClick={newSection} disabled={outline}>
                {t('board.newSection')}
              </button>
              <label className="board__field">
                <span>{t('board.newColor')}</span>
                <select value={color} onChange={(e) => isStickyColor(e.target.value) && setColor(e.target.value)}>
                  <ColorOptions />
                </select>
              </label>
              <span className="board__sep" aria-hidden="true" />
              <button type="button" className="board__icon" onClick={undo} disabled={!history.undo} aria-keyshortcuts="Control+Z" title={t('board.undo')}>
                <Undo2 className="icon" aria-hidden size={16} strokeWidth={2.25} />
                <span className="visually-hidden">{t('board.undo')}</span>
              </button>
              <button type="button" className="board__icon" onClick={redo} disabled={!history.redo} aria-keyshortcuts="Control+Shift+Z" title={t('board.redo')}>
                <Redo2 className="icon" aria-hidden size={16} strokeWidth={2.25} />
                <span className="visually-hidden">{t('board.redo')}</span>
              </button>
              <span className="board__sep" aria-hidden="true" />
            </>
          )}
          {!outline && (
            <>
              <button type="button" className="board__icon" onClick={() => zoomBy(1 / ZOOM_STEP)} title={t('board.zoomOut')} disabled={view.zoom <= clampZoom(0)}>
                <span aria-hidden="true">−</span>
                <span className="visually-hidden">{t('board.zoomOut')}</span>
              </button>
              <output className="board__zoom" aria-label={t('board.zoomLevel')}>
                {percent}
              </output>
              <button type="button" className="board__icon" onClick={() => zoomBy(ZOOM_STEP)} title={t('board.zoomIn')} disabled={view.zoom >= clampZoom(Infinity)}>
                <span aria-hidden="true">+</span>
                <span className="visually-hidden">{t('board.zoomIn')}</span>
              </button>
              <button type="button" className="button button--quiet" onClick={fit}>
                {t('board.fit')}
              </button>
              <button type="button" className="button button--quiet" onClick={zoomTo100}>
                {t('board.actualSize')}
              </button>
              <span className="board__sep" aria-hidden="true" />
            </>
          )}
          <button type="button" className="button button--quiet" aria-pressed={outline} onClick={() => setOutline((o) => !o)}>
            {t('board.showAsList')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-pressed={fullscreen}
            aria-keyshortcuts="F"
            title={t('board.fullscreenHint')}
            onClick={() => setFullscreen((f) => !f)}
          >
            {fullscreen ? <Minimize2 className="icon" aria-hidden size={16} /> : <Maximize2 className="icon" aria-hidden size={16} />}
            {t('board.fullscreen')}
          </button>
        </div>

        {!readOnly && !outline && (
          // Always there, so that selecting a sticky does not shift the board under the pointer.
          <div className="board__selection" role="group" aria-label={t('board.selectedSticky')}>
            {marked ? (
              <MarkedPanel ids={[...marked]} />
            ) : selectedMap && selected ? (
              <SelectionPanel key={selected} id={selected} map={selectedMap} sections={sectionOptions} colorRef={colorRef} sectionRef={sectionRef} />
            ) : (
              <p className="board__hint">{t('board.noSelection')}</p>
            )}
          </div>
        )}

        {missingSticky && (
          <div className="notice board__missing" role="alert">
            <p>{t('related.stickyNotFound')}</p>
            <button type="button" className="button button--small" onClick={() => setMissingSticky(false)}>
              {t('related.dismiss')}
            </button>
          </div>
        )}

        {outline ? (
          <Outline headingLevel={2} />
        ) : (
          <div
            ref={viewportRef}
            className="board__viewport"
            role="region"
            aria-label={t('board.surface')}
            aria-describedby={`${uid}-surface-help`}
            tabIndex={0}
            data-panning={panning ?? undefined}
            onPointerDown={onViewportPointerDown}
            onPointerMove={onViewportPointerMove}
            onPointerUp={onViewportPointerUp}
            onPointerCancel={onViewportPointerUp}
            onPointerLeave={() => awareness && publishPointer(null)}
            onWheel={onWheel}
            onScroll={(e) => {
              // Focus moving to an off-screen sticky scrolls the viewport: turn that into a pan.
              const el = e.currentTarget;
              const { scrollLeft: dx, scrollTop: dy } = el;
              if (!dx && !dy) return;
              el.scrollLeft = 0;
              el.scrollTop = 0;
              setView((v) => ({ ...v, x: v.x - dx, y: v.y - dy }));
            }}
          >
            <div
              className="board__content"
              style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}
            >
              {sectionEntries.map(([id, m]) => (
                <SectionFrame key={id} id={id} map={m} />
              ))}
              {stickyElements}
              {awareness && <RemotePointers awareness={awareness} />}
            </div>
            {lasso && (
              <div
                className="board__lasso"
                aria-hidden="true"
                style={{ left: lasso.x, top: lasso.y, width: lasso.width, height: lasso.height }}
              />
            )}
            {empty && <p className="board__empty">{readOnly ? t('board.empty') : t('board.emptyHint')}</p>}
          </div>
        )}

        <p id={`${uid}-surface-help`} className="visually-hidden">
          {readOnly ? t('board.surfaceHelpReadOnly') : t('board.surfaceHelp')}
        </p>
        <p id={`${uid}-sticky-help`} className="visually-hidden">
          {t('board.stickyHelp')}
        </p>
        <div className="visually-hidden" aria-live="polite" data-testid="board-announcer">
          {message}
        </div>
        {toast && (
          <div className="board__toast" role="status">
            <span>{toast.text}</span>
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                undo();
                setToast(null);
              }}
            >
              {t('board.undo')}
            </button>
            <button type="button" className="board__icon" onClick={() => setToast(null)} title={t('board.closeToast')}>
              <span aria-hidden="true">×</span>
              <span className="visually-hidden">{t('board.closeToast')}</span>
            </button>
          </div>
        )}
      </div>
    </BoardContext.Provider>
  );
}

const readerFor = (id: string) => (m: Y.Map<unknown>) => readSticky(id, m);

/** Colour, section and delete for the selected sticky; follows that sticky's changes live. */
function SelectionPanel({
  id,
  map,
  sections,
  colorRef,
  sectionRef,
}: {
  id: string;
  map: Y.Map<unknown>;
  sections: readonly SectionEntry[];
  colorRef: RefObject<HTMLSelectElement | null>;
  sectionRef: RefObject<HTMLSelectElement | null>;
}) {
  const { t } = useTranslation();
  const board = useBoard();
  const [read] = useState(() => readerFor(id));
  const sticky = useYMap(map, read);
  return (
    <>
      <label className="board__field">
        <span>{t('board.color')}</span>
        <select
          ref={colorRef}
          value={sticky.color}
          aria-keyshortcuts="C"
          onChange={(e) => {
            const value = e.target.value;
            if (!isStickyColor(value)) return;
            setField(board.doc, board.origin, map, 'color', value);
            board.announce(t('board.announce.color', { color: t(`board.colors.${value}`) }));
          }}
        >
          <ColorOptions />
        </select>
      </label>
      <label className="board__field">
        <span>{t('board.moveToSection')}</span>
        <select
          ref={sectionRef}
          value={sticky.sectionId ?? ''}
          aria-keyshortcuts="M"
          onChange={(e) => {
            const target = e.target.value || null;
            moveStickyToSection(board.doc, board.origin, id, target);
            board.announce(
              target
                ? t('board.announce.droppedIn', {
                    title: sections.find((s) => s.id === target)?.title || t('board.untitledSection'),
                  })
                : t('board.announce.dropped'),
            );
          }}
        >
          <option value="">{t('board.noSection')}</option>
          {sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title || t('board.untitledSection')}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--quiet" onClick={() => board.remove(id)} aria-keyshortcuts="Delete">
        {t('board.delete')}
      </button>
    </>
  );
}

/** The marked stickies: how many, one colour for all, delete all, and letting go; each change is one undo step. */
function MarkedPanel({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const board = useBoard();
  const colors = useMemo(() => {
    const { stickies } = boardMaps(board.doc);
    return new Set(ids.map((id) => stickies.get(id)?.get('color')));
  }, [board.doc, ids]);
  const shared = colors.size === 1 ? [...colors][0] : '';
  const [color, setColor] = useState<string>(isStickyColor(shared) ? shared : '');
  return (
    <>
      <p className="board__count" data-testid="board-marked-count">
        {t('board.multi.count', { count: ids.length })}
      </p>
      <label className="board__field">
        <span>{t('board.multi.color')}</span>
        <select
          value={color}
          onChange={(e) => {
            const value = e.target.value;
            if (!isStickyColor(value)) return;
            setColor(value);
            board.stopCapturing();
            setStickiesColor(board.doc, board.origin, ids, value);
            board.stopCapturing();
            board.announce(t('board.multi.colored', { count: ids.length, color: t(`board.colors.${value}`) }));
          }}
        >
          {color === '' && <option value="">{t('board.multi.mixed')}</option>}
          <ColorOptions />
        </select>
      </label>
      <button type="button" className="button button--quiet" onClick={() => board.removeMany(ids)} aria-keyshortcuts="Delete">
        {t('board.multi.delete', { count: ids.length })}
      </button>
      <button type="button" className="button button--quiet" onClick={() => board.select(null)} aria-keyshortcuts="Escape">
        {t('board.multi.clear')}
      </button>
    </>
  );
}

/** The six sticky colours as options, by name. */
function ColorOptions() {
  const { t } = useTranslation();
  return (
    <>
      {stickyColors.map((c) => (
        <option key={c} value={c}>
          {t(`board.colors.${c}`)}
        </option>
      ))}
    </>
  );
}
