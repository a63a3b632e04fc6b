import type Database from 'better-sqlite3';
import type { AuditRecord } from '../store.js';
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

export function createSqliteAudit(db: Database.Database): SqliteRepositories<'audit'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    auditInsert: db.prepare('INSERT INTO audit_log (id,at,actor_id,action,target,details) VALUES (?,?,?,?,?,?)'),
    auditList: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?'),
    auditListAfter: db.prepare<[number, number, string, number], AuditRow>(
      'SELECT * FROM audit_log WHERE at < ? OR (at = ? AND id < ?) ORDER BY at DESC, id DESC LIMIT ?',
    ),
  });

  return {
    repos: {
      audit: {
        async append(e) {
          s.auditInsert.run(e.id, e.at.getTime(), e.actorId, e.action, e.target, JSON.stringify(e.details));
        },
        async list(limit, after) {
          const rows = after ? s.auditListAfter.all(after.at.getTime(), after.at.getTime(), after.id, limit) : s.auditList.all(limit);
          return rows.map(toAudit);
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
