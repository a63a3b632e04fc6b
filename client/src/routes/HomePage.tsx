import type { MyGroup } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { useUser } from '../features/auth/AuthContext';
import { GroupList } from '../features/groups/GroupList';
import { UpcomingMeetings } from '../features/meetings/UpcomingMeetings';
import { useApi } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorMessage } from '../i18n/errors';

/** "Where do I go now": the groups this person works in. */
export function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const groups = useApi<{ groups: MyGroup[] }>('/api/groups');
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
    </div>
  );
}
