import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../store.js';
import { createSqliteApplications } from './applications.js';
import { createSqliteAudit } from './audit.js';
import { createSqliteCalendarFeeds } from './calendarFeeds.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { createSqliteDocs } from './docs.js';
import { createSqliteGroups } from './groups.js';
import { createSqliteIdentity } from './identity.js';
import { lockDataDir } from './lock.js';
import { createSqliteMeetings } from './meetings.js';
import { createSqliteMembership } from './membership.js';
import { createSqliteAccess } from './access.js';
import { createSqliteMeta } from './meta.js';
import { migrate } from './migrations.js';
import { createSqliteOrganisations } from './organisations.js';
import { createSqliteSearch } from './search.js';

/** The embedded store: one SQLite file in WAL mode. `path` may be ':memory:' in tests. */
export function createSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Before the database is opened, so a second process neither migrates nor serves it.
  const lock = path === ':memory:' ? undefined : lockDataDir(dirname(path));
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    // A file that is not a database must not leave the directory locked for a retry in this process.
    lock?.release();
    throw err;
  }
  let checkpointer: Checkpointer | undefined;

  const identity = createSqliteIdentity(db);
  const groups = createSqliteGroups(db);
  const membership = createSqliteMembership(db);
  const organisations = createSqliteOrganisations(db);
  const applications = createSqliteApplications(db);
  const audit = createSqliteAudit(db);
  const docs = createSqliteDocs(db);
  const meetings = createSqliteMeetings(db);
  const calendarFeeds = createSqliteCalendarFeeds(db);
  const meta = createSqliteMeta(db);
  const access = createSqliteAccess(db);
  const aggregates = [identity, groups, membership, organisations, applications, audit, docs, meetings, calendarFeeds, meta, access];

  return {
    kind: 'sqlite',
    async init() {
      migrate(db);
      // Prepared here, not before: statements need the migrated schema.
      for (const aggregate of aggregates) aggregate.prepare();
      if (path !== ':memory:') {
        checkpointer ??= startCheckpointer(db, path, (err) =>
          process.emitWarning(`SQLite WAL checkpoints: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      await checkpointer?.close();
      if (db.open) db.close();
      lock?.release();
    },

    ...identity.repos,
    ...groups.repos,
    ...membership.repos,
    ...organisations.repos,
    ...applications.repos,
    ...audit.repos,
    ...docs.repos,
    ...meetings.repos,
    ...calendarFeeds.repos,
    ...access.repos,
    search: createSqliteSearch(db),
    ...meta.repos,
  };
}
