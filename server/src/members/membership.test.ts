import { BOARD_STICKIES, CloseCode, ErrorCode, FORMER_MEMBER, itemDocName, SPACE_ITEMS, spaceDocName, type ApplicationRequest } from '@samla/shared';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  addPerson,
  connectDoc,
  connectSocket,
  signIn,
  startServer,
  waitFor,
  type TestServer,
} from '../test/harness.js';

const servers: TestServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.stop();
});
async function server(env?: Record<string, string>) {
  const s = await startServer(env ? { env } : {});
  servers.push(s);
  return s;
}

export const APPLICATION: ApplicationRequest = {
  name: 'Grön Förening',
  orgNumber: '2021005448',
  street: 'Storgatan 1',
  postalCode: '171 64',
  municipality: 'solna',
  website: 'gron.example.se',
  contactName: 'Alex Andersson',
  contactEmail: 'alex@example.se',
  groupIds: ['plast'],
};

export async function call(s: TestServer, method: string, path: string, cookie: string | null, body?: unknown) {
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // Tests read whichever fields the route answers with.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;

/** apply → approve → accept: returns the new organisation and its contact's session. */
export async function admitOrganisation(s: TestServer, admin: string, over: Partial<ApplicationRequest> = {}) {
  const applied = await call(s, 'POST', '/applications', null, { ...APPLICATION, ...over });
  expect(applied.status).toBe(201);
  const approved = await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin);
  expect(approved.status).toBe(200);
  const accepted = await call(s, 'POST', '/invitations/accept', null, {
    token: tokenOf(approved.body.invitation.link),
    name: over.contactName ?? APPLICATION.contactName,
    password: 'kontaktens-lösenord',
  });
  expect(accepted.status).toBe(201);
  return { organisationId: approved.body.organisationId as string, contact: cookieOf(accepted), user: accepted.body.user };
}

