import { allRoutes, CloseCode, routes, SPACE_ITEMS, spaceDocName, type AnyRoute } from '@samla/shared';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { newId, newToken, sha256 } from '../lib/ids.js';
import { memberRows, toCsv } from '../organisations/fixture.js';
import type { MeetingRecord } from '../storage/store.js';
import {
  ADMIN,
  addPerson,
  connectSocket,
  docUrl,
  MEMBER_PASSWORD,
  signIn,
  startServer,
  waitFor,
  type TestServer,
} from '../test/harness.js';

/**
 * Every REST route, Socket.IO event and Yjs document access, for each kind of person. Each cell is
 * exactly what that person gets. The REST rows are keyed by route definition (shared/src/routes): a
 * definition without a row fails, and so does a row whose request is not its definition's. The
 * people, all in the `plast` group unless said otherwise:
 * - anonymous: no session;
 * - outsider: signed in, in no group;
 * - observer, member, facilitator: their role in `plast`; the member is also the contact person of
 *   organisation `o1`;
 * - coordinator: the global role, and a member of no group (a coordinator reads a group's content
 *   only as its member, but administers every group).
 */
const WHO = ['anonymous', 'outsider', 'observer', 'member', 'facilitator', 'coordinator'] as const;
type Who = (typeof WHO)[number];
type Outcomes = [string, string, string, string, string, string];

let s: TestServer;
const cookies = {} as Record<Who, string | null>;
const ids = {} as Record<Who, string>;
let versionId: string;
let statusToken: string;
let invitationToken: string;
let counter = 0;

/** A fresh, Luhn-valid organisation number. */
function orgNumber(): string {
  const nine = `80${String(1_000_000 + counter++).slice(1).padStart(7, '0')}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  const check = (10 - (sum % 10)) % 10;
  return `${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
}

const org = (id: string, contactUserId: string | null) => ({
  id,
  name: `Org ${id}`,
  orgNumber: orgNumber(),
  street: 'Storgatan 1',
  postalCode: '111 22',
  municipality: 'Solna',
  website: null,
  groupIds: [],
  contactUserId,
  joinedAt: new Date(),
});

async function pendingApplication(): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = newToken();
  const { id: _, contactUserId: __, joinedAt: ___, ...details } = org(id, null);
  await s.store.applications.create({
    id,
    status: 'pending',
    ...details,
    contactName: 'Alex',
    contactEmail: `alex-${id}@example.se`,
    createdAt: new Date(),
    statusTokenHash: sha256(token),
    decidedAt: null,
    decidedBy: null,
    reason: null,
    organisationId: null,
  });
  return { id, token };
}

