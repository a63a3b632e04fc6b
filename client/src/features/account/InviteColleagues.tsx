import { routes, type InvitationCreated } from '@samla/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { errorMessage } from '../../i18n/errors';
import { FormField } from '../membership/FormField';
import '../membership/membership.css';

/** The contact person invites a colleague; the link is shown (copyable), and whether it was emailed. */
export function InviteColleagues({ orgId, formatDate }: { orgId: string; formatDate: (iso: string) => string }) {
  const { t } = useTranslation();
  const ids = useId();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [emailMissing, setEmailMissing] = useState(false);
  const [created, setCreated] = useState<(InvitationCreated & { email: string }) | null>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const resultRef = useRef<HTMLDivElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim()) {
      setEmailMissing(true);
      document.getElementById(`${ids}email`)?.focus();
      return;
    }
    setEmailMissing(false);
    await action.run(async () => {
      const body = name.trim() ? { email: email.trim(), name: name.trim() } : { email: email.trim() };
      const { invitation } = await call(routes.invitations.invite, { params: { orgId }, body });
      setCreated({ ...invitation, email: email.trim() });
      setCopyState('idle');
      setEmail('');
      setName('');
      queueMicrotask(() => resultRef.current?.focus());
    });
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.link);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      linkRef.current?.select();
    }
  }

  return (
    <section className="section card" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('account.inviteHeading')}</h2>
      <p>{t('account.inviteText')}</p>
      <form onSubmit={submit} noValidate>
        <FormField id={`${ids}email`} label={t('account.inviteEmail')} error={emailMissing ? t('account.inviteEmailMissing') : null}>
          {(control) => <input {...control} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <FormField id={`${ids}name`} label={t('account.inviteName')}>
          {(control) => <input {...control} autoComplete="off" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        {action.error && (
          <p className="form-error" role="alert">
            {t('account.inviteError', { message: errorMessage(t, action.error.code) })}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={action.pending}>
          {action.pending ? t('account.inviting') : t('account.invite')}
        </button>
      </form>

      {created && (
        <div ref={resultRef} tabIndex={-1} className="notice section invite-result" role="status">
          <p>
            <strong>{t('account.inviteCreated', { email: created.email })}</strong>{' '}
            {created.emailed ? t('account.inviteEmailed') : t('account.inviteNotEmailed')}
          </p>
          <div className="field">
            <label htmlFor={`${ids}link`}>{t('account.inviteLink')}</label>
            <div className="copy-field">
              <input ref={linkRef} id={`${ids}link`} type="text" readOnly value={created.link} onFocus={(e) => e.target.select()} aria-describedby={`${ids}expires`} />
              <button type="button" className="button" onClick={() => void copy()}>
                {t('account.copy')}
              </button>
            </div>
            <p id={`${ids}expires`} className="field__hint">
              {t('account.inviteExpires', { date: formatDate(created.expiresAt) })}
            </p>
          </div>
          {copyState !== 'idle' && <p>{copyState === 'copied' ? t('account.copied') : t('account.copyFailed')}</p>}
        </div>
      )}
    </section>
  );
}
