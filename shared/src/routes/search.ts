import { groupId } from '../schemas/groups.js';
import { relatedQuery, relatedResponse } from '../schemas/related.js';
import { searchQuery, searchResponse } from '../schemas/search.js';
import { defineRoute } from './define.js';

/** Search and "discussed before" (server/src/search/). */
export const search = {
  query: defineRoute({ method: 'GET', path: '/search', auth: 'user', query: searchQuery, response: searchResponse }),
  related: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/related',
    auth: 'user',
    params: { groupId },
    query: relatedQuery,
    response: relatedResponse,
  }),
};
