import { ErrorCode, FORMER_MEMBER, type AuditEntry, type AuditFilterChoices, type AuditPage } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../storage/store.js';
import { ADMIN, addPerson, signIn, startServer, type TestServer } from '../test/harness.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function setup() {
  const s = await startServer();
  servers.push(s);
  return { s, admin: await signIn(s.url, ADMIN.email, ADMIN.password) };
}

async function call(s: TestServer, method: string, path: string, cookie: string | null, body?: unknown) {
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // Bytes as sent: res.text() would drop the CSV's byte order mark.
  const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, headers: res.headers, text, body: json && text ? JSON.parse(text) : null };
}

const page = async (s: TestServer, admin: string, query: string): Promise<AuditPage> => {
  const res = await call(s, 'GET', `/audit${query}`, admin);
  expect(res.status, res.text).toBe(200);
  return res.body as AuditPage;
};
const find = (p: AuditPage, action: string) => p.entries.find((e) => e.action === action)!;

/** The CSV's rows and cells: every cell is quoted, so a `;` inside one stays in it (no cell here holds a line break). */
const rows = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => {
      expect(line).toMatch(/^"(?:[^"]|"")*"(?:;"(?:[^"]|"")*")*$/);
      return [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
    });

const APPLICATION = {
  name: 'Föreningen Gröna Kvarteren i Sundbyberg',
  orgNumber: '2021005448',
  street: 'Storgatan 1',
  postalCode: '172 66',
  municipality: 'Sundbybergs kommun',
  contactName: 'Alexandra Lindqvist-Åkesson',
  contactEmail: 'alexandra@example.se',
};

describe('the audit log, readable', () => {
  it('names actors, targets and people in the details, and a deleted person as a former member', async () => {
    const { s, admin } = await setup();
    const applied = await call(s, 'POST', '/applications', null, APPLICATION);
    const approved = await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin);
    const token = new URL(approved.body.invitation.link).searchParams.get('token')!;
    const accepted = await call(s, 'POST', '/invitations/accept', null, { token, name: APPLICATION.contactName, password: 'kontaktens-lösenord' });
    const alex = accepted.body.user.id as string;
    const { id: sam } = await addPerson(s, 'sam@example.se', 'member');
    expect((await call(s, 'PUT', `/groups/plast/members/${sam}`, admin, { role: 'facilitator' })).status).toBe(200);

    let log = await page(s, admin, '');
    expect(find(log, 'application.submitted')).toMatchObject({ actorId: null, actorName: null, targetName: APPLICATION.name });
    expect(find(log, 'application.approved')).toMatchObject({ actorName: ADMIN.name, targetName: APPLICATION.name });
    const invited = find(log, 'invitation.created');
    expect(invited).toMatchObject({ targetName: APPLICATION.name });
    expect(invited.fields).toEqual([
      { key: 'email', value: { kind: 'text', text: APPLICATION.contactEmail } },
      { key: 'emailed', value: { kind: 'flag', value: false } },
    ]);
    // The person who accepted is the actor: not named again; who invited them is.
    expect(find(log, 'invitation.accepted')).toMatchObject({
      actorName: APPLICATION.contactName,
      fields: [{ key: 'invitedBy', value: { kind: 'person', name: ADMIN.name } }],
    });
    expect(find(log, 'membership.role_changed')).toMatchObject({
      targetName: 'Plast',
      fields: [
        { key: 'person', value: { kind: 'person', name: 'sam' } },
        { key: 'from', value: { kind: 'role', role: 'member' } },
        { key: 'to', value: { kind: 'role', role: 'facilitator' } },
      ],
    });

    // The contact deletes their account: everything they did, and was done to them, names a former member.
    const contact = await signIn(s.url, APPLICATION.contactEmail, 'kontaktens-lösenord');
    expect((await call(s, 'DELETE', '/me', contact)).status).toBe(204);
    log = await page(s, admin, '');
    const deleted = find(log, 'account.deleted');
    expect(deleted).toMatchObject({ actorId: alex, actorName: FORMER_MEMBER, target: `user:${alex}`, targetName: FORMER_MEMBER });
    expect(deleted.fields).toContainEqual({ key: 'cause', value: { kind: 'term', term: 'deleted_by_the_person' } });
    expect(find(log, 'invitation.accepted').actorName).toBe(FORMER_MEMBER);
    expect(JSON.stringify(log.entries.map((e) => [e.actorName, e.targetName, e.fields]))).not.toContain(APPLICATION.contactName);
  });

  it('shows an organisation edit field by field, old to new, and a contact change by name', async () => {
    const { s, admin } = await setup();
    const applied = await call(s, 'POST', '/applications', null, APPLICATION);
    const { organisationId: org } = (await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin)).body;
    const edited = await call(s, 'PATCH', `/admin/organisations/${org}`, admin, { website: 'https://gronakvarteren.se', postalCode: '171 64', municipality: 'Solna' });
    expect(edited.status, edited.text).toBe(200);
    const updated = find(await page(s, admin, '?action=organisation.updated'), 'organisation.updated');
    expect(updated.targetName).toBe(APPLICATION.name);
    expect(updated.fields).toEqual(
      expect.arrayContaining([
        { key: 'website', value: { kind: 'change', from: null, to: 'https://gronakvarteren.se' } },
        { key: 'postalCode', value: { kind: 'change', from: '172 66', to: '171 64' } },
        { key: 'municipality', value: { kind: 'change', from: 'Sundbybergs kommun', to: 'Solna kommun' } },
      ]),
    );

    const { id: first } = await addPerson(s, 'forsta@example.se');
    const { id: second } = await addPerson(s, 'andra@example.se');
    for (const id of [first, second]) await s.store.users.update(id, { organisationId: org });
    for (const userId of [first, second]) expect((await call(s, 'PUT', `/admin/organisations/${org}/contact`, admin, { userId })).status).toBe(200);
    const changed = (await page(s, admin, '?action=organisation.contact_changed')).entries[0]!;
    expect(changed).toMatchObject({ targetName: APPLICATION.name });
    expect(changed.fields).toEqual([
      { key: 'from', value: { kind: 'person', name: 'forsta' } },
      { key: 'to', value: { kind: 'person', name: 'andra' } },
    ]);
  });
});

