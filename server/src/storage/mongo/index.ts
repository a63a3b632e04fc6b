import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import type { Store } from '../store.js';
import { createMongoApplications, type ApplicationDoc, type ClaimDoc } from './applications.js';
import { createMongoAudit, type AuditDoc } from './audit.js';
import { createMongoCalendarFeeds, type FeedDoc } from './calendarFeeds.js';
import { createMongoDocs, type DocBase, type DocCounter, type DocUpdate, type MongoStoreHooks, type SnapshotDoc } from './docs.js';
import { createMongoGroups, type GroupDoc } from './groups.js';
import { createMongoIdentity, type SessionDoc, type TokenDoc, type UserDoc } from './identity.js';
import { createMongoMeetings, type MeetingDoc, type MeetingVersionDoc, type VoteDoc } from './meetings.js';
import { createMongoMembership, type JoinRequestDoc, type MembershipDoc } from './membership.js';
import { createMongoAccess, type AccessVersionDoc } from './access.js';
import { createMongoMeta, type MetaDoc } from './meta.js';
import { createMongoOrganisations, type OrgDoc } from './organisations.js';
import { createMongoSearch } from './search.js';

export type { MongoStoreHooks } from './docs.js';

const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
const NAMESPACE_EXISTS = 48;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function createIndexes<T extends object>(
  coll: Collection<T>,
  specs: { key: Record<string, 1 | -1>; name: string; unique?: boolean }[],
): Promise<void> {
  for (const { key, ...opts } of specs) await coll.createIndex(key, opts);
}

/**
 * The MongoDB store. Every operation is a single-document write or a plain read, because it must run
 * on a standalone mongod and on FerretDB 1.x, which has neither transactions nor change streams.
 *
 * FerretDB 1.24 also executes `update` and `findAndModify` as "query, modify in Go, write back by _id"
 * (handler-independent code), so `$inc` can lose increments and a conditional update is not a
 * compare-and-set: with the SQLite handler, 20 concurrent `updateOne({_id, v: 0}, {$set: …})` had
 * 9 winners, and 50 concurrent `$inc`s left the counter at 6. The one write it does perform atomically is an insert checked by a unique index.
 * The Yjs log (docs.ts) is therefore built on inserts: a seq is owned by whoever inserts it first, and a
 * compaction wins by inserting the unique (doc, prevSeq) row. The seq counter is only a hint there,
 * and is exact on MongoDB.
 */
