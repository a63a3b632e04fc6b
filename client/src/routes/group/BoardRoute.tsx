import { itemDocName, type SpaceEntry } from '@samla/shared';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { Loading } from '../../components/Loading';
import { BoardView } from '../../features/board';
import { stickyParam } from '../../features/board/focus';
import { useGroupContext } from '../../features/space/context';
import { ItemView } from '../../features/space/ItemView';
import { useItemTitle } from '../../features/space/SpaceNav';
import { ResolveItem } from '../../features/space/ResolveItem';
import { useArchivedNotice, useItemDoc } from '../../features/space/useSpaceItem';

/** An idea board (`boards/:itemId`): one lazy chunk with the board, and nothing of the editor. */
export default function BoardRoute() {
  const { group } = useGroupContext();
  // `?sticky=<id>` (links from search and "Diskuterat tidigare") opens the board at that sticky.
  const stickyToFocus = stickyParam(useLocation().search);
  return (
    <ResolveItem kind="board">
      {(item) => {
        const docName = itemDocName(group.id, 'board', item.id);
        return <BoardDocument key={docName} docName={docName} item={item} stickyToFocus={stickyToFocus} />;
      }}
    </ResolveItem>
  );
}

/**
 * One board in its frame. Also shown beside a session's agenda (features/meetings), which passes
 * `tools`: controls that work on the board's doc (a dot vote), shown above the board.
 */
export function BoardDocument({
  docName,
  item,
  tools,
  stickyToFocus = null,
  sectionToShow = null,
}: {
  docName: string;
  item: SpaceEntry;
  tools?: (doc: Y.Doc) => ReactNode;
  stickyToFocus?: string | null;
  sectionToShow?: string | null;
}) {
  const { t } = useTranslation();
  const { group, user, canvasLead } = useGroupContext();
  const titleOf = useItemTitle();
  const { session, status, readOnly } = useItemDoc(docName);
  const archived = useArchivedNotice(item);
  const ids = useId();
  const synced = useProviderSynced(session?.provider);

  // Others see this person's pointer and selection under their name and colour.
  useEffect(() => {
    session?.provider.awareness.setLocalStateField('user', { name: user.name, color: user.color });
  }, [session, user.name, user.color]);

  return (
    <ItemView
      groupId={group.id}
      docName={docName}
      kind="board"
      title={titleOf(item)}
      titleId={`${ids}title`}
      hintId={`${ids}hint`}
      status={status}
      readOnly={readOnly}
      archived={archived}
      lead={canvasLead}
    >
      {session && tools?.(session.doc)}
      {session ? (
        <BoardView
          doc={session.doc}
          awareness={session.provider.awareness}
          user={user}
          readOnly={readOnly}
          stickyToFocus={stickyToFocus}
          sectionToShow={sectionToShow}
          synced={synced}
        />
      ) : (
        <Loading label={t('common.loading')} />
      )}
    </ItemView>
  );
}

/** Whether the provider has received the server's content once (y-websocket's `sync` event). */
function useProviderSynced(provider: WebsocketProvider | undefined): boolean {
  const [synced, setSynced] = useState(() => provider?.synced ?? false);
  useEffect(() => {
    if (!provider) return;
    setSynced(provider.synced);
    const onSync = (isSynced: boolean) => setSynced(isSynced);
    provider.on('sync', onSync);
    return () => provider.off('sync', onSync);
  }, [provider]);
  return synced;
}
