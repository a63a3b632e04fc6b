import type Database from 'better-sqlite3';
import type { SqliteRepositories } from './rows.js';

/** Access versions live in the meta table (`access:<userId>`): one process per SQLite file needs no more. */
export function createSqliteAccess(db: Database.Database): SqliteRepositories<'access'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    bump: db.prepare<[string], { value: string }>(
      "INSERT INTO meta (key,value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value",
    ),
    versions: db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM meta WHERE key IN (SELECT value FROM json_each(?))'),
  });
  const key = (userId: string) => `access:${userId}`;

  return {
    repos: {
      access: {
        async bump(userId) {
          return Number(s.bump.get(key(userId))!.value);
        },
        async versions(userIds) {
          const found = new Map<string, number>();
          for (const r of s.versions.all(JSON.stringify(userIds.map(key)))) found.set(r.key.slice('access:'.length), Number(r.value));
          return new Map(userIds.map((id) => [id, found.get(id) ?? 0]));
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
