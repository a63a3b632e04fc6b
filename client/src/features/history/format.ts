import type { VersionInfo } from '@samla/shared';
import type { TFunction } from 'i18next';
import { personName } from '../../i18n/personName';

/** "12 maj 2026 14:05" in the chosen locale. */
export function formatVersionTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A named version by its name; an automatic one by why it was taken. */
export function versionLabel(t: TFunction, version: Pick<VersionInfo, 'name' | 'reason'>): string {
  const name = version.name?.trim();
  return name ? name : t(`history.reason.${version.reason}` as const);
}

/** "Av Kim och Bo" / "By Kim and Bo", or a note that nobody changed anything. */
export function contributorsText(t: TFunction, version: Pick<VersionInfo, 'contributors'>, locale: string): string {
  const names = version.contributors.map((c) => personName(t, c.name));
  if (names.length === 0) return t('history.noContributors');
  return t('history.by', { names: new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names) });
}

/** Base64 (the REST encoding of a Yjs update) to bytes. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
