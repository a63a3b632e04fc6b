import { randomBytes } from 'node:crypto';
import {
  accountExport,
  BOARD_STICKIES,
  FORMER_MEMBER,
  itemDocName,
  readStickies,
  SPACE_ITEMS,
  spaceDocName,
  type AccountExport,
  type AuditEntry,
  type Meeting,
  type Minutes,
  type SearchResponse,
  type TrackedActionsResponse,
  type VersionContent,
} from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { orgNumberFor } from '../organisations/fixture.js';
import { ADMIN, connectDoc, connectSocket, MEMBER_PASSWORD, signIn, startServer, waitFor } from '../test/harness.js';
import { api, data, MIN, seedPeople, T0, testClock } from '../test/meetings.js';

/**
 * The person's data (GDPR) after a session: the export holds what they wrote and are named in, and
 * once their account is deleted the session's records name them "tidigare medlem" wherever shown.
 */

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const BOARD = 'tavla-gdpr';
const BOARD_DOC = itemDocName('plast', 'board', BOARD);
/** A name found nowhere else in the session, so that any trace of it is the person's. */
const NAME = 'Mats Märkesson';

/** Both stores: the names are resolved when read, from what each store gives back. */
const backends = [
  { name: 'sqlite', opts: {} },
  ...(process.env.MONGODB_URI ? [{ name: 'mongo', opts: { mongoDb: `samla_gdpr_${randomBytes(4).toString('hex')}` } }] : []),
];
if (process.env.CI === 'true' && backends.length < 2) throw new Error('CI must run the GDPR test on MongoDB too: set MONGODB_URI');

async function setup(opts: { mongoDb?: string }) {
  const clock = testClock();
  const s = await startServer({ ...opts, now: clock.now });
  cleanup.push(() => s.stop());
  await s.app.collab.withDoc(spaceDocName('plast'), (d) => {
    const item = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ kind: 'board', title: 'Idétavlan', order: 1, archived: false })) item.set(k, v);
    d.doc.getMap<Y.Map<unknown>>(SPACE_ITEMS).set(BOARD, item);
  });
  const { fac, mem } = await seedPeople(s);
  await s.store.users.update(mem.id, { name: NAME, organisationId: 'o1' });
  // The application that brought the person's organisation in names them as its contact.
  await s.store.applications.create({
    id: 'ans-1', status: 'approved', name: 'Miljöföreningen', orgNumber: '556677-8899', street: 'Gatan 1', postalCode: '111 22',
    municipality: 'Solna', website: null, groupIds: ['plast'], contactName: NAME, contactEmail: 'Mats@Example.se',
    createdAt: new Date(T0 - 86_400_000), statusTokenHash: 'hash-ans-1', decidedAt: new Date(T0), decidedBy: 'u-admin', reason: null, organisationId: 'o1',
  });
  return { s, clock, fac, mem };
}

/** The person writes a sticky on the board from their own client, through the server. */
async function writeSticky(s: Awaited<ReturnType<typeof setup>>['s'], cookie: string, userId: string): Promise<void> {
  const { doc, provider } = connectDoc(s.wsUrl, BOARD_DOC, cookie);
  cleanup.push(() => provider.destroy());
  await waitFor(() => provider.synced, 5_000, 'the board to sync');
  doc.transact(() => {
    const sticky = new Y.Map<unknown>();
    const fields = { text: new Y.Text('Pant på kaffemuggar'), x: 10, y: 20, color: 'yellow', authorId: userId, authorName: NAME, sectionId: null, createdAt: T0 };
    for (const [k, v] of Object.entries(fields)) sticky.set(k, v);
    doc.getMap(BOARD_STICKIES).set('lapp-mats', sticky);
  });
  await waitFor(
    () => readStickies(s.app.collab.loadedDocs().get(BOARD_DOC)!.doc).some((x) => x.id === 'lapp-mats'),
    5_000,
    'the sticky to reach the server',
  );
}

