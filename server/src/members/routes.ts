import { Router } from 'express';
import type * as Y from 'yjs';
import { SESSION_COOKIE, toPublicUser } from '../auth/service.js';
import { routes, type AccountExport, type Organisation } from '@samla/shared';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { OrganisationRecord, Store } from '../storage/store.js';
import { authoredExport } from './accountExport.js';
import type { Members } from './service.js';

// The record as it is (description, status and leftAt included), its dates as JSON writes them.
const toOrganisation = ({ leftAt, ...o }: OrganisationRecord): Organisation => ({
  ...o,
  joinedAt: o.joinedAt.toISOString(),
  ...(leftAt === undefined ? {} : { leftAt: leftAt?.toISOString() ?? null }),
});

/** The person's own data (GDPR) and their organisation. */
export function memberRoutes(deps: { store: Store; policy: Policy; members: Members; loadedDoc: (docName: string) => Y.Doc | undefined }): Router {
  const { store, policy, members } = deps;
  const r = Router();

  /** Everything stored about the signed-in person, and everything they wrote or are named in, as a JSON download. */
  route(r, routes.members.exportMine, async ({ res, user }) => {
    const [org, memberships, joinRequests, sessions, audit, calendarFeeds, authored] = await Promise.all([
      user.organisationId ? store.organisations.findById(user.organisationId) : null,
      store.memberships.listForUser(user.id),
      store.joinRequests.list(),
      store.sessions.list(),
      store.audit.list(Number.MAX_SAFE_INTEGER),
      store.calendarFeeds.listForUser(user.id),
      authoredExport(deps, user),
    ]);
    const body: AccountExport = {
      exportedAt: new Date().toISOString(),
      account: { ...toPublicUser(user), createdAt: user.createdAt.toISOString() },
      organisation: org ? toOrganisation(org) : null,
      memberships: memberships.map((m) => ({ groupId: m.groupId, role: m.role, since: m.createdAt.toISOString() })),
      joinRequests: joinRequests.filter((j) => j.userId === user.id).map((j) => ({ groupId: j.groupId, createdAt: j.createdAt.toISOString() })),
      sessions: sessions
        .filter((s) => s.userId === user.id)
        .map((s) => ({ createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })),
      // Only that they exist: the secret URL is not stored (only its hash, which is left out too).
      calendarFeeds: calendarFeeds.map((f) => ({ groupId: f.groupId, createdAt: f.createdAt.toISOString() })),
      actions: audit
        .filter((e) => e.actorId === user.id || e.target === `user:${user.id}`)
        .map((e) => ({ at: e.at.toISOString(), action: e.action, target: e.target, details: e.details })),
      ...authored,
    };
    res.set('Content-Disposition', 'attachment; filename="samla-mina-uppgifter.json"');
    return body;
  });

  route(r, routes.members.deleteAccount, async ({ res, user }) => {
    await members.deleteAccount(user, user.id, 'deleted by the person');
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  route(r, routes.members.organisation, async ({ user, params: { orgId: id } }) => {
    enforce(await policy.onOrganisation(user, 'organisation:read', id));
    const org = (await store.organisations.findById(id))!;
    const people = (await store.users.listByOrganisation(id)).map((p) => ({ id: p.id, name: p.name, email: p.email }));
    return { organisation: toOrganisation(org), people };
  });

  /** The organisation leaves the network: its people's accounts are deleted, their contributions stay. */
  route(r, routes.members.leaveNetwork, async ({ res, user, params: { orgId: id } }) => {
    enforce(await policy.onOrganisation(user, 'organisation:leave', id));
    await members.leaveOrganisation(user, id);
    if (user.organisationId === id) res.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  return r;
}
