import { routes } from '@samla/shared';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ChunkErrorBoundary } from '../components/ChunkErrorBoundary';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { useUser } from '../features/auth/AuthContext';
import { GroupList } from '../features/groups/GroupList';
import { UpcomingMeetings } from '../features/meetings/UpcomingMeetings';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorMessage } from '../i18n/errors';

// Asking to join other groups brings Socket.IO: its own chunk, after the person's groups are shown.
const JoinGroups = lazy(() => import('../features/members/JoinGroups'));

/** "Where do I go now": the groups this person works in, then the others they may ask to join. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const groups = useRoute(routes.groups.mine);
  const myGroupIds = useMemo(() => new Set((groups.data?.groups ?? []).map((g) => g.id)), [groups.data]);
  useDocumentTitle(t('home.title'));

  return (
    <div className="page">
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.greeting', { name: user.name })}</p>
      <UpcomingMeetings />
      {groups.status === 'loading' && <Loading label={t('home.loading')} />}
      {groups.status === 'error' && (
        <ErrorState title={t('home.errorTitle')} onRetry={groups.reload}>
          <p>{errorMessage(t, groups.error.code)}</p>
        </ErrorState>
      )}
      {groups.status === 'ok' &&
        (groups.data.groups.length === 0 ? (
          <EmptyState title={t('home.emptyTitle')}>
            <p>{t('home.emptyText')}</p>
          </EmptyState>
        ) : (
          <GroupList groups={groups.data.groups} />
        ))}
      {groups.status === 'ok' && (
        <ChunkErrorBoundary fallback={() => <p role="alert">{t('group.chunkError')}</p>}>
          <Suspense fallback={<Loading label={t('joinGroups.loading')} />}>
            <JoinGroups myGroupIds={myGroupIds} />
          </Suspense>
        </ChunkErrorBoundary>
      )}
    </div>
  );
}
