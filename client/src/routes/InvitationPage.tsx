import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { routes, type InvitationInfo } from '@samla/shared';
import { toApiError, type ApiError } from '../api';
import { ErrorState } from '../components/ErrorState';
import { Loading } from '../components/Loading';
import { useAuth } from '../features/auth/AuthContext';
import { isValidPassword } from '../features/membership/credentials';
import { FormField } from '../features/membership/FormField';
import '../features/membership/membership.css';
import { NewPasswordField } from '../features/membership/PasswordField';
import { useRoute } from '../hooks/useApi';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { apiErrorMessage, errorMessage } from '../i18n/errors';

/** Public, from an invitation link: the invited person names themselves, picks a password and is signed in. */
export default function InvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  useDocumentTitle(t('invitation.title'));
  return (
    <div className="auth-page">
      <div className="card auth-card">
        <h1>{t('invitation.title')}</h1>
        {token ? <Invitation token={token} /> : <InvalidInvitation />}
      </div>
    </div>
  );
}

function InvalidInvitation() {
  const { t } = useTranslation();
  return (
    <ErrorState title={t('invitation.invalidTitle')}>
      <p>{t('invitation.invalidText')}</p>
    </ErrorState>
  );
}

function Invitation({ token }: { token: string }) {
  const { t } = useTranslation();
  const info = useRoute(routes.invitations.info, { params: { token } });
  if (info.status === 'loading') return <Loading label={t('invitation.loading')} />;
  if (info.status === 'error') {
    if (info.error.code === 'invalid_token' || info.error.code === 'not_found') return <InvalidInvitation />;
    return (
      <ErrorState title={t('invitation.error')} onRetry={info.reload}>
        <p>{errorMessage(t, info.error.code)}</p>
      </ErrorState>
    );
  }
  return <AcceptForm token={token} invitation={info.data.invitation} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationInfo }) {
  const { t } = useTranslation();
  const { user, acceptInvitation } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState(invitation.name ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      name: name.trim() ? undefined : t('invitation.nameMissing'),
      password: isValidPassword(password) ? undefined : t('invitation.passwordTooShort'),
    };
    setErrors(found);
    setFailure(null);
    if (found.name || found.password) {
      document.getElementById(found.name ? 'invitation-name' : 'invitation-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      await acceptInvitation({ token, name: name.trim(), password });
      navigate('/', { replace: true });
    } catch (err) {
      setFailure(toApiError(err));
      setBusy(false);
    }
  }

  if (failure?.code === 'invalid_token') return <InvalidInvitation />;

  return (
    <>
      <p className="lead">
        {invitation.organisation
          ? t('invitation.introOrganisation', { organisation: invitation.organisation.name })
          : t('invitation.intro')}
      </p>
      <dl className="details-list">
        {invitation.organisation && (
          <>
            <dt>{t('invitation.organisation')}</dt>
            <dd>{invitation.organisation.name}</dd>
          </>
        )}
        <dt>{t('invitation.email')}</dt>
        <dd>{invitation.email}</dd>
      </dl>
      {user && <p className="notice">{t('invitation.signedInAs', { name: user.name })}</p>}
      <form onSubmit={submit} noValidate>
        <FormField id="invitation-name" label={t('invitation.name')} error={errors.name}>
          {(control) => (
            <input {...control} name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </FormField>
        <NewPasswordField
          id="invitation-password"
          label={t('invitation.password')}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <div className="form-error" role="alert">
          {failure && apiErrorMessage(t, failure)}
          {failure?.code === 'email_taken' && (
            <>
              {' '}
              <Link to="/login">{t('invitation.signInInstead')}</Link>
            </>
          )}
        </div>
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? t('invitation.submitting') : t('invitation.submit')}
        </button>
      </form>
    </>
  );
}
