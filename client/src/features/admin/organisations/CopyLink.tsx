import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../../i18n';
import { formatDate } from '../../membership/format';

/** An invitation link to hand over: read-only field, copy button, whether it was mailed, until when it works. */
export function CopyLink({ id, label, link, emailed, expiresAt }: { id: string; label: string; link: string; emailed: boolean; expiresAt?: string }) {
  const { t, i18n } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const fieldId = `link-${id.replace(/[^\w-]/g, '-')}`;
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      const input = document.getElementById(fieldId) as HTMLInputElement | null;
      input?.focus();
      input?.select();
      setCopied('failed');
    }
  }
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <div className="copy-row">
        <input id={fieldId} type="text" readOnly value={link} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={() => void copy()}>
          {t('adminApplications.copy')}
        </button>
      </div>
      <p className="field__hint">
        {emailed ? t('organisations.linkEmailed') : t('organisations.linkNotEmailed')}
        {expiresAt && <> {t('adminApplications.expires', { date: formatDate(expiresAt, currentLocale(i18n)) })}</>}
      </p>
      <p role="status" className="small">
        {copied === 'yes' && t('adminApplications.copied')}
        {copied === 'failed' && t('adminApplications.copyFailed')}
      </p>
    </div>
  );
}
