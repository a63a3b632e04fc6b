import { Router } from 'express';
import { AppError, ErrorCode, FORMER_MEMBER, routes, type Group, type JoinRequest, type MyGroup, type WorkingGroup } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { enforce } from '../http/errors.js';
import { Reply, route } from '../http/route.js';
import { requireUser } from '../http/session.js';
import type { Members } from '../members/service.js';
import type { Action, Policy } from '../policy/policy.js';
import { DuplicateError, type GroupRecord, type Store, type UserRecord } from '../storage/store.js';

export const toGroup = (g: GroupRecord): Group => ({
  id: g.id,
  name: g.name,
  description: g.description,
  createdAt: g.createdAt.toISOString(),
  archivedAt: g.archivedAt?.toISOString() ?? null,
});

export function groupRoutes(deps: { store: Store; policy: Policy; members: Members; audit: Audit; now: () => Date }): Router {
  const { store, policy, members, audit, now } = deps;
  const r = Router();

  /** The group in the URL, after the policy allowed `action` on it. */
  async function authorized(user: UserRecord, groupId: string, action: Action) {
    const decision = await policy.inGroup(user, action, groupId);
    enforce(decision);
    return { group: decision.group, role: decision.role };
  }

  /** Group names are told apart as people read them: case, spacing and Unicode form do not count. */
  const nameKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv');
  async function refuseTakenName(name: string, exceptId?: string) {
    const key = nameKey(name);
    // Check-then-write: two coordinators creating the same name in the same instant could both pass.
    if ((await store.groups.list()).some((g) => g.id !== exceptId && nameKey(g.name) === key)) {
      throw new AppError(ErrorCode.duplicateGroupName, 'a group with this name exists');
    }
  }

  /** Another person's membership, after the policy allowed the actor to change it. */
  async function manageable(actor: UserRecord, userId: string) {
    enforce(policy.manageMember(actor, await store.users.findById(userId)));
  }

  function coordinator(user: UserRecord) {
    enforce(policy.network(user, 'groups:manage'));
  }

  route(r, routes.groups.mine, async ({ user }) => {
    const memberships = await store.memberships.listForUser(user.id);
    const groups: MyGroup[] = [];
    for (const m of memberships) {
      const g = await store.groups.findById(m.groupId);
      if (g) groups.push({ ...toGroup(g), role: m.role, can: policy.groupCan(user, m.role, g) });
    }
    groups.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    return { groups };
  });

  /** Public: the network's working groups (archived ones only for coordinators, with `?archived=true`). */
  route(r, routes.groups.working, async ({ req, query }) => {
    const withArchived = query.archived === 'true';
    if (withArchived) coordinator(requireUser(req));
    const counts = new Map<string, number>();
    for (const m of await store.memberships.list()) counts.set(m.groupId, (counts.get(m.groupId) ?? 0) + 1);
    const groups: WorkingGroup[] = (await store.groups.list())
      .filter((g) => withArchived || !g.archivedAt)
      .map((g) => ({ ...toGroup(g), memberCount: counts.get(g.id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    return { groups };
  });

  route(r, routes.groups.create, async ({ user, body: input }) => {
    coordinator(user);
    await refuseTakenName(input.name);
    const group: GroupRecord = { ...input, createdAt: now(), archivedAt: null };
    try {
      await store.groups.create(group);
    } catch (err) {
      if (err instanceof DuplicateError) throw new AppError(ErrorCode.conflict, 'a group with this id exists');
      throw err;
    }
    // Whoever creates a group runs it until they hand it over.
    await store.memberships.upsert({ groupId: group.id, userId: user.id, role: 'facilitator', createdAt: now() });
    await audit(user.id, 'group.created', `group:${group.id}`, { name: group.name });
    return { group: toGroup(group) };
  });

  route(r, routes.groups.get, async ({ user, params }) => {
    const { group, role } = await authorized(user, params.groupId, 'group:read');
    const body: MyGroup = { ...toGroup(group), role: role!, can: policy.groupCan(user, role, group) };
    return { group: body };
  });

  route(r, routes.groups.update, async ({ user, params: { groupId }, body: patch }) => {
    coordinator(user);
    if (patch.name !== undefined) await refuseTakenName(patch.name, groupId);
    if (!(await store.groups.update(groupId, patch))) throw new AppError(ErrorCode.notFound, 'no such group');
    await audit(user.id, 'group.edited', `group:${groupId}`, patch);
    return { group: toGroup((await store.groups.findById(groupId))!) };
  });

  for (const [def, archived] of [[routes.groups.archive, true], [routes.groups.unarchive, false]] as const) {
    route(r, def, async ({ user, params: { groupId } }) => {
      coordinator(user);
      const archivedAt = archived ? now() : null;
      if (!(await store.groups.update(groupId, { archivedAt }))) throw new AppError(ErrorCode.notFound, 'no such group');
      await audit(user.id, archived ? 'group.archived' : 'group.unarchived', `group:${groupId}`);
      // Open documents follow: everyone reconnects and gets the rights of an archived (or reopened) group.
      for (const m of await store.memberships.listForGroup(groupId)) {
        members.reconnect(m.userId, groupId);
      }
      return { group: toGroup((await store.groups.findById(groupId))!) };
    });
  }

  route(r, routes.groups.members, async ({ user, params }) => {
    const { group } = await authorized(user, params.groupId, 'members:read');
    const manages = (await policy.inGroup(user, 'members:manage', group.id)).allowed;
    return { members: await members.list(group.id, manages ? user : null), can: { manage: manages } };
  });

  route(r, routes.groups.setRole, async ({ user, params, body: { role } }) => {
    const { group } = await authorized(user, params.groupId, 'members:manage');
    const target = params.userId;
    await manageable(user, target);
    if (await store.memberships.find(group.id, target)) {
      return { member: await members.setRole(user, group.id, target, role) };
    }
    // Someone not yet in the group: only a coordinator adds people directly; others approve requests.
    if (user.role !== 'coordinator') throw new AppError(ErrorCode.notFound, 'no such member of this group');
    return new Reply(201, { member: await members.add(user, group.id, target, role) });
  });

  route(r, routes.groups.removeMember, async ({ user, params: { groupId, userId: target } }) => {
    // Anyone may leave a group; removing someone else takes the right to manage its members.
    const self = policy.selfService(user, target);
    const { group } = await authorized(user, groupId, self.allowed ? 'group:read' : 'members:manage');
    if (!self.allowed) await manageable(user, target);
    await members.remove(user, group.id, target);
  });

  route(r, routes.groups.requestJoin, async ({ user, params }) => {
    const { group } = await authorized(user, params.groupId, 'group:request-join');
    await members.requestJoin(user, group.id);
    await audit(user.id, 'join_request.created', `group:${group.id}`);
    return { request: { groupId: group.id, userId: user.id } };
  });

  route(r, routes.groups.joinRequests, async ({ user, params }) => {
    const { group } = await authorized(user, params.groupId, 'members:manage');
    const requests: JoinRequest[] = [];
    for (const j of await store.joinRequests.listForGroup(group.id)) {
      const person = await store.users.findById(j.userId);
      const org = person?.organisationId ? await store.organisations.findById(person.organisationId) : null;
      requests.push({
        groupId: j.groupId,
        userId: j.userId,
        name: person?.name ?? FORMER_MEMBER,
        organisation: org?.name ?? null,
        createdAt: j.createdAt.toISOString(),
      });
    }
    return { requests };
  });

  route(r, routes.groups.approveJoin, async ({ user, params, body: { role } }) => {
    const { group } = await authorized(user, params.groupId, 'members:manage');
    return { member: (await members.decideJoin(user, group.id, params.userId, true, role))! };
  });

  route(r, routes.groups.rejectJoin, async ({ user, params }) => {
    const { group } = await authorized(user, params.groupId, 'members:manage');
    await members.decideJoin(user, group.id, params.userId, false);
  });

  // Read by anyone signed in, so a person can see whether they already asked.
  route(r, routes.groups.myJoinRequests, async ({ user }) => {
    const mine = (await store.joinRequests.list()).filter((j) => j.userId === user.id);
    return { requests: mine.map((j) => ({ groupId: j.groupId, createdAt: j.createdAt.toISOString() })) };
  });

  return r;
}
