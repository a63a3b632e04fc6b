import {
  FORMER_MEMBER,
  groupRole,
  municipalityName,
  type AuditEntry,
  type AuditField,
  type AuditFieldKey,
  type AuditValue,
} from '@samla/shared';
import type { AuditRecord, Store } from '../storage/store.js';

/** The names an entry's ids stand for, as they are now. */
export interface AuditNames {
  /** `FORMER_MEMBER` for an account that is gone. */
  person(id: string): string;
  group(id: string): string | undefined;
  organisation(id: string): string | undefined;
  application(id: string): string | undefined;
}

export async function loadNames(store: Store): Promise<AuditNames> {
  const [users, groups, organisations, applications] = await Promise.all([
    store.users.list(),
    store.groups.list(),
    store.organisations.list(),
    store.applications.list(),
  ]);
  const people = new Map(users.map((u) => [u.id, u.name]));
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const orgNames = new Map(organisations.map((o) => [o.id, o.name]));
  const appNames = new Map(applications.map((a) => [a.id, a.name]));
  return {
    person: (id) => people.get(id) ?? FORMER_MEMBER,
    group: (id) => groupNames.get(id),
    organisation: (id) => orgNames.get(id),
    application: (id) => appNames.get(id),
  };
}

type Read = (value: unknown, names: AuditNames) => AuditValue | undefined;

const text: Read = (v) => (typeof v === 'string' && v.trim() !== '' ? { kind: 'text', text: v } : undefined);
const number: Read = (v) => (typeof v === 'number' ? { kind: 'number', value: v } : undefined);
const flag: Read = (v) => (typeof v === 'boolean' ? { kind: 'flag', value: v } : undefined);
const person: Read = (v, names) => (typeof v === 'string' ? { kind: 'person', name: names.person(v) } : undefined);
const organisation: Read = (v, names) => {
  const name = typeof v === 'string' ? names.organisation(v) : undefined;
  return name === undefined ? undefined : { kind: 'text', text: name };
};
const groups: Read = (v, names) =>
  Array.isArray(v) && v.length > 0 ? { kind: 'list', items: v.map((id) => names.group(String(id)) ?? String(id)) } : undefined;
/** An email address; one redacted when its account was deleted (deleteAccount) names a former member. */
const address: Read = (v, names) => (v === FORMER_MEMBER ? { kind: 'person', name: FORMER_MEMBER } : text(v, names));
const role: Read = (v) => {
  const r = groupRole.safeParse(v);
  return r.success ? { kind: 'role', role: r.data } : undefined;
};
/** The reasons the server writes in words (members/service.ts, organisations/import.ts), as translatable terms. */
const term: Read = (v, names) => {
  if (v === 'deleted by the person') return { kind: 'term', term: 'deleted_by_the_person' };
  if (v === 'organisation left the network') return { kind: 'term', term: 'organisation_left' };
  if (v === 'import') return { kind: 'term', term: 'import' };
  return text(v, names);
};
const format: Read = (v) => (typeof v === 'string' && v !== '' ? { kind: 'text', text: v.toUpperCase() } : undefined);

/** How each stored detail is shown: under which label, read how. Details not listed here are not shown. */
const DETAILS: Record<string, [AuditFieldKey, Read]> = {
  name: ['name', text],
  orgNumber: ['orgNumber', text],
  description: ['description', text],
  email: ['email', address],
  emailed: ['emailed', flag],
  resent: ['resent', flag],
  userId: ['person', person],
  invitedBy: ['invitedBy', person],
  role: ['role', role],
  from: ['from', role],
  to: ['to', role],
  reason: ['reason', text],
  why: ['cause', term],
  by: ['source', term],
  organisationId: ['organisation', organisation],
  groups: ['groups', groups],
  people: ['people', number],
  organisations: ['organisations', number],
  entries: ['entries', number],
  otherSessionsEnded: ['otherSessionsEnded', number],
  format: ['format', format],
  create: ['created', number],
  update: ['updated', number],
  unchanged: ['unchanged', number],
  refuse: ['refused', number],
};

/** Where an action's details mean something else than usual; null hides one. */
const BY_ACTION: Partial<Record<string, Record<string, [AuditFieldKey, Read] | null>>> = {
  'organisation.contact_changed': { from: ['from', person], to: ['to', person] },
  'account.email_changed': { from: ['from', address], to: ['to', address] },
  // `into` is the name of the one kept (`organisationId`) at the time.
  'organisation.merged': { organisationId: null, into: ['mergedInto', text] },
};

/** The organisation fields an edit or an import can change, each shown as old → new. */
const ORGANISATION_FIELDS = new Set<AuditFieldKey>(['name', 'orgNumber', 'street', 'postalCode', 'municipality', 'website', 'description']);

function organisationChanges(details: Record<string, unknown>): AuditField[] {
  const from = details.from as Record<string, unknown> | undefined;
  const to = (details.to ?? {}) as Record<string, unknown>;
  const shown = (key: string, v: unknown) => {
    if (typeof v !== 'string' || v === '') return null;
    return key === 'municipality' ? municipalityName(v) : v;
  };
  const changed = Array.isArray(details.fields) ? details.fields.map(String) : Object.keys(to);
  return changed
    .filter((key): key is AuditFieldKey => ORGANISATION_FIELDS.has(key as AuditFieldKey))
    .map((key) => ({
      key,
      value: { kind: 'change', ...(from ? { from: shown(key, from[key]) } : {}), to: shown(key, to[key]) },
    }));
}

/** The target's name as it is now, else as the entry recorded it, else its id; null for the whole network. */
function targetName(e: AuditRecord, names: AuditNames): string | null {
  const colon = e.target.indexOf(':');
  const kind = colon < 0 ? e.target : e.target.slice(0, colon);
  const id = e.target.slice(colon + 1);
  const recorded = typeof e.details.name === 'string' ? e.details.name : undefined;
  switch (kind) {
    case 'group':
      return names.group(id) ?? recorded ?? id;
    case 'user':
      return names.person(id);
    case 'organisation':
      return names.organisation(id) ?? recorded ?? id;
    case 'application':
      return names.application(id) ?? recorded ?? id;
    case 'network':
      return null;
    default:
      return e.target;
  }
}

/**
 * An entry as the log shows it: the actor and the target by name, and the details worth reading,
 * labelled. A name that only repeats the target's, or a person who is the actor, is left out.
 */
export function toAuditEntry(e: AuditRecord, names: AuditNames): AuditEntry {
  const target = targetName(e, names);
  const fields: AuditField[] = [];
  if (e.action === 'organisation.updated') {
    fields.push(...organisationChanges(e.details));
    const source = term(e.details.by, names);
    if (source) fields.push({ key: 'source', value: source });
  } else {
    const special = BY_ACTION[e.action] ?? {};
    for (const [detail, stored] of Object.entries(e.details)) {
      const how = detail in special ? special[detail] : DETAILS[detail];
      if (!how) continue;
      if (!(detail in special) && detail === 'userId' && stored === e.actorId) continue;
      const value = how[1](stored, names);
      if (!value) continue;
      const repeatsTarget = value.kind === 'text' && value.text === target && (how[0] === 'name' || how[0] === 'organisation');
      if (repeatsTarget && e.action !== 'group.edited') continue;
      fields.push({ key: how[0], value });
    }
  }
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorId === null ? null : names.person(e.actorId),
    action: e.action,
    target: e.target,
    targetName: target,
    fields,
    details: e.details,
  };
}
