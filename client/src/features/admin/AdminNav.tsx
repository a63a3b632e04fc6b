import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import './admin.css';

const links = [
  { to: '/admin/applications', key: 'applications' },
  { to: '/admin/organisations', key: 'organisations' },
  { to: '/admin/groups', key: 'groups' },
  { to: '/admin/audit', key: 'audit' },
] as const;

/** The coordinators' pages: applications, organisations, working groups, and the audit log with exports. */
export function AdminNav() {
  const { t } = useTranslation();
  return (
    <nav className="admin-nav" aria-label={t('adminNav.label')}>
      <ul className="admin-nav__list">
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to} className="admin-nav__link">
              {t(`adminNav.${link.key}`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
