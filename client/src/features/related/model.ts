import type { RelatedItem, RelatedResponse } from '@samla/shared';

/** How many entries the panel lists (sessions plus pages and stickies). */
export const relatedCount = (r: Pick<RelatedResponse, 'sessions' | 'items'>): number => r.sessions.length + r.items.length;

/** What an item entry is, for its label: a sticky (it has a sub-id on a board), a board or a page. */
export const itemKind = (i: Pick<RelatedItem, 'kind' | 'subId'>): 'sticky' | 'board' | 'page' =>
  i.kind === 'board' ? (i.subId ? 'sticky' : 'board') : 'page';

const storageKey = 'samla.related.open';

/** Whether the person left the panel open (remembered per browser; closed at first). */
export function storedOpen(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): boolean {
  try {
    return storage?.getItem(storageKey) === '1';
  } catch {
    return false;
  }
}

export function rememberOpen(open: boolean, storage: Pick<Storage, 'setItem'> | undefined = safeStorage()): void {
  try {
    storage?.setItem(storageKey, open ? '1' : '0');
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
