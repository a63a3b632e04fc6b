import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { useUser } from '../auth/AuthContext';

/** Renders its children for coordinators; everyone else is told the page is not for them. Behind <RequireAuth>. */
export function CoordinatorOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  if (user.can.administer) return <>{children}</>;
  return (
    <div className="page page--narrow">
      <ErrorState level={1} title={t('adminNav.forbiddenTitle')}>
        <p>{t('adminNav.forbiddenText')}</p>
        <p>
          <Link to="/">{t('common.backHome')}</Link>
        </p>
      </ErrorState>
    </div>
  );
}
