import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { toApiError } from '../api';
import { useAuth } from '../features/auth/AuthContext';
import { safeNext } from '../features/auth/RequireAuth';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage } from '../i18n/errors';

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  useDocumentTitle(t('login.title'));

  if (state.status === 'signedIn' && !busy) return <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError(t('login.missingFields'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setError(apiErrorMessage(t, toApiError(err)));
      setBusy(false);
    }
  }

  const expired = params.get('expired') === '1';
  const deleted = params.get('deleted') === '1';
  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>{t('login.title')}</h1>
        <p className="lead">{t('login.intro')}</p>
        {expired && !error && <p className="notice">{t('auth.sessionExpired')}</p>}
        {deleted && !error && (
          <p className="notice" role="status">
            {t('auth.accountDeleted')}
          </p>
        )}
        <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor="login-email">{t('login.email')}</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="username"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div id={errorId} className="form-error" role="alert">
            {error}
          </div>
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p>
          <Link to="/forgot-password">{t('passwordReset.forgotLink')}</Link>
        </p>
        <p className="muted small">{t('login.firstTime')}</p>
      </div>
    </div>
  );
}
