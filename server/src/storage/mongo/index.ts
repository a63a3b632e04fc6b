import { Binary, MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type ObjectId } from 'mongodb';
import type { GroupRole, UserRole } from '@samla/shared';
import { mergeStoredDoc } from '../docState.js';
import { freeSlot } from '../slots.js';
import { createMongoSearch } from './search.js';
import {
  DuplicateError,
  type ApplicationRecord,
  type AuditRecord,
  type CalendarFeedRecord,
  type GroupRecord,
  type JoinRequestRecord,
  type MeetingRecord,
  type NewMeetingRecord,
  type OrganisationPatch,
  type OrganisationRecord,
  type TokenKind,
  type TokenRecord,
  type MembershipRecord,
  type SessionRecord,
  type SnapshotInfo,
  type SnapshotReason,
  type Store,
  type UserRecord,
  withFacilitatorHistory,
} from '../store.js';

interface UserDoc { _id: string; email: string; name: string; passwordHash: string; role: string; createdAt: Date; organisationId?: string | null }
interface SessionDoc { _id: string; userId: string; createdAt: Date; expiresAt: Date }
interface GroupDoc { _id: string; name: string; description: string; createdAt: Date; archivedAt?: Date | null }
type OrgDoc = Omit<OrganisationRecord, 'id'> & { _id: string };
type ApplicationDoc = Omit<ApplicationRecord, 'id'> & { _id: string };
type TokenDoc = Omit<TokenRecord, 'hash'> & { _id: string };
type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };
interface JoinRequestDoc { _id: string; groupId: string; userId: string; createdAt: Date }
/** Inserted to win something exactly once: a unique `_id` is the one write FerretDB 1.x performs atomically. */
interface ClaimDoc { _id: string; by: string }
interface MembershipDoc { _id?: ObjectId; groupId: string; userId: string; role: string; createdAt: Date }
/** The record as JSON in `data`, with the fields that queries need beside it. */
interface MeetingDoc { _id: string; groupId: string; startsAt: number; status: string; version: number; data: string }
/**
 * Version claims of meetings, `<meetingId>:<version>`, each holding the record it wrote: the unique `_id`
 * is the compare-and-set (see `meetings.replace`), and a claim whose write never landed is rolled forward.
 */
interface MeetingVersionDoc { _id: string; data: string }
/** One dot; `_id` `<meeting>:<round>:<user>:<slot>` claims a budget slot, the unique (…, stickyId, capSlot) a cap slot. */
interface VoteDoc { _id: string; meetingId: string; round: number; userId: string; slot: number; stickyId: string; capSlot: number; at: Date }
interface MetaDoc { _id: string; value: string }
type FeedDoc = Omit<CalendarFeedRecord, 'id'> & { _id: string };
const toFeed = ({ _id, ...d }: FeedDoc): CalendarFeedRecord => ({ id: _id, tokenHash: d.tokenHash, userId: d.userId, groupId: d.groupId, createdAt: d.createdAt });
interface SnapshotDoc {
  _id: string;
  docName: string;
  createdAt: Date;
  name: string | null;
  reason: string;
  contributorIds: string[];
  state?: Binary;
}
/**
 * One per Yjs document: the seq counter. It lives apart from the base because `findOneAndUpdate`
 * returns the whole document, and FerretDB 1.x cannot project findAndModify results (it lacks
 * "fields"), so a counter next to the base would ship the base back on every append.
 */
interface DocCounter { _id: string; lastSeq: number }
/** A logged update, or a tombstone (no `data`) that fences a seq nobody may write any more. */
interface DocUpdate { _id?: ObjectId; doc: string; seq: number; data?: Binary; size?: number }
/**
 * One compaction: the merged state of everything up to `seq`, built on the base at `prevSeq`.
 * The current base is the one with the highest seq; older ones keep their row (with `base: null`)
 * because the unique (doc, prevSeq) key is what makes compaction a compare-and-set.
 */
interface DocBase { _id?: ObjectId; doc: string; prevSeq: number; seq: number; base: Binary | null; createdAt: Date }

