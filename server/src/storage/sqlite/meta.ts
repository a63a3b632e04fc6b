import type Database from 'better-sqlite3';
import type { SqliteRepositories } from './rows.js';

interface Lease {
  holder: string;
  until: number;
}
const leaseKey = (key: string) => `lease:${key}`;

/** Small key-value facts such as the one-time setup token hash, and leases (a meta row each, `lease:<key>`). */
export function createSqliteMeta(db: Database.Database): SqliteRepositories<'meta'> {
  let s: ReturnType<typeof statements>;
  const lease = (key: string): Lease | null => {
    const value = s.metaGet.get(leaseKey(key))?.value;
    return value === undefined ? null : (JSON.parse(value) as Lease);
  };
  // Immediate: the read and the write hold the write lock together, also against another process on the file.
  const acquireTx = db.transaction((key: string, holder: string, until: number, now: number) => {
    const current = lease(key);
    if (current && current.holder !== holder && current.until > now) return false;
    s.metaSet.run(leaseKey(key), JSON.stringify({ holder, until } satisfies Lease));
    return true;
  });
  const releaseTx = db.transaction((key: string, holder: string) => {
    if (lease(key)?.holder === holder) s.metaDelete.run(leaseKey(key));
  });
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
        async acquireLease(key, holder, until, now) {
          return acquireTx.immediate(key, holder, until.getTime(), now.getTime());
        },
        async releaseLease(key, holder) {
          releaseTx.immediate(key, holder);
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
