import { itemDocName, type FollowTarget } from '@samla/shared';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { ChunkErrorBoundary } from '../../components/ChunkErrorBoundary';
import { Loading } from '../../components/Loading';
import { useGroupContext } from '../space/context';
import { useItemTitle } from '../space/SpaceNav';
import { BoardTools } from './BoardTools';
import { useRoom } from './context';
import { BoardVoteDots } from './voteDots';

// The group's own page and board views, each its own chunk as on the group's pages.
const PageDocument = lazy(() => import('../../routes/group/PageRoute').then((m) => ({ default: m.PageDocument })));
const BoardDocument = lazy(() => import('../../routes/group/BoardRoute').then((m) => ({ default: m.BoardDocument })));

/**
 * Following or not: "Du följer samtalsledaren" with a picker to look elsewhere (which steps away), or
 * "Du följer inte samtalsledaren" with "Följ igen". The facilitator picks what to show here and brings
 * everyone with "Ta alla hit" in the room's bar.
 */
export function FollowBar() {
  const { t } = useTranslation();
  const { room, facilitating, following, shown, view, followAgain } = useRoom();
  const { space } = useGroupContext();
  const titleOf = useItemTitle();
  const value = shown ? `${shown.kind}:${shown.itemId}` : '';

  return (
    <div className={following ? 'follow-bar' : 'follow-bar follow-bar--away'} data-testid="follow-bar">
      {facilitating ? (
        <p className="follow-bar__state">{t('meetings.follow.facilitatorHint')}</p>
      ) : following ? (
        <p className="follow-bar__state">{t('meetings.follow.following')}</p>
      ) : (
        <p className="follow-bar__state" role="status">
          <strong>{t('meetings.follow.notFollowing')}</strong>
        </p>
      )}
      <label className="follow-bar__picker">
        <span>{t('meetings.follow.show')}</span>
        <select
          className="select"
          value={value}
          onChange={(e) => {
            const [kind, itemId] = e.target.value.split(':') as ['page' | 'board', string];
            view(e.target.value ? { kind, itemId } : null);
          }}
        >
          <option value="">{t('meetings.follow.nothing')}</option>
          {space.list.active.map((item) => (
            <option key={item.id} value={`${item.kind}:${item.id}`}>
              {t(item.kind === 'board' ? 'meetings.form.linkBoard' : 'meetings.form.linkPage', { title: titleOf(item) })}
            </option>
          ))}
        </select>
      </label>
      {!facilitating && !following && (
        <button type="button" className="button button--primary" onClick={followAgain}>
          {t('meetings.follow.followAgain')}
        </button>
      )}
      {facilitating && room.state.notFollowing.length > 0 && (
        <p className="small muted">{t('meetings.follow.awayCount', { count: room.state.notFollowing.length })}</p>
      )}
    </div>
  );
}

/** The page or board beside the agenda: the followed one, or the person's own choice. */
export function ShownDocument() {
  const { t } = useTranslation();
  const { shown } = useRoom();
  const { group, space } = useGroupContext();
  const titleOf = useItemTitle();

  if (!shown) return <p className="muted room__nothing">{t('meetings.follow.nothingShown')}</p>;
  const item = space.list.byId.get(shown.itemId);
  if (!item) {
    return space.synced ? <p className="notice">{t('meetings.follow.missing')}</p> : <Loading label={t('common.loading')} />;
  }
  const docName = itemDocName(group.id, shown.kind, shown.itemId);
  return (
    <ChunkErrorBoundary fallback={() => <p role="alert">{t('group.chunkError')}</p>}>
      <Suspense fallback={<Loading label={t('common.loading')} />}>
        {shown.kind === 'board' ? (
          <BoardVoteDots boardId={shown.itemId}>
            <BoardDocument
              key={docName}
              docName={docName}
              item={item}
              sectionToShow={shown.kind === 'board' ? (shown.sectionId ?? null) : null}
              tools={(doc: Y.Doc) => <BoardTools doc={doc} boardId={shown.itemId} target={shown as FollowTarget} />} />
          </BoardVoteDots>
        ) : (
          <PageDocument key={docName} docName={docName} kind="page" title={titleOf(item)} item={item} hint={t('space.pageHint')} />
        )}
      </Suspense>
    </ChunkErrorBoundary>
  );
}
