import { Router, type Request } from 'express';
import {
  AppError,
  createGroupRequest,
  ErrorCode,
  FORMER_MEMBER,
  groupId as groupIdSchema,
  groupRole,
  setRoleRequest,
  updateGroupRequest,
  type Group,
  type JoinRequest,
  type MyGroup,
  type WorkingGroup,
} from '@samla/shared';
import { z } from 'zod';
import type { Audit } from '../audit/log.js';
import { enforce, parseBody } from '../http/errors.js';
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

const userIdParam = z.string().min(1).max(100);
const approveJoinRequest = z.object({ role: groupRole.default('member') }).strict();

export function groupRoutes(deps: { store: Store; policy: Policy; members: Members; audit: Audit; now: () => Date }): Router {
  const { store, policy, members, audit, now } = deps;
  const r = Router();

  /** The group in the URL, after the policy allowed `action` on it. */
  async function authorized(req: Request, action: Action) {
    const user = requireUser(req);
    const groupId = parseBody(groupIdSchema, req.params.groupId);
    const decision = await policy.inGroup(user, action, groupId);
    enforce(decision);
    return { user, group: decision.group, role: decision.role };
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

  function coordinator(req: Request) {
    const user = requireUser(req);
    enforce(policy.network(user, 'groups:manage'));
    return user;
  }

  r.get('/groups', async (req, res) => {
    const user = requireUser(req);
    const memberships = await store.memberships.listForUser(user.id);
    const groups: MyGroup[] = [];
    for (const m of memberships) {
      const g = await store.groups.findById(m.groupId);
      if (g) groups.push({ ...toGroup(g), role: m.role });
    }
    groups.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    res.json({ groups });
  });

  /** Public: the network's working groups (archived ones only for coordinators, with `?archived=true`). */
  r.get('/working-groups', async (req, res) => {
    const withArchived = req.query.archived === 'true';
    if (withArchived) coordinator(req);
    const counts = new Map<string, number>();
    for (const m of await store.memberships.list()) counts.set(m.groupId, (counts.get(m.groupId) ?? 0) + 1);
    const groups: WorkingGroup[] = (await store.groups.list())
      .filter((g) => withArchived || !g.archivedAt)
      .map((g) => ({ ...toGroup(g), memberCount: counts.get(g.id) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    res.json({ groups });
  });

  r.post('/groups', async (req, res) => {
    const user = coordinator(req);
    const input = parseBody(createGroupRequest, req.body);
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
    res.status(201).json({ group: toGroup(group) });
  });

  r.get('/groups/:groupId', async (req, res) => {
    const { group, role } = await authorized(req, 'group:read');
    const body: MyGroup = { ...toGroup(group), role: role! };
    res.json({ group: body });
  });

  r.patch('/groups/:groupId', async (req, res) => {
    const user = coordinator(req);
    const groupId = parseBody(groupIdSchema, req.params.groupId);
    const patch = parseBody(updateGroupRequest, req.body);
    if (patch.name !== undefined) await refuseTakenName(patch.name, groupId);
    if (!(await store.groups.update(groupId, patch))) throw new AppError(ErrorCode.notFound, 'no such group');
    await audit(user.id, 'group.edited', `group:${groupId}`, patch);
    res.json({ group: toGroup((await store.groups.findById(groupId))!) });
  });

  for (const [path, archived] of [['archive', true], ['unarchive', false]] as const) {
    r.post(`/groups/:groupId/${path}`, async (req, res) => {
      const user = coordinator(req);
      const groupId = parseBody(groupIdSchema, req.params.groupId);
      const archivedAt = archived ? now() : null;
      if (!(await store.groups.update(groupId, { archivedAt }))) throw new AppError(ErrorCode.notFound, 'no such group');
      await audit(user.id, archived ? 'group.archived' : 'group.unarchived', `group:${groupId}`);
      // Open documents follow: everyone reconnects and gets the rights of an archived (or reopened) group.
      for (const m of await store.memberships.listForGroup(groupId)) {
        members.reconnect(m.userId, groupId);
      }
      res.json({ group: toGroup((await store.groups.findById(groupId))!) });
    });
  }

  r.get('/groups/:groupId/members', async (req, res) => {
    const { user, group } = await authorized(req, 'members:read');
    const manages = (await policy.inGroup(user, 'members:manage', group.id)).allowed;
    res.json({ members: await members.list(group.id, manages ? user : null) });
  });

  r.put('/groups/:groupId/members/:userId', async (req, res) => {
    const { user, group } = await authorized(req, 'members:manage');
    const { role } = parseBody(setRoleRequest, req.body);
    const target = parseBody(userIdParam, req.params.userId);
    await manageable(user, target);
    if (await store.memberships.find(group.id, target)) {
      res.json({ member: await members.setRole(user, group.id, target, role) });
      return;
    }
    // Someone not yet in the group: only a coordinator adds people directly; others approve requests.
    if (user.role !== 'coordinator') throw new AppError(ErrorCode.notFound, 'no such member of this group');
    res.status(201).json({ member: await members.add(user, group.id, target, role) });
  });

  r.delete('/groups/:groupId/members/:userId', async (req, res) => {
    const user = requireUser(req);
    const target = parseBody(userIdParam, req.params.userId);
    // Anyone may leave a group; removing someone else takes the right to manage its members.
    const self = policy.selfService(user, target);
    const { group } = self.allowed ? await authorized(req, 'group:read') : await authorized(req, 'members:manage');
    if (!self.allowed) await manageable(user, target);
    await members.remove(user, group.id, target);
    res.status(204).end();
  });

  r.post('/groups/:groupId/join-requests', async (req, res) => {
    const { user, group } = await authorized(req, 'group:request-join');
    await members.requestJoin(user, group.id);
    await audit(user.id, 'join_request.created', `group:${group.id}`);
    res.status(201).json({ request: { groupId: group.id, userId: user.id } });
  });

  r.get('/groups/:groupId/join-requests', async (req, res) => {
    const { group } = await authorized(req, 'members:manage');
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
    res.json({ requests });
  });

  r.post('/groups/:groupId/join-requests/:userId/approve', async (req, res) => {
    const { user, group } = await authorized(req, 'members:manage');
    const { role } = parseBody(approveJoinRequest, req.body);
    const member = await members.decideJoin(user, group.id, parseBody(userIdParam, req.params.userId), true, role);
    res.json({ member });
  });

  r.post('/groups/:groupId/join-requests/:userId/reject', async (req, res) => {
    const { user, group } = await authorized(req, 'members:manage');
    await members.decideJoin(user, group.id, parseBody(userIdParam, req.params.userId), false);
    res.status(204).end();
  });

  // Read by anyone signed in, so a person can see whether they already asked.
  r.get('/me/join-requests', async (req, res) => {
    const user = requireUser(req);
    const mine = (await store.joinRequests.list()).filter((j) => j.userId === user.id);
    res.json({ requests: mine.map((j) => ({ groupId: j.groupId, createdAt: j.createdAt.toISOString() })) });
  });

  return r;
}
