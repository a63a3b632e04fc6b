import { readSpaceItems, spaceDocName, type SpaceEntry } from '@samla/shared';
import type { CollabServer } from '../collab/server.js';
import { withDocument } from '../storage/docState.js';
import type { Store } from '../storage/store.js';

/**
 * The group's space items, from the live doc when this instance holds it, else read from the store
 * (not loaded for editing). Used by the archive's timeline and by the search entries of frozen
 * versions; it lives apart from both so that neither imports the other (archive.ts imports the
 * meetings service, which imports frozenSearch.ts).
 */
export const readSpace = (store: Store, collab: CollabServer, groupId: string): Promise<SpaceEntry[]> =>
  withDocument(store, (name) => collab.loadedDocs().get(name)?.doc, spaceDocName(groupId), readSpaceItems);
