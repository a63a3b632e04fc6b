import { Router } from 'express';
import { ErrorCode, groupId as groupIdSchema, type Group, type MyGroup } from '@samla/shared';
import { HttpError, parseBody } from '../http/errors.js';
import type { Policy } from '../policy/policy.js';
import type { GroupRecord, Store } from '../storage/store.js';
import { requireUser } from '../http/session.js';

const toGroup = (g: GroupRecord): Group => ({
  id: g.id,
  name: g.name,
  description: g.description,
  createdAt: g.createdAt.toISOString(),
});

export function groupRoutes(store: Store, policy: Policy): Router {
  const r = Router();

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

  r.get('/groups/:groupId', async (req, res) => {
    const user = requireUser(req);
    const id = parseBody(groupIdSchema, req.params.groupId);
    const decision = await policy.inGroup(user, 'group:read', id);
    if (!decision.allowed) {
      throw decision.reason === 'not_found'
        ? new HttpError(404, ErrorCode.notFound, 'no such group')
        : new HttpError(403, ErrorCode.forbidden, 'you are not a member of this group');
    }
    const g = (await store.groups.findById(id))!;
    const group: MyGroup = { ...toGroup(g), role: decision.role };
    res.json({ group });
  });

  return r;
}
