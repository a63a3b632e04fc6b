import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { listSpace, spaceItems, type SpaceList } from './model';

const empty: SpaceList = { active: [], archived: [], byId: new Map() };

/** The space list, live: re-read on every change anywhere inside the items map. */
export function useSpaceList(doc: Y.Doc | null): SpaceList {
  const [list, setList] = useState<SpaceList>(empty);
  useEffect(() => {
    if (!doc) {
      setList(empty);
      return;
    }
    const items = spaceItems(doc);
    const update = () => setList(listSpace(items));
    update();
    items.observeDeep(update);
    return () => items.unobserveDeep(update);
  }, [doc]);
  return list;
}

/** True once the provider has received the server's state at least once. */
export function useSynced(provider: WebsocketProvider | null): boolean {
  const [synced, setSynced] = useState(() => provider?.synced ?? false);
  useEffect(() => {
    if (!provider) {
      setSynced(false);
      return;
    }
    const update = (isSynced: boolean) => {
      if (isSynced) setSynced(true);
    };
    setSynced(provider.synced);
    provider.on('sync', update);
    return () => provider.off('sync', update);
  }, [provider]);
  return synced;
}
