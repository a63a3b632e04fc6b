import {
  AUDIT_SYSTEM_ACTOR,
  type AuditEntry,
  type AuditFilterChoices,
  type AuditFilterQuery,
  type AuditPage,
} from '@samla/shared';
import { startOfDay } from '../lib/time.js';
import type { AuditFilter, AuditRecord, Store } from '../storage/store.js';
import { loadNames, toAuditEntry } from './describe.js';

export type AuditLog = ReturnType<typeof createAuditLog>;

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'sv');

/** Reading the audit log: filtered pages with names, everything that matches (for the CSV), and the filter choices. */
export function createAuditLog(deps: { store: Store; timeZone: string }) {
  const { store, timeZone } = deps;

  /** What concerns an organisation: its record, its applications, its people, and what they did. */
  async function concerning(organisationId: string): Promise<NonNullable<AuditFilter['concerning']>> {
    const [people, applications] = await Promise.all([store.users.listByOrganisation(organisationId), store.applications.list()]);
    return {
      organisationId,
      targets: [
        `organisation:${organisationId}`,
        ...applications.filter((a) => a.organisationId === organisationId).map((a) => `application:${a.id}`),
        ...people.map((p) => `user:${p.id}`),
      ],
      actorIds: people.map((p) => p.id),
    };
  }

  /** The query's filters for the store; the dates are whole days in the network's time zone. */
  async function toFilter(q: AuditFilterQuery): Promise<AuditFilter> {
    return {
      ...(q.action ? { action: q.action } : {}),
      ...(q.actor ? { actorId: q.actor === AUDIT_SYSTEM_ACTOR ? null : q.actor } : {}),
      ...(q.organisation ? { concerning: await concerning(q.organisation) } : {}),
      ...(q.from ? { since: startOfDay(q.from, timeZone) } : {}),
      ...(q.to ? { until: startOfDay(q.to, timeZone, 1) } : {}),
    };
  }

  return {
    concerning,

    /** One page, newest first; `next` is the cursor of the page after it (null when this one is not full). */
    async page(q: AuditFilterQuery, limit: number, after?: string): Promise<AuditPage> {
      const cursor = after ? { at: new Date(Number(after.slice(0, after.indexOf('.')))), id: after.slice(after.indexOf('.') + 1) } : undefined;
      const [records, names] = await Promise.all([toFilter(q).then((f) => store.audit.list(limit, cursor, f)), loadNames(store)]);
      const last = records.length === limit ? records.at(-1) : undefined;
      return { entries: records.map((e) => toAuditEntry(e, names)), next: last ? `${last.at.getTime()}.${last.id}` : null };
    },

    /** Every matching entry, newest first, read from the store a thousand at a time. */
    async all(q: AuditFilterQuery): Promise<AuditEntry[]> {
      const [filter, names] = await Promise.all([toFilter(q), loadNames(store)]);
      const out: AuditEntry[] = [];
      let after: AuditRecord | undefined;
      for (;;) {
        const records = await store.audit.list(1000, after, filter);
        out.push(...records.map((e) => toAuditEntry(e, names)));
        if (records.length < 1000) return out;
        after = records.at(-1);
      }
    },

    /** The people who acted (still with an account) and every organisation, by name (two people of one name told apart by their organisation). */
    async choices(): Promise<AuditFilterChoices> {
      const [actorIds, users, organisations] = await Promise.all([store.audit.actorIds(), store.users.list(), store.organisations.list()]);
      const acted = new Set(actorIds);
      const orgName = new Map(organisations.map((o) => [o.id, o.name]));
      return {
        actors: users
          .filter((u) => acted.has(u.id))
          .map((u) => ({ id: u.id, name: u.name, organisation: (u.organisationId && orgName.get(u.organisationId)) || null }))
          .sort(byName),
        organisations: organisations.map((o) => ({ id: o.id, name: o.name, left: o.status === 'left' })).sort(byName),
      };
    },
  };
}
