import { BOARD_STICKIES, FORMER_MEMBER } from '@samla/shared';
import * as Y from 'yjs';
import type { Store } from '../storage/store.js';

/**
 * A deleted account's name goes wherever it was copied beside the person's id. Records that keep
 * such copies (a session's attendance and amendments, a frozen board's stickies) are not rewritten:
 * whoever shows or exports them asks which of the ids have no account any more, and writes
 * FORMER_MEMBER for those. So a record written while the deletion ran, a restored version or a
 * migrated store still comes out pseudonymised.
 */

/** The ids among `ids` that have no account (any more). One read, however many ids. */
export async function formerMembersAmong(store: Store, ids: Iterable<string>): Promise<Set<string>> {
  const asked = [...new Set(ids)].filter((id) => id !== '');
  if (asked.length === 0) return new Set();
  const existing = new Set((await store.users.findByIds(asked)).map((u) => u.id));
  return new Set(asked.filter((id) => !existing.has(id)));
}

/**
 * Writes FORMER_MEMBER as the author of every sticky of a board whose author is in `gone`, in one
 * transaction with `origin`; returns how many changed.
 */
export function markFormerAuthors(doc: Y.Doc, gone: (authorId: string) => boolean, origin: unknown = null): number {
  const stickies = doc.getMap<unknown>(BOARD_STICKIES);
  let changed = 0;
  doc.transact(() => {
    stickies.forEach((sticky) => {
      if (!(sticky instanceof Y.Map)) return;
      const author = sticky.get('authorId');
      if (typeof author === 'string' && gone(author) && sticky.get('authorName') !== FORMER_MEMBER) {
        sticky.set('authorName', FORMER_MEMBER);
        changed++;
      }
    });
  }, origin);
  return changed;
}

/**
 * A board's frozen state (a version) as it may be shown or restored: the stickies of deleted
 * accounts say FORMER_MEMBER. The stored version is left as it is; the state is returned unchanged
 * when nobody in it is gone.
 */
export async function boardStateWithFormerMembers(store: Store, state: Uint8Array): Promise<Uint8Array> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    const authors: string[] = [];
    doc.getMap<unknown>(BOARD_STICKIES).forEach((sticky) => {
      const author = sticky instanceof Y.Map ? sticky.get('authorId') : undefined;
      if (typeof author === 'string') authors.push(author);
    });
    const gone = await formerMembersAmong(store, authors);
    if (gone.size === 0 || markFormerAuthors(doc, (id) => gone.has(id)) === 0) return state;
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
