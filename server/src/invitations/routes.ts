import { Router } from 'express';
import { routes } from '@samla/shared';
import { AttemptLimiter, type Limiters } from '../auth/rateLimit.js';
import type { SetSessionCookie } from '../auth/routes.js';
import { toPublicUser } from '../auth/service.js';
import { enforce, throttle, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { Invitations } from './service.js';

export interface InvitationRouteDeps {
  invitations: Invitations;
  policy: Policy;
  setCookie: SetSessionCookie;
  linkOrigin: LinkOrigin;
  inviteLimitPerHour: number;
  limiters: Limiters;
}

export function invitationRoutes(deps: InvitationRouteDeps): Router {
  const { invitations, policy, setCookie, limiters } = deps;
  const r = Router();
  const perInviter = new AttemptLimiter(limiters, 'invite', deps.inviteLimitPerHour, 60 * 60);
  // Reset mails: 5 an hour per address asked for, 20 per client address.
  const resetPerEmail = new AttemptLimiter(limiters, 'reset-email', 5, 60 * 60);
  const resetPerAddress = new AttemptLimiter(limiters, 'reset-address', 20, 60 * 60);

  /** An organisation's contact person (or a coordinator) invites a colleague. */
  route(r, routes.invitations.invite, async ({ req, user, params: { orgId: organisationId }, body: input }) => {
    enforce(await policy.onOrganisation(user, 'organisation:invite', organisationId));
    throttle(await perInviter.take(user.id));
    const created = await invitations.invite(user, { ...input, organisationId }, deps.linkOrigin(req));
    return { invitation: created };
  });

  route(r, routes.invitations.info, async ({ params }) => ({ invitation: await invitations.info(params.token) }));

  route(r, routes.invitations.accept, async ({ res, body }) => {
    const { user, token } = await invitations.accept(body);
    setCookie(res, token);
    return { user: toPublicUser(user) };
  });

  route(r, routes.invitations.requestReset, async ({ req, body: { email } }) => {
    throttle(Math.max(await resetPerAddress.take(req.ip ?? 'unknown'), await resetPerEmail.take(email)));
    await invitations.requestReset(email, deps.linkOrigin(req));
    return { sent: true as const };
  });

  route(r, routes.invitations.confirmReset, async ({ body }) => {
    await invitations.confirmReset(body);
  });

  return r;
}
