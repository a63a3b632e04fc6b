import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { routes, type InvitationCreated, type PendingInvitation } from '@samla/shared';
import { call } from '../../../api';
import { useAction } from '../../../hooks/useAction';
import { currentLocale } from '../../../i18n';
import { apiErrorMessage } from '../../../i18n/errors';
import { formatDate } from '../../membership/format';
import { CopyLink } from './CopyLink';

/**
 * Invitations not yet used, each with "Skicka igen" (a new link; the old one stops working) and
 * "Återkalla". A link is shown only when it is made: only its hash is stored.
 */
export function PendingInvitations({
  invitations,
  showOrganisation,
  onChanged,
}: {
  invitations: PendingInvitation[];
  showOrganisation?: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  // Links made here, by email: they stay on screen after the list reloads.
  const [links, setLinks] = useState<Map<string, InvitationCreated>>(new Map());
  const madeHere = [...links.entries()].filter(([email]) => invitations.some((i) => i.email === email));
  return (
    <>
      {invitations.length === 0 ? (
        <p className="muted">{t('organisations.noInvitations')}</p>
      ) : (
        <ul className="plain-list" aria-label={t('organisations.invitationsLabel')}>
          {invitations.map((i) => (
            <InvitationRow
              key={i.id}
              invitation={i}
              showOrganisation={showOrganisation}
              onResent={(created) => {
                setLinks((m) => new Map(m).set(i.email, created));
                onChanged();
              }}
              onRevoked={() => {
                setLinks((m) => {
                  const next = new Map(m);
                  next.delete(i.email);
                  return next;
                });
                onChanged();
              }}
            />
          ))}
        </ul>
      )}
      {madeHere.map(([email, created]) => (
        <CopyLink key={email} id={`resent-${email}`} label={t('organisations.newLinkFor', { email })} link={created.link} emailed={created.emailed} expiresAt={created.expiresAt} />
      ))}
    </>
  );
}

function InvitationRow({
  invitation: i,
  showOrganisation,
  onResent,
  onRevoked,
}: {
  invitation: PendingInvitation;
  showOrganisation?: boolean;
  onResent(created: InvitationCreated): void;
  onRevoked(): void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const resend = useAction();
  const revoke = useAction();
  const who = i.name ? `${i.name} (${i.email})` : i.email;
  return (
    <li>
      <div>
        <strong>{who}</strong>
        {showOrganisation && <span> · {i.organisationName}</span>}
        <div className="small muted">{t('organisations.invitedOn', { date: formatDate(i.createdAt, locale), expires: formatDate(i.expiresAt, locale) })}</div>
        <div className="form-error" role="alert">
          {resend.error && apiErrorMessage(t, resend.error)}
          {revoke.error && apiErrorMessage(t, revoke.error)}
        </div>
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="button"
          disabled={resend.pending}
          onClick={() =>
            void resend.run(async () => {
              const res = await call(routes.organisations.resendInvitation, { params: { id: i.id } });
              onResent(res.invitation);
            })
          }
        >
          {resend.pending ? t('organisations.resending') : t('organisations.resend')}
          <span className="visually-hidden"> {who}</span>
        </button>
        <button
          type="button"
          className="button button--quiet"
          disabled={revoke.pending}
          onClick={() =>
            void revoke.run(async () => {
              await call(routes.organisations.revokeInvitation, { params: { id: i.id } });
              onRevoked();
            })
          }
        >
          {t('organisations.revoke')}
          <span className="visually-hidden"> {who}</span>
        </button>
      </div>
    </li>
  );
}
