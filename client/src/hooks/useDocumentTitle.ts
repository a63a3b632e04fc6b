import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the tab title to "<page> – Samla", so each screen is distinguishable in history and tabs. */
export function useDocumentTitle(page: string | null | undefined): void {
  const { t } = useTranslation();
  const suffix = t('app.titleSuffix');
  useEffect(() => {
    document.title = page ? `${page} – ${suffix}` : suffix;
  }, [page, suffix]);
}
