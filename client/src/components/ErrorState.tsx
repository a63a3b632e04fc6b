import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  children?: ReactNode;
  onRetry?: () => void;
  /** Heading level: 1 when the error replaces a whole screen. */
  level?: 1 | 2;
}

/** An error that replaces a view: what happened, and what the person can do about it. */
export function ErrorState({ title, children, onRetry, level = 2 }: Props) {
  const { t } = useTranslation();
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <div className="state state--error" role="alert">
      <Heading className="state__title">
        <span className="state__icon" aria-hidden="true">!</span>
        {title}
      </Heading>
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
