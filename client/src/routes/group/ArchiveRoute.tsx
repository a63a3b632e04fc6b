import { parseDocName, routes, type TimelineEntry } from '@samla/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import '../../components/manage.css';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { CalendarFeed } from '../../features/archive/CalendarFeed';
import { snapshotSearch } from '../../features/archive/paths';
import '../../features/archive/archive.css';
import { sessionPath } from '../../features/meetings/paths';
import { useGroupContext } from '../../features/space/context';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { errorMessage } from '../../i18n/errors';

/** `archive` ("Arkiv"): the group's past sessions newest first, a timeline of sessions and saved versions, and the calendar feed. */
export default function ArchiveRoute() {
  const { t, i18n } = useTranslation();
  const { group } = useGroupContext();
  const ids = useId();
  const archive = useRoute(routes.meetings.archive, { params: { groupId: group.id } });
  const locale = currentLocale(i18n);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="archive" aria-labelledby={`${ids}title`}>
      <div className="item-header">
        <h2 id={`${ids}title`}>{t('archive.title')}</h2>
      </div>
      {archive.status === 'loading' && <Loading label={t('archive.loading')} />}
      {archive.status === 'error' && (
        <ErrorState title={t('archive.error')} onRetry={archive.reload}>
          <p>{errorMessage(t, archive.error.code)}</p>
        </ErrorState>
      )}
      {archive.status === 'ok' && (
        <>
          <section className="archive-section" aria-labelledby={`${ids}past`}>
            <h3 id={`${ids}past`}>{t('archive.pastTitle')}</h3>
            {archive.data.meetings.length === 0 ? (
              <EmptyState title={t('archive.emptyTitle')}>
                <p>{t('archive.emptyText')}</p>
              </EmptyState>
            ) : (
              <table className="data-table" data-testid="archive-sessions">
                <caption className="visually-hidden">{t('archive.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('archive.date')}</th>
                    <th scope="col">{t('archive.session')}</th>
                    <th scope="col">{t('archive.attendance')}</th>
                    <th scope="col">{t('archive.decisions')}</th>
                    <th scope="col">{t('archive.actionItems')}</th>
                    <th scope="col">{t('archive.minutes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {archive.data.meetings.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <time dateTime={m.startedAt}>{day.format(new Date(m.startedAt))}</time>
                      </td>
                      <th scope="row">
                        <Link to={sessionPath(group.id, m.id)}>{m.title}</Link>
                      </th>
                      <td>{m.attendance}</td>
                      <td>{m.decisions}</td>
                      <td>{m.actionItems}</td>
                      <td>{t(`archive.minutesStatus.${m.minutes}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="archive-section" aria-labelledby={`${ids}timeline`}>
            <h3 id={`${ids}timeline`}>{t('archive.timelineTitle')}</h3>
            {archive.data.timeline.length === 0 ? (
              <p className="muted">{t('archive.timelineEmpty')}</p>
            ) : (
              <ol className="timeline" data-testid="archive-timeline">
                {archive.data.timeline.map((e) => (
                  <li key={e.kind === 'session' ? `s-${e.meetingId}` : `v-${e.versionId}`}>
                    <time dateTime={e.at} className="small muted">
                      {time.format(new Date(e.at))}
                    </time>{' '}
                    <TimelineItem entry={e} groupId={group.id} />
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
      <CalendarFeed groupId={group.id} />
    </section>
  );
}

function TimelineItem({ entry: e, groupId }: { entry: TimelineEntry; groupId: string }) {
  const { t } = useTranslation();
  if (e.kind === 'session') {
    return (
      <>
        <span className="timeline__kind">{t('archive.timelineSession')}</span>
        <Link to={sessionPath(groupId, e.meetingId)}>{e.title}</Link>
      </>
    );
  }
  const address = parseDocName(e.doc);
  const what = address?.kind === 'board' ? t('archive.docBoard') : address?.kind === 'page' ? t('archive.docPage') : t('archive.docNotes');
  const label = e.name ?? t('archive.unnamedVersion');
  return (
    <>
      <span className="timeline__kind">{e.reason === 'session-end' ? t('archive.timelineFrozen', { what }) : t('archive.timelineNamed', { what })}</span>
      {e.meetingId ? (
        <Link to={`${sessionPath(groupId, e.meetingId)}${snapshotSearch(e.versionId)}`}>{label}</Link>
      ) : (
        // A named version: its document, whose version history shows it.
        <Link to={address?.itemId ? `/groups/${encodeURIComponent(groupId)}/${address.kind === 'board' ? 'boards' : 'pages'}/${encodeURIComponent(address.itemId)}` : `/groups/${encodeURIComponent(groupId)}`}>
          {label}
        </Link>
      )}
    </>
  );
}
