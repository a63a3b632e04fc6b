import { auditCsvQuery, auditFilterChoices, auditListQuery, auditPage } from '../schemas/audit.js';
import { CSV } from './directory.js';
import { defineRoute, fileAnswer } from './define.js';

/** The coordinators' audit log: read by page, its filter choices, and a CSV download (server/src/audit/). */
export const audit = {
  list: defineRoute({ method: 'GET', path: '/audit', auth: 'user', query: auditListQuery, response: auditPage }),
  filters: defineRoute({ method: 'GET', path: '/audit/filters', auth: 'user', response: auditFilterChoices }),
  csv: defineRoute({ method: 'GET', path: '/audit.csv', auth: 'user', query: auditCsvQuery, response: fileAnswer(CSV) }),
};
