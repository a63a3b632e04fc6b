import { BOARD_SECTIONS, BOARD_STICKIES, PAGE_FRAGMENT, SPACE_ITEMS, type DocKind } from '@samla/shared';
import * as Y from 'yjs';

/**
 * Makes `live` show what `past` held, as new operations on top of the live history: nothing
 * is rewound, so every version stays in the history and every client simply receives a change.
 */
export function restoreInto(live: Y.Doc, past: Uint8Array, kind: DocKind, origin: unknown): void {
  const old = new Y.Doc();
  try {
    Y.applyUpdate(old, past);
    live.transact(() => {
      if (kind === 'board') {
        replaceMap(live.getMap(BOARD_STICKIES), old.getMap(BOARD_STICKIES));
        replaceMap(live.getMap(BOARD_SECTIONS), old.getMap(BOARD_SECTIONS));
      } else if (kind === 'space') {
        replaceMap(live.getMap(SPACE_ITEMS), old.getMap(SPACE_ITEMS));
      } else {
        const fragment = live.getXmlFragment(PAGE_FRAGMENT);
        fragment.delete(0, fragment.length);
        fragment.insert(
          0,
          old.getXmlFragment(PAGE_FRAGMENT)
            .toArray()
            .map((node) => node.clone() as Y.XmlElement | Y.XmlText),
        );
      }
    }, origin);
  } finally {
    old.destroy();
  }
}

function replaceMap(live: Y.Map<unknown>, old: Y.Map<unknown>): void {
  for (const key of [...live.keys()]) if (!old.has(key)) live.delete(key);
  for (const [key, value] of old.entries()) {
    live.set(key, value instanceof Y.AbstractType ? value.clone() : value);
  }
}