export function createMongoStore(uri: string, dbName: string, hooks: MongoStoreHooks = {}): Store {
  let client: MongoClient;
  try {
    client = new MongoClient(uri, {
      appName: 'samla',
      // Fail fast at startup and during an outage rather than hanging for the driver's 30 s default;
      // the collab server retries failed writes with its own backoff. A value in the URI wins.
      ...(/[?&]serverSelectionTimeoutMS=/i.test(uri) ? {} : { serverSelectionTimeoutMS: DEFAULT_SERVER_SELECTION_TIMEOUT_MS }),
    });
  } catch (err) {
    // The driver's parse errors never quote the URI, so no password ends up in the log.
    throw new Error(`invalid MONGODB_URI: ${message(err)}`);
  }
  const db = client.db(dbName);
  const users = db.collection<UserDoc>('users');
  const sessions = db.collection<SessionDoc>('sessions');
  const groups = db.collection<GroupDoc>('groups');
  const memberships = db.collection<MembershipDoc>('memberships');
  const meta = db.collection<MetaDoc>('meta');
  const counters = db.collection<DocCounter>('docs');
  const updates = db.collection<DocUpdate>('doc_updates');
  const bases = db.collection<DocBase>('doc_bases');
  const snapshots = db.collection<SnapshotDoc>('snapshots');
  const organisations = db.collection<OrgDoc>('organisations');
  const applications = db.collection<ApplicationDoc>('applications');
  const tokens = db.collection<TokenDoc>('tokens');
  const audit = db.collection<AuditDoc>('audit_log');
  const joinRequests = db.collection<JoinRequestDoc>('join_requests');
  /** `orgnr:<number>` while an application is pending; `decision:<application id>` once decided. */
  const claims = db.collection<ClaimDoc>('claims');
  const meetings = db.collection<MeetingDoc>('meetings');
  const meetingVersions = db.collection<MeetingVersionDoc>('meeting_versions');
  const votes = db.collection<VoteDoc>('meeting_votes');
  const feeds = db.collection<FeedDoc>('calendar_feeds');
  const accessVersions = db.collection<AccessVersionDoc>('access_versions');
  const search = createMongoSearch(db);

  return {
    kind: 'mongo',

    async init() {
      try {
        await client.connect();
      } catch (err) {
        const hosts = client.options.hosts.map(String).join(',');
        throw new Error(`could not connect to MongoDB at ${hosts}: ${message(err)}`);
      }
      await createIndexes(users, [
        { key: { email: 1 }, name: 'email_unique', unique: true },
        { key: { role: 1 }, name: 'role' },
      ]);
      await createIndexes(sessions, [
        // A plain index, not a TTL index: deleteExpired must see and count what it removes.
        { key: { expiresAt: 1 }, name: 'expiresAt' },
        { key: { userId: 1 }, name: 'userId' },
      ]);
      await createIndexes(memberships, [
        { key: { groupId: 1, userId: 1 }, name: 'group_user_unique', unique: true },
        { key: { userId: 1 }, name: 'userId' },
      ]);
      await createIndexes(updates, [{ key: { doc: 1, seq: 1 }, name: 'doc_seq_unique', unique: true }]);
      await createIndexes(bases, [
        { key: { doc: 1, prevSeq: 1 }, name: 'doc_prevSeq_unique', unique: true },
        { key: { doc: 1, seq: 1 }, name: 'doc_seq' },
      ]);
      await createIndexes(snapshots, [
        { key: { docName: 1, createdAt: -1 }, name: 'doc_createdAt' },
        // Multikey: a person's export finds their contributions without reading every snapshot.
        { key: { contributorIds: 1 }, name: 'contributorIds' },
      ]);
      await createIndexes(users, [{ key: { organisationId: 1 }, name: 'organisationId' }]);
      await createIndexes(accessVersions, [{ key: { userId: 1, version: -1 }, name: 'user_version' }]);
      await createIndexes(organisations, [{ key: { orgNumber: 1 }, name: 'orgNumber_unique', unique: true }]);
      await createIndexes(applications, [
        { key: { statusTokenHash: 1 }, name: 'statusTokenHash_unique', unique: true },
        { key: { createdAt: 1 }, name: 'createdAt' },
      ]);
      await createIndexes(tokens, [{ key: { expiresAt: 1 }, name: 'expiresAt' }]);
      await createIndexes(audit, [
        { key: { at: -1 }, name: 'at' },
        // The log's filters: by actor, by action, by what an entry is about.
        { key: { actorId: 1, at: -1 }, name: 'actor_at' },
        { key: { action: 1, at: -1 }, name: 'action_at' },
        { key: { target: 1 }, name: 'target' },
      ]);
      await createIndexes(meetings, [{ key: { groupId: 1, startsAt: 1 }, name: 'group_startsAt' }]);
      await createIndexes(votes, [
        { key: { meetingId: 1, round: 1, userId: 1, stickyId: 1, capSlot: 1 }, name: 'cap_slot_unique', unique: true },
        { key: { meetingId: 1, round: 1, at: 1 }, name: 'round' },
      ]);
      await search.init();
      await createIndexes(feeds, [
        { key: { tokenHash: 1 }, name: 'tokenHash_unique', unique: true },
        { key: { userId: 1, createdAt: 1 }, name: 'userId' },
      ]);
      await createIndexes(joinRequests, [
        { key: { groupId: 1, createdAt: 1 }, name: 'groupId' },
        { key: { userId: 1 }, name: 'userId' },
      ]);
      // These need no secondary index; create them anyway so a fresh database shows its whole shape.
      for (const name of ['groups', 'meta', 'docs', 'claims', 'meeting_versions']) {
        await db.createCollection(name).catch((err: unknown) => {
          if (!(err instanceof MongoServerError && err.code === NAMESPACE_EXISTS)) throw err;
        });
      }
    },

    async ping() {
      await db.command({ ping: 1 });
    },

    async close() {
      await client.close();
    },

    ...createMongoIdentity({ users, sessions, tokens }),
    ...createMongoGroups(groups),
    ...createMongoMembership({ memberships, joinRequests }),
    ...createMongoOrganisations(organisations),
    ...createMongoApplications({ applications, claims, organisations }),
    ...createMongoAudit(audit),
    ...createMongoDocs({ counters, updates, bases, snapshots }, hooks),
    ...createMongoMeetings({ meetings, meetingVersions, votes }),
    ...createMongoCalendarFeeds(feeds),
    ...createMongoAccess(accessVersions),
    search: search.search,
    ...createMongoMeta(meta),
  };
}
