import { Router, type Request } from 'express';
import {
  AppError,
  applicationRequest,
  ErrorCode,
  rejectApplicationRequest,
  type Application,
  type ApplicationStatusView,
} from '@samla/shared';
import { z } from 'zod';
import type { Audit } from '../audit/log.js';
import { AttemptLimiter, FailureLimiter } from '../auth/rateLimit.js';
import { enforce, parseBody, throttle, type LinkOrigin } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import type { Invitations } from '../invitations/service.js';
import { newId, newToken, sha256 } from '../lib/ids.js';
import type { Mailer } from '../lib/mailer.js';
import { checkAddress } from '../organisations/service.js';
import type { Policy } from '../policy/policy.js';
import { DuplicateError, type ApplicationRecord, type Store } from '../storage/store.js';

/** Where the applicant follows their application; the client page reads `GET /api/applications/status`. */
export const STATUS_PATH = '/application-status';

const toApplication = ({ statusTokenHash: _, decidedBy: __, ...a }: ApplicationRecord): Application => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
});

const toStatusView = (a: ApplicationRecord): ApplicationStatusView => ({
  id: a.id,
  status: a.status,
  name: a.name,
  createdAt: a.createdAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
  reason: a.reason,
});

export interface ApplicationDeps {
  store: Store;
  policy: Policy;
  audit: Audit;
  mailer: Mailer;
  invitations: Invitations;
  now: () => Date;
  linkOrigin: LinkOrigin;
  applyLimitPerHour: number;
}

export function applicationRoutes(deps: ApplicationDeps): Router {
  const { store, policy, audit, mailer, invitations, now } = deps;
  const r = Router();
  const clock = () => now().getTime();
  // APPLY_LIMIT_PER_HOUR counts accepted applications per address: an office behind one address is not
  // blocked by its own typing mistakes. Attempts of any kind are bounded too, at ten times that.
  const acceptedPerAddress = new FailureLimiter(deps.applyLimitPerHour, 60 * 60_000, clock);
  const attemptsPerAddress = new AttemptLimiter(deps.applyLimitPerHour * 10, 60 * 60_000, clock);

  const coordinator = (req: Request) => {
    const user = requireUser(req);
    enforce(policy.network(user, 'applications:manage'));
    return user;
  };
  const pending = async (id: string) => {
    const app = await store.applications.findById(id);
    if (!app) throw new AppError(ErrorCode.notFound, 'no such application');
    if (app.status !== 'pending') throw new AppError(ErrorCode.alreadyDecided, `the application was already ${app.status}`);
    return app;
  };

  /** Public. Validates everything; the address must be in Stockholm County and the number new. */
  r.post('/applications', async (req, res) => {
    const address = req.ip ?? 'unknown';
    throttle(Math.max(acceptedPerAddress.retryAfter(address), attemptsPerAddress.take(address)));
    const input = parseBody(applicationRequest, req.body);
    // 422 outside_county, or 400 postcode_mismatch when the postcode is not one of the municipality's.
    const municipality = checkAddress(input.postalCode, input.municipality);
    for (const groupId of input.groupIds) {
      const group = await store.groups.findById(groupId);
      if (!group || group.archivedAt) throw new AppError(ErrorCode.invalidPayload, `groupIds: no working group "${groupId}"`);
    }
    const statusToken = newToken();
    const app: ApplicationRecord = {
      id: newId(),
      status: 'pending',
      ...input,
      municipality,
      groupIds: [...new Set(input.groupIds)],
      createdAt: now(),
      statusTokenHash: sha256(statusToken),
      decidedAt: null,
      decidedBy: null,
      reason: null,
      organisationId: null,
    };
    try {
      await store.applications.create(app);
    } catch (err) {
      if (err instanceof DuplicateError) {
        throw new AppError(ErrorCode.duplicateOrgNumber, 'an organisation with this number is already a member or has applied');
      }
      throw err;
    }
    acceptedPerAddress.fail(address);
    await audit(null, 'application.submitted', `application:${app.id}`, { name: app.name, orgNumber: app.orgNumber });
    const statusUrl = `${deps.linkOrigin(req)}${STATUS_PATH}?token=${statusToken}`;
    await mailer.send({
      to: app.contactEmail,
      subject: `Er ansökan till nätverket: ${app.name}`,
      text: `Tack för er ansökan! Här kan ni följa den:\n${statusUrl}\n`,
    });
    res.status(201).json({ application: toStatusView(app), statusUrl });
  });

  /** Public, with the token from the status link: how it went, and the reason when rejected. */
  r.get('/applications/status', async (req, res) => {
    const token = parseBody(z.string().min(1).max(200), req.query.token);
    const app = await store.applications.findByStatusTokenHash(sha256(token));
    if (!app) throw new AppError(ErrorCode.notFound, 'no application for this link');
    res.json({ application: toStatusView(app) });
  });

  r.get('/applications', async (req, res) => {
    coordinator(req);
    const status = req.query.status;
    const all = (await store.applications.list()).map(toApplication);
    res.json({ applications: typeof status === 'string' ? all.filter((a) => a.status === status) : all });
  });

  /** Creates the organisation and invites the contact person; the invitation link is in the answer. */
  r.post('/applications/:id/approve', async (req, res) => {
    const user = coordinator(req);
    const app = await pending(String(req.params.id));
    const organisationId = newId();
    try {
      await store.organisations.create({
        id: organisationId,
        name: app.name,
        orgNumber: app.orgNumber,
        street: app.street,
        postalCode: app.postalCode,
        municipality: app.municipality,
        website: app.website,
        groupIds: app.groupIds,
        contactUserId: null,
        joinedAt: now(),
      });
    } catch (err) {
      if (err instanceof DuplicateError) throw new AppError(ErrorCode.duplicateOrgNumber, 'an organisation with this number exists');
      throw err;
    }
    const decided = await store.applications.decide(app.id, {
      status: 'approved',
      decidedAt: now(),
      decidedBy: user.id,
      reason: null,
      organisationId,
    });
    if (!decided) {
      await store.organisations.delete(organisationId);
      throw new AppError(ErrorCode.alreadyDecided, 'the application was decided meanwhile');
    }
    await audit(user.id, 'application.approved', `application:${app.id}`, { organisationId, name: app.name });
    const invitation = await invitations.invite(
      user,
      { email: app.contactEmail, name: app.contactName, organisationId },
      deps.linkOrigin(req),
    );
    res.json({ application: toApplication((await store.applications.findById(app.id))!), organisationId, invitation });
  });

  r.post('/applications/:id/reject', async (req, res) => {
    const user = coordinator(req);
    const { reason } = parseBody(rejectApplicationRequest, req.body);
    const app = await pending(String(req.params.id));
    const decided = await store.applications.decide(app.id, {
      status: 'rejected',
      decidedAt: now(),
      decidedBy: user.id,
      reason,
      organisationId: null,
    });
    if (!decided) throw new AppError(ErrorCode.alreadyDecided, 'the application was decided meanwhile');
    await audit(user.id, 'application.rejected', `application:${app.id}`, { reason });
    await mailer.send({
      to: app.contactEmail,
      subject: `Er ansökan till nätverket: ${app.name}`,
      text: `Er ansökan kunde tyvärr inte godkännas.\n\nMotivering: ${reason}\n\nMotiveringen syns också på er statuslänk.\n`,
    });
    res.json({ application: toApplication((await store.applications.findById(app.id))!) });
  });

  return r;
}
