import { z } from 'zod';
import { publicUser } from '../schemas/auth.js';
import { groupRole } from '../schemas/groups.js';
import { application, organisation } from '../schemas/membership.js';
import { defineRoute } from './define.js';
import { recordId } from './ids.js';

const since = z.strictObject({ groupId: z.string(), createdAt: z.iso.datetime() });

/** The session an exported entry comes from. */
const ofSession = z.strictObject({ groupId: z.string(), meetingId: z.string(), title: z.string(), startsAt: z.iso.datetime() });

/** `GET /api/me/export`: everything stored about the person (GDPR), as a JSON download. */
export const accountExport = z.strictObject({
  exportedAt: z.iso.datetime(),
  account: z.strictObject({ ...publicUser.shape, createdAt: z.iso.datetime() }),
  organisation: organisation.nullable(),
  memberships: z.array(z.strictObject({ groupId: z.string(), role: groupRole, since: z.iso.datetime() })),
  joinRequests: z.array(since),
  sessions: z.array(z.strictObject({ createdAt: z.iso.datetime(), expiresAt: z.iso.datetime() })),
  /** Only that they exist: the secret URL is not stored. */
  calendarFeeds: z.array(since),
  actions: z.array(z.strictObject({ at: z.iso.datetime(), action: z.string(), target: z.string(), details: z.record(z.string(), z.unknown()) })),
  /** Every sticky they wrote, on every board of every group (archived boards too). */
  stickies: z.array(
    z.strictObject({
      groupId: z.string(),
      boardId: z.string(),
      board: z.string(),
      stickyId: z.string(),
      text: z.string(),
      section: z.string().nullable(),
      /** Null for a sticky stored without a time. */
      createdAt: z.iso.datetime().nullable(),
    }),
  ),
  /** The saved versions of pages, boards and notes that list them among the people who changed the document. */
  contributions: z.array(
    z.strictObject({
      groupId: z.string(),
      doc: z.string(),
      kind: z.enum(['page', 'board', 'notes', 'space']),
      /** The page's or board's title, the group's name for its notes, null for the space. */
      title: z.string().nullable(),
      versionId: z.string(),
      versionName: z.string().nullable(),
      reason: z.string(),
      createdAt: z.iso.datetime(),
    }),
  ),
  /** Sessions they were in (the room's attendance), and whether they facilitated. */
  attendance: z.array(z.strictObject({ session: ofSession, joinedAt: z.iso.datetime(), facilitated: z.boolean() })),
  amendments: z.array(z.strictObject({ session: ofSession, id: z.string(), text: z.string(), createdAt: z.iso.datetime() })),
  /** Decisions they recorded. */
  decisions: z.array(z.strictObject({ session: ofSession, id: z.string(), text: z.string(), createdAt: z.iso.datetime() })),
  /** Action items they own, recorded or marked done; `involvement` says which. */
  actionItems: z.array(
    z.strictObject({
      session: ofSession,
      id: z.string(),
      text: z.string(),
      owner: z.string(),
      due: z.string().nullable(),
      done: z.boolean(),
      createdAt: z.iso.datetime(),
      involvement: z.array(z.enum(['owner', 'recorded', 'markedDone'])),
    }),
  ),
  /** Their dots in the sessions' dot votes, one entry per dot. */
  votes: z.array(
    z.strictObject({
      session: ofSession,
      round: z.number().int(),
      boardId: z.string(),
      stickyId: z.string(),
      /** The sticky's text as the revealed result lists it; null while the round is open. */
      sticky: z.string().nullable(),
      at: z.iso.datetime(),
    }),
  ),
  /** Applications to join the network that name them as the contact (by their email address). */
  applications: z.array(application),
});
export type AccountExport = z.infer<typeof accountExport>;

const ofOrganisation = { orgId: recordId };

/** The person's own data and their organisation (server/src/members/). */
export const members = {
  exportMine: defineRoute({ method: 'GET', path: '/me/export', auth: 'user', response: accountExport }),
  deleteAccount: defineRoute({ method: 'DELETE', path: '/me', auth: 'user', response: null }),
  organisation: defineRoute({
    method: 'GET',
    path: '/organisations/:orgId',
    auth: 'user',
    params: ofOrganisation,
    response: z.strictObject({
      organisation,
      people: z.array(z.strictObject({ id: z.string(), name: z.string(), email: z.string() })),
    }),
  }),
  leaveNetwork: defineRoute({ method: 'DELETE', path: '/organisations/:orgId', auth: 'user', params: ofOrganisation, response: null }),
};