describe('membership life cycle', () => {
  it('an organisation applies, is approved, its contact accepts and signs in, and it appears in the directory', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);

    const applied = await call(s, 'POST', '/applications', null, APPLICATION);
    expect(applied.status).toBe(201);
    expect(applied.body.application).toMatchObject({ status: 'pending', name: 'Grön Förening' });
    const statusToken = tokenOf(applied.body.statusUrl);

    const pending = await call(s, 'GET', '/applications?status=pending', admin);
    expect(pending.body.applications).toEqual([
      expect.objectContaining({ orgNumber: '202100-5448', municipality: 'Solna', website: 'https://gron.example.se', postalCode: '171 64' }),
    ]);

    const approved = await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin);
    expect(approved.status).toBe(200);
    expect(approved.body.invitation).toMatchObject({ link: expect.stringContaining('/invitation?token='), emailed: false });
    // Without SMTP_URL the invitation mail is logged, not sent.
    expect(s.app.mailer.outbox.at(-1)).toMatchObject({ to: 'alex@example.se', text: expect.stringContaining(approved.body.invitation.link) });
    expect((await call(s, 'GET', `/applications/status?token=${statusToken}`, null)).body.application.status).toBe('approved');
    expect((await call(s, 'POST', `/applications/${applied.body.application.id}/approve`, admin)).body.error.code).toBe(ErrorCode.alreadyDecided);

    const token = tokenOf(approved.body.invitation.link);
    const info = await call(s, 'GET', `/invitations/${token}`, null);
    expect(info.body.invitation).toMatchObject({ email: 'alex@example.se', organisation: { name: 'Grön Förening' } });
    const accepted = await call(s, 'POST', '/invitations/accept', null, { token, name: 'Alex Andersson', password: 'kontaktens-lösenord' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'alex@example.se', role: 'member', organisationId: approved.body.organisationId });
    const again = await call(s, 'POST', '/invitations/accept', null, { token, name: 'X', password: 'ett-annat-lösenord' });
    expect([again.status, again.body.error.code]).toEqual([410, ErrorCode.invalidToken]);

    const contact = await signIn(s.url, 'alex@example.se', 'kontaktens-lösenord');
    expect((await call(s, 'GET', '/auth/me', contact)).body.user.name).toBe('Alex Andersson');

    const directory = await call(s, 'GET', '/directory', null);
    expect(directory.body).toMatchObject({ total: 1, count: 1, members: [{ name: 'Grön Förening', municipality: 'Solna', website: 'https://gron.example.se' }] });
    expect((await call(s, 'GET', '/directory?municipality=Nacka', null)).body.count).toBe(0);
    expect((await call(s, 'GET', '/directory?q=grön', null)).body.count).toBe(1);

    // The groups it chose became join requests; a facilitator approves, and the directory shows the group.
    expect((await call(s, 'GET', '/groups/plast/join-requests', admin)).body.requests).toEqual([
      expect.objectContaining({ userId: accepted.body.user.id, organisation: 'Grön Förening' }),
    ]);
    const joined = await call(s, 'POST', `/groups/plast/join-requests/${accepted.body.user.id}/approve`, admin, {});
    expect(joined.body.member).toMatchObject({ role: 'member', organisation: 'Grön Förening' });
    expect((await call(s, 'GET', '/directory?group=plast', null)).body.members[0].groups).toEqual([{ id: 'plast', name: 'Plast' }]);
    const csv = await call(s, 'GET', '/directory.csv', null);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.body).toContain('"Grön Förening";"Solna kommun";"https://gron.example.se";"Plast"');

    const audit = await call(s, 'GET', '/audit', admin);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['application.submitted', 'application.approved', 'invitation.created', 'invitation.accepted', 'join_request.approved']),
    );
  });

  it('pages through the audit log with the cursor it hands out, and refuses a malformed one', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    for (let i = 0; i < 5; i++) expect((await call(s, 'POST', '/groups', admin, { id: `grupp-${i}`, name: `Grupp ${i}` })).status).toBe(201);
    const all = (await call(s, 'GET', '/audit', admin)).body.entries.map((e: { id: string }) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const paged: string[] = [];
    let next: string | null = null;
    do {
      const page = await call(s, 'GET', `/audit?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`, admin);
      expect(page.status).toBe(200);
      paged.push(...page.body.entries.map((e: { id: string }) => e.id));
      next = page.body.next;
    } while (next);
    expect(paged).toEqual(all);
    for (const after of ['x', '12', '12.', '.abc', '12.a b']) {
      const bad = await call(s, 'GET', `/audit?after=${encodeURIComponent(after)}`, admin);
      expect([after, bad.status, bad.body.error.code]).toEqual([after, 400, ErrorCode.invalidPayload]);
    }
  });

  it('refuses an address outside the county with a message that explains the rule, and a duplicate number', async () => {
    const s = await server();
    for (const municipality of ['Uppsala', 'Gnesta']) {
      const res = await call(s, 'POST', '/applications', null, { ...APPLICATION, municipality });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual({ code: ErrorCode.outsideCounty, message: expect.stringMatching(/Stockholm County.*26 municipalities.*not/) });
    }
    const bad = await call(s, 'POST', '/applications', null, { ...APPLICATION, orgNumber: '202100-5449' });
    expect(bad.body.error).toEqual({ code: ErrorCode.invalidPayload, message: expect.stringMatching(/^orgNumber:/) });
    expect((await call(s, 'POST', '/applications', null, APPLICATION)).status).toBe(201);
    const dup = await call(s, 'POST', '/applications', null, { ...APPLICATION, orgNumber: '202100-5448', name: 'Annan' });
    expect([dup.status, dup.body.error.code]).toEqual([409, ErrorCode.duplicateOrgNumber]);
  });

  it('shows the applicant the reason of a rejection, and the number can apply again', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const applied = await call(s, 'POST', '/applications', null, APPLICATION);
    const rejected = await call(s, 'POST', `/applications/${applied.body.application.id}/reject`, admin, { reason: 'Adressen ligger i Uppsala.' });
    expect(rejected.body.application).toMatchObject({ status: 'rejected', reason: 'Adressen ligger i Uppsala.' });
    const status = await call(s, 'GET', `/applications/status?token=${tokenOf(applied.body.statusUrl)}`, null);
    expect(status.body.application).toMatchObject({ status: 'rejected', reason: 'Adressen ligger i Uppsala.' });
    expect((await call(s, 'POST', '/applications', null, APPLICATION)).status).toBe(201);
  });

  it('limits accepted applications per address; refused ones (typing mistakes) do not count', async () => {
    const s = await server({ APPLY_LIMIT_PER_HOUR: '2' });
    for (let i = 0; i < 3; i++) {
      expect((await call(s, 'POST', '/applications', null, { ...APPLICATION, municipality: 'Gnesta' })).status).toBe(422);
      expect((await call(s, 'POST', '/applications', null, { ...APPLICATION, orgNumber: '1' })).status).toBe(400);
    }
    expect((await call(s, 'POST', '/applications', null, APPLICATION)).status).toBe(201);
    expect((await call(s, 'POST', '/applications', null, { ...APPLICATION, orgNumber: '212000-0142', contactEmail: 'b@example.se' })).status).toBe(201);
    const limited = await call(s, 'POST', '/applications', null, { ...APPLICATION, orgNumber: '556677-8899', contactEmail: 'c@example.se' });
    expect([limited.status, limited.body.error.code]).toEqual([429, ErrorCode.tooManyAttempts]);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('the contact invites a colleague, who joins the same organisation; others cannot invite', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const { organisationId, contact } = await admitOrganisation(s, admin);
    const invited = await call(s, 'POST', `/organisations/${organisationId}/invitations`, contact, { email: 'kim@gron.example.se' });
    expect(invited.status).toBe(201);
    const colleague = await call(s, 'POST', '/invitations/accept', null, { token: tokenOf(invited.body.invitation.link), name: 'Kim', password: 'kollegans-lösenord' });
    expect(colleague.body.user.organisationId).toBe(organisationId);
    const cookie = cookieOf(colleague);
    expect((await call(s, 'POST', `/organisations/${organisationId}/invitations`, cookie, { email: 'x@example.se' })).status).toBe(403);
    const org = await call(s, 'GET', `/organisations/${organisationId}`, cookie);
    expect(org.body.people.map((p: { name: string }) => p.name).sort()).toEqual(['Alex Andersson', 'Kim']);
    expect((await call(s, 'POST', `/organisations/${organisationId}/invitations`, contact, { email: 'kim@gron.example.se' })).body.error.code).toBe(ErrorCode.emailTaken);
  });

  it('resets a password with a one-time link and signs the person out everywhere', async () => {
    const s = await server();
    const kim = await addPerson(s, 'kim@example.se', 'member');
    expect((await call(s, 'POST', '/auth/password-reset', null, { email: 'kim@example.se' })).status).toBe(202);
    expect((await call(s, 'POST', '/auth/password-reset', null, { email: 'ingen@example.se' })).status).toBe(202);
    const link = /(http\S+reset-password\?token=\S+)/.exec(s.app.mailer.outbox.at(-1)!.text)![1]!;
    expect(s.app.mailer.outbox.at(-1)!.to).toBe('kim@example.se');
    expect((await call(s, 'POST', '/auth/password-reset/confirm', null, { token: tokenOf(link), password: 'ett-nytt-lösenord' })).status).toBe(204);
    expect((await call(s, 'GET', '/auth/me', kim.cookie)).status).toBe(401);
    await signIn(s.url, 'kim@example.se', 'ett-nytt-lösenord');
    const reused = await call(s, 'POST', '/auth/password-reset/confirm', null, { token: tokenOf(link), password: 'ett-tredje-lösenord' });
    expect(reused.body.error.code).toBe(ErrorCode.invalidToken);
  });

  it('rotates the session on sign-in: the session the browser had before is gone', async () => {
    const s = await server();
    const before = await signIn(s.url, ADMIN.email, ADMIN.password);
    const res = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: before },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    const after = cookieOf(res);
    expect(after).not.toBe(before);
    expect((await call(s, 'GET', '/auth/me', before)).status).toBe(401);
    expect((await call(s, 'GET', '/auth/me', after)).status).toBe(200);
  });

  it('sends helmet headers with a CSP that allows this host\'s WebSockets and no inline scripts', async () => {
    const s = await server();
    const csp = (await fetch(`${s.url}/healthz`)).headers.get('content-security-policy')!;
    const host = new URL(s.url).host;
    expect(csp).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'self'");
  });
});

