import { Router, type RequestHandler } from 'express';
import { AppError, ErrorCode, routes } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { enforce, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import { requireUser } from '../http/session.js';
import type { Invitations } from '../invitations/service.js';
import type { Policy } from '../policy/policy.js';
import type { SamlaServer } from '../realtime/io.js';
import { userRoom } from '../realtime/rooms.js';
import type { Store, UserRecord } from '../storage/store.js';
import { importMembers, readSheet } from './import.js';
import type { Organisations } from './service.js';

export interface OrganisationRouteDeps {
  store: Store;
  policy: Policy;
  audit: Audit;
  invitations: Invitations;
  organisations: Organisations;
  io: SamlaServer;
  now: () => Date;
  linkOrigin: LinkOrigin;
}

/** How often at most an import tells its progress (and once more at the end). */
const PROGRESS_EVERY_MS = 250;

/** `/api/admin/organisations…`: coordinators only, on every route. */
export function organisationRoutes(deps: OrganisationRouteDeps): Router {
  const { policy, organisations } = deps;
  const r = Router();
  const coordinator = (user: UserRecord) => enforce(policy.network(user, 'organisations:manage'));

  route(r, routes.organisations.list, ({ user, query }) => {
    coordinator(user);
    return organisations.list(query);
  });

  route(r, routes.organisations.pendingInvitations, async ({ user }) => {
    coordinator(user);
    return { invitations: await organisations.invitationsPending() };
  });

  route(r, routes.organisations.resendInvitation, async ({ req, user, params }) => {
    coordinator(user);
    return { invitation: await organisations.resend(user, params.id, deps.linkOrigin(req)) };
  });

  route(r, routes.organisations.revokeInvitation, async ({ user, params }) => {
    coordinator(user);
    await organisations.revoke(user, params.id);
  });

  // Authorization before the body is read: nobody else may make the server buffer 5 MB.
  const coordinatorFirst: RequestHandler = (req, _res, next) => {
    coordinator(requireUser(req));
    next();
  };

  /**
   * The member list as the request body (CSV or .xlsx, at most MAX_IMPORT_BYTES); `dryRun=true` only
   * reports, `mapping` (JSON: field → column header) chooses the columns, else they are guessed. With
   * `importId`, an import tells the coordinator's own sockets how far it is (`import:progressed`), through
   * their user room, so a socket on another instance hears it too; the answer is still the whole report.
   */
  route(
    r,
    routes.organisations.import,
    async ({ req, user, query: { dryRun, mapping, importId }, body }) => {
      coordinator(user);
      if (!body) throw new AppError(ErrorCode.invalidFile, 'send the file as the request body');
      const sheet = await readSheet(body);
      let told = 0;
      const onProgress = (done: number, total: number) => {
        if (!importId || (done < total && performance.now() - told < PROGRESS_EVERY_MS)) return;
        told = performance.now();
        deps.io.to(userRoom(user.id)).emit('import:progressed', { importId, done, total });
      };
      return importMembers(deps, user, sheet, { dryRun, mapping, origin: deps.linkOrigin(req), onProgress });
    },
    { before: [coordinatorFirst] },
  );

  route(r, routes.organisations.detail, ({ user, params }) => {
    coordinator(user);
    return organisations.detail(params.id);
  });

  route(r, routes.organisations.update, async ({ user, params, body }) => {
    coordinator(user);
    return { organisation: await organisations.update(user, params.id, body) };
  });

  route(r, routes.organisations.setContact, async ({ user, params, body: { userId } }) => {
    coordinator(user);
    return { organisation: await organisations.setContact(user, params.id, userId) };
  });

  route(r, routes.organisations.merge, async ({ user, params, body: { into } }) => {
    coordinator(user);
    return { organisation: await organisations.merge(user, params.id, into) };
  });

  route(r, routes.organisations.markLeft, async ({ user, params }) => {
    coordinator(user);
    return { organisation: await organisations.markLeft(user, params.id) };
  });

  return r;
}
