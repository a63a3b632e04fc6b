import { routes, type PublicUser } from '@samla/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useApi';
import { errorMessage } from '../../i18n/errors';
import { InviteColleagues } from './InviteColleagues';

/**
 * The person's organisation: its facts and people; for its contact person also inviting colleagues
 * and "Organisationen lämnar nätverket" (which deletes every account in it, this one included).
 */
export function Organisation({ user, formatDate, onGone }: { user: PublicUser; formatDate: (iso: string) => string; onGone: () => Promise<void> }) {
  const { t } = useTranslation();
  const ids = useId();
  const orgId = user.organisationId!;
  const org = useRoute(routes.members.organisation, { params: { orgId } });
  const leave = useAction();

  let body;
  if (org.status === 'loading') body = <Loading label={t('account.orgLoading')} />;
  else if (org.status === 'error')
    body = (
      <ErrorState title={t('account.orgError')} onRetry={org.reload}>
        <p>{errorMessage(t, org.error.code)}</p>
      </ErrorState>
    );
  else {
    const { organisation, people } = org.data;
    const isContact = organisation.contactUserId === user.id;
    const contact = people.find((p) => p.id === organisation.contactUserId);
    body = (
      <>
        <div className="card">
          <h3>{organisation.name}</h3>
          <p className="muted">{t('account.orgDetails', { municipality: organisation.municipality, orgNumber: organisation.orgNumber })}</p>
          <p>
            {isContact
              ? t('account.orgYouAreContact')
              : contact
                ? t('account.orgContact', { name: contact.name })
                : t('account.orgNoContact')}
          </p>
          <h4>{t('account.orgPeople')}</h4>
          <ul>
            {people.map((p) => (
              <li key={p.id}>
                {p.name} <span className="muted">({p.email})</span>
              </li>
            ))}
          </ul>
        </div>
        {isContact && (
          <>
            <InviteColleagues orgId={organisation.id} formatDate={formatDate} />
            <section className="section card" aria-labelledby={`${ids}leave`}>
              <h2 id={`${ids}leave`}>{t('account.leaveOrgHeading')}</h2>
              <p>{t('account.leaveOrgText', { organisation: organisation.name, count: people.length })}</p>
              <ConfirmAction
                trigger={t('account.leaveOrgStart')}
                question={<p>{t('account.leaveOrgQuestion')}</p>}
                requireText={{ label: t('account.leaveOrgTypeLabel', { name: organisation.name }), value: organisation.name }}
                confirmLabel={t('account.leaveOrgYes')}
                cancelLabel={t('account.cancel')}
                pendingLabel={t('account.leavingOrg')}
                pending={leave.pending}
                error={leave.error ? t('account.actionError', { message: errorMessage(t, leave.error.code) }) : null}
                onCancel={leave.clear}
                onConfirm={() =>
                  leave.run(async () => {
                    await call(routes.members.leaveNetwork, { params: { orgId: organisation.id } });
                    await onGone();
                  })
                }
              />
            </section>
          </>
        )}
      </>
    );
  }

  return (
    <section className="section" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('account.orgHeading')}</h2>
      {body}
    </section>
  );
}
