import { useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { routes, routeUrl } from '@samla/shared';
import { call } from '../api';
import { ConfirmAction } from '../components/ConfirmAction';
import '../components/manage.css';
import { ChangeEmail, CONFIRM_EMAIL_PARAM, EmailConfirmation } from '../features/account/ChangeEmail';
import { ChangeName } from '../features/account/ChangeName';
import { ChangePassword } from '../features/account/ChangePassword';
import { Organisation } from '../features/account/Organisation';
import { useAuth, useUser } from '../features/auth/AuthContext';
import { useAction } from '../hooks/useAction';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { currentLocale } from '../i18n';
import { errorMessage } from '../i18n/errors';

/**
 * `/account`, "Mitt konto": the person's details and changing their name, email (confirmed by the mailed
 * link, `?confirmEmail=<token>`) and password, a download of everything stored about them,
 * deleting the account, and for an organisation's contact person inviting colleagues and the
 * organisation leaving the network.
 */
export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const user = useUser();
  const { logout, sessionEnded } = useAuth();
  const remove = useAction();
  const [params] = useSearchParams();
  // Read once: the confirmation takes the token out of the address bar.
  const [emailToken] = useState(() => params.get(CONFIRM_EMAIL_PARAM));
  useDocumentTitle(t('account.title'));
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'long', timeStyle: 'short' });
  const formatDate = (iso: string) => date.format(new Date(iso));

  /** The server already ended the session; sign out here too (which also clears the offline cache). */
  const signOutAfterDeletion = useCallback(async () => {
    try {
      // Signed out, the route guard sends the person to the sign-in page, which says why.
      await logout('deleted');
    } catch {
      sessionEnded();
    }
  }, [logout, sessionEnded]);

  return (
    <div className="page page--narrow">
      <h1>{t('account.title')}</h1>
      {emailToken && <EmailConfirmation token={emailToken} />}

      <section className="section" aria-labelledby={`${ids}profile`}>
        <h2 id={`${ids}profile`}>{t('account.profileHeading')}</h2>
        <dl className="account-facts">
          <dt>{t('account.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('account.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('account.networkRole')}</dt>
          <dd>{t(`account.networkRoles.${user.role}`)}</dd>
        </dl>
      </section>

      {user.organisationId ? (
        <Organisation user={user} formatDate={formatDate} onGone={signOutAfterDeletion} />
      ) : (
        <p className="muted">
          {t('account.organisation')}: {t('account.noOrganisation')}
        </p>
      )}

      <ChangeName />
      <ChangeEmail />
      <ChangePassword />

      <section className="section card" aria-labelledby={`${ids}export`}>
        <h2 id={`${ids}export`}>{t('account.exportHeading')}</h2>
        <p>{t('account.exportText')}</p>
        <a className="button" href={routeUrl(routes.members.exportMine)} download="samla-mina-uppgifter.json">
          {t('account.exportLink')}
        </a>
      </section>

      <section className="section card" aria-labelledby={`${ids}delete`}>
        <h2 id={`${ids}delete`}>{t('account.deleteHeading')}</h2>
        <p>{t('account.deleteText')}</p>
        <ConfirmAction
          trigger={t('account.deleteStart')}
          question={<p>{t('account.deleteQuestion', { email: user.email })}</p>}
          requireText={{ label: t('account.deleteTypeLabel'), value: user.email }}
          confirmLabel={t('account.deleteYes')}
          cancelLabel={t('account.cancel')}
          pendingLabel={t('account.deleting')}
          pending={remove.pending}
          error={remove.error ? t('account.actionError', { message: errorMessage(t, remove.error.code) }) : null}
          onCancel={remove.clear}
          onConfirm={() =>
            remove.run(async () => {
              await call(routes.members.deleteAccount);
              await signOutAfterDeletion();
            })
          }
        />
      </section>
    </div>
  );
}