describe('the audit log, filtered', () => {
  const t = (iso: string) => new Date(iso);
  /** People, an organisation with an application, and entries at chosen instants around Stockholm midnights. */
  async function seeded() {
    const { s, admin } = await setup();
    const { id: kim } = await addPerson(s, 'kim@example.se');
    const { id: ali } = await addPerson(s, 'ali@example.se');
    await s.store.organisations.create({
      id: 'o1', name: 'Grön Förening', orgNumber: '202100-5448', street: 'Storgatan 1', postalCode: '171 64', municipality: 'Solna',
      website: null, groupIds: [], contactUserId: ali, joinedAt: t('2026-01-01T00:00:00Z'),
    });
    await s.store.users.update(ali, { organisationId: 'o1' });
    const log: Omit<AuditRecord, 'details'>[] = [
      // 14 March 23:59 in Stockholm (UTC+1)…
      { id: 'a1', at: t('2026-03-14T22:59:00Z'), actorId: null, action: 'application.submitted', target: 'application:x1' },
      // …and the 15th from its first minute to its last; a5 is the 16th's first (UTC+1 until 29 March).
      { id: 'a2', at: t('2026-03-14T23:00:00Z'), actorId: kim, action: 'group.created', target: 'group:plast' },
      { id: 'a3', at: t('2026-03-15T12:00:00Z'), actorId: ali, action: 'join_request.created', target: 'group:plast' },
      { id: 'a4', at: t('2026-03-15T22:59:59Z'), actorId: kim, action: 'organisation.updated', target: 'organisation:o1' },
      { id: 'a5', at: t('2026-03-15T23:00:00Z'), actorId: kim, action: 'group.created', target: 'group:energi' },
      { id: 'a6', at: t('2026-03-16T08:00:00Z'), actorId: kim, action: 'membership.role_changed', target: 'group:plast' },
    ];
    for (const e of log) await s.store.audit.append({ ...e, details: {} });
    return { s, admin, kim, ali };
  }
  const ids = (p: AuditPage) => p.entries.map((e) => e.id).filter((id) => id.startsWith('a'));

  it('by action, actor (or the system), organisation and dates (whole days in Stockholm), together', async () => {
    const { s, admin, kim, ali } = await seeded();
    expect(ids(await page(s, admin, '?action=group.created'))).toEqual(['a5', 'a2']);
    expect(ids(await page(s, admin, `?actor=${kim}`))).toEqual(['a6', 'a5', 'a4', 'a2']);
    expect(ids(await page(s, admin, `?actor=${kim}&action=group.created`))).toEqual(['a5', 'a2']);
    expect(ids(await page(s, admin, '?actor=system'))).toEqual(['a1']);
    // o1: its record, and what its person Ali did.
    expect(ids(await page(s, admin, '?organisation=o1'))).toEqual(['a4', 'a3']);
    expect(ids(await page(s, admin, '?from=2026-03-15&to=2026-03-15'))).toEqual(['a4', 'a3', 'a2']);
    expect(ids(await page(s, admin, '?to=2026-03-14'))).toEqual(['a1']);
    expect(ids(await page(s, admin, '?from=2026-03-16'))).toEqual(['a6', 'a5']);
    expect(ids(await page(s, admin, `?actor=${kim}&from=2026-03-15&to=2026-03-15`))).toEqual(['a4', 'a2']);
    expect(ids(await page(s, admin, `?actor=${ali}&action=group.created`))).toEqual([]);
    expect(ids(await page(s, admin, '?organisation=nobody'))).toEqual([]);
  });

  it('pages through the filtered entries with the same cursor', async () => {
    const { s, admin, kim } = await seeded();
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const p: AuditPage = await page(s, admin, `?actor=${kim}&limit=1${next ? `&after=${encodeURIComponent(next)}` : ''}`);
      seen.push(...ids(p));
      next = p.next;
    } while (next);
    expect(seen).toEqual(['a6', 'a5', 'a4', 'a2']);
  });

  it('refuses an unknown action, a malformed date and a range that ends before it starts', async () => {
    const { s, admin } = await seeded();
    for (const query of ['action=group.exploded', 'from=15-03-2026', 'to=2026-02-30', 'from=2026-03-16&to=2026-03-15']) {
      const res = await call(s, 'GET', `/audit?${query}`, admin);
      expect([query, res.status, res.body.error.code]).toEqual([query, 400, ErrorCode.invalidPayload]);
      expect((await call(s, 'GET', `/audit.csv?${query}`, admin)).status).toBe(400);
    }
  });

  it('offers the people who acted and every organisation as choices, by name', async () => {
    const { s, admin, kim, ali } = await seeded();
    const res = await call(s, 'GET', '/audit/filters', admin);
    expect(res.status).toBe(200);
    expect(res.body as AuditFilterChoices).toEqual({
      actors: [
        { id: ali, name: 'ali', organisation: 'Grön Förening' },
        { id: kim, name: 'kim', organisation: null },
      ],
      organisations: [{ id: 'o1', name: 'Grön Förening', left: false }],
    });
  });
});

