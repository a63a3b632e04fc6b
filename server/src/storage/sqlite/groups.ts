import type Database from 'better-sqlite3';
import { DuplicateError, type GroupRecord } from '../store.js';
import { isUniqueViolation, ms, patchStatement, type SqliteRepositories } from './rows.js';

interface GroupRow { id: string; name: string; description: string; created_at: number; archived_at: number | null }

const toGroup = (r: GroupRow): GroupRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: new Date(r.created_at),
  archivedAt: r.archived_at === null ? null : new Date(r.archived_at),
});

export function createSqliteGroups(db: Database.Database): SqliteRepositories<'groups'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    groupInsert: db.prepare('INSERT INTO groups (id,name,description,created_at,archived_at) VALUES (?,?,?,?,?)'),
    groupById: db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE id = ?'),
    groupList: db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY created_at, id'),
  });

  return {
    repos: {
      groups: {
        async create(g) {
          try {
            s.groupInsert.run(g.id, g.name, g.description, g.createdAt.getTime(), ms(g.archivedAt));
          } catch (err) {
            if (isUniqueViolation(err)) throw new DuplicateError('group');
            throw err;
          }
        },
        async findById(id) {
          const r = s.groupById.get(id);
          return r ? toGroup(r) : null;
        },
        async list() {
          return s.groupList.all().map(toGroup);
        },
        async update(id, patch) {
          return patchStatement(db, 'groups', { name: 'name', description: 'description', archivedAt: 'archived_at' }, patch, id);
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
