import { routes, routeUrl, type AuditEntry } from '@samla/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { call } from '../api';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import '../components/manage.css';
import { AdminNav } from '../features/admin/AdminNav';
import { auditDetails, auditTarget, isAuditAction, roleKeys } from '../features/admin/audit/format';
import { CoordinatorOnly } from '../features/admin/CoordinatorOnly';
import { useAction } from '../hooks/useAction';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

const LIMIT = 200;
const isRole = (value: string): value is 'facilitator' | 'member' | 'observer' =>
  value === 'facilitator' || value === 'member' || value === 'observer';

/** `/admin/audit`: the member list export and the audit log, newest first. */
export default function AdminAuditPage() {
  return (
    <CoordinatorOnly>
      <AdminAudit />
    </CoordinatorOnly>
  );
}

function AdminAudit() {
  const { t } = useTranslation();
  const ids = useId();
  useDocumentTitle(t('audit.title'));
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
        <AuditLog />
      </section>
    </div>
  );
}

function AuditLog() {
  const { t, i18n } = useTranslation();
  const log = useRoute(routes.members.audit, { query: { limit: LIMIT } });
  // Older pages, fetched on request; `next` is undefined until the first of them.
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const more = useAction();
  const endRef = useRef<HTMLParagraphElement>(null);
  const [focusEnd, setFocusEnd] = useState(false);
  useEffect(() => {
    if (focusEnd) endRef.current?.focus();
  }, [focusEnd]);
  // Only to name groups in the log; the log is shown without it if it fails.
  const groups = useRoute(routes.groups.working, { query: { archived: 'true' } });
  const groupNames = useMemo(() => new Map((groups.data?.groups ?? []).map((g) => [g.id, g.name])), [groups.data]);
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
      <EmptyState title={t('audit.emptyTitle')}>
        <p>{t('audit.emptyText')}</p>
      </EmptyState>
    );
  }

  const cursor = next === undefined ? log.data.next : next;
  const entries = [...log.data.entries, ...older];
  const loadOlder = () =>
    more.run(async () => {
      if (!cursor) return;
      const page = await call(routes.members.audit, { query: { limit: LIMIT, after: cursor } });
      setOlder((o) => [...o, ...page.entries]);
      setNext(page.next);
      // The button goes away with the last page: focus moves to the line that says so.
      if (!page.next) setFocusEnd(true);
    });

  const detailValue = (key: string, value: string) => (roleKeys.has(key) && isRole(value) ? t(`roles.${value}`) : value);

  return (
    <div className="table-wrap">
      <table className="data-table">
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
          {entries.map((entry) => {
            const target = auditTarget(entry, groupNames);
            const details = auditDetails(entry);
            return (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{time.format(new Date(entry.at))}</time>
                </td>
                <td>{entry.actorId === null ? t('audit.system') : (entry.actorName ?? t('common.formerMember'))}</td>
                <td>{isAuditAction(entry.action) ? t(`audit.actions.${entry.action}`) : entry.action}</td>
                <td>{target ? t(`audit.targets.${target.kind}`, { name: target.name }) : entry.target}</td>
                <td className="small">
                  {details.length > 0 && (
                    <ul className="list-plain">
                      {details.map(([key, value]) => (
                        <li key={key}>
                          {key}: {detailValue(key, value)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted" role="status">
        {t('audit.shown', { count: entries.length })}
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
    </div>
  );
}
