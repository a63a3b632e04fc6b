import { useTranslation } from 'react-i18next';

/** A group's description: optional, up to 2,000 characters (the server's limit). */
export function DescriptionField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t('adminGroups.descriptionLabel')}</label>
      <textarea id={id} value={value} maxLength={2000} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