async function invitation(): Promise<string> {
  const token = newToken();
  await s.store.tokens.create({
    hash: sha256(token),
    kind: 'invitation',
    email: `ny-${newId()}@example.se`,
    name: null,
    organisationId: 'o1',
    userId: null,
    createdBy: null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return token;
}

let meetingId: string;
let endedMeetingId: string;

/** A session of `plast` led by the facilitator, stored directly; everyone in the group attended it. */
async function meeting(over: Partial<MeetingRecord> = {}): Promise<string> {
  const id = newId();
  const attendance = (['observer', 'member', 'facilitator'] as const).map((who) => ({
    userId: ids[who], name: who, organisationId: null, organisationName: null, joinedAt: Date.now(),
  }));
  await s.store.meetings.create({
    id, groupId: 'plast', title: 'Möte', startsAt: Date.now() + 3_600_000, endsAt: Date.now() + 7_200_000, place: null, videoUrl: null,
    agenda: [1, 2, 3].map((n) => ({ id: `a${n}`, title: `Punkt ${n}`, timeboxMinutes: 5, link: null, spentMs: 0 })),
    status: 'scheduled', facilitatorId: ids.facilitator, createdBy: ids.facilitator, createdAt: Date.now(), updatedAt: Date.now(),
    currentItem: null, currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null,
    vote: null, voteResults: [], decisions: [], actionItems: [], attendance, startedAt: null, endedAt: null, minutes: null, version: 1,
    ...over,
  });
  return id;
}
const live = { status: 'live', startedAt: Date.now(), currentItem: 0, currentItemStartedAt: Date.now() } as const;
const ended = () => ({
  status: 'ended' as const, startedAt: Date.now(), endedAt: Date.now(),
  minutes: { snapshots: {}, amendments: [], amendableUntil: Date.now() + 3_600_000, approvedAt: null, approvedBy: null },
});

/** The email each person of this file signs in with. */
const emailOf = (who: Exclude<Who, 'anonymous'>) => (who === 'coordinator' ? 'samordnare@example.se' : `${who}@example.se`);

/** Another session of the same person, for a call that ends it. */
async function secondSession(who: Who): Promise<string | null> {
  return who === 'anonymous' ? null : signIn(s.url, emailOf(who), MEMBER_PASSWORD);
}

/** A new person of the same kind (same role in plast, or coordinator), signed in: for a call that deletes the account. */
async function throwaway(who: Who): Promise<string | null> {
  if (who === 'anonymous') return null;
  const email = `weg-${who}-${counter++}@example.se`;
  if (who !== 'coordinator') return (await addPerson(s, email, roles[who])).cookie;
  await s.store.users.create({ id: newId(), email, name: 'Weg', passwordHash: await hashPassword(MEMBER_PASSWORD), role: 'coordinator', createdAt: new Date() });
  return signIn(s.url, email, MEMBER_PASSWORD);
}

let victims = 0;
async function victim(role?: 'member'): Promise<string> {
  const id = `u-offer${victims}`;
  await s.store.users.create({
    id,
    email: `offer${victims++}@example.se`,
    name: 'Offer',
    passwordHash: 'scrypt$x',
    role: 'member',
    createdAt: new Date(),
  });
  if (role) await s.store.memberships.upsert({ groupId: 'plast', userId: id, role, createdAt: new Date() });
  return id;
}

/** How a call differs from the person's own session and a JSON body. */
interface CallOptions {
  /** Another session of the person (or a fresh person of that kind), for calls that end or delete theirs. */
  cookie?: string | null;
  /** A body that is not JSON: the file itself. */
  file?: { type: string; data: string };
}

async function outcome(who: Who, method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<string> {
  const cookie = options.cookie === undefined ? cookies[who] : options.cookie;
  const type = options.file ? options.file.type : body === undefined ? null : 'application/json';
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(type ? { 'content-type': type } : {}) },
    body: options.file ? options.file.data : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const code = res.status >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : null;
  return code ? `${res.status} ${code}` : String(res.status);
}

interface Row {
  def: AnyRoute;
  /** What sets this row apart from the route's other rows. */
  case?: string;
  /** Prepares what one call needs (a fresh target, say) and returns method, path, body and options. */
  call: (who: Who) => Promise<[string, string, unknown?, CallOptions?]> | [string, string, unknown?, CallOptions?];
  /** Puts back what the call changed, so that the next person meets the same state. */
  after?: (who: Who) => Promise<void>;
  expect: Outcomes;
}

const U = '401 unauthenticated';
const F = '403 forbidden';
const all = (x: string): Outcomes => [x, x, x, x, x, x];
const roles: Record<string, 'observer' | 'member' | 'facilitator'> = { observer: 'observer', member: 'member', facilitator: 'facilitator' };

const rows: Row[] = [
  // auth
  { def: routes.auth.me, call: () => ['GET', '/auth/me'], expect: [U, '200', '200', '200', '200', '200'] },
  { def: routes.auth.setupNeeded, call: () => ['GET', '/setup'], expect: all('200') },
  {
    def: routes.auth.setup,
    call: () => ['POST', '/setup', { token: 'x', name: 'X', email: 'x@example.se', password: 'ett-långt-lösenord' }],
    expect: all('409 setup_not_available'),
  },
  { def: routes.invitations.requestReset, call: (who) => ['POST', '/auth/password-reset', { email: `ingen-${who}@example.se` }], expect: all('202') },
  {
    def: routes.invitations.confirmReset,
    call: () => ['POST', '/auth/password-reset/confirm', { token: 'fel', password: 'ett-långt-lösenord' }],
    expect: all('410 invalid_token'),
  },
  {
    // A wrong password, with an email of its own per person: the throttle never comes into it.
    def: routes.auth.login,
    case: 'wrong password',
    call: (who) => ['POST', '/auth/login', { email: `${who}@example.se`, password: 'fel-lösenord' }],
    expect: all('401 invalid_credentials'),
  },
  {
    def: routes.auth.logout,
    case: 'a second session of the person',
    call: async (who) => ['POST', '/auth/logout', undefined, { cookie: await secondSession(who) }],
    expect: all('204'),
  },
  // one's own account
  {
    def: routes.auth.rename,
    call: (who) => ['PATCH', '/me', { name: who === 'coordinator' ? 'Samordnare' : who }],
    expect: [U, '200', '200', '200', '200', '200'],
  },
  {
    def: routes.auth.changeEmail,
    call: (who) => ['POST', '/me/email', { email: `ny-${who}-${counter++}@example.se`, currentPassword: MEMBER_PASSWORD }],
    expect: [U, '202', '202', '202', '202', '202'],
  },
  {
    def: routes.auth.confirmEmail,
    case: 'unknown token',
    call: () => ['POST', '/me/email/confirm', { token: 'fel' }],
    expect: [U, '410 invalid_token', '410 invalid_token', '410 invalid_token', '410 invalid_token', '410 invalid_token'],
  },
  {
    // To the same password: this session stays, the person's others end.
    def: routes.auth.changePassword,
    call: () => ['PUT', '/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: MEMBER_PASSWORD }],
    expect: [U, '204', '204', '204', '204', '204'],
  },
  // groups
  { def: routes.groups.mine, call: () => ['GET', '/groups'], expect: [U, '200', '200', '200', '200', '200'] },
  { def: routes.groups.working, call: () => ['GET', '/working-groups'], expect: all('200') },
  { def: routes.groups.working, case: 'archived=true', call: () => ['GET', '/working-groups?archived=true'], expect: [U, F, F, F, F, '200'] },
  { def: routes.groups.get, call: () => ['GET', '/groups/plast'], expect: [U, F, '200', '200', '200', F] },
  { def: routes.groups.get, case: 'no such group', call: () => ['GET', '/groups/finns-inte'], expect: [U, '404 not_found', '404 not_found', '404 not_found', '404 not_found', '404 not_found'] },
  { def: routes.groups.create, call: () => ['POST', '/groups', { id: `ny-${counter++}`, name: 'Ny grupp' }], expect: [U, F, F, F, F, '201'] },
  { def: routes.groups.update, call: () => ['PATCH', '/groups/plast', { description: 'Plast och förpackningar' }], expect: [U, F, F, F, F, '200'] },
  { def: routes.groups.archive, call: () => ['POST', '/groups/arkiv/archive'], expect: [U, F, F, F, F, '200'] },
  { def: routes.groups.unarchive, call: () => ['POST', '/groups/tomt/unarchive'], expect: [U, F, F, F, F, '200'] },
  { def: routes.groups.members, call: () => ['GET', '/groups/plast/members'], expect: [U, F, '200', '200', '200', '200'] },
  {
    def: routes.groups.setRole,
    call: async () => ['PUT', `/groups/plast/members/${await victim('member')}`, { role: 'observer' }],
    expect: [U, F, F, F, '200', '200'],
  },
  {
    def: routes.groups.removeMember, case: 'someone else',
    call: async () => ['DELETE', `/groups/plast/members/${await victim('member')}`],
    expect: [U, F, F, F, '204', '204'],
  },
  {
    def: routes.groups.removeMember, case: 'leaving oneself',
    call: (who) => ['DELETE', `/groups/plast/members/${ids[who] ?? 'u-ingen'}`],
    after: async (who) => {
      const role = roles[who];
      if (role) await s.store.memberships.upsert({ groupId: 'plast', userId: ids[who], role, createdAt: new Date() });
    },
    expect: [U, F, '204', '204', '204', F],
  },
  {
    def: routes.groups.requestJoin,
    call: () => ['POST', '/groups/plast/join-requests'],
    after: async (who) => void (ids[who] && (await s.store.joinRequests.delete('plast', ids[who]))),
    expect: [U, '201', F, F, F, '201'],
  },
  {
    def: routes.groups.requestJoin, case: 'archived group',
    call: () => ['POST', '/groups/arkiv/join-requests'],
    after: async (who) => void (ids[who] && (await s.store.joinRequests.delete('arkiv', ids[who]))),
    expect: [U, '409 group_archived', F, F, F, '409 group_archived'],
  },
  { def: routes.groups.joinRequests, call: () => ['GET', '/groups/plast/join-requests'], expect: [U, F, F, F, '200', '200'] },
  {
    def: routes.groups.approveJoin,
    call: async () => {
      const id = await victim();
      await s.store.joinRequests.create({ groupId: 'plast', userId: id, createdAt: new Date() });
      return ['POST', `/groups/plast/join-requests/${id}/approve`, {}];
    },
    expect: [U, F, F, F, '200', '200'],
  },
  {
    def: routes.groups.rejectJoin,
    call: async () => {
      const id = await victim();
      await s.store.joinRequests.create({ groupId: 'plast', userId: id, createdAt: new Date() });
      return ['POST', `/groups/plast/join-requests/${id}/reject`];
    },
    expect: [U, F, F, F, '204', '204'],
  },
  { def: routes.groups.myJoinRequests, call: () => ['GET', '/me/join-requests'], expect: [U, '200', '200', '200', '200', '200'] },
  // version history
  { def: routes.history.list, call: () => ['GET', '/groups/plast/versions?doc=groups/plast/notes'], expect: [U, F, '200', '200', '200', F] },
  {
    def: routes.history.create,
    call: () => ['POST', '/groups/plast/versions', { doc: 'groups/plast/notes', name: 'Före mötet' }],
    expect: [U, F, F, '201', '201', F],
  },
  {
    def: routes.history.create, case: 'archived group',
    call: () => ['POST', '/groups/arkiv/versions', { doc: 'groups/arkiv/notes', name: 'x' }],
    expect: [U, F, F, '409 group_archived', '409 group_archived', F],
  },
  { def: routes.history.get, call: () => ['GET', `/groups/plast/versions/${versionId}`], expect: [U, F, '200', '200', '200', F] },
  {
    def: routes.history.restore,
    call: () => ['POST', `/groups/plast/versions/${versionId}/restore`],
    expect: [U, F, F, '200', '200', F],
  },
  // sessions (meetings)
  {
    def: routes.meetings.schedule,
    call: () => ['POST', '/groups/plast/meetings', { title: 'Möte', startsAt: '2030-01-01T10:00:00Z', durationMinutes: 60, agenda: [] }],
    expect: [U, F, F, F, '201', '201'],
  },
  {
    def: routes.meetings.schedule, case: 'archived group',
    call: () => ['POST', '/groups/arkiv/meetings', { title: 'Möte', startsAt: '2030-01-01T10:00:00Z', durationMinutes: 60, agenda: [] }],
    expect: [U, F, F, F, '409 group_archived', '409 group_archived'],
  },
  { def: routes.meetings.list, call: () => ['GET', '/groups/plast/meetings'], expect: [U, F, '200', '200', '200', '200'] },
  { def: routes.meetings.mine, call: () => ['GET', '/me/meetings'], expect: [U, '200', '200', '200', '200', '200'] },
  { def: routes.meetings.get, call: () => ['GET', `/groups/plast/meetings/${meetingId}`], expect: [U, F, '200', '200', '200', '200'] },
  {
    def: routes.meetings.get, case: 'another group',
    call: () => ['GET', `/groups/arkiv/meetings/${meetingId}`],
    expect: [U, F, '404 not_found', '404 not_found', '404 not_found', '404 not_found'],
  },
  {
    def: routes.meetings.ics,
    call: () => ['GET', `/groups/plast/meetings/${meetingId}/calendar.ics`],
    expect: [U, F, '200', '200', '200', '200'],
  },
  {
    def: routes.meetings.edit,
    call: () => ['PATCH', `/groups/plast/meetings/${meetingId}`, { title: 'Nytt namn' }],
    expect: [U, F, F, F, '200', '200'],
  },
  {
    def: routes.meetings.cancel,
    call: async () => ['POST', `/groups/plast/meetings/${await meeting()}/cancel`],
    expect: [U, F, F, F, '200', '200'],
  },
  {
    def: routes.meetings.minutes,
    call: () => ['GET', `/groups/plast/meetings/${endedMeetingId}/minutes`],
    expect: [U, F, '200', '200', '200', F],
  },
  {
    def: routes.meetings.amend,
    call: () => ['POST', `/groups/plast/meetings/${endedMeetingId}/minutes/amendments`, { text: 'Rättelse' }],
    expect: [U, F, F, '201', '201', F],
  },
  {
    def: routes.meetings.approveMinutes,
    call: async () => ['POST', `/groups/plast/meetings/${await meeting(ended())}/minutes/approve`],
    expect: [U, F, F, F, '200', F],
  },
  // past sessions: archive, minutes export, action-item tracker, calendar feeds
  { def: routes.meetings.archive, call: () => ['GET', '/groups/plast/archive'], expect: [U, F, '200', '200', '200', F] },
  {
    def: routes.meetings.minutesMarkdown,
    call: () => ['GET', `/groups/plast/meetings/${endedMeetingId}/minutes.md`],
    expect: [U, F, '200', '200', '200', F],
  },
  { def: routes.meetings.myActions, call: () => ['GET', '/me/actions'], expect: [U, '200', '200', '200', '200', '200'] },
  {
    // The item is the member's; the facilitator leads the session and the group.
    def: routes.meetings.setActionDone,
    call: async () => [
      'PUT',
      `/groups/plast/meetings/${await meeting({ ...ended(), actionItems: [{ id: 'att-1', text: 'Göra', owner: { kind: 'user', userId: ids.member, name: 'member' }, due: null, agendaItemId: null, createdAt: 0, createdBy: ids.facilitator }] })}/actions/att-1`,
      { done: true },
    ],
    expect: [U, F, F, '200', '200', F],
  },
  {
    def: routes.meetings.setActionDone, case: 'organisation owner',
    call: async () => [
      'PUT',
      `/groups/plast/meetings/${await meeting({ ...ended(), actionItems: [{ id: 'att-2', text: 'Göra', owner: { kind: 'organisation', organisationId: 'o1', name: 'Org o1' }, due: null, agendaItemId: null, createdAt: 0, createdBy: ids.facilitator }] })}/actions/att-2`,
      { done: true },
    ],
    expect: [U, F, F, '200', '200', F],
  },
  { def: routes.calendar.feeds, call: () => ['GET', '/me/calendar-feeds'], expect: [U, '200', '200', '200', '200', '200'] },
  { def: routes.calendar.create, call: () => ['POST', '/me/calendar-feeds', { groupId: 'plast' }], expect: [U, F, '201', '201', '201', F] },
  {
    def: routes.calendar.revoke, case: 'one\'s own',
    call: async (who) => {
      const id = newId();
      if (who !== 'anonymous') await s.store.calendarFeeds.create({ id, tokenHash: sha256(newToken()), userId: ids[who], groupId: 'plast', createdAt: new Date() });
      return ['DELETE', `/me/calendar-feeds/${id}`];
    },
    expect: [U, '204', '204', '204', '204', '204'],
  },
  {
    def: routes.calendar.revoke, case: 'someone else\'s',
    call: async () => {
      const id = newId();
      await s.store.calendarFeeds.create({ id, tokenHash: sha256(newToken()), userId: 'u-someone-else', groupId: 'plast', createdAt: new Date() });
      return ['DELETE', `/me/calendar-feeds/${id}`];
    },
    expect: [U, '404 not_found', '404 not_found', '404 not_found', '404 not_found', '404 not_found'],
  },
  {
    // Public: the secret token is the credential, whoever fetches it.
    def: routes.calendar.feed,
    call: async () => {
      const token = newToken();
      await s.store.calendarFeeds.create({ id: newId(), tokenHash: sha256(token), userId: ids.member, groupId: 'plast', createdAt: new Date() });
      return ['GET', `/calendar/${token}.ics`];
    },
    expect: all('200'),
  },
  {
    def: routes.calendar.feed, case: 'unknown token',
    call: () => ['GET', `/calendar/${newToken()}.ics`],
    expect: all('404 not_found'),
  },
  // applications
  {
    def: routes.applications.apply,
    call: () => [
      'POST',
      '/applications',
      { name: 'Ny förening', orgNumber: orgNumber(), street: 'Gatan 2', postalCode: '13122', municipality: 'Nacka', contactName: 'A', contactEmail: 'a@example.se' },
    ],
    expect: all('201'),
  },
  { def: routes.applications.status, call: () => ['GET', `/applications/status?token=${statusToken}`], expect: all('200') },
  { def: routes.applications.list, call: () => ['GET', '/applications'], expect: [U, F, F, F, F, '200'] },
  {
    def: routes.applications.approve,
    call: async () => ['POST', `/applications/${(await pendingApplication()).id}/approve`],
    expect: [U, F, F, F, F, '200'],
  },
  {
    def: routes.applications.reject,
    call: async () => ['POST', `/applications/${(await pendingApplication()).id}/reject`, { reason: 'Utanför länet.' }],
    expect: [U, F, F, F, F, '200'],
  },
  // invitations and organisations
  {
    def: routes.invitations.invite,
    call: () => ['POST', '/organisations/o1/invitations', { email: `kollega-${counter++}@example.se` }],
    expect: [U, F, F, '201', F, '201'],
  },
  { def: routes.invitations.info, call: () => ['GET', `/invitations/${invitationToken}`], expect: all('200') },
  {
    def: routes.invitations.accept,
    call: async () => ['POST', '/invitations/accept', { token: await invitation(), name: 'Ny', password: 'ett-långt-lösenord' }],
    expect: all('201'),
  },
  { def: routes.members.organisation, call: () => ['GET', '/organisations/o1'], expect: [U, F, F, '200', F, '200'] },
  {
    def: routes.members.leaveNetwork, case: 'another organisation',
    call: async () => {
      const id = `org-${counter++}`;
      await s.store.organisations.create(org(id, null));
      return ['DELETE', `/organisations/${id}`];
    },
    expect: [U, F, F, F, F, '204'],
  },
  // coordinators' organisation records and the member-list import
  { def: routes.organisations.list, call: () => ['GET', '/admin/organisations?q=org'], expect: [U, F, F, F, F, '200'] },
  { def: routes.organisations.detail, call: () => ['GET', '/admin/organisations/o1'], expect: [U, F, F, F, F, '200'] },
  { def: routes.organisations.update, call: () => ['PATCH', '/admin/organisations/o1', { description: 'Om oss' }], expect: [U, F, F, F, F, '200'] },
  { def: routes.organisations.setContact, call: () => ['PUT', '/admin/organisations/o1/contact', { userId: ids.member }], expect: [U, F, F, F, F, '200'] },
  {
    def: routes.organisations.markLeft,
    call: async () => {
      const id = `org-${counter++}`;
      await s.store.organisations.create(org(id, null));
      return ['POST', `/admin/organisations/${id}/left`];
    },
    expect: [U, F, F, F, F, '200'],
  },
  {
    def: routes.organisations.merge,
    case: 'a duplicate into o1',
    call: async () => {
      const id = `org-${counter++}`;
      await s.store.organisations.create(org(id, null));
      return ['POST', `/admin/organisations/${id}/merge`, { into: 'o1' }];
    },
    expect: [U, F, F, F, F, '200'],
  },
  {
    def: routes.organisations.import,
    case: 'dry run',
    call: () => ['POST', '/admin/organisations/import?dryRun=true', undefined, { file: { type: 'text/csv', data: toCsv(memberRows(1)) } }],
    expect: [U, F, F, F, F, '200'],
  },
  { def: routes.organisations.pendingInvitations, call: () => ['GET', '/admin/invitations'], expect: [U, F, F, F, F, '200'] },
  {
    def: routes.organisations.resendInvitation,
    call: async () => ['POST', `/admin/invitations/${sha256(await invitation())}/resend`],
    expect: [U, F, F, F, F, '201'],
  },
  {
    def: routes.organisations.revokeInvitation,
    call: async () => ['DELETE', `/admin/invitations/${sha256(await invitation())}`],
    expect: [U, F, F, F, F, '204'],
  },
  // directory, exports, audit, own data
  { def: routes.directory.list, call: () => ['GET', '/directory?municipality=Solna'], expect: all('200') },
  { def: routes.directory.csv, call: () => ['GET', '/directory.csv'], expect: all('200') },
  { def: routes.directory.membersCsv, call: () => ['GET', '/admin/members.csv'], expect: [U, F, F, F, F, '200'] },
  { def: routes.audit.list, call: () => ['GET', '/audit'], expect: [U, F, F, F, F, '200'] },
  { def: routes.audit.list, case: 'filtered', call: () => ['GET', '/audit?action=group.created&from=2026-01-01&to=2026-01-31'], expect: [U, F, F, F, F, '200'] },
  { def: routes.audit.filters, call: () => ['GET', '/audit/filters'], expect: [U, F, F, F, F, '200'] },
  { def: routes.audit.csv, call: () => ['GET', '/audit.csv?organisation=o1'], expect: [U, F, F, F, F, '200'] },
  { def: routes.members.exportMine, call: () => ['GET', '/me/export'], expect: [U, '200', '200', '200', '200', '200'] },
  // search and document exports
  { def: routes.search.query, call: () => ['GET', '/search?q=plast'], expect: [U, '200', '200', '200', '200', '200'] },
  { def: routes.search.query, case: 'group=', call: () => ['GET', '/search?q=plast&group=plast'], expect: [U, F, '200', '200', '200', F] },
  { def: routes.search.query, case: 'bad query', call: () => ['GET', '/search?q=%21'], expect: [U, ...Array(5).fill('400 invalid_payload')] as Outcomes },
  {
    def: routes.search.related,
    call: async () => ['GET', `/groups/plast/related?item=${await spaceItem('page', 'relaterad-sida-1')}&kind=page`],
    expect: [U, F, '200', '200', '200', F],
  },
  {
    def: routes.search.related, case: 'bad query',
    call: () => ['GET', '/groups/plast/related?kind=page'],
    expect: [U, ...Array(5).fill('400 invalid_payload')] as Outcomes,
  },
  { def: routes.exports.notes, call: () => ['GET', '/groups/plast/notes/export.md'], expect: [U, F, '200', '200', '200', F] },
  {
    def: routes.exports.page,
    call: async () => ['GET', `/groups/plast/pages/${await spaceItem('page', 'exportsida-1')}/export.md`],
    expect: [U, F, '200', '200', '200', F],
  },
  {
    def: routes.exports.board,
    call: async () => ['GET', `/groups/plast/boards/${await spaceItem('board', 'exporttavla-1')}/export.csv`],
    expect: [U, F, '200', '200', '200', F],
  },
  // Last: deleting an account loads the group's documents (the person's stickies are renamed), and the
  // rows above write their space items straight to the store, which a loaded document would not see.
  {
    def: routes.members.deleteAccount,
    case: 'a fresh person of each kind',
    call: async (who) => ['DELETE', '/me', undefined, { cookie: await throwaway(who) }],
    expect: [U, '204', '204', '204', '204', '204'],
  },
];

/** A page or board listed in plast's space, written straight to the store once. */
const spaceItems = new Map<string, Promise<void>>();
function spaceItem(kind: 'page' | 'board', id: string): Promise<string> {
  if (!spaceItems.has(id)) {
    const doc = new Y.Doc();
    const item = new Y.Map<unknown>();
    doc.getMap(SPACE_ITEMS).set(id, item);
    for (const [k, v] of Object.entries({ kind, title: id, order: 1, archived: false, createdAt: 0, createdBy: 'u' })) item.set(k, v);
    spaceItems.set(id, s.store.docs.append(spaceDocName('plast'), [Y.encodeStateAsUpdate(doc)]).then(() => undefined));
  }
  return spaceItems.get(id)!.then(() => id);
}

beforeAll(async () => {
  s = await startServer({ env: { APPLY_LIMIT_PER_HOUR: '1000', INVITE_LIMIT_PER_HOUR: '1000' } });
  cookies.anonymous = null;
  for (const who of ['outsider', 'observer', 'member', 'facilitator'] as const) {
    const p = await addPerson(s, `${who}@example.se`, who === 'outsider' ? undefined : who);
    cookies[who] = p.cookie;
    ids[who] = p.id;
  }
  await s.store.users.create({
    id: 'u-coordinator',
    email: 'samordnare@example.se',
    name: 'Samordnare',
    passwordHash: await hashPassword(MEMBER_PASSWORD),
    role: 'coordinator',
    createdAt: new Date(),
  });
  ids.coordinator = 'u-coordinator';
  cookies.coordinator = await signIn(s.url, 'samordnare@example.se', MEMBER_PASSWORD);
  await s.store.organisations.create(org('o1', ids.member));
  await s.store.users.update(ids.member, { organisationId: 'o1' });
  // An archived group in which the three have the same roles, and an empty one to reopen.
  for (const id of ['arkiv', 'tomt']) {
    await s.store.groups.create({ id, name: id, description: '', createdAt: new Date(), archivedAt: new Date() });
  }
  for (const who of ['observer', 'member', 'facilitator'] as const) {
    await s.store.memberships.upsert({ groupId: 'arkiv', userId: ids[who], role: who, createdAt: new Date() });
  }
  const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
  const v = await fetch(`${s.url}/api/groups/plast/versions`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ doc: 'groups/plast/notes', name: 'Start' }),
  });
  versionId = ((await v.json()) as { version: { id: string } }).version.id;
  statusToken = (await pendingApplication()).token;
  meetingId = await meeting();
  endedMeetingId = await meeting(ended());
  invitationToken = await invitation();
});