describe('the audit log as CSV', () => {
  it('opens as columns in Swedish Excel, with the filters of the screen, in Swedish or English, and is itself logged', async () => {
    const { s, admin } = await setup();
    const { id: sam } = await addPerson(s, 'sam@example.se', 'member');
    expect((await call(s, 'PUT', `/groups/plast/members/${sam}`, admin, { role: 'observer' })).status).toBe(200);
    expect((await call(s, 'POST', '/groups', admin, { id: 'energi', name: 'Energi; el och värme' })).status).toBe(201);

    const sv = await call(s, 'GET', '/audit.csv?action=membership.role_changed', admin);
    expect(sv.status).toBe(200);
    expect(sv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(sv.headers.get('content-disposition')).toContain('handelselogg.csv');
    expect(sv.text.startsWith('\uFEFF"Tid";"Vem";"Händelse";"Gäller";"Detaljer";"Händelsekod"\r\n')).toBe(true);
    const [header, ...lines] = rows(sv.text);
    expect(header).toHaveLength(6);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.slice(1)).toEqual([ADMIN.name, 'Roll ändrades', 'Arbetsgrupp Plast', 'Person: sam; Från: medlem; Till: observatör', 'membership.role_changed']);
    expect(lines[0]![0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);

    const en = await call(s, 'GET', '/audit.csv?action=membership.role_changed&lang=en', admin);
    expect(rows(en.text)[1]!.slice(1, 5)).toEqual([ADMIN.name, 'Role changed', 'Working group Plast', 'Person: sam; From: member; To: observer']);
    expect(en.headers.get('content-disposition')).toContain('audit-log.csv');

    // A `;` in a name stays inside its quoted cell.
    const created = await call(s, 'GET', '/audit.csv?action=group.created', admin);
    expect(created.text).toContain('"Arbetsgrupp Energi; el och värme"');
    expect((await call(s, 'GET', '/audit.csv?action=group.created&from=2000-01-01&to=2000-01-02', admin)).text.trim().split('\r\n')).toHaveLength(1);

    const exported: AuditEntry = find(await page(s, admin, '?action=audit.exported'), 'audit.exported');
    expect(exported).toMatchObject({ actorName: ADMIN.name, targetName: null });
    expect(exported.fields).toEqual([{ key: 'entries', value: { kind: 'number', value: 0 } }]);
  });
});
