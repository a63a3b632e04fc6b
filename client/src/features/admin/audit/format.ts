import {
  auditTargetKinds,
  auditValueText,
  FORMER_MEMBER,
  isAuditAction,
  type AuditEntry,
  type AuditField,
  type AuditTargetKind,
  type AuditValue,
} from '@samla/shared';
import type { TFunction } from 'i18next';

/**
 * The audit log in the reader's language. The server names the actors, targets and people in an
 * entry's details (`actorName`, `targetName`, `fields`); this turns those, and the action and field
 * keys, into words from the locale files (audit.*).
 */

const targetKinds: ReadonlySet<string> = new Set(auditTargetKinds);
const isTargetKind = (kind: string): kind is AuditTargetKind => targetKinds.has(kind);

/** A person's name, or "tidigare medlem" once their account is gone. */
export const personLabel = (t: TFunction, name: string): string => (name === FORMER_MEMBER ? t('common.formerMember') : name);

/** An action the server writes by its label; one from an older version of Samla as it is stored. */
export const actionLabel = (t: TFunction, action: string): string => (isAuditAction(action) ? t(`audit.actions.${action}`) : action);

export const actorLabel = (t: TFunction, entry: Pick<AuditEntry, 'actorName'>): string =>
  entry.actorName === null ? t('audit.system') : personLabel(t, entry.actorName);

/** "Arbetsgrupp Plast", "Person tidigare medlem", "Hela nätverket"; a target of another shape as it is. */
export function targetLabel(t: TFunction, entry: Pick<AuditEntry, 'target' | 'targetName'>): string {
  const kind = entry.target.split(':')[0]!;
  if (!isTargetKind(kind)) return entry.target;
  return t(`audit.targets.${kind}`, { name: personLabel(t, entry.targetName ?? '') });
}

export const valueText = (t: TFunction, value: AuditValue): string =>
  auditValueText(value, {
    yes: t('audit.yes'),
    no: t('audit.no'),
    empty: t('audit.empty'),
    role: (role) => t(`roles.${role}`),
    term: (term) => t(`audit.terms.${term}`),
    person: (name) => personLabel(t, name),
  });

/** A detail as [label, text]. */
export const fieldText = (t: TFunction, field: AuditField): [string, string] => [t(`audit.fields.${field.key}`), valueText(t, field.value)];