afterAll(async () => {
  await s.stop();
});

/** `GET /api/groups/:groupId (no such group)` */
const label = (row: Row) => `${row.def.method} /api${row.def.path}${row.case ? ` (${row.case})` : ''}`;

/** Whether a request's method and path are the definition's (any value in each parameter). */
function isOf(def: AnyRoute, method: string, path: string): boolean {
  const pattern = def.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_$][\w$]*/g, '[^/]+');
  return method === def.method && new RegExp(`^${pattern}$`).test(path.split('?')[0]!);
}

describe('authorization: REST', () => {
  it('has a row for every route definition', () => {
    const covered = new Set(rows.map((r) => r.def));
    expect(allRoutes.filter(([, def]) => !covered.has(def)).map(([name]) => name)).toEqual([]);
  });

  it.each(rows.map((r) => [label(r), r] as const))('%s', async (_route, row) => {
    const got: string[] = [];
    for (const who of WHO) {
      const [method, path, body, options] = await row.call(who);
      expect(isOf(row.def, method, path), `${method} ${path} is a request of ${label(row)}`).toBe(true);
      got.push(await outcome(who, method, path, body, options));
      await row.after?.(who);
      // The archive row must meet an unarchived group each time, and the unarchive row an archived one.
      if (path === '/groups/arkiv/archive') await s.store.groups.update('arkiv', { archivedAt: new Date() });
      if (path === '/groups/tomt/unarchive') await s.store.groups.update('tomt', { archivedAt: new Date() });
    }
    expect(Object.fromEntries(WHO.map((w, i) => [w, got[i]]))).toEqual(Object.fromEntries(WHO.map((w, i) => [w, row.expect[i]])));
  });
});

