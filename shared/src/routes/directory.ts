import { directory as directorySchema, directoryQuery } from '../schemas/membership.js';
import { defineRoute, fileAnswer } from './define.js';

export const CSV = 'text/csv; charset=utf-8';

/** The public member directory and the coordinators' member export (server/src/directory/). */
export const directory = {
  list: defineRoute({ method: 'GET', path: '/directory', auth: 'public', query: directoryQuery, response: directorySchema }),
  csv: defineRoute({ method: 'GET', path: '/directory.csv', auth: 'public', query: directoryQuery, response: fileAnswer(CSV) }),
  membersCsv: defineRoute({ method: 'GET', path: '/admin/members.csv', auth: 'user', response: fileAnswer(CSV) }),
};
