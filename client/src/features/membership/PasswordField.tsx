import { useTranslation } from 'react-i18next';
import { FormField } from './FormField';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null;
}

/** A new password: at least 10 characters, with the hint shown before the field and read with it. */
export function NewPasswordField({ id, label, value, onChange, error }: Props) {
  const { t } = useTranslation();
  return (
    <FormField id={id} label={label} hint={t('invitation.passwordHint')} error={error}>
      {(control) => (
        <input
          {...control}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}
