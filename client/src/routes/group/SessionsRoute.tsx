import { routes } from '@samla/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { MeetingList } from '../../features/meetings/MeetingList';
import { newSessionPath } from '../../features/meetings/paths';
import { useGroupContext } from '../../features/space/context';
import { useRoute } from '../../hooks/useApi';
import { errorMessage } from '../../i18n/errors';

/** `sessions`: the group's upcoming and live sessions, and on request the past ones (for their minutes). */
export default function SessionsRoute() {
  const { t } = useTranslation();
  const { group } = useGroupContext();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const [all, setAll] = useState(false);
  const meetings = useRoute(routes.meetings.list, { params: { groupId: group.id }, query: { all: all ? 'true' : undefined } });
  const manage = group.can.scheduleMeetings;

  return (
    <section className="sessions" aria-labelledby="sessions-title">
      <div className="item-header">
        <h2 id="sessions-title">{t('meetings.list.title')}</h2>
        {manage && (
          <Link className="button button--primary" to={newSessionPath(group.id)}>
            {t('meetings.list.schedule')}
          </Link>
        )}
      </div>
      {saved && (
        <p className="notice" role="status">
          {t('meetings.list.saved', { title: saved })}
        </p>
      )}
      <label className="sessions__toggle">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('meetings.list.showPast')}
      </label>
      {meetings.status === 'loading' && <Loading label={t('meetings.list.loading')} />}
      {meetings.status === 'error' && (
        <ErrorState title={t('meetings.list.errorTitle')} onRetry={meetings.reload}>
          <p>{errorMessage(t, meetings.error.code)}</p>
        </ErrorState>
      )}
      {meetings.status === 'ok' &&
        (meetings.data.meetings.length === 0 ? (
          <EmptyState title={t('meetings.list.emptyTitle')}>
            <p>{manage ? t('meetings.list.emptyManage') : t('meetings.list.emptyText')}</p>
          </EmptyState>
        ) : (
          <MeetingList meetings={meetings.data.meetings} canManage={manage} />
        ))}
    </section>
  );
}
