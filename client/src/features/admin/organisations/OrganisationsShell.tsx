import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AdminNav } from '../AdminNav';
import { CoordinatorOnly } from '../CoordinatorOnly';

/** A coordinators' page under /admin/organisations: the admin navigation and the way back to the list. */
export function OrganisationsShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <CoordinatorOnly>
      <div className="page">
        <AdminNav />
        <p>
          <Link to="/admin/organisations">{t('organisations.back')}</Link>
        </p>
        {children}
      </div>
    </CoordinatorOnly>
  );
}
