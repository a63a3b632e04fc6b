import { Router } from 'express';
import {
  acceptInvitationRequest,
  invitationRequest,
  passwordResetConfirm,
  passwordResetRequest,
} from '@samla/shared';
import { z } from 'zod';
import { AttemptLimiter } from '../auth/rateLimit.js';
import type { SetSessionCookie } from '../auth/routes.js';
import { toPublicUser } from '../auth/service.js';
import { enforce, parseBody, throttle, type LinkOrigin } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import type { Policy } from '../policy/policy.js';
import type { Invitations } from './service.js';

export interface InvitationRouteDeps {
  invitations: Invitations;
  policy: Policy;
  setCookie: SetSessionCookie;
  now: () => Date;
  linkOrigin: LinkOrigin;
  inviteLimitPerHour: number;
}

export function invitationRoutes(deps: InvitationRouteDeps): Router {
  const { invitations, policy, setCookie, now } = deps;
  const r = Router();
  const clock = () => now().getTime();
  const perInviter = new AttemptLimiter(deps.inviteLimitPerHour, 60 * 60_000, clock);
  // Reset mails: 5 an hour per address asked for, 20 per client address.
  const resetPerEmail = new AttemptLimiter(5, 60 * 60_000, clock);
  const resetPerAddress = new AttemptLimiter(20, 60 * 60_000, clock);

  /** An organisation's contact person (or a coordinator) invites a colleague. */
  r.post('/organisations/:orgId/invitations', async (req, res) => {
    const user = requireUser(req);
    const organisationId = parseBody(z.string().min(1).max(100), req.params.orgId);
    enforce(await policy.onOrganisation(user, 'organisation:invite', organisationId));
    throttle(perInviter.take(user.id));
    const input = parseBody(invitationRequest, req.body);
    const created = await invitations.invite(user, { ...input, organisationId }, deps.linkOrigin(req));
    res.status(201).json({ invitation: created });
  });

  r.get('/invitations/:token', async (req, res) => {
    res.json({ invitation: await invitations.info(parseBody(z.string().min(1).max(200), req.params.token)) });
  });

  r.post('/invitations/accept', async (req, res) => {
    const input = parseBody(acceptInvitationRequest, req.body);
    const { user, token } = await invitations.accept(input);
    setCookie(res, token);
    res.status(201).json({ user: toPublicUser(user) });
  });

  r.post('/auth/password-reset', async (req, res) => {
    const { email } = parseBody(passwordResetRequest, req.body);
    throttle(Math.max(resetPerAddress.take(req.ip ?? 'unknown'), resetPerEmail.take(email)));
    await invitations.requestReset(email, deps.linkOrigin(req));
    res.status(202).json({ sent: true });
  });

  r.post('/auth/password-reset/confirm', async (req, res) => {
    await invitations.confirmReset(parseBody(passwordResetConfirm, req.body));
    res.status(204).end();
  });

  return r;
}
