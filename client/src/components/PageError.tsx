import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorState } from './ErrorState';

/** An error that replaces a whole screen: the h1, what to do, and the way back to "Mina grupper". */
export function PageError({ title, children, onRetry }: { title: string; children?: ReactNode; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="page page--narrow">
      <ErrorState level={1} title={title} onRetry={onRetry}>
        {children}
      </ErrorState>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </div>
  );
}
