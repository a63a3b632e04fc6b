import type { SpaceEntry } from '@samla/shared';
import { useParams } from 'react-router-dom';
import { useCollabDoc } from '../../collab/useCollabDoc';
import { useGroupContext } from './context';
import { isItemId, restoreItem, type ItemKind } from './model';
import { itemPath } from './SpaceNav';

export type ItemLookup =
  | { state: 'loading' }
  | { state: 'missing' }
  /** The id is a different kind of item (a board at a page address): go to its real address. */
  | { state: 'elsewhere'; path: string }
  | { state: 'ok'; item: SpaceEntry };

/** The space item named by the route's `:itemId`, once the space has loaded. */
export function useSpaceItem(kind: ItemKind): ItemLookup {
  const { itemId = '' } = useParams();
  const { group, space } = useGroupContext();
  if (!isItemId(itemId)) return { state: 'missing' };
  const item = space.list.byId.get(itemId);
  if (!item) return space.synced ? { state: 'missing' } : { state: 'loading' };
  if (item.kind !== kind) return { state: 'elsewhere', path: itemPath(group.id, item) };
  return { state: 'ok', item };
}

/** An open item's doc and whether this person can change it (not an observer, not read-only, not closed). */
export function useItemDoc(docName: string) {
  const { group } = useGroupContext();
  const { session, status } = useCollabDoc(docName);
  const readOnly = !group.can.writeDocs || status.readOnly || status.closedCode !== null;
  return { session, status, readOnly };
}

/** The archived notice for ItemView: set when the item is archived, with a restore for those who may. */
export function useArchivedNotice(item: SpaceEntry | undefined): { onRestore: (() => void) | null } | undefined {
  const { space } = useGroupContext();
  const doc = space.doc;
  if (!item?.archived) return undefined;
  return { onRestore: space.canEdit && doc ? () => restoreItem(doc, item.id) : null };
}
