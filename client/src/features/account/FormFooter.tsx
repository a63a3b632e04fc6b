import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../../hooks/useAction';
import { apiErrorMessage } from '../../i18n/errors';
import './account.css';

/**
 * The submit button of an account form and what it announces: the failure (alert) or the success
 * (status). Both regions are always there, so screen readers announce what appears in them.
 */
export function FormFooter({ action, label, pendingLabel, done }: { action: Action; label: string; pendingLabel: string; done: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="submit" className="button button--primary" disabled={action.pending}>
        {action.pending ? pendingLabel : label}
      </button>
      <p className="account-form__result account-form__result--error" role="alert">
        {action.error && t('account.actionError', { message: apiErrorMessage(t, action.error) })}
      </p>
      <p className="account-form__result" role="status">
        {done}
      </p>
    </>
  );
}
