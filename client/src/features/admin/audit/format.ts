import type { AuditEntry } from '@samla/shared';

/** Actions the log can hold (docs/api.md, "Directory, privacy, audit"), each with a translation. */
export const auditActions = [
  'application.submitted',
  'application.approved',
  'application.rejected',
  'invitation.created',
  'invitation.accepted',
  'group.created',
  'group.edited',
  'group.archived',
  'group.unarchived',
  'membership.role_changed',
  'membership.removed',
  'membership.left',
  'join_request.created',
  'join_request.approved',
  'join_request.rejected',
  'account.deleted',
  'organisation.left',
  'password.reset',
  'members.exported',
] as const;
export type AuditAction = (typeof auditActions)[number];

const known = new Set<string>(auditActions);
export const isAuditAction = (action: string): action is AuditAction => known.has(action);

export type TargetKind = 'group' | 'user' | 'organisation' | 'application' | 'network';
const targetKinds = new Set<string>(['group', 'user', 'organisation', 'application', 'network']);

/**
 * What an entry is about: `group:plast` → the group, named when its name is known (from `groupNames`
 * or the entry's details); an unknown shape → null (shown as it is).
 */
export function auditTarget(entry: AuditEntry, groupNames: ReadonlyMap<string, string>): { kind: TargetKind; name: string } | null {
  const colon = entry.target.indexOf(':');
  const kind = colon < 0 ? entry.target : entry.target.slice(0, colon);
  const id = colon < 0 ? '' : entry.target.slice(colon + 1);
  if (!targetKinds.has(kind)) return null;
  const detailName = typeof entry.details.name === 'string' ? entry.details.name : null;
  switch (kind as TargetKind) {
    case 'group':
      return { kind: 'group', name: groupNames.get(id) ?? id };
    case 'organisation':
    case 'application':
      return { kind: kind as TargetKind, name: detailName ?? id };
    case 'user':
      return { kind: 'user', name: entry.actorId === id && entry.actorName ? entry.actorName : id };
    default:
      return { kind: 'network', name: '' };
  }
}

/** Keys whose values are group roles, translated when shown. */
export const roleKeys: ReadonlySet<string> = new Set(['role', 'from', 'to']);

/**
 * The details worth showing, as [key, text] pairs: plain values only (lists joined with commas),
 * nothing already shown as the target's name, nothing empty.
 */
export function auditDetails(entry: AuditEntry): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(entry.details)) {
    if (key === 'name' && entry.target.split(':')[0] !== 'group') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out.push([key, value.map(String).join(', ')]);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      if (String(value).trim() !== '') out.push([key, String(value)]);
    }
  }
  return out;
}
