import { z } from 'zod';
import { publicUser } from '../schemas/auth.js';
import {
  acceptInvitationRequest,
  invitationCreated,
  invitationInfo,
  invitationRequest,
  passwordResetConfirm,
  passwordResetRequest,
} from '../schemas/membership.js';
import { defineRoute } from './define.js';
import { linkToken, recordId } from './ids.js';

/** Invitations into an organisation and password resets: the one-time links (server/src/invitations/). */
export const invitations = {
  invite: defineRoute({
    method: 'POST',
    path: '/organisations/:orgId/invitations',
    auth: 'user',
    params: { orgId: recordId },
    body: invitationRequest,
    status: 201,
    response: z.strictObject({ invitation: invitationCreated }),
  }),
  info: defineRoute({
    method: 'GET',
    path: '/invitations/:token',
    auth: 'public',
    params: { token: linkToken },
    response: z.strictObject({ invitation: invitationInfo }),
  }),
  accept: defineRoute({
    method: 'POST',
    path: '/invitations/accept',
    auth: 'public',
    body: acceptInvitationRequest,
    status: 201,
    response: z.strictObject({ user: publicUser }),
  }),
  requestReset: defineRoute({
    method: 'POST',
    path: '/auth/password-reset',
    auth: 'public',
    body: passwordResetRequest,
    status: 202,
    response: z.strictObject({ sent: z.literal(true) }),
  }),
  confirmReset: defineRoute({ method: 'POST', path: '/auth/password-reset/confirm', auth: 'public', body: passwordResetConfirm, response: null }),
};
