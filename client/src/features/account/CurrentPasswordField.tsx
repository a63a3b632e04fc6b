import { useTranslation } from 'react-i18next';
import { FormField } from '../membership/FormField';

/** The person's current password, asked before their email or password changes. */
export function CurrentPasswordField({ id, value, onChange, error }: { id: string; value: string; onChange(value: string): void; error?: string | null }) {
  const { t } = useTranslation();
  return (
    <FormField id={id} label={t('account.currentPassword')} error={error}>
      {(control) => (
        <input {...control} type="password" autoComplete="current-password" required value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </FormField>
  );
}
