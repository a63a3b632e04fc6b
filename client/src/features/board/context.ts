import { createContext, useContext, useEffect, useState, useSyncExternalStore, type RefObject } from 'react';
import type * as Y from 'yjs';
import { stickyOverlaps, type Point, type Rect, type View } from './model';

/** What every sticky and section needs from the board; the value is stable for the board's life. */
export interface BoardContextValue {
  doc: Y.Doc;
  /** The transaction origin of this person's edits, tracked by their UndoManager. */
  origin: object;
  readOnly: boolean;
  viewRef: RefObject<View>;
  /** Selects the sticky that got focus; while several are marked it keeps them (null lets go of all). */
  select(id: string | null): void;
  /** Selects just this sticky (a click), letting go of any marked ones. */
  selectOnly(id: string): void;
  /** Shift-click, Shift+Space or Shift+Enter: adds the sticky to the marked ones or takes it out. */
  toggle(id: string): void;
  /** The marked stickies when `id` is one of them, else null. */
  groupOf(id: string): string[] | null;
  /** Moves stickies by board units in one undo step, and says so. */
  moveMany(ids: readonly string[], dx: number, dy: number): void;
  /** Deletes stickies in one undo step, with the undo toast. */
  removeMany(ids: readonly string[]): void;
  announce(message: string): void;
  /** Focus the board surface (after the focused sticky disappears). */
  focusSurface(): void;
  remove(id: string): void;
  /** Focus the colour or section picker of the selected sticky. */
  openPicker(kind: 'color' | 'section'): void;
  stopCapturing(): void;
  /** Pans the view by screen pixels. */
  panBy(dx: number, dy: number): void;
  /** Id of the hidden text that explains a sticky's keys. */
  stickyHelpId: string;
  detail: DetailArea;
}

/**
 * Where on the board stickies draw in full (see `detailRect`). Each sticky subscribes with `useInDetail`, so a
 * pan or zoom re-renders only the stickies that come into or go out of it.
 */
export class DetailArea {
  private rect: Rect | null = null;
  private readonly listeners = new Set<() => void>();

  set(rect: Rect | null): void {
    const r = this.rect;
    if (r === rect || (r && rect && r.x === rect.x && r.y === rect.y && r.width === rect.width && r.height === rect.height)) return;
    this.rect = rect;
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  contains(at: Point): boolean {
    return this.rect !== null && stickyOverlaps(this.rect, at);
  }
}

export function useInDetail(area: DetailArea, at: Point): boolean {
  return useSyncExternalStore(area.subscribe, () => area.contains(at));
}

export const BoardContext = createContext<BoardContextValue | null>(null);

export function useBoard(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoard outside <BoardView>');
  return value;
}

/** A snapshot of one Y.Map (and anything nested in it), re-read on every change to it only. */
export function useYMap<T>(map: Y.Map<unknown>, read: (m: Y.Map<unknown>) => T): T {
  const [value, setValue] = useState(() => read(map));
  useEffect(() => {
    const update = () => setValue(read(map));
    update();
    map.observeDeep(update);
    return () => map.unobserveDeep(update);
    // `read` is a module-level function at every call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
  return value;
}

/** Runs `fn` at most once per animation frame with the latest arguments. */
export function frameThrottle<A extends unknown[]>(fn: (...args: A) => void): { (...args: A): void; flush(): void; cancel(): void } {
  let frame = 0;
  let pending: A | null = null;
  const run = () => {
    frame = 0;
    if (pending) {
      const args = pending;
      pending = null;
      fn(...args);
    }
  };
  const throttled = (...args: A) => {
    pending = args;
    if (!frame) frame = requestAnimationFrame(run);
  };
  throttled.flush = () => {
    if (frame) cancelAnimationFrame(frame);
    run();
  };
  throttled.cancel = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    pending = null;
  };
  return throttled;
}
