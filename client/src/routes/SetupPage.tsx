import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { routes } from '@samla/shared';
import { toApiError } from '../api';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { useAuth } from '../features/auth/AuthContext';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage, errorMessage } from '../i18n/errors';

const MIN_PASSWORD = 10;

/** First start: the one-time link `/setup?token=…` creates the coordinator account. */
export function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setup = useRoute(routes.auth.setupNeeded);
  useDocumentTitle(t('setup.title'));

  let body;
  if (setup.status === 'loading') body = <Loading label={t('setup.checking')} />;
  else if (setup.status === 'error')
    body = <ErrorState title={errorMessage(t, setup.error.code)} onRetry={setup.reload} />;
  else if (!setup.data.needed)
    body = (
      <>
        <p className="notice">{t('setup.notNeeded')}</p>
        <Link className="button button--primary" to="/login">
          {t('setup.goToLogin')}
        </Link>
      </>
    );
  else if (!token) body = <p className="form-error">{t('setup.missingToken')}</p>;
  else body = <SetupForm token={token} />;

  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>{t('setup.title')}</h1>
        {body}
      </div>
    </div>
  );
}

function SetupForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const { completeSetup } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const hintId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim() || !email.trim() || !password) return setError(t('setup.missingFields'));
    if (password.length < MIN_PASSWORD) return setError(t('setup.passwordTooShort'));
    setBusy(true);
    setError(null);
    try {
      await completeSetup({ token, name: name.trim(), email: email.trim(), password });
      navigate('/', { replace: true });
    } catch (err) {
      setError(apiErrorMessage(t, toApiError(err)));
      setBusy(false);
    }
  }

  return (
    <>
      <p className="lead">{t('setup.intro')}</p>
      <form onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
        <div className="field">
          <label htmlFor="setup-name">{t('setup.name')}</label>
          <input id="setup-name" name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="setup-email">{t('setup.email')}</label>
          <input
            id="setup-email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="setup-password">{t('setup.password')}</label>
          <input
            id="setup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            required
            aria-describedby={hintId}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id={hintId} className="field__hint">
            {t('setup.passwordHint')}
          </p>
        </div>
        <div id={errorId} className="form-error" role="alert">
          {error}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </>
  );
}
