import type Database from 'better-sqlite3';

/**
 * Versioned schema. `PRAGMA user_version` holds how many migrations a file has had;
 * each migration runs in its own transaction, so a crash leaves a consistent version.
 * Never edit a released migration: append a new one.
 */
export const migrations: readonly string[] = [
  // 1: accounts and sessions
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     id_hash TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_expires ON sessions(expires_at);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: working groups and memberships
  `CREATE TABLE groups (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     description TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE memberships (
     group_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     role TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (group_id, user_id)
   );
   CREATE INDEX memberships_user ON memberships(user_id);`,
  // 3: Yjs documents: a compacted base per doc plus an append-only update log
  `CREATE TABLE docs (
     name TEXT PRIMARY KEY,
     base BLOB,
     base_seq INTEGER NOT NULL DEFAULT 0,
     next_seq INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE doc_updates (
     doc TEXT NOT NULL,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (doc, seq)
   ) WITHOUT ROWID;`,
  // 4: version history of documents
  `CREATE TABLE snapshots (
     id TEXT PRIMARY KEY,
     doc TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     name TEXT,
     reason TEXT NOT NULL,
     contributor_ids TEXT NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX snapshots_doc ON snapshots(doc, created_at);`,
];

export function migrate(db: Database.Database, target = migrations.length): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${migrations.length}); upgrade Samla`,
    );
  }
  for (let v = current; v < target; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
