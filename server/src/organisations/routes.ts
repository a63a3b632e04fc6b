import { Router, type Request } from 'express';
import { organisationsQuery, setContactRequest, updateOrganisationRequest } from '@samla/shared';
import { z } from 'zod';
import type { Audit } from '../audit/log.js';
import { enforce, parseBody, type LinkOrigin } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import type { Invitations } from '../invitations/service.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import { invitationIdParam, type Organisations } from './service.js';

export interface OrganisationRouteDeps {
  store: Store;
  policy: Policy;
  audit: Audit;
  invitations: Invitations;
  organisations: Organisations;
  now: () => Date;
  linkOrigin: LinkOrigin;
}

const orgIdParam = z.string().min(1).max(100);

/** `/api/admin/organisations…`: coordinators only, on every route. */
export function organisationRoutes(deps: OrganisationRouteDeps): Router {
  const { policy, organisations } = deps;
  const r = Router();
  const coordinator = (req: Request) => {
    const user = requireUser(req);
    enforce(policy.network(user, 'organisations:manage'));
    return user;
  };

  r.get('/admin/organisations', async (req, res) => {
    coordinator(req);
    res.json(await organisations.list(parseBody(organisationsQuery, req.query)));
  });

  r.get('/admin/invitations', async (req, res) => {
    coordinator(req);
    res.json({ invitations: await organisations.invitationsPending() });
  });

  r.post('/admin/invitations/:id/resend', async (req, res) => {
    const user = coordinator(req);
    const invitation = await organisations.resend(user, parseBody(invitationIdParam, req.params.id), deps.linkOrigin(req));
    res.status(201).json({ invitation });
  });

  r.delete('/admin/invitations/:id', async (req, res) => {
    const user = coordinator(req);
    await organisations.revoke(user, parseBody(invitationIdParam, req.params.id));
    res.status(204).end();
  });

  r.get('/admin/organisations/:id', async (req, res) => {
    coordinator(req);
    res.json(await organisations.detail(parseBody(orgIdParam, req.params.id)));
  });

  r.patch('/admin/organisations/:id', async (req, res) => {
    const user = coordinator(req);
    const id = parseBody(orgIdParam, req.params.id);
    res.json({ organisation: await organisations.update(user, id, parseBody(updateOrganisationRequest, req.body)) });
  });

  r.put('/admin/organisations/:id/contact', async (req, res) => {
    const user = coordinator(req);
    const id = parseBody(orgIdParam, req.params.id);
    const { userId } = parseBody(setContactRequest, req.body);
    res.json({ organisation: await organisations.setContact(user, id, userId) });
  });

  r.post('/admin/organisations/:id/left', async (req, res) => {
    const user = coordinator(req);
    res.json({ organisation: await organisations.markLeft(user, parseBody(orgIdParam, req.params.id)) });
  });

  return r;
}
