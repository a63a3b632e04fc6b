import type { ApplicationStatus } from '@samla/shared';
import { useTranslation } from 'react-i18next';

/** An application's status in words, with a border colour as a second cue. */
export function StatusBadge({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <span className={`status-badge status-badge--${status}`}>{t(`applicationStatus.status.${status}`)}</span>;
}
