import type { AuditField } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import './audit.css';
import { fieldText } from './format';

/** An entry's details as label: value lines (a long value clamped to a few lines). */
export function AuditDetails({ fields, className }: { fields: AuditField[]; className?: string }) {
  const { t } = useTranslation();
  if (fields.length === 0) return null;
  return (
    <dl className={className ? `audit-details ${className}` : 'audit-details'}>
      {fields.map((field, i) => {
        const [label, text] = fieldText(t, field);
        return (
          // A field may repeat (several changes), and entries never reorder their fields: the index is the identity.
          <div key={i}>
            <dt>{label}</dt>
            <dd>{text}</dd>
          </div>
        );
      })}
    </dl>
  );
}
