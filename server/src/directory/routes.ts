import { Router, type Response } from 'express';
import {
  foldName,
  routes,
  municipalityName,
  stockholmCountyMunicipality,
  type Directory,
  type DirectoryEntry,
  type DirectoryQuery,
} from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';

/** One CSV cell: quoted, and a leading = + - @ defused so spreadsheets do not run it as a formula. */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** A CSV download; `;` as the separator opens as columns in Swedish Excel (which reads `,` as the decimal sign). */
export function sendCsv(res: Response, filename: string, header: string[], rows: (string | number | null)[][], separator: ',' | ';' = ','): void {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(separator));
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="${filename}"`);
  // The BOM makes Excel read UTF-8 (å, ä, ö) correctly.
  res.send(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** The public member directory and the coordinators' member export. */
export function directoryRoutes(deps: { store: Store; policy: Policy; audit: Audit; listWithoutContact?: boolean }): Router {
  const { store, policy, audit } = deps;
  const r = Router();

  async function directory(query: DirectoryQuery): Promise<Directory> {
    const [orgs, users, memberships, groups] = await Promise.all([
      store.organisations.list(),
      store.users.list(),
      store.memberships.list(),
      store.groups.list(),
    ]);
    const openGroups = new Map(groups.filter((g) => !g.archivedAt).map((g) => [g.id, g]));
    const orgOf = new Map(users.map((u) => [u.id, u.organisationId ?? null]));
    // An organisation takes part in the groups its people are members of.
    const groupsOf = new Map<string, Set<string>>();
    for (const m of memberships) {
      const org = orgOf.get(m.userId);
      if (!org || !openGroups.has(m.groupId)) continue;
      if (!groupsOf.has(org)) groupsOf.set(org, new Set());
      groupsOf.get(org)!.add(m.groupId);
    }
    const all: DirectoryEntry[] = orgs
      // An organisation that has left stays on record for coordinators only; one without a contact
      // person leaves the directory until it has one again, unless DIRECTORY_LIST_WITHOUT_CONTACT.
      .filter((o) => o.status !== 'left' && (deps.listWithoutContact || (o.contactUserId !== null && orgOf.get(o.contactUserId) === o.id)))
      .map((o) => ({
        id: o.id,
        name: o.name,
        municipality: o.municipality,
        website: o.website,
        groups: [...(groupsOf.get(o.id) ?? [])]
          .map((id) => ({ id, name: openGroups.get(id)!.name }))
          .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        joinedAt: o.joinedAt.toISOString(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    const q = query.q ? foldName(query.q) : '';
    const municipality = query.municipality ? (stockholmCountyMunicipality(query.municipality) ?? query.municipality) : undefined;
    const members = all.filter(
      (e) =>
        (!q || foldName(e.name).includes(q)) &&
        (!municipality || e.municipality === municipality) &&
        (!query.group || e.groups.some((g) => g.id === query.group)),
    );
    return { total: all.length, count: members.length, members };
  }

  route(r, routes.directory.list, ({ query }) => directory(query));

  route(r, routes.directory.csv, async ({ res, query }) => {
    const { members } = await directory(query);
    sendCsv(
      res,
      'medlemmar.csv',
      ['Organisation', 'Kommun', 'Webbplats', 'Arbetsgrupper', 'Medlem sedan'],
      members.map((m) => [m.name, municipalityName(m.municipality), m.website, m.groups.map((g) => g.name).join(', '), m.joinedAt.slice(0, 10)]),
      ';',
    );
  });

  /** Coordinators: every member organisation with its number, address, contact and people. */
  route(r, routes.directory.membersCsv, async ({ res, user }) => {
    enforce(policy.network(user, 'members:export'));
    const orgs = await store.organisations.list();
    const rows: (string | number | null)[][] = [];
    for (const o of orgs) {
      const people = await store.users.listByOrganisation(o.id);
      const contact = people.find((p) => p.id === o.contactUserId);
      rows.push([
        o.name, o.orgNumber, o.street, o.postalCode, municipalityName(o.municipality), o.website,
        contact?.name ?? null, contact?.email ?? null, people.length, o.joinedAt.toISOString().slice(0, 10),
      ]);
    }
    await audit(user.id, 'members.exported', 'network', { organisations: orgs.length });
    sendCsv(
      res,
      'medlemsforteckning.csv',
      ['Organisation', 'Organisationsnummer', 'Gatuadress', 'Postnummer', 'Kommun', 'Webbplats', 'Kontaktperson', 'E-post', 'Antal personer', 'Medlem sedan'],
      rows,
      ';',
    );
  });

  return r;
}
