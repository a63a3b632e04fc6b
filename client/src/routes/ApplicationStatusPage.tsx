import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { routes } from '@samla/shared';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { formatDate } from '../features/membership/format';
import { StatusBadge } from '../features/membership/StatusBadge';
import '../features/membership/membership.css';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

/** Public, from the link mailed to the applicant: how their application stands. */
export default function ApplicationStatusPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  useDocumentTitle(t('applicationStatus.title'));
  return (
    <div className="page form-page">
      <h1>{t('applicationStatus.title')}</h1>
      {token ? (
        <Status token={token} />
      ) : (
        <ErrorState title={t('applicationStatus.missingToken')}>
          <p>{t('applicationStatus.missingTokenText')}</p>
        </ErrorState>
      )}
    </div>
  );
}

function Status({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const res = useRoute(routes.applications.status, { query: { token } });

  if (res.status === 'loading') return <Loading label={t('applicationStatus.loading')} />;
  if (res.status === 'error') {
    const unknown = res.error.code === 'not_found' || res.error.code === 'invalid_payload';
    return (
      <ErrorState title={unknown ? t('applicationStatus.notFound') : t('applicationStatus.error')} onRetry={unknown ? undefined : res.reload}>
        <p>{unknown ? t('applicationStatus.notFoundText') : errorMessage(t, res.error.code)}</p>
      </ErrorState>
    );
  }
  const a = res.data.application;
  return (
    <div className="card">
      <h2>{a.name}</h2>
      <dl className="details-list">
        <dt>{t('applicationStatus.statusLabel')}</dt>
        <dd>
          <StatusBadge status={a.status} />
        </dd>
        <dt>{t('applicationStatus.submitted')}</dt>
        <dd>{formatDate(a.createdAt, locale)}</dd>
        {a.decidedAt && (
          <>
            <dt>{t('applicationStatus.decided')}</dt>
            <dd>{formatDate(a.decidedAt, locale)}</dd>
          </>
        )}
        {a.status === 'rejected' && a.reason && (
          <>
            <dt>{t('applicationStatus.reason')}</dt>
            <dd className="preserve-lines">{a.reason}</dd>
          </>
        )}
      </dl>
      <p>{t(`applicationStatus.explain.${a.status}`)}</p>
      {a.status === 'approved' && (
        <p>
          <Link to="/members">{t('applicationStatus.seeMembers')}</Link>
        </p>
      )}
    </div>
  );
}
