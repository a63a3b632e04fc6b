import { groupId } from '../schemas/groups.js';
import { defineRoute, fileAnswer } from './define.js';
import { CSV } from './directory.js';
import { anyString, languageQuery } from './ids.js';

export const MARKDOWN = 'text/markdown; charset=utf-8';

/** An item id that is not a page (or board) of the group's space is simply not found: 404, never 400. */
const ofItem = { groupId, itemId: anyString };

/** Downloads of a group's documents (server/src/export/). */
export const exports = {
  page: defineRoute({ method: 'GET', path: '/groups/:groupId/pages/:itemId/export.md', auth: 'user', params: ofItem, response: fileAnswer(MARKDOWN) }),
  notes: defineRoute({ method: 'GET', path: '/groups/:groupId/notes/export.md', auth: 'user', params: { groupId }, response: fileAnswer(MARKDOWN) }),
  board: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/boards/:itemId/export.csv',
    auth: 'user',
    params: ofItem,
    query: languageQuery,
    response: fileAnswer(CSV),
  }),
};
