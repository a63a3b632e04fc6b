import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { routes, type ApplicationStatus, type InvitationCreated } from '@samla/shared';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { AdminNav } from '../features/admin/AdminNav';
import { ApplicationCard, type Decision } from '../features/admin/ApplicationCard';
import { CoordinatorOnly } from '../features/admin/CoordinatorOnly';
import { PendingInvitations } from '../features/admin/organisations/PendingInvitations';
import '../features/admin/organisations/organisations.css';
import '../features/membership/membership.css';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { errorMessage } from '../i18n/errors';

const statuses: readonly ApplicationStatus[] = ['pending', 'approved', 'rejected'];
const isStatus = (value: string | null): value is ApplicationStatus => statuses.includes(value as ApplicationStatus);

/** Coordinators: review membership applications, pending ones oldest first. */
export default function AdminApplicationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('adminApplications.title'));
  return (
    <CoordinatorOnly>
      <div className="page">
        <AdminNav />
        <h1>{t('adminApplications.title')}</h1>
        <Applications />
      </div>
    </CoordinatorOnly>
  );
}

function Applications() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const raw = params.get('status');
  const status: ApplicationStatus = isStatus(raw) ? raw : 'pending';
  const list = useRoute(routes.applications.list, { query: { status } });
  const groups = useRoute(routes.groups.working, { query: { archived: 'true' } });
  const groupNames = useMemo(() => new Map((groups.data?.groups ?? []).map((g) => [g.id, g.name])), [groups.data]);
  // Decisions made on this page: the card shows the outcome (and the invitation link) until the list is reloaded.
  const [decided, setDecided] = useState<Map<string, Decision>>(new Map());

  const record = (d: Decision) => setDecided((m) => new Map(m).set(d.application.id, d));

  let body;
  if (list.status === 'loading') body = <Loading label={t('adminApplications.loading')} />;
  else if (list.status === 'error')
    body = (
      <ErrorState title={t('adminApplications.error')} onRetry={list.reload}>
        <p>{errorMessage(t, list.error.code)}</p>
      </ErrorState>
    );
  else if (list.data.applications.length === 0)
    body = (
      <EmptyState title={t(`adminApplications.empty.${status}`)}>
        <p>{t('adminApplications.emptyText')}</p>
      </EmptyState>
    );
  else
    body = (
      <ul className="application-list" aria-label={t(`adminApplications.listLabel.${status}`)}>
        {list.data.applications.map((a) => {
          const decision = decided.get(a.id);
          const invitation: InvitationCreated | undefined = decision?.invitation;
          return (
            <ApplicationCard
              key={a.id}
              application={decision?.application ?? a}
              invitation={invitation}
              groupNames={groupNames}
              onDecided={record}
              onStale={list.reload}
            />
          );
        })}
      </ul>
    );

  return (
    <>
      <nav aria-label={t('adminApplications.filterLabel')}>
        <ul className="segmented">
          {statuses.map((s) => (
            <li key={s}>
              <Link to={`?status=${s}`} aria-current={s === status ? 'true' : undefined}>
                {t(`adminApplications.filter.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {status === 'approved' && <Invitations />}
      {body}
    </>
  );
}

/** Approved organisations whose people have not accepted yet: their invitations again, with "Skicka igen". */
function Invitations() {
  const { t } = useTranslation();
  const pending = useRoute(routes.organisations.pendingInvitations);
  return (
    <section className="org-section" aria-labelledby="pending-invitations">
      <h2 id="pending-invitations">{t('organisations.pendingTitle')}</h2>
      <p className="small muted">{t('organisations.pendingHint')}</p>
      {pending.status === 'loading' && <Loading label={t('organisations.loading')} />}
      {pending.status === 'error' && (
        <ErrorState title={t('organisations.error')} onRetry={pending.reload}>
          <p>{errorMessage(t, pending.error.code)}</p>
        </ErrorState>
      )}
      {pending.status === 'ok' && <PendingInvitations invitations={pending.data.invitations} showOrganisation onChanged={pending.refresh} />}
    </section>
  );
}