describe('role changes on open connections', () => {
  it('a removed member loses the open document and the group room at once', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const kim = await addPerson(s, 'kim@example.se', 'member');
    const c = connectDoc(s.wsUrl, 'groups/plast/notes', kim.cookie);
    cleanups.push(() => c.provider.destroy());
    await waitFor(() => c.provider.synced, 5_000, 'sync');
    const closed = new Promise<number>((resolve) =>
      c.provider.on('connection-close', (event: { code: number } | null) => event && resolve(event.code)),
    );
    const socket = connectSocket(s.url, kim.cookie);
    cleanups.push(() => socket.close());
    expect((await socket.emitWithAck('presence:join', { groupId: 'plast' })).ok).toBe(true);
    const told = new Promise((resolve) => socket.on('membership:revoked', resolve));

    expect((await call(s, 'DELETE', `/groups/plast/members/${kim.id}`, admin)).status).toBe(204);
    expect(await closed).toBe(CloseCode.accessRevoked);
    expect(await told).toEqual({ groupId: 'plast' });
    const present = await call(s, 'GET', '/groups/plast', kim.cookie);
    expect(present.status).toBe(403);
    await waitFor(async () => (await s.app.io.in('group:plast').fetchSockets()).every((x) => x.data.user.id !== kim.id), 2_000, 'room left');
  });

  it('tells everyone watching a group’s members when someone asks to join, is approved, changes role or leaves', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const lea = await addPerson(s, 'lea@example.se', 'facilitator');
    const heard = { lea: [] as string[], admin: [] as string[] };
    for (const [who, cookie] of [['lea', lea.cookie], ['admin', admin]] as const) {
      const socket = connectSocket(s.url, cookie);
      cleanups.push(() => socket.close());
      expect((await socket.emitWithAck('members:watch', { groupId: 'plast' })).ok).toBe(true);
      socket.on('members:changed', ({ groupId }) => heard[who].push(groupId));
    }
    const leaHeard = (n: number) => waitFor(() => heard.lea.length === n, 2_000, `members:changed #${n}`);

    const ny = await addPerson(s, 'ny@example.se');
    expect((await call(s, 'POST', '/groups/plast/join-requests', ny.cookie, {})).status).toBe(201);
    await leaHeard(1);
    expect((await call(s, 'POST', `/groups/plast/join-requests/${ny.id}/approve`, admin, { role: 'member' })).status).toBe(200);
    await leaHeard(2);
    expect((await call(s, 'PUT', `/groups/plast/members/${ny.id}`, admin, { role: 'observer' })).status).toBe(200);
    await leaHeard(3);
    // A request to another group is not news for this page.
    expect((await call(s, 'POST', '/groups/transporter/join-requests', ny.cookie, {})).status).toBe(201);
    expect((await call(s, 'DELETE', `/groups/plast/members/${ny.id}`, ny.cookie)).status).toBe(204);
    await leaHeard(4);
    expect(heard.lea).toEqual(['plast', 'plast', 'plast', 'plast']);
    // The one who made a change is not told of it: their own page has the answer already.
    await waitFor(() => heard.admin.length === 2, 2_000, 'the admin’s two events');
    expect(heard.admin).toEqual(['plast', 'plast']);
  });

  it('a member demoted to observer keeps reading, but their writes are dropped from then on', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const kim = await addPerson(s, 'kim@example.se', 'member');
    const reader = connectDoc(s.wsUrl, 'groups/plast/notes', admin);
    const writer = connectDoc(s.wsUrl, 'groups/plast/notes', kim.cookie);
    cleanups.push(() => reader.provider.destroy(), () => writer.provider.destroy());
    await waitFor(() => reader.provider.synced && writer.provider.synced, 5_000, 'sync');
    writer.doc.getText('t').insert(0, 'före ');
    await waitFor(() => reader.doc.getText('t').toString() === 'före ', 5_000, 'first write');

    const changed = await call(s, 'PUT', `/groups/plast/members/${kim.id}`, admin, { role: 'observer' });
    expect(changed.body.member.role).toBe('observer');
    writer.doc.getText('t').insert(5, 'efter');
    reader.doc.getText('t').insert(0, '!');
    await waitFor(() => writer.doc.getText('t').toString().startsWith('!'), 5_000, 'observer still receives');
    expect(reader.doc.getText('t').toString()).toBe('!före ');
    expect(writer.provider.wsconnected).toBe(true);
  });

  it('deleting an account closes its documents; the organisation leaving removes it from the directory', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const { organisationId, contact, user } = await admitOrganisation(s, admin);
    await call(s, 'POST', `/groups/plast/join-requests/${user.id}/approve`, admin, {});
    const exported = await call(s, 'GET', '/me/export', contact);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect(exported.body).toMatchObject({
      account: { email: 'alex@example.se' },
      organisation: { name: 'Grön Förening' },
      memberships: [{ groupId: 'plast', role: 'member' }],
    });
    const c = connectDoc(s.wsUrl, 'groups/plast/notes', contact);
    cleanups.push(() => c.provider.destroy());
    await waitFor(() => c.provider.synced, 5_000, 'sync');
    const closed = new Promise<number>((resolve) =>
      c.provider.on('connection-close', (event: { code: number } | null) => event && resolve(event.code)),
    );
    expect((await call(s, 'DELETE', `/organisations/${organisationId}`, contact)).status).toBe(204);
    expect(await closed).toBe(CloseCode.accessRevoked);
    expect((await call(s, 'GET', '/auth/me', contact)).status).toBe(401);
    expect((await call(s, 'GET', '/directory', null)).body).toMatchObject({ total: 0, members: [] });
    const members = await call(s, 'GET', '/groups/plast/members', admin);
    expect(members.body.members.map((m: { userId: string }) => m.userId)).not.toContain(user.id);
    // The organisation number is free for a new application.
    expect((await call(s, 'POST', '/applications', null, APPLICATION)).status).toBe(201);
  });

  it('a person deletes their own account; the last coordinator cannot', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const kim = await addPerson(s, 'kim@example.se', 'member');
    // Kim's sticky and someone else's, on a board in the space.
    await s.app.collab.withDoc(spaceDocName('plast'), (space) => {
      const item = new Y.Map<unknown>();
      item.set('kind', 'board');
      item.set('title', 'Idéer');
      space.doc.getMap(SPACE_ITEMS).set('tavla-0001', item);
    });
    const sticky = (authorId: string, authorName: string) => {
      const m = new Y.Map<unknown>();
      m.set('text', new Y.Text('Pant på muggar'));
      m.set('authorId', authorId);
      m.set('authorName', authorName);
      return m;
    };
    const board = itemDocName('plast', 'board', 'tavla-0001');
    await s.app.collab.withDoc(board, (b) => {
      b.doc.getMap(BOARD_STICKIES).set('av-kim', sticky(kim.id, 'kim'));
      b.doc.getMap(BOARD_STICKIES).set('av-annan', sticky('u-annan', 'Annan'));
    });
    const open = connectDoc(s.wsUrl, board, admin);
    cleanups.push(() => open.provider.destroy());
    await waitFor(() => open.provider.synced, 5_000, 'sync');

    expect((await call(s, 'DELETE', '/me', kim.cookie)).status).toBe(204);
    // What Kim wrote stays, attributed to "former member", also on a board that is open right now.
    const author = (id: string) => (open.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get(id)?.get('authorName'));
    await waitFor(() => author('av-kim') === FORMER_MEMBER, 5_000, 'the sticky to lose its author');
    expect(open.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get('av-kim')!.get('text')!.toString()).toBe('Pant på muggar');
    expect(author('av-annan')).toBe('Annan');
    expect((await call(s, 'GET', '/auth/me', kim.cookie)).status).toBe(401);
    const last = await call(s, 'DELETE', '/me', admin);
    expect([last.status, last.body.error.code]).toEqual([409, ErrorCode.lastCoordinator]);
    const csv = await call(s, 'GET', '/admin/members.csv', admin);
    expect(csv.status).toBe(200);
  });

  it('tells each reader what they may do in a group, from the same policy that enforces it', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const fia = await addPerson(s, 'fia@example.se', 'facilitator');
    const mats = await addPerson(s, 'mats@example.se', 'member');
    const olle = await addPerson(s, 'olle@example.se', 'observer');
    const can = async (cookie: string) => (await call(s, 'GET', '/groups/plast', cookie)).body.group.can;
    const manages = async (cookie: string) => (await call(s, 'GET', '/groups/plast/members', cookie)).body.can.manage;
    expect(await can(fia.cookie)).toEqual({ writeDocs: true, scheduleMeetings: true, manageMembers: true, leadMeetings: true });
    expect(await can(mats.cookie)).toEqual({ writeDocs: true, scheduleMeetings: false, manageMembers: false, leadMeetings: false });
    expect(await can(olle.cookie)).toEqual({ writeDocs: false, scheduleMeetings: false, manageMembers: false, leadMeetings: false });
    // The list of one's groups says the same.
    const mine = (await call(s, 'GET', '/groups', mats.cookie)).body.groups;
    expect(mine.find((g: { id: string }) => g.id === 'plast').can).toEqual(await can(mats.cookie));
    expect([await manages(fia.cookie), await manages(mats.cookie), await manages(admin)]).toEqual([true, false, true]);
    // Across the network: only a coordinator is offered the coordinators' pages.
    expect([(await call(s, 'GET', '/auth/me', admin)).body.user.can, (await call(s, 'GET', '/auth/me', fia.cookie)).body.user.can]).toEqual([{ administer: true }, { administer: false }]);

    // An archived group is kept for reading: nobody writes or schedules in it, its members are still managed.
    expect((await call(s, 'POST', '/groups/plast/archive', admin)).status).toBe(200);
    expect(await can(fia.cookie)).toEqual({ writeDocs: false, scheduleMeetings: false, manageMembers: true, leadMeetings: true });
    expect(await can(mats.cookie)).toMatchObject({ writeDocs: false });
  });

  it('refuses a second group with the same name, whatever its case and spacing', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const twin = await call(s, 'POST', '/groups', admin, { id: 'plast-2', name: '  plast ' });
    expect([twin.status, twin.body.error.code]).toEqual([409, ErrorCode.duplicateGroupName]);
    expect((await call(s, 'POST', '/groups', admin, { id: 'livsmedel', name: 'Livsmedel' })).status).toBe(201);
    const renamed = await call(s, 'PATCH', '/groups/livsmedel', admin, { name: 'TRANSPORTER' });
    expect([renamed.status, renamed.body.error.code]).toEqual([409, ErrorCode.duplicateGroupName]);
    // Keeping its own name (or changing only its description) is no clash.
    expect((await call(s, 'PATCH', '/groups/livsmedel', admin, { name: 'Livsmedel', description: 'Mat' })).status).toBe(200);
    const names = (await call(s, 'GET', '/working-groups', admin)).body.groups.map((g: { name: string }) => g.name);
    expect(names.filter((n: string) => n.toLowerCase() === 'plast')).toEqual(['Plast']);
  });

  it('a coordinator adds a person straight into a group with a role; a facilitator cannot', async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const lead = await addPerson(s, 'lead@example.se', 'facilitator');
    const sam = await addPerson(s, 'sam@example.se');
    const byLead = await call(s, 'PUT', `/groups/plast/members/${sam.id}`, lead.cookie, { role: 'member' });
    expect([byLead.status, byLead.body.error.code]).toEqual([404, ErrorCode.notFound]);
    const added = await call(s, 'PUT', `/groups/plast/members/${sam.id}`, admin, { role: 'observer' });
    expect([added.status, added.body.member.role]).toEqual([201, 'observer']);
    expect((await call(s, 'GET', '/groups/plast', sam.cookie)).body.group.role).toBe('observer');
    const nobody = await call(s, 'PUT', '/groups/plast/members/u-finns-inte', admin, { role: 'member' });
    expect([nobody.status, nobody.body.error.code]).toEqual([404, ErrorCode.notFound]);
  });

  it("a facilitator cannot remove or demote a coordinator's membership; a coordinator can", async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const adminId = (await call(s, 'GET', '/auth/me', admin)).body.user.id;
    const lead = await addPerson(s, 'lead@example.se', 'facilitator');
    const kim = await addPerson(s, 'kim@example.se', 'member');
    // A second coordinator, who is also a plain member of the group.
    const kimRecord = (await s.store.users.findById(kim.id))!;
    await s.store.users.delete(kim.id);
    await s.store.users.create({ ...kimRecord, role: 'coordinator' });
    for (const target of [adminId, kim.id]) {
      const removed = await call(s, 'DELETE', `/groups/plast/members/${target}`, lead.cookie);
      expect([removed.status, removed.body.error.code]).toEqual([403, ErrorCode.forbidden]);
      const demoted = await call(s, 'PUT', `/groups/plast/members/${target}`, lead.cookie, { role: 'observer' });
      expect([demoted.status, demoted.body.error.code]).toEqual([403, ErrorCode.forbidden]);
    }
    // The list tells the facilitator which rows they may change.
    const rows = (await call(s, 'GET', '/groups/plast/members', lead.cookie)).body.members as { userId: string; can: object }[];
    const can = Object.fromEntries(rows.map((m) => [m.userId, m.can]));
    expect(can[kim.id]).toEqual({ changeRole: false, remove: false });
    expect(can[lead.id]).toEqual({ changeRole: true, remove: false });
    const byKim = (await call(s, 'GET', '/groups/plast/members', kim.cookie)).body.members as { userId: string; can: object }[];
    expect(byKim.find((m) => m.userId === adminId)!.can).toEqual({ changeRole: true, remove: true });
    expect((await call(s, 'DELETE', `/groups/plast/members/${kim.id}`, admin)).status).toBe(204);
    // A plain member sees no controls at all.
    const member = await addPerson(s, 'bo@example.se', 'member');
    const seen = (await call(s, 'GET', '/groups/plast/members', member.cookie)).body.members as { can: object }[];
    expect(seen.every((m) => JSON.stringify(m.can) === JSON.stringify({ changeRole: false, remove: false }))).toBe(true);
  });
});