const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;
/** Bounds the retry loops below; each retry means another writer or compactor made progress. */
const MAX_ATTEMPTS = 50;
const NAMESPACE_EXISTS = 48;

/** Test seams: pause points for interleavings that the `Store` interface alone cannot produce. */
export interface MongoStoreHooks {
  /** In `docs.append`, after seqs are reserved and before the updates are inserted. */
  afterReserve?: (docName: string, firstSeq: number, lastSeq: number) => Promise<void>;
  /** In `docs.load`, between reading the log and reading the base. */
  betweenLoadReads?: (docName: string) => Promise<void>;
  /** In `docs.compact`, after the range is fenced and folded, before the new base is inserted. */
  beforeClaim?: (docName: string) => Promise<void>;
}

const bytes = (b: Binary): Uint8Array => {
  const view = b.buffer.subarray(0, b.position);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
};

const toUser = (d: UserDoc): UserRecord => ({
  id: d._id,
  email: d.email,
  name: d.name,
  passwordHash: d.passwordHash,
  role: d.role as UserRole,
  createdAt: d.createdAt,
  organisationId: d.organisationId ?? null,
});
const toSession = (d: SessionDoc): SessionRecord => ({
  idHash: d._id,
  userId: d.userId,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
});
const toGroup = (d: GroupDoc): GroupRecord => ({
  id: d._id,
  name: d.name,
  description: d.description,
  createdAt: d.createdAt,
  archivedAt: d.archivedAt ?? null,
});
const toOrg = ({ _id, ...d }: OrgDoc): OrganisationRecord => ({
  id: _id,
  ...d,
  description: d.description ?? '',
  status: d.status ?? 'active',
  leftAt: d.leftAt ?? null,
});
/** Only the fields a patch may set (a caller's object may carry more). */
const organisationPatch = (f: OrganisationPatch): OrganisationPatch => ({
  contactUserId: f.contactUserId, name: f.name, street: f.street, postalCode: f.postalCode, municipality: f.municipality,
  website: f.website, description: f.description, status: f.status, leftAt: f.leftAt,
});
const toApplication = ({ _id, ...d }: ApplicationDoc): ApplicationRecord => ({ id: _id, ...d });
const toToken = ({ _id, ...d }: TokenDoc): TokenRecord => ({ hash: _id, ...d, kind: d.kind as TokenKind });
const toAudit = ({ _id, ...d }: AuditDoc): AuditRecord => ({ id: _id, ...d });
const toJoinRequest = (d: JoinRequestDoc): JoinRequestRecord => ({ groupId: d.groupId, userId: d.userId, createdAt: d.createdAt });
const joinKey = (groupId: string, userId: string) => `${groupId}\u0000${userId}`;
/** Drops undefined fields so a patch never unsets what it does not name. */
const defined = <T extends object>(patch: T): Partial<T> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
const toSnapshotInfo = (d: SnapshotDoc): SnapshotInfo => ({
  id: d._id,
  docName: d.docName,
  createdAt: d.createdAt,
  name: d.name,
  reason: d.reason as SnapshotReason,
  contributorIds: d.contributorIds,
});
const toMembership = (d: MembershipDoc): MembershipRecord => ({
  groupId: d.groupId,
  userId: d.userId,
  role: d.role as GroupRole,
  createdAt: d.createdAt,
});

