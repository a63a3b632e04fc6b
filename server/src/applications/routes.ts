import { Router, type RequestHandler } from 'express';
import { AppError, ErrorCode, routes, type Application, type ApplicationStatusView } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { AttemptLimiter, FailureLimiter, type Limiters } from '../auth/rateLimit.js';
import { enforce, throttle, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Invitations } from '../invitations/service.js';
import { newId, newToken, sha256 } from '../lib/ids.js';
import type { Mailer } from '../lib/mailer.js';
import { checkAddress } from '../organisations/service.js';
import type { Policy } from '../policy/policy.js';
import { DuplicateError, type ApplicationRecord, type Store, type UserRecord } from '../storage/store.js';

/** Where the applicant follows their application; the client page reads `GET /api/applications/status`. */
export const STATUS_PATH = '/application-status';

/** An application as coordinators see it (the status link's hash and the decider left out); also the applicant's personal export. */
export const toApplication = ({ statusTokenHash: _, decidedBy: __, ...a }: ApplicationRecord): Application => ({
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
  limiters: Limiters;
}

export function applicationRoutes(deps: ApplicationDeps): Router {
  const { store, policy, audit, mailer, invitations, now } = deps;
  const r = Router();
  // APPLY_LIMIT_PER_HOUR counts accepted applications per address: an office behind one address is not
  // blocked by its own typing mistakes. Attempts of any kind are bounded too, at ten times that.
  const acceptedPerAddress = new FailureLimiter(deps.limiters, 'apply-accepted', deps.applyLimitPerHour, 60 * 60);
  const attemptsPerAddress = new AttemptLimiter(deps.limiters, 'apply-attempts', deps.applyLimitPerHour * 10, 60 * 60);

  const coordinator = (user: UserRecord) => enforce(policy.network(user, 'applications:manage'));
  const pending = async (id: string) => {
    const app = await store.applications.findById(id);
    if (!app) throw new AppError(ErrorCode.notFound, 'no such application');
    if (app.status !== 'pending') throw new AppError(ErrorCode.alreadyDecided, `the application was already ${app.status}`);
    return app;
  };

  /** Every attempt counts, a malformed one too: the limiter runs before the body is parsed. */
  const limitAttempts: RequestHandler = async (req, _res, next) => {
    const address = req.ip ?? 'unknown';
    throttle(Math.max(await acceptedPerAddress.retryAfter(address), await attemptsPerAddress.take(address)));
    next();
  };

  /** Public. Validates everything; the address must be in Stockholm County and the number new. */
  route(r, routes.applications.apply, async ({ req, body: input }) => {
    const address = req.ip ?? 'unknown';
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
    await acceptedPerAddress.fail(address);
    await audit(null, 'application.submitted', `application:${app.id}`, { name: app.name, orgNumber: app.orgNumber });
    const statusUrl = `${deps.linkOrigin(req)}${STATUS_PATH}?token=${statusToken}`;
    await mailer.send({
      to: app.contactEmail,
      subject: `Er ansökan till nätverket: ${app.name}`,
      text: `Tack för er ansökan! Här kan ni följa den:\n${statusUrl}\n`,
    });
    return { application: toStatusView(app), statusUrl };
  }, { before: [limitAttempts] });

  /** Public, with the token from the status link: how it went, and the reason when rejected. */
  route(r, routes.applications.status, async ({ query: { token } }) => {
    const app = await store.applications.findByStatusTokenHash(sha256(token));
    if (!app) throw new AppError(ErrorCode.notFound, 'no application for this link');
    return { application: toStatusView(app) };
  });

  route(r, routes.applications.list, async ({ user, query: { status } }) => {
    coordinator(user);
    const all = (await store.applications.list()).map(toApplication);
    return { applications: status ? all.filter((a) => a.status === status) : all };
  });

  /** Creates the organisation and invites the contact person; the invitation link is in the answer. */
  route(r, routes.applications.approve, async ({ req, user, params }) => {
    coordinator(user);
    const app = await pending(params.id);
    // The contact deleted their account while the application waited (members/service.ts deleteAccount).
    if (!app.contactEmail) throw new AppError(ErrorCode.conflict, 'the application has no contact person any more: reject it');
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
    return { application: toApplication((await store.applications.findById(app.id))!), organisationId, invitation };
  });

  route(r, routes.applications.reject, async ({ user, params, body: { reason } }) => {
    coordinator(user);
    const app = await pending(params.id);
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
    return { application: toApplication((await store.applications.findById(app.id))!) };
  });

  return r;
}
