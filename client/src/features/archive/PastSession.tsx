import { routes } from '@samla/shared';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useRoute } from '../../hooks/useApi';
import { errorMessage } from '../../i18n/errors';
import { archivePath, snapshotSearch } from './paths';
import { FrozenVersion } from './FrozenVersion';
import './archive.css';

interface Props {
  groupId: string;
  meetingId: string;
}

/**
 * Below the minutes of an ended session (whose Markdown download is in MinutesView): printing or saving as
 * PDF from the browser and the pages and boards of its agenda exactly as they were frozen at the end, one at a time
 * (`?snapshot=<versionId>`, which search links to).
 */
export default function PastSession({ groupId, meetingId }: Props) {
  const { t } = useTranslation();
  const ids = useId();
  const [params] = useSearchParams();
  const selected = params.get('snapshot');
  const minutes = useRoute(routes.meetings.minutes, { params: { groupId, meetingId } });
  const headingRef = useRef<HTMLHeadingElement>(null);

  const frozen =
    minutes.status === 'ok'
      ? [...new Map(minutes.data.minutes.agenda.filter((a) => a.link && a.snapshotId).map((a) => [a.snapshotId!, a])).values()]
      : [];
  const shown = frozen.find((a) => a.snapshotId === selected) ?? null;

  // Arriving at (or choosing) a frozen version brings it into view and moves focus to its heading.
  const shownId = shown?.snapshotId ?? null;
  useEffect(() => {
    if (!shownId) return;
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'start' });
  }, [shownId]);

  return (
    <div className="past-session">
      <section className="past-session__exports no-print" aria-labelledby={`${ids}exports`}>
        <h3 id={`${ids}exports`}>{t('archive.exportsTitle')}</h3>
        <ul className="past-session__export-list">
          <li>
            <button type="button" className="button button--small" onClick={() => window.print()}>
              {t('archive.print')}
            </button>
          </li>
          <li>
            <Link to={archivePath(groupId)}>{t('archive.backToArchive')}</Link>
          </li>
        </ul>
      </section>

      <section className="past-session__snapshots no-print" aria-labelledby={`${ids}frozen`}>
        <h3 id={`${ids}frozen`}>{t('archive.frozenTitle')}</h3>
        {minutes.status === 'loading' && <Loading label={t('archive.frozenLoading')} />}
        {minutes.status === 'error' && (
          <ErrorState title={t('archive.frozenError')} onRetry={minutes.reload}>
            <p>{errorMessage(t, minutes.error.code)}</p>
          </ErrorState>
        )}
        {minutes.status === 'ok' &&
          (frozen.length === 0 ? (
            <p className="muted small">{t('archive.frozenEmpty')}</p>
          ) : (
            <>
              <p className="small muted">{t('archive.frozenIntro')}</p>
              <ul className="past-session__frozen-list">
                {frozen.map((a) => (
                  <li key={a.snapshotId}>
                    <Link to={snapshotSearch(a.snapshotId!)} replace aria-current={a.snapshotId === selected ? 'true' : undefined}>
                      {t(a.link!.kind === 'board' ? 'archive.frozenBoard' : 'archive.frozenPage', { title: a.title })}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ))}
        {selected && minutes.status === 'ok' && !shown && (
          <p className="notice" role="alert">
            {t('archive.snapshotNotInSession')}
          </p>
        )}
        {shown && (
          <section className="past-session__frozen" aria-labelledby={`${ids}shown`}>
            <h4 id={`${ids}shown`} ref={headingRef} tabIndex={-1}>
              {t(shown.link!.kind === 'board' ? 'archive.frozenBoard' : 'archive.frozenPage', { title: shown.title })}
            </h4>
            <FrozenVersion key={shown.snapshotId} groupId={groupId} versionId={shown.snapshotId!} kind={shown.link!.kind} labelledBy={`${ids}shown`} />
          </section>
        )}
      </section>
    </div>
  );
}
