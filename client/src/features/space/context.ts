import type { MyGroup, PublicUser } from '@samla/shared';
import type { ReactNode } from 'react';
import { useOutletContext } from 'react-router-dom';
import type * as Y from 'yjs';
import type { SpaceList } from './model';

/** What the group layout hands to the item views (standing notes, pages, boards). */
export interface GroupOutletContext {
  group: MyGroup;
  user: PublicUser;
  /**
   * Names the screen in the tab title and breadcrumb when the route alone cannot (a session's title);
   * null goes back to the route's own name.
   */
  setScreenTitle: (title: string | null) => void;
  space: {
    doc: Y.Doc | null;
    list: SpaceList;
    /** The space doc has synced with the server once: a missing item is really missing. */
    synced: boolean;
    /** May create, rename, move, archive and restore (not an observer, not read-only). */
    canEdit: boolean;
  };
  /**
   * On a board's own page: the documents toggle and the breadcrumb, which the board's title row
   * starts with (the canvas gets the rows they would take). Null elsewhere, a session room included.
   */
  canvasLead: ReactNode | null;
}

export const useGroupContext = (): GroupOutletContext => useOutletContext<GroupOutletContext>();
