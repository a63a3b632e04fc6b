import { z } from 'zod';
import { invitationCreated } from '../schemas/membership.js';
import {
  importMapping,
  importReport,
  MAX_IMPORT_BYTES,
  organisationDetail,
  organisationRecordView,
  organisationsPage,
  organisationsQuery,
  pendingInvitation,
  setContactRequest,
  updateOrganisationRequest,
} from '../schemas/organisations.js';
import { defineRoute, rawBody } from './define.js';
import { recordId } from './ids.js';

/** A pending invitation's id: the sha256 of its token (it does not reveal the link). */
export const invitationId = z.string().regex(/^[0-9a-f]{64}$/, 'not an invitation id');

/**
 * `POST /api/admin/organisations/import?dryRun=&mapping=&importId=`: `mapping` is JSON, field → column header;
 * `importId`, chosen by the client, names the import in its `import:progressed` events.
 */
export const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  importId: z.string().regex(/^[\w-]{8,64}$/, '8 to 64 letters, digits, - or _').optional(),
  mapping: z
    .string()
    .max(5000)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(importMapping.optional()),
});

const ofOrganisation = { id: recordId };
const ofInvitation = { id: invitationId };
const organisationAnswer = z.strictObject({ organisation: organisationRecordView });

/** `/api/admin/organisations…` and `/api/admin/invitations…`: coordinators only (server/src/organisations/). */
export const organisations = {
  list: defineRoute({ method: 'GET', path: '/admin/organisations', auth: 'user', query: organisationsQuery, response: organisationsPage }),
  pendingInvitations: defineRoute({
    method: 'GET',
    path: '/admin/invitations',
    auth: 'user',
    response: z.strictObject({ invitations: z.array(pendingInvitation) }),
  }),
  resendInvitation: defineRoute({
    method: 'POST',
    path: '/admin/invitations/:id/resend',
    auth: 'user',
    params: ofInvitation,
    status: 201,
    response: z.strictObject({ invitation: invitationCreated }),
  }),
  revokeInvitation: defineRoute({ method: 'DELETE', path: '/admin/invitations/:id', auth: 'user', params: ofInvitation, response: null }),
  /** The member list (CSV or .xlsx) as the request body. */
  import: defineRoute({
    method: 'POST',
    path: '/admin/organisations/import',
    auth: 'user',
    query: importQuery,
    body: rawBody(MAX_IMPORT_BYTES),
    response: importReport,
  }),
  detail: defineRoute({ method: 'GET', path: '/admin/organisations/:id', auth: 'user', params: ofOrganisation, response: organisationDetail }),
  update: defineRoute({
    method: 'PATCH',
    path: '/admin/organisations/:id',
    auth: 'user',
    params: ofOrganisation,
    body: updateOrganisationRequest,
    response: organisationAnswer,
  }),
  setContact: defineRoute({
    method: 'PUT',
    path: '/admin/organisations/:id/contact',
    auth: 'user',
    params: ofOrganisation,
    body: setContactRequest,
    response: organisationAnswer,
  }),
  merge: defineRoute({
    method: 'POST',
    path: '/admin/organisations/:id/merge',
    auth: 'user',
    params: ofOrganisation,
    body: z.object({ into: recordId }).strict(),
    response: organisationAnswer,
  }),
  markLeft: defineRoute({ method: 'POST', path: '/admin/organisations/:id/left', auth: 'user', params: ofOrganisation, response: organisationAnswer }),
};
