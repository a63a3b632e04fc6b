import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { textColorOn } from '../../components/color';
import type { Point } from './model';
import type { RemoteSelector } from './StickyNote';

interface RemotePointer extends Point {
  clientId: number;
  name: string;
  color: string;
}

interface RemoteState {
  user?: { name?: unknown; color?: unknown };
  pointer?: unknown;
  selected?: unknown;
}

const isPoint = (p: unknown): p is Point =>
  typeof p === 'object' && p !== null && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y);

function remoteStates(awareness: Awareness) {
  const out: { clientId: number; name: string; color: string; state: RemoteState }[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const s = state as RemoteState;
    const name = typeof s.user?.name === 'string' ? s.user.name : '';
    const color = typeof s.user?.color === 'string' ? s.user.color : '#555555';
    out.push({ clientId, name, color, state: s });
  }
  return out;
}

/** Others' pointers: an arrow and a name label in their colour. Re-renders only this layer. */
export function RemotePointers({ awareness }: { awareness: Awareness }) {
  const [pointers, setPointers] = useState<RemotePointer[]>([]);
  useEffect(() => {
    const update = () =>
      setPointers(
        remoteStates(awareness).flatMap(({ clientId, name, color, state }) =>
          isPoint(state.pointer) ? [{ clientId, name, color, x: state.pointer.x, y: state.pointer.y }] : [],
        ),
      );
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return (
    <div className="board-pointers" aria-hidden="true">
      {pointers.map((p) => (
        <div key={p.clientId} className="board-pointer" style={{ transform: `translate(${p.x}px, ${p.y}px)` }}>
          <svg width="18" height="18" viewBox="0 0 18 18" focusable="false">
            <path d="M1 1l6 16 2.5-6.5L16 8z" fill={p.color} stroke="#fff" strokeWidth="1.5" strokeLinejoin="round" />
          </svg>
          <span className="board-pointer__label" style={{ background: p.color, color: textColorOn(p.color) }}>
            {p.name}
          </span>
        </div>
      ))}
    </div>
  );
}

/**
 * Who has which sticky selected, as a map that changes identity only when the selections change
 * (not on every pointer move), so that stickies do not re-render for others' pointers.
 */
export function useRemoteSelections(awareness: Awareness | null): ReadonlyMap<string, RemoteSelector[]> {
  const [map, setMap] = useState<Map<string, RemoteSelector[]>>(() => new Map());
  useEffect(() => {
    if (!awareness) return;
    let last = '';
    const update = () => {
      const next = new Map<string, RemoteSelector[]>();
      for (const { clientId, name, color, state: s } of remoteStates(awareness)) {
        if (typeof s.selected !== 'string') continue;
        const list = next.get(s.selected) ?? [];
        list.push({ clientId, name, color });
        next.set(s.selected, list);
      }
      const key = JSON.stringify([...next.entries()].sort());
      // Pointer moves change awareness many times a second: set state only when selections change.
      if (key === last) return;
      last = key;
      setMap(next);
    };
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return map;
}
