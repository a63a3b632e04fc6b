import type Database from 'better-sqlite3';
import { redactedDetails } from '../redact.js';
import type { AuditFilter, AuditRecord } from '../store.js';
import type { SqliteRepositories } from './rows.js';

interface AuditRow { id: string; at: number; actor_id: string | null; action: string; target: string; details: string }

const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: new Date(r.at),
  actorId: r.actor_id,
  action: r.action,
  target: r.target,
  details: JSON.parse(r.details) as Record<string, unknown>,
});

/** The WHERE clause of a filtered page, and its parameters in order. */
function where(after: Pick<AuditRecord, 'at' | 'id'> | undefined, filter: AuditFilter): [string, (string | number)[]] {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (after) {
    clauses.push('(at < ? OR (at = ? AND id < ?))');
    params.push(after.at.getTime(), after.at.getTime(), after.id);
  }
  if (filter.action !== undefined) {
    clauses.push('action = ?');
    params.push(filter.action);
  }
  if (filter.actorId === null) clauses.push('actor_id IS NULL');
  else if (filter.actorId !== undefined) {
    clauses.push('actor_id = ?');
    params.push(filter.actorId);
  }
  if (filter.concerning) {
    const { targets, actorIds, organisationId } = filter.concerning;
    const marks = (n: number) => Array(n).fill('?').join(',');
    // `->>` reads a JSON string as text, so it never equals the id when the key holds something else.
    clauses.push(`(target IN (${marks(targets.length)}) OR actor_id IN (${marks(actorIds.length)}) OR details ->> '$.organisationId' = ?)`);
    params.push(...targets, ...actorIds, organisationId);
  }
  if (filter.since) {
    clauses.push('at >= ?');
    params.push(filter.since.getTime());
  }
  if (filter.until) {
    clauses.push('at < ?');
    params.push(filter.until.getTime());
  }
  return [clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params];
}

export function createSqliteAudit(db: Database.Database): SqliteRepositories<'audit'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    auditInsert: db.prepare('INSERT INTO audit_log (id,at,actor_id,action,target,details) VALUES (?,?,?,?,?,?)'),
    auditActors: db.prepare<[], { actor_id: string }>('SELECT DISTINCT actor_id FROM audit_log WHERE actor_id IS NOT NULL'),
    // A superset (the text of the details contains the value), narrowed by redactedDetails.
    auditMentioning: db.prepare<[string], Pick<AuditRow, 'id' | 'details'>>('SELECT id, details FROM audit_log WHERE instr(lower(details), lower(?)) > 0'),
    auditSetDetails: db.prepare('UPDATE audit_log SET details = ? WHERE id = ?'),
  });
  const redactTx = db.transaction((values: readonly string[], replacement: string) => {
    let changed = 0;
    for (const value of values) {
      for (const row of s.auditMentioning.all(value)) {
        const details = redactedDetails(JSON.parse(row.details) as Record<string, unknown>, values, replacement);
        if (details) changed += s.auditSetDetails.run(JSON.stringify(details), row.id).changes;
      }
    }
    return changed;
  });
  // A filtered page's SQL depends on which filters are set (and how many targets): each shape is
  // prepared once. The shapes are few: the filters are on or off, and an organisation has few people.
  const pages = new Map<string, Database.Statement<(string | number)[], AuditRow>>();
  const page = (sql: string) => {
    let statement = pages.get(sql);
    if (!statement) {
      if (pages.size >= 100) pages.clear();
      statement = db.prepare<(string | number)[], AuditRow>(sql);
      pages.set(sql, statement);
    }
    return statement;
  };

  return {
    repos: {
      audit: {
        async append(e) {
          s.auditInsert.run(e.id, e.at.getTime(), e.actorId, e.action, e.target, JSON.stringify(e.details));
        },
        async list(limit, after, filter = {}) {
          const [clause, params] = where(after, filter);
          return page(`SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ?`).all(...params, limit).map(toAudit);
        },
        async actorIds() {
          return s.auditActors.all().map((r) => r.actor_id);
        },
        async redact(values, replacement) {
          return redactTx(values, replacement);
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
