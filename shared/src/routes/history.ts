import { z } from 'zod';
import { createVersionRequest, versionContent, versionInfo } from '../schemas/docs.js';
import { groupId } from '../schemas/groups.js';
import { defineRoute } from './define.js';
import { anyString } from './ids.js';

const versionAnswer = z.strictObject({ version: versionInfo });
/** A version is looked up by its id; one that is not this group's is not found. */
const ofVersion = { groupId, versionId: anyString };

/** Version history of a group's documents (server/src/history/). */
export const history = {
  list: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/versions',
    auth: 'user',
    params: { groupId },
    query: z.object({ doc: z.string().max(200) }),
    response: z.strictObject({ versions: z.array(versionInfo) }),
  }),
  create: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/versions',
    auth: 'user',
    params: { groupId },
    body: createVersionRequest,
    status: 201,
    response: versionAnswer,
  }),
  get: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/versions/:versionId',
    auth: 'user',
    params: ofVersion,
    response: z.strictObject({ version: versionContent }),
  }),
  restore: defineRoute({ method: 'POST', path: '/groups/:groupId/versions/:versionId/restore', auth: 'user', params: ofVersion, response: versionAnswer }),
};
