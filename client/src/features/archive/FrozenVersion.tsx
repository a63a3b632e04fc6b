import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { stickyParam } from '../board/focus';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useUser } from '../auth/AuthContext';
import { useVersionDoc } from '../history/useVersionDoc';
import { errorMessage } from '../../i18n/errors';

const NotesEditor = lazy(() => import('../notes/NotesEditor').then((m) => ({ default: m.NotesEditor })));
const BoardView = lazy(() => import('../board').then((m) => ({ default: m.BoardView })));

interface Props {
  groupId: string;
  versionId: string;
  kind: 'page' | 'board';
  /** Id of the heading that names this version. */
  labelledBy: string;
}

/**
 * A page or board exactly as it was frozen (a `session-end` version): fetched into a Y.Doc that nothing
 * syncs and shown with the same editor or board as the live document, read-only.
 */
export function FrozenVersion({ groupId, versionId, kind, labelledBy }: Props) {
  const { t } = useTranslation();
  const user = useUser();
  const ids = useId();
  const [attempt, setAttempt] = useState(0);
  const loaded = useVersionDoc(groupId, versionId, attempt);
  // A search result's `&sticky=` picks out that sticky on the frozen board, as on a live one.
  const sticky = stickyParam(useLocation().search);

  if (loaded.status === 'loading') return <Loading label={t('archive.snapshotLoading')} />;
  if (loaded.status === 'error') {
    return (
      <ErrorState title={t('archive.snapshotError')} onRetry={() => setAttempt((n) => n + 1)}>
        <p>{errorMessage(t, loaded.error.code)}</p>
      </ErrorState>
    );
  }
  return (
    <div className="frozen-version" data-testid="frozen-version">
      <p id={`${ids}note`} className="notice">
        {t('archive.snapshotNote')}
      </p>
      <Suspense fallback={<Loading label={t('archive.snapshotLoading')} />}>
        {kind === 'board' ? (
          <BoardView doc={loaded.doc} awareness={null} user={user} readOnly stickyToFocus={sticky} />
        ) : (
          <NotesEditor doc={loaded.doc} provider={null} user={user} editable={false} labelledBy={labelledBy} describedBy={`${ids}note`} />
        )}
      </Suspense>
    </div>
  );
}
