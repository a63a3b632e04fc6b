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
  // 5: membership: organisations, applications, one-time tokens, audit log, join requests, archived groups
  `ALTER TABLE users ADD COLUMN organisation_id TEXT;
   CREATE INDEX users_organisation ON users(organisation_id);
   CREATE INDEX sessions_user ON sessions(user_id);
   ALTER TABLE groups ADD COLUMN archived_at INTEGER;
   CREATE TABLE organisations (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     org_number TEXT NOT NULL UNIQUE,
     street TEXT NOT NULL,
     postal_code TEXT NOT NULL,
     municipality TEXT NOT NULL,
     website TEXT,
     group_ids TEXT NOT NULL,
     contact_user_id TEXT,
     joined_at INTEGER NOT NULL
   );
   CREATE TABLE applications (
     id TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     name TEXT NOT NULL,
     org_number TEXT NOT NULL,
     street TEXT NOT NULL,
     postal_code TEXT NOT NULL,
     municipality TEXT NOT NULL,
     website TEXT,
     group_ids TEXT NOT NULL,
     contact_name TEXT NOT NULL,
     contact_email TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     status_token_hash TEXT NOT NULL UNIQUE,
     decided_at INTEGER,
     decided_by TEXT,
     reason TEXT,
     organisation_id TEXT
   );
   CREATE UNIQUE INDEX applications_pending_org_number ON applications(org_number) WHERE status = 'pending';
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     email TEXT NOT NULL,
     name TEXT,
     organisation_id TEXT,
     user_id TEXT,
     created_by TEXT,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE audit_log (
     id TEXT PRIMARY KEY,
     at INTEGER NOT NULL,
     actor_id TEXT,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     details TEXT NOT NULL
   );
   CREATE INDEX audit_log_at ON audit_log(at);
   CREATE TABLE join_requests (
     group_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (group_id, user_id)
   );
   CREATE INDEX join_requests_user ON join_requests(user_id);`,
  // 6: facilitated sessions (one JSON record each, compare-and-set on version) and their dot votes
  `CREATE TABLE meetings (
     id TEXT PRIMARY KEY,
     group_id TEXT NOT NULL,
     starts_at INTEGER NOT NULL,
     status TEXT NOT NULL,
     version INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE INDEX meetings_group ON meetings(group_id, starts_at);
   CREATE TABLE meeting_votes (
     meeting_id TEXT NOT NULL,
     round INTEGER NOT NULL,
     user_id TEXT NOT NULL,
     slot INTEGER NOT NULL,
     sticky_id TEXT NOT NULL,
     cap_slot INTEGER NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (meeting_id, round, user_id, slot),
     UNIQUE (meeting_id, round, user_id, sticky_id, cap_slot)
   );`,
  // 7: the search index: entries in a plain table, full text in an FTS5 index over it (external content,
  // kept in step by triggers). unicode61 folds case but, with remove_diacritics 0, keeps å, ä, ö apart from a, o.
  `CREATE TABLE search_entries (
     id INTEGER PRIMARY KEY,
     group_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     item_id TEXT NOT NULL,
     sub_id TEXT NOT NULL,
     title TEXT NOT NULL,
     section TEXT,
     text TEXT NOT NULL,
     link TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     UNIQUE (group_id, kind, item_id, sub_id)
   );
   CREATE VIRTUAL TABLE search_fts USING fts5(
     title, section, text,
     content = 'search_entries', content_rowid = 'id',
     tokenize = 'unicode61 remove_diacritics 0'
   );
   CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
     INSERT INTO search_fts (rowid, title, section, text) VALUES (new.id, new.title, new.section, new.text);
   END;
   CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
     INSERT INTO search_fts (search_fts, rowid, title, section, text) VALUES ('delete', old.id, old.title, old.section, old.text);
   END;
   CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN
     INSERT INTO search_fts (search_fts, rowid, title, section, text) VALUES ('delete', old.id, old.title, old.section, old.text);
     INSERT INTO search_fts (rowid, title, section, text) VALUES (new.id, new.title, new.section, new.text);
   END;`,
  // 8: calendar feeds: a person's secret iCal URL of one group's sessions (only the token's sha256 is kept)
  `CREATE TABLE calendar_feeds (
     id TEXT PRIMARY KEY,
     token_hash TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     group_id TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id, created_at);`,
  // 9: organisation records for coordinators: a description, and 'left' instead of deleting the record
  `ALTER TABLE organisations ADD COLUMN description TEXT NOT NULL DEFAULT '';
   ALTER TABLE organisations ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
   ALTER TABLE organisations ADD COLUMN left_at INTEGER;`,
  // 10: the audit log's filters (by actor, by action, by what an entry is about), each newest first
  `CREATE INDEX audit_log_actor ON audit_log(actor_id, at);
   CREATE INDEX audit_log_action ON audit_log(action, at);
   CREATE INDEX audit_log_target ON audit_log(target);`,
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
