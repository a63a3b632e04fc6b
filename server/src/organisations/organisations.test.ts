import { afterEach, describe, expect, it } from 'vitest';
import { FORMER_MEMBER, type OrganisationDetail, type OrganisationsPage } from '@samla/shared';
import { ADMIN, addPerson, signIn, startServer, type TestServer } from '../test/harness.js';
import { orgNumberFor } from './fixture.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function call(s: TestServer, method: string, path: string, cookie: string | null, body?: unknown) {
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    // A string is a file upload (the import), anything else JSON.
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'application/octet-stream' : 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const org = (id: string, name: string, over: Record<string, unknown> = {}) => ({
  id, name, orgNumber: orgNumberFor(Number.parseInt(id.replace(/\D/g, '') || '1', 10)), street: 'Storgatan 1', postalCode: '171 64',
  municipality: 'Solna', website: null, groupIds: [], contactUserId: null, joinedAt: new Date(), ...over,
});

async function setup() {
  const s = await startServer();
  servers.push(s);
  const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
  return { s, admin };
}

/** Approves an application of `name` and returns the organisation id and its contact's invitation link. */
async function admitted(s: TestServer, admin: string, name: string, orgNumber: string) {
  const applied = await call(s, 'POST', '/applications', null, {
    name, orgNumber, street: 'Gatan 1', postalCode: '172 66', municipality: 'Sundbybergs kommun', contactName: 'Alex', contactEmail: `alex-${orgNumber}@example.se`,
  });
  expect(applied.status).toBe(201);
  const approved = await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin);
  return { id: approved.body.organisationId as string, link: approved.body.invitation.link as string };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('organisation records for coordinators', () => {
  it('finds "Åkesson" by "akesson", filters by municipality and missing contact, and pages 50 at a time', async () => {
    const { s, admin } = await setup();
    for (let i = 1; i <= 120; i++) await s.store.organisations.create(org(`o${i}`, `Förening ${String(i).padStart(3, '0')}`, { municipality: i % 2 ? 'Solna' : 'Nacka', postalCode: i % 2 ? '171 64' : '131 40' }));
    await s.store.organisations.create(org('o500', 'Åkessons Trädgårdsförening', { contactUserId: 'someone' }));

    const found = await call(s, 'GET', '/admin/organisations?q=akesson', admin);
    expect(found.status).toBe(200);
    expect((found.body as OrganisationsPage).organisations.map((o) => o.name)).toEqual(['Åkessons Trädgårdsförening']);
    expect((await call(s, 'GET', '/admin/organisations?q=TRADGARD', admin)).body.count).toBe(1);

    const page3 = (await call(s, 'GET', '/admin/organisations?page=3', admin)).body as OrganisationsPage;
    expect(page3).toMatchObject({ total: 121, count: 121, page: 3, pageSize: 50 });
    expect(page3.organisations).toHaveLength(21);
    const nacka = (await call(s, 'GET', '/admin/organisations?municipality=Nacka%20kommun', admin)).body as OrganisationsPage;
    expect(nacka.count).toBe(60);
    expect(nacka.organisations.every((o) => o.municipality === 'Nacka')).toBe(true);
    // o500's contact is no person of it, so every record lacks a contact person.
    expect((await call(s, 'GET', '/admin/organisations?noContact=true', admin)).body.count).toBe(121);

    expect(await call(s, 'GET', '/admin/organisations?page=0', admin)).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await call(s, 'GET', '/admin/organisations?sort=x', admin)).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
  });

  it('refuses members and facilitators on every route with 403 forbidden, and anonymous with 401', async () => {
    const { s } = await setup();
    await s.store.organisations.create(org('o1', 'Förening'));
    const member = await addPerson(s, 'medlem@example.se', 'member');
    const facilitator = await addPerson(s, 'ledare@example.se', 'facilitator');
    const hash = 'a'.repeat(64);
    const routes: [string, string, unknown?][] = [
      ['GET', '/admin/organisations'],
      ['GET', '/admin/organisations/o1'],
      ['PATCH', '/admin/organisations/o1', { name: 'Nytt' }],
      ['PUT', '/admin/organisations/o1/contact', { userId: member.id }],
      ['POST', '/admin/organisations/o1/left'],
      ['POST', '/admin/organisations/o1/merge', { into: 'o1' }],
      ['GET', '/admin/invitations'],
      ['POST', `/admin/invitations/${hash}/resend`],
      ['DELETE', `/admin/invitations/${hash}`],
      ['POST', '/admin/organisations/import?dryRun=true', 'Organisation;Kommun'],
    ];
    for (const [method, path, body] of routes) {
      for (const who of [member.cookie, facilitator.cookie]) {
        expect({ route: `${method} ${path}`, ...(await call(s, method, path, who, body)) }).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
      }
      expect({ route: `${method} ${path}`, ...(await call(s, method, path, null, body)) }).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    }
    expect((await s.store.organisations.findById('o1'))!).toMatchObject({ name: 'Förening', status: 'active' });
  });

  it('edits details; a postcode of another municipality is a field error and bad input a 400', async () => {
    const { s, admin } = await setup();
    await s.store.organisations.create(org('o1', 'Förening'));
    const edited = await call(s, 'PATCH', '/admin/organisations/o1', admin, {
      name: 'Åkessons Förening', description: 'Vi planterar träd.', website: 'akesson.example.se', postalCode: '17266', municipality: 'Sundbyberg',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.organisation).toMatchObject({
      name: 'Åkessons Förening', description: 'Vi planterar träd.', website: 'https://akesson.example.se', postalCode: '172 66', municipality: 'Sundbyberg',
    });
    const mismatch = await call(s, 'PATCH', '/admin/organisations/o1', admin, { postalCode: '111 22' });
    expect(mismatch).toMatchObject({ status: 400, body: { error: { code: 'postcode_mismatch', message: expect.stringMatching(/^postalCode: 111 22 .*Sundbybergs kommun/) } } });
    expect(await call(s, 'PATCH', '/admin/organisations/o1', admin, { municipality: 'Uppsala' })).toMatchObject({ status: 422, body: { error: { code: 'outside_county' } } });
    expect(await call(s, 'PATCH', '/admin/organisations/o1', admin, { orgNumber: '1' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await call(s, 'PATCH', '/admin/organisations/o1', admin, { name: '' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await call(s, 'PATCH', '/admin/organisations/nobody', admin, { name: 'X' })).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await s.store.organisations.findById('o1'))!.postalCode).toBe('172 66');
    const detail = (await call(s, 'GET', '/admin/organisations/o1', admin)).body as OrganisationDetail;
    expect(detail.history.map((h) => h.action)).toContain('organisation.updated');
  });

  it('an application whose postcode is not in its municipality is refused on the postcode field', async () => {
    const { s } = await setup();
    const res = await call(s, 'POST', '/applications', null, {
      name: 'Grön', orgNumber: orgNumberFor(7), street: 'Gatan 1', postalCode: '111 22', municipality: 'Solna', contactName: 'A', contactEmail: 'a@example.se',
    });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'postcode_mismatch', message: expect.stringMatching(/^postalCode:/) } } });
  });

  it('shows pending invitations again, resends (the old link stops working) and revokes them; changes the contact person', async () => {
    const { s, admin } = await setup();
    const { id, link } = await admitted(s, admin, 'Åkessons Förening', orgNumberFor(11));
    const pending = await call(s, 'GET', '/admin/invitations', admin);
    expect(pending.body.invitations).toEqual([expect.objectContaining({ organisationId: id, organisationName: 'Åkessons Förening', email: `alex-${orgNumberFor(11)}@example.se` })]);
    expect((await call(s, 'GET', '/admin/organisations?q=akesson', admin)).body.organisations[0]).toMatchObject({ noContact: true, pendingInvitations: 1 });

    const resent = await call(s, 'POST', `/admin/invitations/${pending.body.invitations[0].id}/resend`, admin);
    expect(resent.status).toBe(201);
    expect(resent.body.invitation.link).not.toBe(link);
    expect((await call(s, 'GET', `/invitations/${tokenOf(link)}`, null)).status).toBe(410);
    expect((await call(s, 'GET', `/invitations/${tokenOf(resent.body.invitation.link)}`, null)).status).toBe(200);

    // The contact accepts; a colleague joins; the coordinator makes the colleague the contact person.
    const accepted = await call(s, 'POST', '/invitations/accept', null, { token: tokenOf(resent.body.invitation.link), name: 'Alex', password: 'ett-långt-lösenord' });
    expect(accepted.status).toBe(201);
    const colleagueInvite = await call(s, 'POST', `/organisations/${id}/invitations`, admin, { email: 'kim@example.se', name: 'Kim' });
    const colleague = await call(s, 'POST', '/invitations/accept', null, { token: tokenOf(colleagueInvite.body.invitation.link), name: 'Kim', password: 'ett-långt-lösenord' });
    const changed = await call(s, 'PUT', `/admin/organisations/${id}/contact`, admin, { userId: colleague.body.user.id });
    expect(changed.status).toBe(200);
    const detail = (await call(s, 'GET', `/admin/organisations/${id}`, admin)).body as OrganisationDetail;
    expect(detail.people.filter((p) => p.isContact).map((p) => p.name)).toEqual(['Kim']);
    expect(detail.history.map((h) => h.action)).toEqual(expect.arrayContaining(['organisation.contact_changed', 'invitation.revoked', 'application.approved']));
    // Someone outside the organisation cannot be its contact.
    const outsider = await addPerson(s, 'utanfor@example.se');
    expect(await call(s, 'PUT', `/admin/organisations/${id}/contact`, admin, { userId: outsider.id })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });

    const third = await call(s, 'POST', `/organisations/${id}/invitations`, admin, { email: 'tredje@example.se' });
    const list = (await call(s, 'GET', '/admin/invitations', admin)).body.invitations as { id: string; email: string }[];
    const revoked = await call(s, 'DELETE', `/admin/invitations/${list.find((i) => i.email === 'tredje@example.se')!.id}`, admin);
    expect(revoked.status).toBe(204);
    expect((await call(s, 'GET', `/invitations/${tokenOf(third.body.invitation.link)}`, null)).status).toBe(410);
    expect((await call(s, 'GET', '/admin/invitations', admin)).body.invitations).toEqual([]);
    expect(await call(s, 'POST', `/admin/invitations/${'b'.repeat(64)}/resend`, admin)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await call(s, 'POST', '/admin/invitations/not-a-hash/resend', admin)).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
  });

  it('the public directory: accents aside in search, organisations without a contact person only when DIRECTORY_LIST_WITHOUT_CONTACT', async () => {
    const { s, admin } = await setup();
    await s.store.users.create({ id: 'u-kontakt', email: 'k@example.se', name: 'K', passwordHash: 'x', role: 'member', createdAt: new Date(), organisationId: 'o1' });
    await s.store.organisations.create(org('o1', 'Grön Förening', { contactUserId: 'u-kontakt' }));
    await s.store.organisations.create(org('o2', 'Åkessons Trädgård'));
    const listed = (q = '') => call(s, 'GET', `/directory${q}`, null).then((r) => r.body.members.map((m: { name: string }) => m.name));
    expect(await listed()).toEqual(['Grön Förening']);
    expect(await listed('?q=gron')).toEqual(['Grön Förening']);
    const bytes = new Uint8Array(await (await fetch(`${s.url}/api/directory.csv`)).arrayBuffer());
    // Swedish Excel: a UTF-8 BOM, and ';' between the columns.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith('"Organisation";"Kommun";')).toBe(true);
    expect(csv).toContain('"Grön Förening";"Solna kommun";');
    expect((await call(s, 'GET', '/admin/organisations', admin)).body.count).toBe(2);

    const open = await startServer({ env: { DIRECTORY_LIST_WITHOUT_CONTACT: 'true' } });
    servers.push(open);
    await open.store.organisations.create(org('o2', 'Åkessons Trädgård'));
    expect((await call(open, 'GET', '/directory?q=akesson', null)).body.members.map((m: { name: string }) => m.name)).toEqual(['Åkessons Trädgård']);
  });

  it('merges a duplicate: its people join the organisation kept, its invitations stop working, and it is marked left', async () => {
    const { s, admin } = await setup();
    await s.store.organisations.create(org('o1', 'Grön Förening', { contactUserId: 'u-a' }));
    await s.store.organisations.create(org('o2', 'Gron forening', { contactUserId: 'u-b' }));
    await s.store.users.create({ id: 'u-a', email: 'a@example.se', name: 'Anna', passwordHash: 'x', role: 'member', createdAt: new Date(), organisationId: 'o1' });
    await s.store.users.create({ id: 'u-b', email: 'b@example.se', name: 'Bo', passwordHash: 'x', role: 'member', createdAt: new Date(), organisationId: 'o2' });
    const invited = await call(s, 'POST', '/organisations/o2/invitations', admin, { email: 'c@example.se' });
    expect(invited.status).toBe(201);

    expect(await call(s, 'POST', '/admin/organisations/o2/merge', admin, { into: 'o2' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(await call(s, 'POST', '/admin/organisations/o2/merge', admin, { into: 'nobody' })).toMatchObject({ status: 404 });
    const merged = await call(s, 'POST', '/admin/organisations/o2/merge', admin, { into: 'o1' });
    expect(merged.status).toBe(200);
    const kept = (await call(s, 'GET', '/admin/organisations/o1', admin)).body as OrganisationDetail;
    expect(kept.people.map((p) => [p.name, p.isContact])).toEqual([['Anna', true], ['Bo', false]]);
    expect(kept.history.map((h) => h.action)).toContain('organisation.merged');
    expect((await call(s, 'GET', `/invitations/${tokenOf(invited.body.invitation.link)}`, null)).status).toBe(410);
    expect((await call(s, 'GET', '/admin/organisations?status=left', admin)).body.organisations.map((o: { name: string }) => o.name)).toEqual(['Gron forening']);
    expect(await call(s, 'POST', '/admin/organisations/o2/merge', admin, { into: 'o1' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });

  it('flags an organisation whose contact deleted their account, and keeps a left one on record outside the directory', async () => {
    const { s, admin } = await setup();
    const { id, link } = await admitted(s, admin, 'Lämnande Förening', orgNumberFor(12));
    const accepted = await call(s, 'POST', '/invitations/accept', null, { token: tokenOf(link), name: 'Alex', password: 'ett-långt-lösenord' });
    expect(accepted.status).toBe(201);
    const contactCookie = await signIn(s.url, `alex-${orgNumberFor(12)}@example.se`, 'ett-långt-lösenord');
    expect((await call(s, 'GET', '/admin/organisations?noContact=true', admin)).body.count).toBe(0);
    expect((await call(s, 'DELETE', '/me', contactCookie)).status).toBe(204);
    // The organisation's history tells of the deletion, though the person is no longer one of its people.
    const history = ((await call(s, 'GET', `/admin/organisations/${id}`, admin)).body as OrganisationDetail).history;
    expect(history.find((h) => h.action === 'account.deleted')).toMatchObject({
      targetName: FORMER_MEMBER,
      fields: expect.arrayContaining([{ key: 'organisation', value: { kind: 'text', text: 'Lämnande Förening' } }]),
    });
    expect((await call(s, 'GET', `/audit?organisation=${id}&action=account.deleted`, admin)).body.entries).toHaveLength(1);
    const flagged = (await call(s, 'GET', '/admin/organisations?noContact=true', admin)).body as OrganisationsPage;
    expect(flagged.organisations.map((o) => [o.name, o.noContact, o.people])).toEqual([['Lämnande Förening', true, 0]]);

    // Without a contact person it has left the public directory.
    expect((await call(s, 'GET', '/directory', null)).body.count).toBe(0);
    const left = await call(s, 'POST', `/admin/organisations/${id}/left`, admin);
    expect(left.body.organisation).toMatchObject({ status: 'left', leftAt: expect.any(String) });
    expect((await call(s, 'GET', '/directory', null)).body.count).toBe(0);
    expect((await call(s, 'GET', '/admin/organisations', admin)).body.count).toBe(0);
    expect((await call(s, 'GET', '/admin/organisations?status=left', admin)).body.organisations.map((o: { name: string }) => o.name)).toEqual(['Lämnande Förening']);
    expect(await call(s, 'POST', `/admin/organisations/${id}/left`, admin)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });
});
