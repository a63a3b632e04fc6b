import { z } from 'zod';
import { publicUser } from '../schemas/auth.js';
import { groupRole } from '../schemas/groups.js';
import { auditPage, organisation } from '../schemas/membership.js';
import { defineRoute } from './define.js';
import { recordId } from './ids.js';

const since = z.strictObject({ groupId: z.string(), createdAt: z.iso.datetime() });

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
});
export type AccountExport = z.infer<typeof accountExport>;

const ofOrganisation = { orgId: recordId };

/** The person's own data, their organisation, and the audit log (server/src/members/). */
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
  audit: defineRoute({
    method: 'GET',
    path: '/audit',
    auth: 'user',
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(200),
      /** The `next` of the previous page: "<epoch ms>.<entry id>". */
      after: z.string().regex(/^\d{1,15}\.[\w-]{1,64}$/).optional(),
    }),
    response: auditPage,
  }),
};
