import type Database from 'better-sqlite3';
import type { SqliteRepositories } from './rows.js';

/** Small key-value facts such as the one-time setup token hash. */
export function createSqliteMeta(db: Database.Database): SqliteRepositories<'meta'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    metaSet: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    metaDelete: db.prepare('DELETE FROM meta WHERE key = ?'),
    metaInsert: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO NOTHING'),
  });

  return {
    repos: {
      meta: {
        async get(key) {
          return s.metaGet.get(key)?.value ?? null;
        },
        async set(key, value) {
          s.metaSet.run(key, value);
        },
        async setIfAbsent(key, value) {
          return s.metaInsert.run(key, value).changes > 0;
        },
        async delete(key) {
          s.metaDelete.run(key);
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
