import { z } from 'zod';
import { group, groupId, groupRole, myGroup, workingGroup } from '../schemas/groups.js';
import { createGroupRequest, groupMember, joinRequest, setRoleRequest, updateGroupRequest } from '../schemas/membership.js';
import { defineRoute } from './define.js';
import { recordId } from './ids.js';

const inGroup = { groupId };
const ofMember = { groupId, userId: recordId };
const groupAnswer = z.strictObject({ group });
const memberAnswer = z.strictObject({ member: groupMember });
const trueOrFalse = z.enum(['true', 'false']);

/** Working groups, their members and join requests (server/src/groups/). */
export const groups = {
  mine: defineRoute({ method: 'GET', path: '/groups', auth: 'user', response: z.strictObject({ groups: z.array(myGroup) }) }),
  /** Public; `archived=true` (coordinators) lists the archived ones too. */
  working: defineRoute({
    method: 'GET',
    path: '/working-groups',
    auth: 'public',
    query: z.object({ archived: trueOrFalse.optional() }),
    response: z.strictObject({ groups: z.array(workingGroup) }),
  }),
  create: defineRoute({ method: 'POST', path: '/groups', auth: 'user', body: createGroupRequest, status: 201, response: groupAnswer }),
  get: defineRoute({ method: 'GET', path: '/groups/:groupId', auth: 'user', params: inGroup, response: z.strictObject({ group: myGroup }) }),
  update: defineRoute({ method: 'PATCH', path: '/groups/:groupId', auth: 'user', params: inGroup, body: updateGroupRequest, response: groupAnswer }),
  archive: defineRoute({ method: 'POST', path: '/groups/:groupId/archive', auth: 'user', params: inGroup, response: groupAnswer }),
  unarchive: defineRoute({ method: 'POST', path: '/groups/:groupId/unarchive', auth: 'user', params: inGroup, response: groupAnswer }),
  members: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/members',
    auth: 'user',
    params: inGroup,
    /** `can.manage`: the reader may approve join requests and change memberships (each row says which). */
    response: z.strictObject({ members: z.array(groupMember), can: z.strictObject({ manage: z.boolean() }) }),
  }),
  /** 200 for a role change; 201 when a coordinator adds someone not yet in the group. */
  setRole: defineRoute({ method: 'PUT', path: '/groups/:groupId/members/:userId', auth: 'user', params: ofMember, body: setRoleRequest, response: memberAnswer }),
  removeMember: defineRoute({ method: 'DELETE', path: '/groups/:groupId/members/:userId', auth: 'user', params: ofMember, response: null }),
  requestJoin: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/join-requests',
    auth: 'user',
    params: inGroup,
    status: 201,
    response: z.strictObject({ request: z.strictObject({ groupId: z.string(), userId: z.string() }) }),
  }),
  joinRequests: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/join-requests',
    auth: 'user',
    params: inGroup,
    response: z.strictObject({ requests: z.array(joinRequest) }),
  }),
  approveJoin: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/join-requests/:userId/approve',
    auth: 'user',
    params: ofMember,
    body: z.object({ role: groupRole.default('member') }).strict(),
    response: memberAnswer,
  }),
  rejectJoin: defineRoute({ method: 'POST', path: '/groups/:groupId/join-requests/:userId/reject', auth: 'user', params: ofMember, response: null }),
  myJoinRequests: defineRoute({
    method: 'GET',
    path: '/me/join-requests',
    auth: 'user',
    response: z.strictObject({ requests: z.array(z.strictObject({ groupId: z.string(), createdAt: z.iso.datetime() })) }),
  }),
};
