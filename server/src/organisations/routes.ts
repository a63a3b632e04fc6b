import express, { Router, type Request } from 'express';
import { AppError, ErrorCode, importMapping, MAX_IMPORT_BYTES, organisationsQuery, setContactRequest, updateOrganisationRequest } from '@samla/shared';
import { z } from 'zod';
import type { Audit } from '../audit/log.js';
import { enforce, parseBody, type LinkOrigin } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import type { Invitations } from '../invitations/service.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import { importMembers, readSheet } from './import.js';
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

  /**
   * The member list as the request body (CSV or .xlsx, at most MAX_IMPORT_BYTES); `dryRun=true` only
   * reports, `mapping` (JSON: field → column header) chooses the columns, else they are guessed.
   */
  r.post(
    '/admin/organisations/import',
    (req, res, next) => {
      // Authorization before the body is read: nobody else may make the server buffer 5 MB.
      coordinator(req);
      next();
    },
    express.raw({ type: () => true, limit: MAX_IMPORT_BYTES }),
    async (req, res) => {
      const user = coordinator(req);
      const { dryRun, mapping } = parseBody(
        z.object({
          dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
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
        }),
        req.query,
      );
      if (!Buffer.isBuffer(req.body)) throw new AppError(ErrorCode.invalidFile, 'send the file as the request body');
      const sheet = await readSheet(req.body);
      res.json(await importMembers(deps, user, sheet, { dryRun, mapping, origin: deps.linkOrigin(req) }));
    },
  );

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

  r.post('/admin/organisations/:id/merge', async (req, res) => {
    const user = coordinator(req);
    const { into } = parseBody(z.object({ into: orgIdParam }).strict(), req.body);
    res.json({ organisation: await organisations.merge(user, parseBody(orgIdParam, req.params.id), into) });
  });

  r.post('/admin/organisations/:id/left', async (req, res) => {
    const user = coordinator(req);
    res.json({ organisation: await organisations.markLeft(user, parseBody(orgIdParam, req.params.id)) });
  });

  return r;
}
