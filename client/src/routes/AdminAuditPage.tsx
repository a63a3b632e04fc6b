import { routes, routeUrl, type AuditEntry, type AuditFilterQuery } from '@samla/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import '../components/manage.css';
import { AdminNav } from '../features/admin/AdminNav';
import '../features/admin/audit/audit.css';
import { AuditFilters, FILTERS, readFilters, type FilterName } from '../features/admin/audit/AuditFilters';
import { AuditDetails } from '../features/admin/audit/AuditDetails';
import { actionLabel, actorLabel, targetLabel } from '../features/admin/audit/format';
import { CoordinatorOnly } from '../features/admin/CoordinatorOnly';
import { useAction } from '../hooks/useAction';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useParamsState } from '../hooks/useParamsState';
import { currentLanguage, currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

const LIMIT = 200;

/** `/admin/audit`: the member list export and the audit log, newest first, filtered as the address says. */
export default function AdminAuditPage() {
  return (
    <CoordinatorOnly>
      <AdminAudit />
    </CoordinatorOnly>
  );
}

function AdminAudit() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  useDocumentTitle(t('audit.title'));
  const [params, setParams] = useParamsState();
  const { query, rangeError } = readFilters(params);
  const filtered = Object.keys(query).length > 0;
  // A date applies a moment after it was typed (AuditFilters): from the address as it is then.
  const latest = useRef(params);
  useEffect(() => {
    latest.current = params;
  }, [params]);
  const set = (name: FilterName, value: string) => {
    const next = new URLSearchParams(latest.current);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const clear = () => {
    const next = new URLSearchParams(params);
    for (const f of FILTERS) next.delete(f);
    setParams(next);
  };
  const csv = routeUrl(routes.audit.csv, {}, { ...query, lang: currentLanguage(i18n) });

  return (
    <div className="page">
      <AdminNav />
      <h1>{t('audit.title')}</h1>
      <section className="section card" aria-labelledby={`${ids}export`}>
        <h2 id={`${ids}export`}>{t('audit.exportHeading')}</h2>
        <p>{t('audit.exportText')}</p>
        <a className="button button--primary" href={routeUrl(routes.directory.membersCsv)} download>
          {t('audit.exportLink')}
        </a>
      </section>
      <section className="section" aria-labelledby={`${ids}log`}>
        <h2 id={`${ids}log`}>{t('audit.logHeading')}</h2>
        <p className="muted">{t('audit.logIntro')}</p>
        <AuditFilters params={params} onChange={set} />
        <div className="audit-actions">
          {filtered && (
            <button type="button" className="button" onClick={clear}>
              {t('audit.clearFilters')}
            </button>
          )}
          {!rangeError && (
            <p className="audit-actions__csv">
              <a className="button" href={csv} download aria-describedby={`${ids}csv`}>
                {t('audit.csvLink')}
              </a>{' '}
              <span id={`${ids}csv`} className="small muted">
                {t('audit.csvHint')}
              </span>
            </p>
          )}
        </div>
        {rangeError ? (
          <p className="form-error" role="alert">
            {t('audit.rangeError')}
          </p>
        ) : (
          // A new set of filters starts from the newest page again.
          <AuditLog key={JSON.stringify(query)} query={query} filtered={filtered} />
        )}
      </section>
    </div>
  );
}

function AuditLog({ query, filtered }: { query: AuditFilterQuery; filtered: boolean }) {
  const { t, i18n } = useTranslation();
  const log = useRoute(routes.audit.list, { query: { ...query, limit: LIMIT } });
  // Older pages, fetched on request; `next` is undefined until the first of them.
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const more = useAction();
  const endRef = useRef<HTMLParagraphElement>(null);
  const [focusEnd, setFocusEnd] = useState(false);
  useEffect(() => {
    if (focusEnd) endRef.current?.focus();
  }, [focusEnd]);
  const time = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'medium', timeStyle: 'short' });

  if (log.status === 'loading') return <Loading label={t('audit.loading')} />;
  if (log.status === 'error') {
    return (
      <ErrorState title={t('audit.errorTitle')} onRetry={log.reload}>
        <p>{errorMessage(t, log.error.code)}</p>
      </ErrorState>
    );
  }
  if (log.data.entries.length === 0) {
    return (
      <EmptyState title={filtered ? t('audit.emptyFilteredTitle') : t('audit.emptyTitle')}>
        <p>{filtered ? t('audit.emptyFilteredText') : t('audit.emptyText')}</p>
      </EmptyState>
    );
  }

  const cursor = next === undefined ? log.data.next : next;
  const entries = [...log.data.entries, ...older];
  const loadOlder = () =>
    more.run(async () => {
      if (!cursor) return;
      const page = await call(routes.audit.list, { query: { ...query, limit: LIMIT, after: cursor } });
      setOlder((o) => [...o, ...page.entries]);
      setNext(page.next);
      // The button goes away with the last page: focus moves to the line that says so.
      if (!page.next) setFocusEnd(true);
    });

  return (
    <>
      <div className="table-wrap">
        <table className="data-table audit-table">
          <caption className="visually-hidden">{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className="audit-table__time">
                  <time dateTime={entry.at}>{time.format(new Date(entry.at))}</time>
                </td>
                <td className="audit-table__actor">{actorLabel(t, entry)}</td>
                <td className="audit-table__action">{actionLabel(t, entry.action)}</td>
                <td className="audit-table__target">{targetLabel(t, entry)}</td>
                <td className="audit-table__details small">
                  <AuditDetails fields={entry.fields} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" role="status">
        {filtered ? t('audit.filteredShown', { count: entries.length }) : t('audit.shown', { count: entries.length })}
      </p>
      {cursor ? (
        <p>
          <button type="button" className="button" onClick={() => void loadOlder()} disabled={more.pending}>
            {more.pending ? t('audit.loadingOlder') : t('audit.showOlder')}
          </button>
        </p>
      ) : (
        next === null && (
          <p ref={endRef} tabIndex={-1}>
            {t('audit.noOlder')}
          </p>
        )
      )}
      {more.error && (
        <p className="form-error" role="alert">
          {errorMessage(t, more.error.code)}
        </p>
      )}
    </>
  );
}
