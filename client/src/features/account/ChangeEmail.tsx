import { routes } from '@samla/shared';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { call, toApiError, type ApiError } from '../../api';
import { useAction } from '../../hooks/useAction';
import { apiErrorMessage } from '../../i18n/errors';
import { useAuth, useUser } from '../auth/AuthContext';
import { isValidEmail } from '../membership/credentials';
import { FormField } from '../membership/FormField';
import { CurrentPasswordField } from './CurrentPasswordField';
import { FormFooter } from './FormFooter';
import '../membership/membership.css';
import './account.css';

/** The query parameter of the mailed link, `/account?confirmEmail=<token>`. */
export const CONFIRM_EMAIL_PARAM = 'confirmEmail';

/** Asks for a new email address: the server mails a one-time link there, and nothing changes until it is opened. */
export function ChangeEmail() {
  const { t } = useTranslation();
  const ids = useId();
  const user = useUser();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSentTo(null);
    const wanted = email.trim();
    const found = {
      ...(!wanted ? { email: t('account.changeEmailMissing') } : isValidEmail(wanted) ? {} : { email: t('account.changeEmailInvalid') }),
      ...(password ? {} : { password: t('account.currentPasswordMissing') }),
    };
    setErrors(found);
    if (found.email || found.password) {
      document.getElementById(found.email ? `${ids}email` : `${ids}password`)?.focus();
      return;
    }
    const ok = await action.run(async () => {
      await call(routes.auth.changeEmail, { body: { email: wanted, currentPassword: password } });
    });
    setPassword('');
    if (ok) {
      setEmail('');
      setSentTo(wanted.toLowerCase());
    }
  }

  return (
    <section className="section card" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('account.changeEmailHeading')}</h2>
      <p>{t('account.changeEmailText', { email: user.email })}</p>
      <form className="account-form" onSubmit={submit} noValidate>
        <FormField id={`${ids}email`} label={t('account.changeEmailNew')} error={errors.email}>
          {(control) => (
            <input {...control} type="email" autoComplete="email" maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </FormField>
        <CurrentPasswordField id={`${ids}password`} value={password} onChange={setPassword} error={errors.password} />
        <FormFooter action={action} label={t('account.changeEmailSend')} pendingLabel={t('account.changeEmailSending')} done={sentTo && t('account.changeEmailSent', { email: sentTo })} />
      </form>
    </section>
  );
}

type Confirmation = { state: 'pending' } | { state: 'done'; email: string } | { state: 'failed'; error: ApiError };

/** Opened from the mailed link: confirms the change once, then takes the token out of the address bar. */
export function EmailConfirmation({ token }: { token: string }) {
  const { t } = useTranslation();
  const { userChanged, sessionEnded } = useAuth();
  const [, setParams] = useSearchParams();
  const [result, setResult] = useState<Confirmation>({ state: 'pending' });
  const started = useRef(false);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Once only, also where React runs effects twice: the link works one time.
    if (started.current) return;
    started.current = true;
    call(routes.auth.confirmEmail, { body: { token } }).then(
      ({ user }) => {
        userChanged(user);
        setResult({ state: 'done', email: user.email });
      },
      (err: unknown) => {
        const error = toApiError(err);
        if (error.code === 'unauthenticated') sessionEnded();
        setResult({ state: 'failed', error });
      },
    );
    setParams(
      (params) => {
        params.delete(CONFIRM_EMAIL_PARAM);
        return params;
      },
      { replace: true },
    );
  }, [token, userChanged, sessionEnded, setParams]);

  useEffect(() => {
    if (result.state !== 'pending') panel.current?.focus();
  }, [result.state]);

  if (result.state === 'failed') {
    return (
      <div ref={panel} tabIndex={-1} className="section notice invite-result" role="alert">
        <p>
          {result.error.code === 'invalid_token'
            ? t('account.changeEmailLinkInvalid')
            : t('account.changeEmailConfirmFailed', { message: apiErrorMessage(t, result.error) })}
        </p>
      </div>
    );
  }
  return (
    <div ref={panel} tabIndex={-1} className="section success-panel invite-result" role="status">
      <p>{result.state === 'done' ? t('account.changeEmailConfirmed', { email: result.email }) : t('account.changeEmailConfirming')}</p>
    </div>
  );
}