function isDuplicate(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) {
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === 11000);
  }
  if (!(err instanceof MongoServerError)) return false;
  // FerretDB 1.x answers an update that breaks a unique index with InternalError (1), not 11000.
  return err.code === 11000 || (err.code === 1 && err.message.includes('UNIQUE constraint failed'));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The MongoDB store. Every operation is a single-document write or a plain read, because it must run
 * on a standalone mongod and on FerretDB 1.x, which has neither transactions nor change streams.
 *
 * FerretDB 1.24 also executes `update` and `findAndModify` as "query, modify in Go, write back by _id"
 * (handler-independent code), so `$inc` can lose increments and a conditional update is not a
 * compare-and-set: with the SQLite handler, 20 concurrent `updateOne({_id, v: 0}, {$set: …})` had
 * 9 winners, and 50 concurrent `$inc`s left the counter at 6. The one write it does perform atomically is an insert checked by a unique index.
 * The Yjs log below is therefore built on inserts: a seq is owned by whoever inserts it first, and a
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
  const search = createMongoSearch(db);

  const meetingDoc = (m: NewMeetingRecord): MeetingDoc => ({
    _id: m.id,
    groupId: m.groupId,
    startsAt: m.startsAt,
    status: m.status,
    version: m.version,
    data: JSON.stringify(m),
  });

  /** Reads a meeting and rolls forward any claimed version whose write did not land (a crash between the two). */
  async function readMeeting(id: string): Promise<MeetingRecord | null> {
    for (let attempt = 1; ; attempt++) {
      const d = await meetings.findOne({ _id: id });
      if (!d) return null;
      const ahead = await meetingVersions.findOne({ _id: `${id}:${d.version + 1}` });
      if (!ahead) return withFacilitatorHistory(JSON.parse(d.data) as NewMeetingRecord);
      const next = JSON.parse(ahead.data) as MeetingRecord;
      await meetings.replaceOne({ _id: id, version: d.version }, meetingDoc(next));
      if (attempt >= MAX_ATTEMPTS) throw new Error(`could not read meeting ${id}: versions kept moving`);
    }
  }

  async function claim(id: string, by: string): Promise<boolean> {
    try {
      await claims.insertOne({ _id: id, by });
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  /** Sets fields on one document; true when it exists. */
  async function patch<T extends { _id: string }>(coll: Collection<T>, id: string, fields: object): Promise<boolean> {
    const set = defined(fields);
    if (Object.keys(set).length === 0) return (await coll.countDocuments({ _id: id } as never)) > 0;
    return (await coll.updateOne({ _id: id } as never, { $set: set } as never)).matchedCount > 0;
  }

  async function createIndexes<T extends object>(
    coll: Collection<T>,
    specs: { key: Record<string, 1 | -1>; name: string; unique?: boolean }[],
  ): Promise<void> {
    for (const { key, ...opts } of specs) await coll.createIndex(key, opts);
  }

  /** Reserves `n` seqs and returns the last; exact on MongoDB, a hint on FerretDB (see above). */
  async function reserve(docName: string, n: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const c = await counters.findOneAndUpdate(
          { _id: docName },
          { $inc: { lastSeq: n } },
          { upsert: true, returnDocument: 'after' },
        );
        return c!.lastSeq;
      } catch (err) {
        // Two first appends to a new doc can both try to insert the counter; the loser just retries.
        if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /** The seq of the current base, 0 if the doc was never compacted. */
  async function baseSeq(docName: string): Promise<number> {
    const head = await bases.find({ doc: docName }, { projection: { _id: 0, seq: 1 } }).sort({ seq: -1 }).limit(1).next();
    return head?.seq ?? 0;
  }

  /** An upsert that survives a concurrent insert of the same key (FerretDB does not retry it for us). */
  async function upsertRetrying(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        if (!isDuplicate(err) || attempt >= 3) throw err;
      }
    }
  }

  /** Moves the counter past every seq in use, after a conflict showed that it fell behind. */
  async function resyncCounter(docName: string): Promise<void> {
    const top = await updates.find({ doc: docName }, { projection: { _id: 0, seq: 1 } }).sort({ seq: -1 }).limit(1).next();
    await counters.updateOne({ _id: docName }, { $max: { lastSeq: Math.max(top?.seq ?? 0, await baseSeq(docName)) } });
  }

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
      await createIndexes(snapshots, [{ key: { docName: 1, createdAt: -1 }, name: 'doc_createdAt' }]);
      await createIndexes(users, [{ key: { organisationId: 1 }, name: 'organisationId' }]);
      await createIndexes(organisations, [{ key: { orgNumber: 1 }, name: 'orgNumber_unique', unique: true }]);
      await createIndexes(applications, [
        { key: { statusTokenHash: 1 }, name: 'statusTokenHash_unique', unique: true },
        { key: { createdAt: 1 }, name: 'createdAt' },
      ]);
      await createIndexes(tokens, [{ key: { expiresAt: 1 }, name: 'expiresAt' }]);
      await createIndexes(audit, [{ key: { at: -1 }, name: 'at' }]);
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

    users: {
      async create(u) {
        try {
          await users.insertOne({
            _id: u.id,
            email: u.email,
            name: u.name,
            passwordHash: u.passwordHash,
            role: u.role,
            createdAt: u.createdAt,
            organisationId: u.organisationId ?? null,
          });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('user');
          throw err;
        }
      },
      async findById(id) {
        const d = await users.findOne({ _id: id });
        return d ? toUser(d) : null;
      },
      async findByEmail(email) {
        const d = await users.findOne({ email });
        return d ? toUser(d) : null;
      },
      async countByRole(role) {
        return users.countDocuments({ role });
      },
      async list() {
        return (await users.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toUser);
      },
      async listByOrganisation(organisationId) {
        return (await users.find({ organisationId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toUser);
      },
      async update(id, fields) {
        try {
          return await patch(users, id, fields);
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('user');
          throw err;
        }
      },
      async delete(id) {
        return (await users.deleteOne({ _id: id })).deletedCount > 0;
      },
    },

    sessions: {
      async create(s) {
        await sessions.insertOne({ _id: s.idHash, userId: s.userId, createdAt: s.createdAt, expiresAt: s.expiresAt });
      },
      async find(idHash) {
        const d = await sessions.findOne({ _id: idHash });
        return d ? toSession(d) : null;
      },
      async delete(idHash) {
        await sessions.deleteOne({ _id: idHash });
      },
      async deleteExpired(now) {
        return (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
      },
      async deleteForUser(userId, exceptIdHash) {
        return (await sessions.deleteMany(exceptIdHash === undefined ? { userId } : { userId, _id: { $ne: exceptIdHash } })).deletedCount;
      },
      async list() {
        return (await sessions.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toSession);
      },
    },

    groups: {
      async create(g) {
        try {
          await groups.insertOne({
            _id: g.id,
            name: g.name,
            description: g.description,
            createdAt: g.createdAt,
            archivedAt: g.archivedAt ?? null,
          });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('group');
          throw err;
        }
      },
      async findById(id) {
        const d = await groups.findOne({ _id: id });
        return d ? toGroup(d) : null;
      },
      async list() {
        return (await groups.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toGroup);
      },
      async update(id, fields) {
        return patch(groups, id, fields);
      },
    },

    memberships: {
      async upsert(m) {
        await upsertRetrying(() =>
          memberships.updateOne(
            { groupId: m.groupId, userId: m.userId },
            { $set: { role: m.role }, $setOnInsert: { createdAt: m.createdAt } },
            { upsert: true },
          ),
        );
      },
      async find(groupId, userId) {
        const d = await memberships.findOne({ groupId, userId });
        return d ? toMembership(d) : null;
      },
      async listForUser(userId) {
        return (await memberships.find({ userId }).sort({ createdAt: 1, groupId: 1 }).toArray()).map(toMembership);
      },
      async listForGroup(groupId) {
        return (await memberships.find({ groupId }).sort({ createdAt: 1, userId: 1 }).toArray()).map(toMembership);
      },
      async list() {
        return (await memberships.find().sort({ groupId: 1, userId: 1 }).toArray()).map(toMembership);
      },
      async delete(groupId, userId) {
        return (await memberships.deleteOne({ groupId, userId })).deletedCount > 0;
      },
      async deleteForUser(userId) {
        return (await memberships.deleteMany({ userId })).deletedCount;
      },
    },

    organisations: {
      async create({ id, ...o }) {
        try {
          await organisations.insertOne({ _id: id, ...o, description: o.description ?? '', status: o.status ?? 'active', leftAt: o.leftAt ?? null });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('organisation');
          throw err;
        }
      },
      async findById(id) {
        const d = await organisations.findOne({ _id: id });
        return d ? toOrg(d) : null;
      },
      async findByOrgNumber(orgNumber) {
        const d = await organisations.findOne({ orgNumber });
        return d ? toOrg(d) : null;
      },
      async list() {
        return (await organisations.find().sort({ name: 1, _id: 1 }).toArray()).map(toOrg);
      },
      async update(id, fields) {
        return patch(organisations, id, organisationPatch(fields));
      },
      async delete(id) {
        return (await organisations.deleteOne({ _id: id })).deletedCount > 0;
      },
    },

    applications: {
      /**
       * A pending application first claims `orgnr:<number>` (unique insert), then checks that no
       * organisation has the number. An organisation only comes into being by approving the pending
       * application that holds the claim, so the check cannot race with a new organisation.
       */
      async create({ id, ...a }) {
        const key = `orgnr:${a.orgNumber}`;
        if (a.status === 'pending') {
          if (!(await claim(key, id))) throw new DuplicateError('organisation number');
          if (await organisations.findOne({ orgNumber: a.orgNumber }, { projection: { _id: 1 } })) {
            await claims.deleteOne({ _id: key, by: id });
            throw new DuplicateError('organisation number');
          }
        }
        try {
          await applications.insertOne({ _id: id, ...a });
        } catch (err) {
          await claims.deleteOne({ _id: key, by: id });
          if (isDuplicate(err)) throw new DuplicateError('application');
          throw err;
        }
      },
      async findById(id) {
        const d = await applications.findOne({ _id: id });
        return d ? toApplication(d) : null;
      },
      async findByStatusTokenHash(statusTokenHash) {
        const d = await applications.findOne({ statusTokenHash });
        return d ? toApplication(d) : null;
      },
      async list() {
        return (await applications.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toApplication);
      },
      /** Wins by inserting `decision:<id>`; then records the decision and frees the number claim. */
      async decide(id, d) {
        const app = await applications.findOne({ _id: id }, { projection: { status: 1, orgNumber: 1 } });
        if (!app || app.status !== 'pending') return false;
        if (!(await claim(`decision:${id}`, id))) return false;
        await applications.updateOne({ _id: id }, { $set: { ...d } });
        await claims.deleteOne({ _id: `orgnr:${app.orgNumber}`, by: id });
        return true;
      },
    },

    tokens: {
      async create({ hash, ...t }) {
        await tokens.insertOne({ _id: hash, ...t });
      },
      async find(hash, now) {
        const d = await tokens.findOne({ _id: hash, expiresAt: { $gt: now } });
        return d ? toToken(d) : null;
      },
      /** Whoever's delete removes the document owns the token: deletedCount comes from the one write. */
      async consume(hash, now) {
        const d = await tokens.findOne({ _id: hash, expiresAt: { $gt: now } });
        if (!d) return null;
        return (await tokens.deleteOne({ _id: hash })).deletedCount === 1 ? toToken(d) : null;
      },
      async deleteExpired(now) {
        return (await tokens.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
      },
      async list() {
        return (await tokens.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toToken);
      },
    },

    audit: {
      async append({ id, ...e }) {
        await audit.insertOne({ _id: id, ...e });
      },
      async list(limit, after) {
        const filter = after ? { $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }] } : {};
        return (await audit.find(filter).sort({ at: -1, _id: -1 }).limit(limit).toArray()).map(toAudit);
      },
    },

    joinRequests: {
      async create(j) {
        try {
          await joinRequests.insertOne({ _id: joinKey(j.groupId, j.userId), ...j });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('join request');
          throw err;
        }
      },
      async find(groupId, userId) {
        const d = await joinRequests.findOne({ _id: joinKey(groupId, userId) });
        return d ? toJoinRequest(d) : null;
      },
      async listForGroup(groupId) {
        return (await joinRequests.find({ groupId }).sort({ createdAt: 1, userId: 1 }).toArray()).map(toJoinRequest);
      },
      async list() {
        return (await joinRequests.find().sort({ groupId: 1, createdAt: 1, userId: 1 }).toArray()).map(toJoinRequest);
      },
      async delete(groupId, userId) {
        return (await joinRequests.deleteOne({ _id: joinKey(groupId, userId) })).deletedCount === 1;
      },
      async deleteForUser(userId) {
        return (await joinRequests.deleteMany({ userId })).deletedCount;
      },
    },

    docs: {
      /**
       * Reserve seqs, insert the updates under them, then check that no compaction has already moved
       * its base past them. Every seq in a compacted range was either present when the compaction
       * fenced the range (so it is in the new base) or got a tombstone, which makes our insert fail;
       * the only way to insert below a base is after the compaction deleted that range, and then the
       * check sees the new base. In both failure cases the batch is appended again under fresh seqs:
       * Yjs updates are idempotent, so a copy that did survive is harmless. Updates become visible
       * batch by batch in seq order; a crash mid-batch leaves a prefix, which the caller's retry repeats.
       */
      async append(docName, batch) {
        if (batch.length === 0) return reserve(docName, 0);
        for (let attempt = 1; ; attempt++) {
          const last = await reserve(docName, batch.length);
          const first = last - batch.length + 1;
          await hooks.afterReserve?.(docName, first, last);
          try {
            await updates.insertMany(
              batch.map((u, i) => ({ doc: docName, seq: first + i, data: new Binary(u), size: u.byteLength })),
              { ordered: true },
            );
          } catch (err) {
            if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
            await resyncCounter(docName);
            continue;
          }
          if ((await baseSeq(docName)) < first) return last;
          if (attempt >= MAX_ATTEMPTS) throw new Error(`could not append to ${docName}: compactions kept overtaking it`);
          await resyncCounter(docName);
        }
      },

      /**
       * Reads the log FIRST and the base SECOND. A compaction inserts its base before it deletes the
       * updates it folded in. So if our log read came after that delete, our base read comes later
       * still and returns the new base, which holds the deleted updates; and if the base read returns
       * an older base, the log read came before the delete and still holds everything after that base.
       * The other order can lose updates: old base, then a compaction deletes, then a log read
       * without the deleted updates. Updates overlapping the base are dropped by seq, and any overlap
       * that slips through is harmless because Yjs updates are idempotent.
       */
      async load(docName) {
        for (let attempt = 1; ; attempt++) {
          const log = await updates
            .find({ doc: docName, data: { $exists: true } }, { projection: { _id: 0, seq: 1, data: 1 } })
            .sort({ seq: 1 })
            .toArray();
          await hooks.betweenLoadReads?.(docName);
          const head = await bases.find({ doc: docName }).sort({ seq: -1 }).limit(1).next();
          // A stripped head means a newer compaction landed between the two reads; read again.
          if (head && !head.base) {
            if (attempt >= MAX_ATTEMPTS) throw new Error(`could not load ${docName}: compactions kept overtaking it`);
            continue;
          }
          const after = head?.seq ?? 0;
          return {
            base: head?.base ? bytes(head.base) : null,
            baseSeq: after,
            updates: log.filter((u) => u.seq > after).map((u) => ({ seq: u.seq, data: bytes(u.data!) })),
          };
        }
      },

      /**
       * 1. Fence: give every missing seq in (expected, through] a tombstone, so that a writer that
       *    reserved one of them and has not inserted yet gets a duplicate key and appends again.
       * 2. Fold in every update now in that range: one may have landed after the caller's load,
       *    and the deletes in step 4 must not remove anything the new base does not hold.
       * 3. Win or lose on the unique (doc, prevSeq) insert: exactly one compaction moves on from a base.
       * 4. Delete the folded range, then drop the bytes of superseded bases.
       */
      async compact(docName, merged, throughSeq, expectedBaseSeq) {
        if (throughSeq <= expectedBaseSeq) return false;
        // Step 3 alone would accept an expected seq that is not a base at all, or a doc never appended to.
        const [current, counter] = await Promise.all([
          baseSeq(docName),
          counters.findOne({ _id: docName }, { projection: { _id: 1 } }),
        ]);
        if (current !== expectedBaseSeq || !counter) return false;
        const range = { $gt: expectedBaseSeq, $lte: throughSeq };

        const present = new Set(
          (await updates.find({ doc: docName, seq: range }, { projection: { _id: 0, seq: 1 } }).toArray()).map((u) => u.seq),
        );
        const tombstones: DocUpdate[] = [];
        for (let seq = expectedBaseSeq + 1; seq <= throughSeq; seq++) {
          if (!present.has(seq)) tombstones.push({ doc: docName, seq });
        }
        if (tombstones.length > 0) {
          try {
            await updates.insertMany(tombstones, { ordered: false });
          } catch (err) {
            // A duplicate is a writer that got there first: step 2 reads its update.
            if (!isDuplicate(err)) throw err;
          }
        }

        const inRange = await updates
          .find({ doc: docName, seq: range, data: { $exists: true } }, { projection: { _id: 0, seq: 1, data: 1 } })
          .sort({ seq: 1 })
          .toArray();
        const base = mergeStoredDoc({
          base: merged,
          baseSeq: expectedBaseSeq,
          updates: inRange.map((u) => ({ seq: u.seq, data: bytes(u.data!) })),
        });

        await hooks.beforeClaim?.(docName);
        try {
          await bases.insertOne({
            doc: docName,
            prevSeq: expectedBaseSeq,
            seq: throughSeq,
            base: new Binary(base),
            createdAt: new Date(),
          });
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
        // The base has moved even if a cleanup below fails: load ignores what is left, the next compaction retries.
        await updates.deleteMany({ doc: docName, seq: { $lte: throughSeq } });
        await bases.updateMany({ doc: docName, seq: { $lt: throughSeq }, base: { $ne: null } }, { $set: { base: null } });
        return true;
      },

      async stats(docName) {
        // FerretDB 1.x has no $binarySize, so each update carries its size.
        const rows = await updates
          .find({ doc: docName, data: { $exists: true } }, { projection: { _id: 0, size: 1 } })
          .toArray();
        return { updateCount: rows.length, updateBytes: rows.reduce((n, r) => n + (r.size ?? 0), 0) };
      },

      async listNames() {
        return (await counters.find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).map((c) => c._id);
      },
    },

    snapshots: {
      async create(x) {
        await snapshots.insertOne({
          _id: x.id,
          docName: x.docName,
          createdAt: x.createdAt,
          name: x.name,
          reason: x.reason,
          contributorIds: x.contributorIds,
          state: new Binary(x.state),
        });
      },
      async list(docName) {
        const rows = await snapshots
          .find({ docName }, { projection: { state: 0 } })
          .sort({ createdAt: -1, _id: -1 })
          .toArray();
        return rows.map(toSnapshotInfo);
      },
      async get(id) {
        const d = await snapshots.findOne({ _id: id });
        return d ? { ...toSnapshotInfo(d), state: bytes(d.state!) } : null;
      },
    },

    meetings: {
      async create(m) {
        try {
          await meetings.insertOne(meetingDoc(m));
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('meeting');
          throw err;
        }
      },
      get: readMeeting,
      async list(groupIds, statuses) {
        if (groupIds.length === 0 || statuses.length === 0) return [];
        const ids = (
          await meetings
            .find({ groupId: { $in: groupIds }, status: { $in: statuses } }, { projection: { _id: 1 } })
            .toArray()
        ).map((d) => d._id);
        // Read each through readMeeting, so a rolled-forward status is seen; filter and sort after.
        const all = (await Promise.all(ids.map(readMeeting))).filter(
          (m): m is MeetingRecord => m !== null && statuses.includes(m.status),
        );
        return all.sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      },
      /**
       * Wins by inserting the claim `<id>:<version>` (a unique `_id`, the one write FerretDB performs
       * atomically), then writes the record. A reader that finds a claim ahead of the record rolls it forward.
       */
      async replace(m, expectedVersion) {
        if (m.version !== expectedVersion + 1) throw new Error('replace: next.version must be expectedVersion + 1');
        const current = await readMeeting(m.id);
        if (!current || current.version !== expectedVersion) return false;
        try {
          await meetingVersions.insertOne({ _id: `${m.id}:${m.version}`, data: JSON.stringify(m) });
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
        await meetings.replaceOne({ _id: m.id, version: expectedVersion }, meetingDoc(m));
        // Older claims are never read again.
        await meetingVersions.deleteOne({ _id: `${m.id}:${expectedVersion}` });
        return true;
      },
    },

    meetingVotes: {
      /**
       * Reads the person's votes, picks the lowest free budget slot and cap slot, and inserts: a unique
       * index refuses the insert if a concurrent cast took either slot, and then it reads again.
       */
      async cast(v, { budget, cap }) {
        for (let attempt = 1; ; attempt++) {
          const mine = await votes.find({ meetingId: v.meetingId, round: v.round, userId: v.userId }).toArray();
          if (mine.length >= budget) return 'budget';
          const onSticky = mine.filter((d) => d.stickyId === v.stickyId);
          if (cap !== null && onSticky.length >= cap) return 'cap';
          const slot = freeSlot(mine.map((d) => d.slot));
          try {
            await votes.insertOne({
              _id: `${v.meetingId}:${v.round}:${v.userId}:${slot}`,
              meetingId: v.meetingId,
              round: v.round,
              userId: v.userId,
              slot,
              stickyId: v.stickyId,
              capSlot: freeSlot(onSticky.map((d) => d.capSlot)),
              at: v.at,
            });
            return 'ok';
          } catch (err) {
            if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
          }
        }
      },
      async retract(meetingId, round, userId, stickyId) {
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          const top = await votes.find({ meetingId, round, userId, stickyId }).sort({ capSlot: -1 }).limit(1).next();
          if (!top) return false;
          // Whoever's delete removes it took it back; a concurrent retract of the same dot looks again.
          if ((await votes.deleteOne({ _id: top._id })).deletedCount === 1) return true;
        }
        return false;
      },
      async list(meetingId, round) {
        const rows = await votes.find({ meetingId, round }).sort({ at: 1, _id: 1 }).toArray();
        return rows.map((d) => ({ meetingId: d.meetingId, round: d.round, userId: d.userId, stickyId: d.stickyId, at: d.at }));
      },
    },

    calendarFeeds: {
      async create({ id, ...f }) {
        try {
          await feeds.insertOne({ _id: id, ...f });
        } catch (err) {
          if (isDuplicate(err)) throw new DuplicateError('calendar feed');
          throw err;
        }
      },
      async findByTokenHash(tokenHash) {
        const d = await feeds.findOne({ tokenHash });
        return d ? toFeed(d) : null;
      },
      async listForUser(userId) {
        return (await feeds.find({ userId }).sort({ createdAt: 1, _id: 1 }).toArray()).map(toFeed);
      },
      async list() {
        return (await feeds.find().sort({ createdAt: 1, _id: 1 }).toArray()).map(toFeed);
      },
      async delete(id, userId) {
        return (await feeds.deleteOne({ _id: id, userId })).deletedCount === 1;
      },
      async deleteForUser(userId) {
        return (await feeds.deleteMany({ userId })).deletedCount;
      },
    },

    search: search.search,

    meta: {
      async get(key) {
        return (await meta.findOne({ _id: key }))?.value ?? null;
      },
      async set(key, value) {
        await upsertRetrying(() => meta.updateOne({ _id: key }, { $set: { value } }, { upsert: true }));
      },
      async setIfAbsent(key, value) {
        // An insert, not an upsert: on FerretDB 1.x only an insert checked by the unique _id is atomic.
        try {
          await meta.insertOne({ _id: key, value });
          return true;
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
      },
      async delete(key) {
        await meta.deleteOne({ _id: key });
      },
    },
  };
}
