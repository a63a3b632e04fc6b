import { groupRole, type GroupRole } from '@samla/shared';
import { useTranslation } from 'react-i18next';

/** A labelled select of the three group roles (facilitator, member, observer). */
export function RoleSelect({ id, label, value, onChange }: { id: string; label: string; value: GroupRole; onChange: (role: GroupRole) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(groupRole.parse(e.target.value))}>
        {groupRole.options.map((role) => (
          <option key={role} value={role}>
            {t(`roles.${role}`)}
          </option>
        ))}
      </select>
    </>
  );
}