describe.each(backends)('GDPR: the export and the deletion of an account ($name)', ({ opts }) => {
  it('exports the person\'s stickies, contributions, attendance, amendments, decisions, action items, votes and applications; after deletion the minutes name them "tidigare medlem"', async () => {
    const { s, clock, fac, mem } = await setup(opts);
    await writeSticky(s, mem.cookie, mem.id);

    const res = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
      title: 'Mars: plast',
      startsAt: new Date(T0 + MIN).toISOString(),
      durationMinutes: 60,
      agenda: [{ title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD } }],
    });
    expect(res.status).toBe(201);
    const meetingId = res.body.meeting.id;
    const f = connectSocket(s.url, fac.cookie);
    const p = connectSocket(s.url, mem.cookie);
    cleanup.push(() => f.disconnect(), () => p.disconnect());
    data(await f.emitWithAck('meeting:join', { meetingId }));
    data(await p.emitWithAck('meeting:join', { meetingId }));
    data(await f.emitWithAck('meeting:start', { meetingId }));
    data(await f.emitWithAck('meeting:vote-open', { meetingId, boardId: BOARD, votesPerPerson: 2, scope: { stickyIds: ['lapp-mats'] } }));
    data(await p.emitWithAck('meeting:vote', { meetingId, stickyId: 'lapp-mats', change: 1 }));
    data(await f.emitWithAck('meeting:vote-reveal', { meetingId }));
    // The person leads the rest: the decision is theirs, and they own the action item they record.
    clock.advance(10 * MIN);
    data(await f.emitWithAck('meeting:hand-over', { meetingId, userId: mem.id }));
    data(await p.emitWithAck('meeting:decision', { meetingId, text: 'Vi inför pant på muggar.' }));
    data(await p.emitWithAck('meeting:action-item', { meetingId, text: 'Ring caféerna', owner: { kind: 'user', userId: mem.id }, due: '2026-04-01' }));
    clock.advance(20 * MIN);
    data(await p.emitWithAck('meeting:end', { meetingId, confirm: true }));
    clock.advance(MIN);
    const amended = await api(s, mem.cookie, 'POST', `/groups/plast/meetings/${meetingId}/minutes/amendments`, { text: 'Caféet på hörnet är med.' });
    expect(amended.status).toBe(201);

    // The export: every category the account page promises, each holding what the session left.
    const exported = await api<AccountExport>(s, mem.cookie, 'GET', '/me/export');
    expect(exported.status).toBe(200);
    const x = accountExport.parse(exported.body);
    const session = { groupId: 'plast', meetingId, title: 'Mars: plast', startsAt: new Date(T0 + MIN).toISOString() };
    expect(x.stickies).toEqual([
      { groupId: 'plast', boardId: BOARD, board: 'Idétavlan', stickyId: 'lapp-mats', text: 'Pant på kaffemuggar', section: null, createdAt: new Date(T0).toISOString() },
    ]);
    expect(x.contributions).toEqual([
      expect.objectContaining({ groupId: 'plast', doc: BOARD_DOC, kind: 'board', title: 'Idétavlan', reason: 'session-end' }),
    ]);
    expect(x.attendance).toEqual([{ session, joinedAt: expect.any(String), facilitated: true }]);
    expect(x.amendments).toEqual([{ session, id: expect.any(String), text: 'Caféet på hörnet är med.', createdAt: expect.any(String) }]);
    expect(x.decisions).toEqual([{ session, id: expect.any(String), text: 'Vi inför pant på muggar.', createdAt: expect.any(String) }]);
    expect(x.actionItems).toEqual([
      expect.objectContaining({ session, text: 'Ring caféerna', owner: NAME, due: '2026-04-01', done: false, involvement: ['owner', 'recorded'] }),
    ]);
    expect(x.votes).toEqual([{ session, round: 1, boardId: BOARD, stickyId: 'lapp-mats', sticky: 'Pant på kaffemuggar', at: expect.any(String) }]);
    expect(x.applications.map((a) => [a.id, a.contactName])).toEqual([['ans-1', NAME]]);
    // What others did is not theirs: the facilitator's export has no amendment, decision or sticky of the session.
    const theirs = accountExport.parse((await api<AccountExport>(s, fac.cookie, 'GET', '/me/export')).body);
    expect([theirs.stickies, theirs.amendments, theirs.decisions, theirs.actionItems, theirs.votes, theirs.applications]).toEqual([[], [], [], [], [], []]);
    expect(theirs.attendance).toEqual([{ session, joinedAt: expect.any(String), facilitated: true }]);

    expect((await api(s, mem.cookie, 'DELETE', '/me')).status).toBe(204);

    // The minutes, as JSON and as Markdown in both languages: "tidigare medlem", never the name.
    const read = await api<{ minutes: Minutes; markdown: string }>(s, fac.cookie, 'GET', `/groups/plast/meetings/${meetingId}/minutes?lang=sv`);
    expect(read.status).toBe(200);
    const { minutes } = read.body;
    expect(read.text).not.toContain('Märkesson');
    expect(minutes.attendees.flatMap((g) => g.people).find((q) => q.userId === mem.id)?.name).toBe(FORMER_MEMBER);
    expect(minutes.facilitators.map((q) => q.userId === mem.id && q.name)).toContain(FORMER_MEMBER);
    expect(minutes.facilitator).toEqual({ userId: mem.id, name: FORMER_MEMBER });
    expect(minutes.amendments.map((a) => a.authorName)).toEqual([FORMER_MEMBER]);
    expect(minutes.actionItems.map((a) => a.owner.name)).toEqual([FORMER_MEMBER]);
    expect(read.body.markdown).toContain('tidigare medlem');
    for (const [lang, formerMember] of [['sv', 'tidigare medlem'], ['en', 'former member']] as const) {
      const md = await api(s, fac.cookie, 'GET', `/groups/plast/meetings/${meetingId}/minutes.md?lang=${lang}`);
      expect(md.status).toBe(200);
      expect(md.text).not.toContain('Märkesson');
      expect(md.text).toContain(`- Ring caféerna (${formerMember},`);
      expect(md.text).toContain(`- ${formerMember} (`);
      expect(md.text).toMatch(new RegExp(`\\*\\*Miljöföreningen\\*\\*: .*${formerMember}`));
    }

    // Everywhere else the session is shown: the tracker, search, and the board as frozen at the end.
    const tracked = await api<TrackedActionsResponse>(s, fac.cookie, 'GET', '/me/actions');
    expect(tracked.text).not.toContain('Märkesson');
    expect(tracked.body.actions.map((a) => a.item.owner.name)).toEqual([FORMER_MEMBER]);
    const search = async (q: string) => (await api<SearchResponse>(s, fac.cookie, 'GET', `/search?q=${encodeURIComponent(q)}`)).body.results;
    await waitFor(async () => (await search('Märkesson')).length === 0, 5_000, 'search to forget the name');
    expect((await search('tidigare medlem')).map((r) => r.kind).sort()).toEqual(['action', 'minutes']);
    const version = await api<{ version: VersionContent }>(s, fac.cookie, 'GET', `/groups/plast/versions/${minutes.agenda[0]!.snapshotId}`);
    expect(version.status).toBe(200);
    const frozen = new Y.Doc();
    Y.applyUpdate(frozen, Buffer.from(version.body.version.update, 'base64'));
    expect(readStickies(frozen).map((q) => [q.id, q.authorName])).toEqual([['lapp-mats', FORMER_MEMBER]]);
    // Restoring that version brings the sticky back as "former member" too.
    expect((await api(s, fac.cookie, 'POST', `/groups/plast/versions/${minutes.agenda[0]!.snapshotId}/restore`)).status).toBe(200);
    expect(readStickies(s.app.collab.loadedDocs().get(BOARD_DOC)!.doc).map((q) => q.authorName)).toEqual([FORMER_MEMBER]);
  });

  it('after deletion, no application, pending invitation, audit entry or later export names the person or their address', async () => {
    // A database of its own: the other test's people and application are in the first.
    const s = await startServer(opts.mongoDb ? { mongoDb: `${opts.mongoDb}_deletion` } : {});
    cleanup.push(() => s.stop());
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const name = 'Greta Grönqvist';
    const email = 'greta@example.se';
    const apply = (orgName: string, n: number) =>
      api<{ application: { id: string } }>(s, null, 'POST', '/applications', {
        name: orgName, orgNumber: orgNumberFor(n), street: 'Gatan 1', postalCode: '172 66', municipality: 'Sundbybergs kommun', contactName: name, contactEmail: email,
      });
    const first = await apply('Tegelbruksföreningen', 1);
    expect(first.status).toBe(201);
    const approved = await api<{ organisationId: string; invitation: { link: string } }>(s, admin, 'POST', `/applications/${first.body.application.id}/approve`);
    expect(approved.status).toBe(200);
    const orgId = approved.body.organisationId;
    // A second invitation to the same address, still pending once the first made the account.
    expect((await api(s, admin, 'POST', `/organisations/${orgId}/invitations`, { email, name })).status).toBe(201);
    const accept = async (link: string, as: string) => {
      const res = await api(s, null, 'POST', '/invitations/accept', { token: new URL(link).searchParams.get('token'), name: as, password: MEMBER_PASSWORD });
      expect(res.status).toBe(201);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    const greta = await accept(approved.body.invitation.link, name);
    // She applies for another organisation too, which is still pending when she leaves.
    const second = await apply('Andra föreningen', 2);
    expect(second.status).toBe(201);
    expect((await api(s, admin, 'GET', '/admin/invitations')).text).toContain(email);

    expect((await api(s, greta, 'DELETE', '/me')).status).toBe(204);

    const applications = await api<{ applications: { id: string; contactName: string; contactEmail: string }[] }>(s, admin, 'GET', '/applications');
    expect(applications.body.applications.map((a) => [a.contactName, a.contactEmail])).toEqual([[FORMER_MEMBER, ''], [FORMER_MEMBER, '']]);
    const invitations = await api<{ invitations: unknown[] }>(s, admin, 'GET', '/admin/invitations');
    expect(invitations.body.invitations).toEqual([]);
    const organisation = await api(s, admin, 'GET', `/admin/organisations/${orgId}`);
    const audit = await api(s, admin, 'GET', '/audit');
    for (const res of [applications, invitations, organisation, audit]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('Grönqvist');
    }
    const csv = await api(s, admin, 'GET', '/audit.csv?lang=sv');
    expect(csv.status).toBe(200);
    for (const res of [applications, invitations, organisation, audit, csv]) expect(res.text).not.toContain(email);
    // The invitation entries name a former member where the address was.
    expect(csv.text).not.toContain('Grönqvist');
    expect(csv.text).toMatch(/Inbjudan skapades";[^\n]*E-postadress: tidigare medlem/);
    // Nobody can be invited on the application she left behind.
    expect(await api(s, admin, 'POST', `/applications/${second.body.application.id}/approve`)).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });

    // Someone new with the address later: their export holds nothing of hers.
    const again = await api<{ invitation: { link: string } }>(s, admin, 'POST', `/organisations/${orgId}/invitations`, { email });
    expect(again.status).toBe(201);
    const newcomer = await accept(again.body.invitation.link, 'Gunnar Nyman');
    const exported = await api<AccountExport>(s, newcomer, 'GET', '/me/export');
    expect(exported.status).toBe(200);
    expect(accountExport.parse(exported.body).applications).toEqual([]);
    expect(exported.text).not.toContain('Grönqvist');
  });

  it('after deletion, the audit log names none of the addresses the account had, but keeps one another account holds now', async () => {
    const s = await startServer(opts.mongoDb ? { mongoDb: `${opts.mongoDb}_addresses` } : {});
    cleanup.push(() => s.stop());
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const { mem } = await seedPeople(s);
    const changeEmail = async (to: string) => {
      expect((await api(s, mem.cookie, 'POST', '/me/email', { email: to, currentPassword: MEMBER_PASSWORD })).status).toBe(202);
      const token = /confirmEmail=([\w-]+)/.exec(s.app.mailer.outbox.findLast((m) => m.to === to)!.text)![1];
      expect((await api(s, mem.cookie, 'POST', '/me/email/confirm', { token })).status).toBe(200);
    };
    await changeEmail('mats.andra@example.se');
    await changeEmail('mats.tredje@example.se');
    // His first address passes to someone new.
    const invited = await api<{ invitation: { link: string } }>(s, admin, 'POST', '/organisations/o1/invitations', { email: 'mats@example.se' });
    expect(invited.status).toBe(201);
    const token = new URL(invited.body.invitation.link).searchParams.get('token');
    expect((await api(s, null, 'POST', '/invitations/accept', { token, name: 'Mattias Ny', password: MEMBER_PASSWORD })).status).toBe(201);

    expect((await api(s, mem.cookie, 'DELETE', '/me')).status).toBe(204);
    const audit = await api<{ entries: AuditEntry[] }>(s, admin, 'GET', '/audit');
    const csv = await api(s, admin, 'GET', '/audit.csv?lang=en');
    for (const res of [audit, csv]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('mats.andra@');
      expect(res.text).not.toContain('mats.tredje@');
    }
    const changes = audit.body.entries.filter((e) => e.action === 'account.email_changed').map((e) => e.fields);
    expect(changes).toEqual([
      [{ key: 'from', value: { kind: 'person', name: FORMER_MEMBER } }, { key: 'to', value: { kind: 'person', name: FORMER_MEMBER } }],
      [{ key: 'from', value: { kind: 'text', text: 'mats@example.se' } }, { key: 'to', value: { kind: 'person', name: FORMER_MEMBER } }],
    ]);
    expect(audit.body.entries.find((e) => e.action === 'invitation.created')?.fields).toContainEqual({ key: 'email', value: { kind: 'text', text: 'mats@example.se' } });
  });
});
