import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { municipalityName, routes, type Application, type InvitationCreated } from '@samla/shared';
import { call, toApiError, type ApiError } from '../../api';
import { currentLocale } from '../../i18n';
import { apiErrorMessage } from '../../i18n/errors';
import { personName } from '../../i18n/personName';
import { useAuth } from '../auth/AuthContext';
import { formatDate, formatDateTime } from '../membership/format';
import { FormField } from '../membership/FormField';
import { StatusBadge } from '../membership/StatusBadge';

export interface Decision {
  application: Application;
  invitation?: InvitationCreated;
}

interface Props {
  application: Application;
  /** Working group names by id, for the groups the organisation is interested in. */
  groupNames: Map<string, string>;
  /** The coordinator decided here: the card keeps showing the outcome (and the invitation link). */
  invitation?: InvitationCreated;
  onDecided(decision: Decision): void;
  /** Someone else decided first: the list should be fetched again. */
  onStale(): void;
}

/** One application with everything the organisation stated, and Approve / Reject while it is pending. */
export function ApplicationCard({ application: a, groupNames, invitation, onDecided, onStale }: Props) {
  const { t, i18n } = useTranslation();
  const { sessionEnded } = useAuth();
  const locale = currentLocale(i18n);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const rejectButton = useRef<HTMLButtonElement>(null);
  const headingId = `application-${a.id}`;

  /** Approves, or with a reason rejects. */
  async function decide(reject?: { reason: string }) {
    setBusy(true);
    setError(null);
    try {
      const params = { id: a.id };
      const res: Decision = reject
        ? await call(routes.applications.reject, { params, body: reject })
        : await call(routes.applications.approve, { params });
      setRejecting(false);
      onDecided(res);
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'unauthenticated') sessionEnded();
      setError(apiError);
    } finally {
      setBusy(false);
    }
  }

  const groups = a.groupIds.map((id) => groupNames.get(id) ?? id);

  return (
    <li className="application" aria-labelledby={headingId}>
      <div className="application__header">
        <h2 id={headingId}>{a.name}</h2>
        <StatusBadge status={a.status} />
      </div>
      <dl className="details-list">
        <dt>{t('adminApplications.submitted')}</dt>
        <dd>{formatDateTime(a.createdAt, locale)}</dd>
        <dt>{t('adminApplications.orgNumber')}</dt>
        <dd>{a.orgNumber}</dd>
        <dt>{t('adminApplications.address')}</dt>
        <dd>{t('adminApplications.addressValue', { street: a.street, postalCode: a.postalCode, municipality: municipalityName(a.municipality) })}</dd>
        <dt>{t('adminApplications.website')}</dt>
        <dd>
          {a.website ? (
            <a href={a.website} rel="noopener noreferrer">
              {a.website}
            </a>
          ) : (
            t('adminApplications.none')
          )}
        </dd>
        <dt>{t('adminApplications.contact')}</dt>
        <dd>
          {personName(t, a.contactName)}
          {/* No address once the contact deleted their account. */}
          {a.contactEmail && (
            <>
              , <a href={`mailto:${a.contactEmail}`}>{a.contactEmail}</a>
            </>
          )}
        </dd>
        <dt>{t('adminApplications.groups')}</dt>
        <dd>
          {groups.length > 0
            ? new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(groups)
            : t('adminApplications.none')}
        </dd>
        {a.decidedAt && (
          <>
            <dt>{t('adminApplications.decided')}</dt>
            <dd>{formatDateTime(a.decidedAt, locale)}</dd>
          </>
        )}
        {a.reason && (
          <>
            <dt>{t('adminApplications.reason')}</dt>
            <dd className="preserve-lines">{a.reason}</dd>
          </>
        )}
      </dl>

      {a.status === 'pending' && !rejecting && (
        <div className="application__actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => void decide()}>
            {busy ? t('adminApplications.approving') : t('adminApplications.approve')}
            <span className="visually-hidden"> {a.name}</span>
          </button>
          <button ref={rejectButton} type="button" className="button button--danger" disabled={busy} onClick={() => setRejecting(true)}>
            {t('adminApplications.reject')}
            <span className="visually-hidden"> {a.name}</span>
          </button>
        </div>
      )}
      {a.status === 'pending' && rejecting && (
        <RejectForm
          id={a.id}
          busy={busy}
          onReject={(reason) => void decide({ reason })}
          onCancel={() => {
            setRejecting(false);
            setError(null);
            // The Reject button comes back on the next render; focus it there.
            requestAnimationFrame(() => rejectButton.current?.focus());
          }}
        />
      )}
      <div className="form-error" role="alert">
        {error && apiErrorMessage(t, error)}
        {error?.code === 'already_decided' && (
          <>
            {' '}
            <button type="button" className="button button--quiet" onClick={onStale}>
              {t('adminApplications.reload')}
            </button>
          </>
        )}
      </div>
      {invitation && <InvitationResult application={a} invitation={invitation} />}
    </li>
  );
}

function RejectForm({ id, busy, onReject, onCancel }: { id: string; busy: boolean; onReject(reason: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const fieldId = `reject-reason-${id}`;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById(fieldId)?.focus();
      return;
    }
    onReject(reason.trim());
  }

  return (
    <form className="reject-form" onSubmit={submit} noValidate aria-label={t('adminApplications.rejectFormLabel')}>
      <FormField
        id={fieldId}
        label={t('adminApplications.reasonLabel')}
        hint={t('adminApplications.reasonHint')}
        error={missing ? t('adminApplications.reasonMissing') : null}
      >
        {(control) => (
          <textarea
            {...control}
            name="reason"
            required
            maxLength={2000}
            autoFocus
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              if (e.target.value.trim()) setMissing(false);
            }}
          />
        )}
      </FormField>
      <div className="application__actions">
        <button type="submit" className="button button--danger" disabled={busy}>
          {busy ? t('adminApplications.rejecting') : t('adminApplications.confirmReject')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('adminApplications.cancel')}
        </button>
      </div>
    </form>
  );
}

/** After approval: the invitation link to hand to the contact person, copyable, and whether it was mailed. */
function InvitationResult({ application: a, invitation }: { application: Application; invitation: InvitationCreated }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const linkId = `invitation-link-${a.id}`;
  useEffect(() => ref.current?.focus(), []);

  async function copy() {
    const input = document.getElementById(linkId) as HTMLInputElement | null;
    try {
      await navigator.clipboard.writeText(invitation.link);
      setCopied('yes');
    } catch {
      // No clipboard access (http, or denied): select the text so Ctrl+C copies it.
      input?.focus();
      input?.select();
      setCopied('failed');
    }
  }

  return (
    <div ref={ref} className="success-panel invitation-result" tabIndex={-1}>
      <h3>{t('adminApplications.approvedTitle', { name: a.name })}</h3>
      <p>
        {invitation.emailed
          ? t('adminApplications.emailed', { email: a.contactEmail })
          : t('adminApplications.notEmailed', { email: a.contactEmail })}
      </p>
      <div className="field">
        <label htmlFor={linkId}>{t('adminApplications.invitationLink')}</label>
        <div className="copy-row">
          <input id={linkId} type="text" readOnly value={invitation.link} onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={() => void copy()}>
            {t('adminApplications.copy')}
          </button>
        </div>
        <p className="field__hint">
          {t('adminApplications.expires', { date: formatDate(invitation.expiresAt, currentLocale(i18n)) })}
        </p>
      </div>
      <p role="status" className="small">
        {copied === 'yes' && t('adminApplications.copied')}
        {copied === 'failed' && t('adminApplications.copyFailed')}
      </p>
    </div>
  );
}
