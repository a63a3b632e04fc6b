import { routes, type Meeting } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useRoute } from '../../hooks/useApi';
import { errorMessage } from '../../i18n/errors';
import { MeetingList, useMeetingTime } from './MeetingList';
import { sessionPath } from './paths';

/**
 * The home page's "where do I go now": the next session of any of this person's groups first, with a
 * way straight in, then the ones after it.
 */
export function UpcomingMeetings() {
  const { t } = useTranslation();
  const meetings = useRoute(routes.meetings.mine);
  const when = useMeetingTime();

  return (
    <section className="upcoming" aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">{t('meetings.home.title')}</h2>
      {meetings.status === 'loading' && <Loading label={t('meetings.home.loading')} />}
      {meetings.status === 'error' && (
        <ErrorState title={t('meetings.home.errorTitle')} onRetry={meetings.reload}>
          <p>{errorMessage(t, meetings.error.code)}</p>
        </ErrorState>
      )}
      {meetings.status === 'ok' &&
        (meetings.data.meetings.length === 0 ? (
          <p className="muted">{t('meetings.home.empty')}</p>
        ) : (
          <NextAndLater meetings={meetings.data.meetings} when={when} />
        ))}
    </section>
  );

}

/** The next session as a call to action, then a few after it. */
function NextAndLater({ meetings, when }: { meetings: Meeting[]; when: (m: Meeting) => string }) {
  const { t } = useTranslation();
  const [next, ...later] = meetings as [Meeting, ...Meeting[]];
  const live = next.status === 'live';
  return (
    <>
      <div className="upcoming__next card">
        <p className="upcoming__label">{live ? t('meetings.home.liveNow') : t('meetings.home.next')}</p>
        <h3 className="meeting-card__title">{next.title}</h3>
        <p>
          {next.groupName} · {when(next)}
        </p>
        <Link className="button button--primary" to={sessionPath(next.groupId, next.id)} aria-label={t('meetings.home.openLabel', { title: next.title })}>
          {live ? t('meetings.home.joinNow') : t('meetings.home.open')}
        </Link>
      </div>
      {later.length > 0 && <MeetingList meetings={later.slice(0, 5)} showGroup />}
    </>
  );
}
