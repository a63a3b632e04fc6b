import { itemDocName, notesDocName, type SpaceEntry } from '@samla/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { NotesEditor } from '../../features/notes/NotesEditor';
import { useGroupContext } from '../../features/space/context';
import { ItemView } from '../../features/space/ItemView';
import { useItemTitle } from '../../features/space/SpaceNav';
import { ResolveItem } from '../../features/space/ResolveItem';
import { useArchivedNotice, useItemDoc } from '../../features/space/useSpaceItem';

/**
 * The group's standing notes (index route) and its pages (`pages/:itemId`): one lazy chunk with
 * the rich-text editor, and nothing of the board.
 */
export default function PageRoute() {
  const { itemId } = useParams();
  return itemId === undefined ? <NotesDocument /> : <PageItem />;
}

function NotesDocument() {
  const { t } = useTranslation();
  const { group } = useGroupContext();
  const docName = notesDocName(group.id);
  return <PageDocument key={docName} docName={docName} kind="notes" title={t('notes.title')} hint={t('notes.hint')} />;
}

function PageItem() {
  const { t } = useTranslation();
  const { group } = useGroupContext();
  const titleOf = useItemTitle();
  return (
    <ResolveItem kind="page">
      {(item) => {
        const docName = itemDocName(group.id, 'page', item.id);
        return <PageDocument key={docName} docName={docName} kind="page" title={titleOf(item)} item={item} hint={t('space.pageHint')} />;
      }}
    </ResolveItem>
  );
}

/** One page (or the standing notes) in its frame; also shown beside a session's agenda. */
export function PageDocument({ docName, kind, title, hint, item }: { docName: string; kind: 'notes' | 'page'; title: string; hint: string; item?: SpaceEntry }) {
  const { t } = useTranslation();
  const { group, user } = useGroupContext();
  const { session, status, readOnly } = useItemDoc(docName);
  const archived = useArchivedNotice(item);
  const ids = useId();

  return (
    <ItemView
      groupId={group.id}
      docName={docName}
      kind={kind}
      title={title}
      titleId={`${ids}title`}
      hintId={`${ids}hint`}
      hint={hint}
      status={status}
      readOnly={readOnly}
      archived={archived}
    >
      {session ? (
        <NotesEditor
          doc={session.doc}
          provider={session.provider}
          user={user}
          editable={!readOnly}
          labelledBy={`${ids}title`}
          describedBy={`${ids}hint`}
        />
      ) : (
        <Loading label={t('common.loading')} />
      )}
    </ItemView>
  );
}
