import { routes } from '@samla/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { currentLocale } from '../../i18n';
import { apiErrorMessage, errorMessage } from '../../i18n/errors';

/**
 * "Prenumerera på gruppens kalender": the person's secret iCal URL of the group's sessions. The server
 * keeps only a hash, so the URL is shown once, right after it is made; making a new one revokes the old.
 */
export function CalendarFeed({ groupId }: { groupId: string }) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const feeds = useRoute(routes.calendar.feeds);
  const [url, setUrl] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const create = useAction();
  const revoke = useAction();
  const feed = feeds.status === 'ok' ? (feeds.data.feeds.find((f) => f.groupId === groupId) ?? null) : null;
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'long' });

  const make = () =>
    void create.run(async () => {
      const made = await call(routes.calendar.create, { body: { groupId } });
      setUrl(made.url);
      setMessage(t('calendarFeed.created'));
      feeds.refresh();
      requestAnimationFrame(() => inputRef.current?.select());
    });

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t('calendarFeed.copied'));
    } catch {
      inputRef.current?.select();
      setMessage(t('calendarFeed.copyFailed'));
    }
  };

  return (
    <section className="archive-section calendar-feed" aria-labelledby={`${ids}title`}>
      <h3 id={`${ids}title`}>{t('calendarFeed.title')}</h3>
      <p className="small muted">{t('calendarFeed.intro')}</p>
      <p className="visually-hidden" role="status">
        {message}
      </p>
      {feeds.status === 'loading' && <Loading label={t('calendarFeed.loading')} />}
      {feeds.status === 'error' && (
        <ErrorState title={t('calendarFeed.error')} onRetry={feeds.reload}>
          <p>{errorMessage(t, feeds.error.code)}</p>
        </ErrorState>
      )}
      {feeds.status === 'ok' && (
        <>
          {url && feed ? (
            <div className="calendar-feed__url">
              <div className="field">
                <label htmlFor={`${ids}url`}>{t('calendarFeed.urlLabel')}</label>
                <input id={`${ids}url`} ref={inputRef} type="text" readOnly value={url} aria-describedby={`${ids}secret`} onFocus={(e) => e.target.select()} />
              </div>
              <button type="button" className="button" onClick={() => void copy()}>
                {t('calendarFeed.copy')}
              </button>
            </div>
          ) : feed ? (
            <p>{t('calendarFeed.exists', { date: date.format(new Date(feed.createdAt)) })}</p>
          ) : (
            <p>{t('calendarFeed.none')}</p>
          )}
          {url && feed && (
            <p id={`${ids}secret`} className="small muted">
              {t('calendarFeed.secret')}
            </p>
          )}
          {(create.error || revoke.error) && (
            <p className="form-error" role="alert">
              {apiErrorMessage(t, (create.error ?? revoke.error)!)}
            </p>
          )}
          <div className="calendar-feed__buttons">
            <button type="button" className={feed ? 'button' : 'button button--primary'} disabled={create.pending} onClick={make}>
              {create.pending ? t('calendarFeed.creating') : feed ? t('calendarFeed.renew') : t('calendarFeed.create')}
            </button>
            {feed && (
              <button
                type="button"
                className="button"
                disabled={revoke.pending}
                onClick={() =>
                  void revoke.run(async () => {
                    await call(routes.calendar.revoke, { params: { feedId: feed.id } });
                    setUrl(null);
                    setMessage(t('calendarFeed.revoked'));
                    feeds.refresh();
                  })
                }
              >
                {revoke.pending ? t('calendarFeed.revoking') : t('calendarFeed.revoke')}
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
