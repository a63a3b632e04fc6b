import { itemDocName } from '@samla/shared';
import { useEffect, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { Loading } from '../../components/Loading';
import { BoardView } from '../../features/board';
import { useGroupContext } from '../../features/space/context';
import { ItemView } from '../../features/space/ItemView';
import type { SpaceEntry } from '../../features/space/model';
import { useItemTitle } from '../../features/space/SpaceNav';
import { ResolveItem } from '../../features/space/ResolveItem';
import { useArchivedNotice, useItemDoc } from '../../features/space/useSpaceItem';

/** An idea board (`boards/:itemId`): one lazy chunk with the board, and nothing of the editor. */
export default function BoardRoute() {
  const { group } = useGroupContext();
  return (
    <ResolveItem kind="board">
      {(item) => {
        const docName = itemDocName(group.id, 'board', item.id);
        return <BoardDocument key={docName} docName={docName} item={item} />;
      }}
    </ResolveItem>
  );
}

/**
 * One board in its frame. Also shown beside a session's agenda (features/meetings), which passes
 * `tools`: controls that work on the board's doc (a dot vote), shown above the board.
 */
export function BoardDocument({ docName, item, tools }: { docName: string; item: SpaceEntry; tools?: (doc: Y.Doc) => ReactNode }) {
  const { t } = useTranslation();
  const { group, user } = useGroupContext();
  const titleOf = useItemTitle();
  const { session, status, readOnly } = useItemDoc(docName);
  const archived = useArchivedNotice(item);
  const ids = useId();

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
    >
      {session && tools?.(session.doc)}
      {session ? (
        <BoardView doc={session.doc} awareness={session.provider.awareness} user={user} readOnly={readOnly} />
      ) : (
        <Loading label={t('common.loading')} />
      )}
    </ItemView>
  );
}
