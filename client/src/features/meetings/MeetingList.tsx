import { routes, routeUrl, type Meeting } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLocale } from '../../i18n';
import './meetings.css';
import { editSessionPath, sessionPath } from './paths';

interface Props {
  meetings: Meeting[];
  /** Name the group on each session (the home page lists all groups' sessions). */
  showGroup?: boolean;
  /** May edit scheduled sessions (group facilitators). */
  canManage?: boolean;
  /** Heading level of each session's title. */
  headingLevel?: 2 | 3;
}

/** When a session is: "torsdag 5 mars 2026 13:30–15:00" in the chosen language. */
export function useMeetingTime() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'full', timeStyle: 'short' });
  return (m: Pick<Meeting, 'startsAt' | 'endsAt'>) => format.formatRange(new Date(m.startsAt), new Date(m.endsAt));
}

/** Sessions as cards, soonest first: when, where, a way in, and a calendar file. */
export function MeetingList({ meetings, showGroup = false, canManage = false, headingLevel = 3 }: Props) {
  const { t } = useTranslation();
  const when = useMeetingTime();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="meeting-list">
      {meetings.map((m) => (
        <li key={m.id} className="meeting-card" data-status={m.status}>
          <Heading className="meeting-card__title">
            <Link to={sessionPath(m.groupId, m.id)}>{m.title}</Link>
          </Heading>
          <p className="meeting-card__meta">
            <span className={m.status === 'live' ? 'badge badge--live' : 'badge'}>{t(`meetings.status.${m.status}`)}</span>
            {showGroup && <span>{m.groupName}</span>}
          </p>
          <p className="meeting-card__when">{when(m)}</p>
          {m.place && <p className="meeting-card__where">{t('meetings.list.place', { place: m.place })}</p>}
          {m.videoUrl && (
            <p className="meeting-card__where">
              <a href={m.videoUrl} target="_blank" rel="noreferrer">
                {t('meetings.list.videoLink')}
              </a>
            </p>
          )}
          <p className="meeting-card__agenda small muted">{t('meetings.list.agendaCount', { count: m.agenda.length })}</p>
          <p className="meeting-card__links">
            <a href={routeUrl(routes.meetings.ics, { groupId: m.groupId, meetingId: m.id })} download={`${m.title}.ics`} aria-label={t('meetings.list.icsLabel', { title: m.title })}>
              {t('meetings.list.ics')}
            </a>
            {canManage && m.status === 'scheduled' && (
              <Link to={editSessionPath(m.groupId, m.id)} aria-label={t('meetings.list.editLabel', { title: m.title })}>
                {t('meetings.list.edit')}
              </Link>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
