import type { MyGroup } from '@samla/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { currentLocale } from '../../i18n';

/** The person's groups as cards; each whole card is one link to the group. */
export function GroupList({ groups }: { groups: MyGroup[] }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(currentLocale(i18n), { dateStyle: 'long' });
  return (
    <ul className="group-list">
      {groups.map((g) => (
        <li key={g.id} className="group-card">
          <h2 className="group-card__title">
            <Link to={`/groups/${encodeURIComponent(g.id)}`} className="group-card__link">
              {g.name}
            </Link>
          </h2>
          <p className="group-card__description">{g.description}</p>
          <p className="group-card__meta">
            <span className="badge">{t('home.role', { role: t(`roles.${g.role}`) })}</span>
            <span>{t('home.created', { date: date.format(new Date(g.createdAt)) })}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
