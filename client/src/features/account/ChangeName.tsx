import { routes } from '@samla/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api';
import { useAction } from '../../hooks/useAction';
import { useAuth, useUser } from '../auth/AuthContext';
import { FormField } from '../membership/FormField';
import { FormFooter } from './FormFooter';
import './account.css';

/** The person's display name, as groups, sessions and minutes show it. */
export function ChangeName() {
  const { t } = useTranslation();
  const ids = useId();
  const user = useUser();
  const { userChanged } = useAuth();
  const action = useAction();
  const [name, setName] = useState(user.name);
  const [missing, setMissing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const field = `${ids}name`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    if (!name.trim()) {
      setMissing(true);
      document.getElementById(field)?.focus();
      return;
    }
    setMissing(false);
    await action.run(async () => {
      const { user: changed } = await call(routes.auth.rename, { body: { name } });
      userChanged(changed);
      setName(changed.name);
      setSaved(changed.name);
    });
  }

  return (
    <section className="section card" aria-labelledby={`${ids}heading`}>
      <h2 id={`${ids}heading`}>{t('account.changeNameHeading')}</h2>
      <form className="account-form" onSubmit={submit} noValidate>
        <FormField id={field} label={t('account.changeNameLabel')} hint={t('account.changeNameHint')} error={missing ? t('account.changeNameMissing') : null}>
          {(control) => (
            <input {...control} autoComplete="name" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </FormField>
        <FormFooter action={action} label={t('account.changeNameSave')} pendingLabel={t('account.changeNameSaving')} done={saved && t('account.changeNameSaved', { name: saved })} />
      </form>
    </section>
  );
}
