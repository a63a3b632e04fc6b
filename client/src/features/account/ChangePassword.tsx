import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { routes } from '@samla/shared';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { isValidPassword } from '../membership/credentials';
import { NewPasswordField } from '../membership/PasswordField';
import { CurrentPasswordField } from './CurrentPasswordField';
import { FormFooter } from './FormFooter';
import './account.css';

/** A new password, after the current one. The server ends every other session of the person; this one stays. */
export function ChangePassword() {
  const { t } = useTranslation();
  const ids = useId();
  const action = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found = {
      ...(current ? {} : { current: t('account.currentPasswordMissing') }),
      ...(isValidPassword(next) ? {} : { next: t('account.changePasswordTooShort') }),
    };
    setErrors(found);
    if (found.current || found.next) {
      document.getElementById(found.current ? `${ids}current` : `${ids}new`)?.focus();
      return;
    }
    const ok = await action.run(async () => {
      await call(routes.auth.changePassword, { body: { currentPassword: current, newPassword: next } });
    });
    setCurrent('');
    if (ok) {
      setNext('');
      setSaved(true);
    }
  }

  return (
    <section className="section card" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('account.changePasswordHeading')}</h2>
      <p>{t('account.changePasswordText')}</p>
      <form className="account-form" onSubmit={submit} noValidate>
        <CurrentPasswordField id={`${ids}current`} value={current} onChange={setCurrent} error={errors.current} />
        <NewPasswordField id={`${ids}new`} label={t('account.changePasswordNew')} value={next} onChange={setNext} error={errors.next} />
        <FormFooter action={action} label={t('account.changePasswordSave')} pendingLabel={t('account.changePasswordSaving')} done={saved && t('account.changePasswordSaved')} />
      </form>
    </section>
  );
}
