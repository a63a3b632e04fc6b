import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { routes } from '@samla/shared';
import { call, toApiError } from '../api';
import { ErrorState } from '../components/ErrorState';
import { useAuth } from '../features/auth/AuthContext';
import { isValidPassword } from '../features/membership/credentials';
import '../features/membership/membership.css';
import { NewPasswordField } from '../features/membership/PasswordField';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage } from '../i18n/errors';

/** Public, from the mailed link: choose a new password. Every session of the account ends. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');
  useDocumentTitle(t('passwordReset.resetTitle'));

  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>{t('passwordReset.resetTitle')}</h1>
        {state === 'invalid' && (
          <ErrorState title={t('passwordReset.invalidTitle')}>
            <p>{t('passwordReset.invalidText')}</p>
            <p>
              <Link to="/forgot-password">{t('passwordReset.askAgain')}</Link>
            </p>
          </ErrorState>
        )}
        {state === 'done' && <Done />}
        {state === 'form' && token && <ResetForm token={token} onDone={setState} />}
      </div>
    </div>
  );
}

function Done() {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} className="success-panel" role="status" tabIndex={-1}>
      <p>{t('passwordReset.done')}</p>
      <p>
        <Link className="button button--primary" to="/login">
          {t('passwordReset.signIn')}
        </Link>
      </p>
    </div>
  );
}

function ResetForm({ token, onDone }: { token: string; onDone: (state: 'done' | 'invalid') => void }) {
  const { t } = useTranslation();
  const { state: auth, refresh } = useAuth();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!isValidPassword(password)) {
      setFieldError(t('invitation.passwordTooShort'));
      document.getElementById('reset-password')?.focus();
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      await call(routes.invitations.confirmReset, { body: { token, password } });
      // A reset ends every session of the account, perhaps this browser's: ask who is signed in now.
      if (auth.status === 'signedIn') refresh();
      onDone('done');
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'invalid_token') return onDone('invalid');
      setError(apiErrorMessage(t, apiError));
      setBusy(false);
    }
  }

  return (
    <>
      <p className="lead">{t('passwordReset.resetIntro')}</p>
      <form onSubmit={submit} noValidate>
        <NewPasswordField id="reset-password" label={t('passwordReset.newPassword')} value={password} onChange={setPassword} error={fieldError} />
        <div className="form-error" role="alert">
          {error}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? t('passwordReset.saving') : t('passwordReset.save')}
        </button>
      </form>
    </>
  );
}
