import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { routes } from '@samla/shared';
import { call, toApiError } from '../api';
import { isValidEmail } from '../features/membership/credentials';
import { FormField } from '../features/membership/FormField';
import '../features/membership/membership.css';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage } from '../i18n/errors';

/** Public: asks for a link to choose a new password. The answer never tells whether the account exists. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('passwordReset.forgotTitle'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!isValidEmail(email)) {
      setFieldError(email.trim() ? t('passwordReset.emailInvalid') : t('passwordReset.emailMissing'));
      document.getElementById('forgot-email')?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      await call(routes.invitations.requestReset, { body: { email: email.trim() } });
      setSentTo(email.trim());
    } catch (err) {
      const apiError = toApiError(err);
      setError(apiError.code === 'too_many_attempts' ? t('passwordReset.tooMany') : apiErrorMessage(t, apiError));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>{t('passwordReset.forgotTitle')}</h1>
        {sentTo ? (
          <Sent email={sentTo} />
        ) : (
          <>
            <p className="lead">{t('passwordReset.forgotIntro')}</p>
            <form onSubmit={submit} noValidate>
              <FormField id="forgot-email" label={t('passwordReset.email')} error={fieldError}>
                {(control) => (
                  <input
                    {...control}
                    name="email"
                    type="email"
                    inputMode="email"
                    autoComplete="username"
                    required
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                  />
                )}
              </FormField>
              <div className="form-error" role="alert">
                {error}
              </div>
              <button type="submit" className="button button--primary button--wide" disabled={busy}>
                {busy ? t('passwordReset.sending') : t('passwordReset.send')}
              </button>
            </form>
          </>
        )}
        <p>
          <Link to="/login">{t('passwordReset.backToLogin')}</Link>
        </p>
      </div>
    </div>
  );
}

function Sent({ email }: { email: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="success-panel" role="status" tabIndex={-1}>
      <p>{t('passwordReset.sent', { email })}</p>
      <p className="muted small">{t('passwordReset.sentHint')}</p>
    </div>
  );
}