describe('authorization: Socket.IO', () => {
  async function socketOutcomes(event: 'presence:join' | 'presence:leave', groupId: string): Promise<string[]> {
    return eventOutcomes(event, () => ({ groupId }));
  }

  /** One fresh connection per person; `payload` may prepare a fresh target for each. */
  async function eventOutcomes(event: string, payload: () => object | Promise<object>): Promise<string[]> {
    const out: string[] = [];
    for (const who of WHO) {
      const socket = connectSocket(s.url, cookies[who]);
      const connected = await new Promise<string>((resolve) => {
        socket.on('connect', () => resolve('connected'));
        socket.on('connect_error', (err) => resolve(`connect_error ${err.message}`));
      });
      if (connected !== 'connected') {
        out.push(connected);
      } else {
        const ack = (await socket.emitWithAck(event as 'presence:join', (await payload()) as never)) as { ok: boolean; error: { code: string } };
        out.push(ack.ok ? 'ok' : ack.error.code);
      }
      socket.close();
    }
    return out;
  }

  it('presence:join', async () => {
    expect(await socketOutcomes('presence:join', 'plast')).toEqual([
      'connect_error unauthenticated', 'forbidden', 'ok', 'ok', 'ok', 'forbidden',
    ]);
  });

  it('members:watch: whoever may read the members list (as GET /api/groups/:id/members)', async () => {
    expect(await eventOutcomes('members:watch', () => ({ groupId: 'plast' }))).toEqual([
      'connect_error unauthenticated', 'forbidden', 'ok', 'ok', 'ok', 'ok',
    ]);
    expect(await eventOutcomes('members:watch', () => ({ groupId: 'finns-inte' }))).toEqual([
      'connect_error unauthenticated', 'not_found', 'not_found', 'not_found', 'not_found', 'not_found',
    ]);
  });

  it('presence:join for no such group', async () => {
    expect(await socketOutcomes('presence:join', 'finns-inte')).toEqual([
      'connect_error unauthenticated', 'not_found', 'not_found', 'not_found', 'not_found', 'not_found',
    ]);
  });

  const NO = 'connect_error unauthenticated';
  const meetingEvents: [string, () => Promise<object> | object, string[]][] = [
    ['meeting:join', () => ({ meetingId }), [NO, 'forbidden', 'ok', 'ok', 'ok', 'forbidden']],
    ['meeting:join (no such session)', () => ({ meetingId: 'finns-inte-alls' }), [NO, 'not_found', 'not_found', 'not_found', 'not_found', 'not_found']],
    ['meeting:start', async () => ({ meetingId: await meeting() }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    ['meeting:advance', async () => ({ meetingId: await meeting(live), direction: 'next' }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    ['meeting:timer', async () => ({ meetingId: await meeting(live), action: 'start' }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    ['meeting:follow-target', async () => ({ meetingId: await meeting(live), target: null }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    ['meeting:follow', async () => ({ meetingId: await meeting(live), following: false }), [NO, 'forbidden', 'ok', 'ok', 'ok', 'forbidden']],
    ['meeting:hand', async () => ({ meetingId: await meeting(live), raised: true }), [NO, 'forbidden', 'forbidden', 'ok', 'ok', 'forbidden']],
    ['meeting:call-next', async () => ({ meetingId: await meeting(live) }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    [
      'meeting:vote-open',
      async () => ({ meetingId: await meeting(live), boardId: 'tavla-0001', votesPerPerson: 3, scope: { stickyIds: ['x'] } }),
      // The facilitator may; this board is not in the space.
      [NO, 'forbidden', 'forbidden', 'forbidden', 'link_not_in_group', 'forbidden'],
    ],
    [
      'meeting:vote',
      async () => ({ meetingId: await meeting({ ...live, vote: { round: 1, boardId: 'tavla-0001', stickyIds: ['lapp-1'], sectionId: null, votesPerPerson: 2, maxPerSticky: null, status: 'open', openedAt: 0 } }), stickyId: 'lapp-1', change: 1 }),
      [NO, 'forbidden', 'forbidden', 'ok', 'ok', 'forbidden'],
    ],
    ['meeting:vote-reveal', async () => ({ meetingId: await meeting(live) }), [NO, 'forbidden', 'forbidden', 'forbidden', 'vote_not_open', 'forbidden']],
    ['meeting:decision', async () => ({ meetingId: await meeting(live), text: 'Beslut' }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    [
      'meeting:action-item',
      async () => ({ meetingId: await meeting(live), text: 'Göra', owner: { kind: 'user', userId: ids.member } }),
      [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden'],
    ],
    ['meeting:hand-over', async () => ({ meetingId: await meeting(live), userId: ids.member }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
    ['meeting:end', async () => ({ meetingId: await meeting(live), confirm: true }), [NO, 'forbidden', 'forbidden', 'forbidden', 'ok', 'forbidden']],
  ];

  it.each(meetingEvents)('%s', async (label, payload, expected) => {
    expect(await eventOutcomes(label.split(' ')[0]!, payload)).toEqual(expected);
  });

  it('meeting:hand-over: a group facilitator takes over a session led by someone else', async () => {
    const id = await meeting({ ...live, facilitatorId: ids.member });
    expect(await eventOutcomes('meeting:hand-over', () => ({ meetingId: id, userId: ids.facilitator }))).toEqual([
      NO, 'forbidden', 'forbidden', 'ok', 'ok', 'forbidden',
    ]);
  });

  it('presence:leave', async () => {
    expect(await socketOutcomes('presence:leave', 'plast')).toEqual(['connect_error unauthenticated', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });

  it('members:unwatch: anyone signed in may stop listening', async () => {
    expect(await eventOutcomes('members:unwatch', () => ({ groupId: 'plast' }))).toEqual(['connect_error unauthenticated', 'ok', 'ok', 'ok', 'ok', 'ok']);
  });
});

describe('authorization: Yjs documents', () => {
  /** "closed <code>" when refused, otherwise whether the server lets this connection write. */
  async function docOutcome(who: Who, docName: string): Promise<string> {
    const cookie = cookies[who];
    const ws = new WebSocket(docUrl(s.wsUrl, docName), cookie ? { headers: { cookie } } : {});
    const closed = new Promise<string>((resolve) => ws.on('close', (code) => resolve(`closed ${code}`)));
    const opened = new Promise<void>((resolve) => ws.on('message', () => resolve()));
    const first = await Promise.race([closed, opened.then(() => 'open')]);
    if (first !== 'open') return first;
    let conn: { readOnly: boolean } | undefined;
    await waitFor(() => {
      conn = [...(s.app.collab.loadedDocs().get(docName)?.conns.values() ?? [])].find((c) => c.userId === ids[who]);
      return conn !== undefined;
    }, 2_000, 'connection registered');
    ws.close();
    await closed;
    return conn!.readOnly ? 'read-only' : 'read-write';
  }

  const docs: [string, Outcomes][] = [
    ['groups/plast/notes', [`closed ${CloseCode.unauthorized}`, `closed ${CloseCode.forbidden}`, 'read-only', 'read-write', 'read-write', `closed ${CloseCode.forbidden}`]],
    ['groups/plast/boards/tavla-0001', [`closed ${CloseCode.unauthorized}`, `closed ${CloseCode.forbidden}`, 'read-only', 'read-write', 'read-write', `closed ${CloseCode.forbidden}`]],
    ['groups/arkiv/notes', [`closed ${CloseCode.unauthorized}`, `closed ${CloseCode.forbidden}`, 'read-only', 'read-only', 'read-only', `closed ${CloseCode.forbidden}`]],
    ['groups/finns-inte/notes', [`closed ${CloseCode.unauthorized}`, ...Array(5).fill(`closed ${CloseCode.docNotFound}`)] as Outcomes],
    ['groups/plast/okänt', all(`closed ${CloseCode.docNotFound}`)],
  ];

  it.each(docs)('%s', async (docName, expected) => {
    const got: string[] = [];
    for (const who of WHO) got.push(await docOutcome(who, docName));
    expect(Object.fromEntries(WHO.map((w, i) => [w, got[i]]))).toEqual(Object.fromEntries(WHO.map((w, i) => [w, expected[i]])));
  });
});
