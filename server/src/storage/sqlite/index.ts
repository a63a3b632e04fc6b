import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GroupRole, UserRole } from '@samla/shared';
import {
  DuplicateError,
  type ApplicationRecord,
  type AuditRecord,
  type CalendarFeedRecord,
  type GroupRecord,
  type JoinRequestRecord,
  type MeetingRecord,
  type NewMeetingRecord,
  type VoteRecord,
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
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { migrate } from './migrations.js';
import { lockDataDir } from './lock.js';
import { freeSlot } from '../slots.js';
import { createSqliteSearch } from './search.js';

interface UserRow { id: string; email: string; name: string; password_hash: string; role: string; created_at: number; organisation_id: string | null }
interface SessionRow { id_hash: string; user_id: string; created_at: number; expires_at: number }
interface GroupRow { id: string; name: string; description: string; created_at: number; archived_at: number | null }
interface OrgRow {
  id: string; name: string; org_number: string; street: string; postal_code: string; municipality: string;
  website: string | null; group_ids: string; contact_user_id: string | null; joined_at: number;
  description: string; status: string; left_at: number | null;
}
interface ApplicationRow {
  id: string; status: string; name: string; org_number: string; street: string; postal_code: string; municipality: string;
  website: string | null; group_ids: string; contact_name: string; contact_email: string; created_at: number;
  status_token_hash: string; decided_at: number | null; decided_by: string | null; reason: string | null; organisation_id: string | null;
}
interface TokenRow {
  hash: string; kind: string; email: string; name: string | null; organisation_id: string | null; user_id: string | null;
  created_by: string | null; created_at: number; expires_at: number;
}
interface AuditRow { id: string; at: number; actor_id: string | null; action: string; target: string; details: string }
interface JoinRequestRow { group_id: string; user_id: string; created_at: number }
interface SnapshotRow { id: string; doc: string; created_at: number; name: string | null; reason: string; contributor_ids: string; state?: Buffer }
interface MeetingRow { data: string }
interface VoteRow { meeting_id: string; round: number; user_id: string; slot: number; sticky_id: string; cap_slot: number; at: number }
interface MembershipRow { group_id: string; user_id: string; role: string; created_at: number }

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  role: r.role as UserRole,
  createdAt: new Date(r.created_at),
  organisationId: r.organisation_id,
});
const toSession = (r: SessionRow): SessionRecord => ({
  idHash: r.id_hash,
  userId: r.user_id,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
});
const toGroup = (r: GroupRow): GroupRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: new Date(r.created_at),
  archivedAt: r.archived_at === null ? null : new Date(r.archived_at),
});
const toOrg = (r: OrgRow): OrganisationRecord => ({
  id: r.id,
  name: r.name,
  orgNumber: r.org_number,
  street: r.street,
  postalCode: r.postal_code,
  municipality: r.municipality,
  website: r.website,
  groupIds: JSON.parse(r.group_ids) as string[],
  contactUserId: r.contact_user_id,
  joinedAt: new Date(r.joined_at),
  description: r.description,
  status: r.status === 'left' ? 'left' : 'active',
  leftAt: r.left_at === null ? null : new Date(r.left_at),
});
/** The organisation fields a patch may set, by their column. */
const organisationColumns = {
  contactUserId: 'contact_user_id', name: 'name', street: 'street', postalCode: 'postal_code', municipality: 'municipality',
  website: 'website', description: 'description', status: 'status', leftAt: 'left_at',
};
const toApplication = (r: ApplicationRow): ApplicationRecord => ({
  id: r.id,
  status: r.status as ApplicationRecord['status'],
  name: r.name,
  orgNumber: r.org_number,
  street: r.street,
  postalCode: r.postal_code,
  municipality: r.municipality,
  website: r.website,
  groupIds: JSON.parse(r.group_ids) as string[],
  contactName: r.contact_name,
  contactEmail: r.contact_email,
  createdAt: new Date(r.created_at),
  statusTokenHash: r.status_token_hash,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
  decidedBy: r.decided_by,
  reason: r.reason,
  organisationId: r.organisation_id,
});
const toToken = (r: TokenRow): TokenRecord => ({
  hash: r.hash,
  kind: r.kind as TokenKind,
  email: r.email,
  name: r.name,
  organisationId: r.organisation_id,
  userId: r.user_id,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
});
const toAudit = (r: AuditRow): AuditRecord => ({
  id: r.id,
  at: new Date(r.at),
  actorId: r.actor_id,
  action: r.action,
  target: r.target,
  details: JSON.parse(r.details) as Record<string, unknown>,
});
const toJoinRequest = (r: JoinRequestRow): JoinRequestRecord => ({
  groupId: r.group_id,
  userId: r.user_id,
  createdAt: new Date(r.created_at),
});
const ms = (d: Date | null | undefined): number | null => (d ? d.getTime() : null);

/** `UPDATE table SET a = ?, b = ? WHERE key = ?` for the fields present in `patch`. */
function patchStatement(db: Database.Database, table: string, columns: Record<string, string>, patch: object, key: unknown) {
  const entries = Object.entries(patch).filter(([k, v]) => v !== undefined && k in columns);
  if (entries.length === 0) {
    return db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(key) !== undefined;
  }
  const set = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
  const values = entries.map(([, v]) => (v instanceof Date ? v.getTime() : v));
  return db.prepare(`UPDATE ${table} SET ${set} WHERE id = ?`).run(...values, key).changes > 0;
}
const toMembership = (r: MembershipRow): MembershipRecord => ({
  groupId: r.group_id,
  userId: r.user_id,
  role: r.role as GroupRole,
  createdAt: new Date(r.created_at),
});
const toSnapshotInfo = (r: SnapshotRow): SnapshotInfo => ({
  id: r.id,
  docName: r.doc,
  createdAt: new Date(r.created_at),
  name: r.name,
  reason: r.reason as SnapshotReason,
  contributorIds: JSON.parse(r.contributor_ids) as string[],
});
interface PendingAppend {
  docName: string;
  updates: Uint8Array[];
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

/** Runs an insert; a unique-key violation becomes `DuplicateError(what)`. */
function insertUnique(what: string, run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(what);
    throw err;
  }
}

interface FeedRow {
  id: string;
  token_hash: string;
  user_id: string;
  group_id: string;
  created_at: number;
}

const toFeed = (r: FeedRow): CalendarFeedRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  userId: r.user_id,
  groupId: r.group_id,
  createdAt: new Date(r.created_at),
});

const one = <R, T>(row: R | undefined, map: (r: R) => T): T | null => (row ? map(row) : null);

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

  // Prepared lazily: statements need the migrated schema.
  let s: ReturnType<typeof prepare>;
  const prepare = () => ({
    userInsert: db.prepare('INSERT INTO users (id,email,name,password_hash,role,created_at,organisation_id) VALUES (?,?,?,?,?,?,?)'),
    usersByOrg: db.prepare<[string], UserRow>('SELECT * FROM users WHERE organisation_id = ? ORDER BY created_at, id'),
    userDelete: db.prepare('DELETE FROM users WHERE id = ?'),
    sessionDeleteForUser: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?'),
    membershipDelete: db.prepare('DELETE FROM memberships WHERE group_id = ? AND user_id = ?'),
    membershipDeleteForUser: db.prepare('DELETE FROM memberships WHERE user_id = ?'),
    orgInsert: db.prepare(
      `INSERT INTO organisations (id,name,org_number,street,postal_code,municipality,website,group_ids,contact_user_id,joined_at,
         description,status,left_at)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    orgById: db.prepare<[string], OrgRow>('SELECT * FROM organisations WHERE id = ?'),
    orgByNumber: db.prepare<[string], OrgRow>('SELECT * FROM organisations WHERE org_number = ?'),
    orgList: db.prepare<[], OrgRow>('SELECT * FROM organisations ORDER BY name, id'),
    orgDelete: db.prepare('DELETE FROM organisations WHERE id = ?'),
    appInsert: db.prepare(
      `INSERT INTO applications (id,status,name,org_number,street,postal_code,municipality,website,group_ids,contact_name,
         contact_email,created_at,status_token_hash,decided_at,decided_by,reason,organisation_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    appById: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?'),
    appByToken: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE status_token_hash = ?'),
    appList: db.prepare<[], ApplicationRow>('SELECT * FROM applications ORDER BY created_at, id'),
    appDecide: db.prepare(
      `UPDATE applications SET status = ?, decided_at = ?, decided_by = ?, reason = ?, organisation_id = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    tokenInsert: db.prepare(
      'INSERT INTO tokens (hash,kind,email,name,organisation_id,user_id,created_by,created_at,expires_at) VALUES (?,?,?,?,?,?,?,?,?)',
    ),
    tokenFind: db.prepare<[string, number], TokenRow>('SELECT * FROM tokens WHERE hash = ? AND expires_at > ?'),
    tokenConsume: db.prepare<[string, number], TokenRow>('DELETE FROM tokens WHERE hash = ? AND expires_at > ? RETURNING *'),
    tokenDeleteExpired: db.prepare('DELETE FROM tokens WHERE expires_at <= ?'),
    tokenList: db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at, hash'),
    auditInsert: db.prepare('INSERT INTO audit_log (id,at,actor_id,action,target,details) VALUES (?,?,?,?,?,?)'),
    auditList: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?'),
    auditListAfter: db.prepare<[number, number, string, number], AuditRow>(
      'SELECT * FROM audit_log WHERE at < ? OR (at = ? AND id < ?) ORDER BY at DESC, id DESC LIMIT ?',
    ),
    joinInsert: db.prepare('INSERT INTO join_requests (group_id,user_id,created_at) VALUES (?,?,?)'),
    joinFind: db.prepare<[string, string], JoinRequestRow>('SELECT * FROM join_requests WHERE group_id = ? AND user_id = ?'),
    joinForGroup: db.prepare<[string], JoinRequestRow>('SELECT * FROM join_requests WHERE group_id = ? ORDER BY created_at, user_id'),
    joinList: db.prepare<[], JoinRequestRow>('SELECT * FROM join_requests ORDER BY group_id, created_at, user_id'),
    joinDelete: db.prepare('DELETE FROM join_requests WHERE group_id = ? AND user_id = ?'),
    joinDeleteForUser: db.prepare('DELETE FROM join_requests WHERE user_id = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userCountByRole: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE role = ?'),
    userList: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
    sessionInsert: db.prepare('INSERT INTO sessions (id_hash,user_id,created_at,expires_at) VALUES (?,?,?,?)'),
    sessionFind: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?'),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    sessionDeleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    sessionList: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY created_at, id_hash'),
    groupInsert: db.prepare('INSERT INTO groups (id,name,description,created_at,archived_at) VALUES (?,?,?,?,?)'),
    groupById: db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE id = ?'),
    groupList: db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY created_at, id'),
    membershipUpsert: db.prepare(
      `INSERT INTO memberships (group_id,user_id,role,created_at) VALUES (?,?,?,?)
       ON CONFLICT (group_id,user_id) DO UPDATE SET role = excluded.role`,
    ),
    membershipFind: db.prepare<[string, string], MembershipRow>('SELECT * FROM memberships WHERE group_id = ? AND user_id = ?'),
    membershipsForUser: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE user_id = ? ORDER BY created_at, group_id'),
    membershipsForGroup: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE group_id = ? ORDER BY created_at, user_id'),
    membershipList: db.prepare<[], MembershipRow>('SELECT * FROM memberships ORDER BY group_id, user_id'),
    docEnsure: db.prepare('INSERT INTO docs (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
    docHead: db.prepare<[string], { base: Buffer | null; base_seq: number; next_seq: number }>(
      'SELECT base, base_seq, next_seq FROM docs WHERE name = ?',
    ),
    // Reserves seqs without reading the row's base, which grows with the doc.
    docReserveSeqs: db.prepare<[number, string], { next_seq: number }>(
      'UPDATE docs SET next_seq = next_seq + ? WHERE name = ? RETURNING next_seq',
    ),
    docUpdateInsert: db.prepare('INSERT INTO doc_updates (doc,seq,data) VALUES (?,?,?)'),
    docUpdatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
    ),
    docSetBase: db.prepare('UPDATE docs SET base = ?, base_seq = ? WHERE name = ? AND base_seq = ?'),
    docDeleteThrough: db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
    docStats: db.prepare<[string], { n: number; bytes: number | null }>(
      'SELECT COUNT(*) AS n, SUM(LENGTH(data)) AS bytes FROM doc_updates WHERE doc = ?',
    ),
    docNames: db.prepare<[], { name: string }>('SELECT name FROM docs ORDER BY name'),
    snapshotInsert: db.prepare(
      'INSERT INTO snapshots (id,doc,created_at,name,reason,contributor_ids,state) VALUES (?,?,?,?,?,?,?)',
    ),
    snapshotList: db.prepare<[string], SnapshotRow>(
      'SELECT id,doc,created_at,name,reason,contributor_ids FROM snapshots WHERE doc = ? ORDER BY created_at DESC, rowid DESC',
    ),
    snapshotGet: db.prepare<[string], SnapshotRow>('SELECT * FROM snapshots WHERE id = ?'),
    meetingInsert: db.prepare('INSERT INTO meetings (id,group_id,starts_at,status,version,data) VALUES (?,?,?,?,?,?)'),
    meetingGet: db.prepare<[string], MeetingRow>('SELECT data FROM meetings WHERE id = ?'),
    meetingReplace: db.prepare(
      'UPDATE meetings SET group_id = ?, starts_at = ?, status = ?, version = ?, data = ? WHERE id = ? AND version = ?',
    ),
    votesOfUser: db.prepare<[string, number, string], VoteRow>(
      'SELECT * FROM meeting_votes WHERE meeting_id = ? AND round = ? AND user_id = ?',
    ),
    voteInsert: db.prepare(
      'INSERT INTO meeting_votes (meeting_id,round,user_id,slot,sticky_id,cap_slot,at) VALUES (?,?,?,?,?,?,?)',
    ),
    voteRetract: db.prepare(
      `DELETE FROM meeting_votes WHERE rowid = (SELECT rowid FROM meeting_votes
         WHERE meeting_id = ? AND round = ? AND user_id = ? AND sticky_id = ? ORDER BY cap_slot DESC LIMIT 1)`,
    ),
    votesOfRound: db.prepare<[string, number], VoteRow>(
      'SELECT * FROM meeting_votes WHERE meeting_id = ? AND round = ? ORDER BY at, rowid',
    ),
    feedInsert: db.prepare('INSERT INTO calendar_feeds (id,token_hash,user_id,group_id,created_at) VALUES (?,?,?,?,?)'),
    feedByHash: db.prepare<[string], FeedRow>('SELECT * FROM calendar_feeds WHERE token_hash = ?'),
    feedsOfUser: db.prepare<[string], FeedRow>('SELECT * FROM calendar_feeds WHERE user_id = ? ORDER BY created_at, id'),
    feedsAll: db.prepare<[], FeedRow>('SELECT * FROM calendar_feeds ORDER BY created_at, id'),
    feedDelete: db.prepare('DELETE FROM calendar_feeds WHERE id = ? AND user_id = ?'),
    feedDeleteForUser: db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?'),
    metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    metaSet: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    metaDelete: db.prepare('DELETE FROM meta WHERE key = ?'),
    metaInsert: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO NOTHING'),
  });

  const appendRows = (docName: string, updates: Uint8Array[]): number => {
    let reserved = s.docReserveSeqs.get(updates.length, docName);
    if (!reserved) {
      s.docEnsure.run(docName);
      reserved = s.docReserveSeqs.get(updates.length, docName)!;
    }
    let seq = reserved.next_seq - updates.length;
    for (const u of updates) s.docUpdateInsert.run(docName, seq++, u);
    return seq - 1;
  };
  const appendTx = db.transaction(appendRows);
  // Group commit across docs: appends requested in one synchronous stretch (the collab server
  // starts every doc's pending write in the same event-loop turn) share one transaction, committed
  // in a microtask, so the callers still broadcast in that turn. If that transaction fails, each
  // append is tried again in a transaction of its own, so one doc's failure fails only that doc.
  let pendingAppends: PendingAppend[] = [];
  const appendBatchTx = db.transaction((batch: PendingAppend[]) => batch.map((p) => appendRows(p.docName, p.updates)));
  const flushAppends = (): void => {
    const batch = pendingAppends;
    pendingAppends = [];
    let seqs: number[] | null = null;
    try {
      seqs = appendBatchTx(batch);
    } catch (err) {
      // Rolled back as a whole; with more than one doc, find out which appends fail on their own.
      if (batch.length === 1) return batch[0]!.reject(err);
    }
    batch.forEach((p, i) => {
      if (seqs) return p.resolve(seqs[i]!);
      try {
        p.resolve(appendTx(p.docName, p.updates));
      } catch (err) {
        p.reject(err);
      }
    });
  };
  const compactTx = db.transaction((docName: string, merged: Uint8Array, throughSeq: number, expected: number): boolean => {
    if (s.docSetBase.run(merged, throughSeq, docName, expected).changes === 0) return false;
    s.docDeleteThrough.run(docName, throughSeq);
    return true;
  });

  // Count and insert in one transaction (IMMEDIATE: the write lock is taken before the count).
  const castTx = db.transaction((v: VoteRecord, budget: number, cap: number | null): 'ok' | 'budget' | 'cap' => {
    const mine = s.votesOfUser.all(v.meetingId, v.round, v.userId);
    if (mine.length >= budget) return 'budget';
    const onSticky = mine.filter((r) => r.sticky_id === v.stickyId);
    if (cap !== null && onSticky.length >= cap) return 'cap';
    s.voteInsert.run(v.meetingId, v.round, v.userId, freeSlot(mine.map((r) => r.slot)), v.stickyId,
      freeSlot(onSticky.map((r) => r.cap_slot)), v.at.getTime());
    return 'ok';
  });

  const createApplicationTx = db.transaction((a: ApplicationRecord) => {
    if (a.status === 'pending' && s.orgByNumber.get(a.orgNumber)) throw new DuplicateError('organisation number');
    insertUnique('application', () =>
      s.appInsert.run(a.id, a.status, a.name, a.orgNumber, a.street, a.postalCode, a.municipality, a.website,
        JSON.stringify(a.groupIds), a.contactName, a.contactEmail, a.createdAt.getTime(), a.statusTokenHash,
        ms(a.decidedAt), a.decidedBy, a.reason, a.organisationId),
    );
  });

  return {
    kind: 'sqlite',
    async init() {
      migrate(db);
      s = prepare();
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

    users: {
      async create(u) {
        try {
          s.userInsert.run(u.id, u.email, u.name, u.passwordHash, u.role, u.createdAt.getTime(), u.organisationId ?? null);
        } catch (err) {
          if (isUniqueViolation(err)) throw new DuplicateError('user');
          throw err;
        }
      },
      async findById(id) {
        const r = s.userById.get(id);
        return r ? toUser(r) : null;
      },
      async findByEmail(email) {
        const r = s.userByEmail.get(email);
        return r ? toUser(r) : null;
      },
      async countByRole(role) {
        return s.userCountByRole.get(role)!.n;
      },
      async list() {
        return s.userList.all().map(toUser);
      },
      async listByOrganisation(organisationId) {
        return s.usersByOrg.all(organisationId).map(toUser);
      },
      async update(id, patch) {
        try {
          return patchStatement(db, 'users', { name: 'name', email: 'email', passwordHash: 'password_hash', organisationId: 'organisation_id' }, patch, id);
        } catch (err) {
          if (isUniqueViolation(err)) throw new DuplicateError('user');
          throw err;
        }
      },
      async delete(id) {
        return s.userDelete.run(id).changes > 0;
      },
    },

    sessions: {
      async create(x) {
        s.sessionInsert.run(x.idHash, x.userId, x.createdAt.getTime(), x.expiresAt.getTime());
      },
      async find(idHash) {
        const r = s.sessionFind.get(idHash);
        return r ? toSession(r) : null;
      },
      async delete(idHash) {
        s.sessionDelete.run(idHash);
      },
      async deleteExpired(now) {
        return s.sessionDeleteExpired.run(now.getTime()).changes;
      },
      async deleteForUser(userId, exceptIdHash) {
        return s.sessionDeleteForUser.run(userId, exceptIdHash ?? null).changes;
      },
      async list() {
        return s.sessionList.all().map(toSession);
      },
    },

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

    memberships: {
      async upsert(m) {
        s.membershipUpsert.run(m.groupId, m.userId, m.role, m.createdAt.getTime());
      },
      async find(groupId, userId) {
        const r = s.membershipFind.get(groupId, userId);
        return r ? toMembership(r) : null;
      },
      async listForUser(userId) {
        return s.membershipsForUser.all(userId).map(toMembership);
      },
      async listForGroup(groupId) {
        return s.membershipsForGroup.all(groupId).map(toMembership);
      },
      async list() {
        return s.membershipList.all().map(toMembership);
      },
      async delete(groupId, userId) {
        return s.membershipDelete.run(groupId, userId).changes > 0;
      },
      async deleteForUser(userId) {
        return s.membershipDeleteForUser.run(userId).changes;
      },
    },

    organisations: {
      async create(o) {
        insertUnique('organisation', () =>
          s.orgInsert.run(o.id, o.name, o.orgNumber, o.street, o.postalCode, o.municipality, o.website,
            JSON.stringify(o.groupIds), o.contactUserId, o.joinedAt.getTime(), o.description ?? '', o.status ?? 'active', ms(o.leftAt)),
        );
      },
      async findById(id) {
        return one(s.orgById.get(id), toOrg);
      },
      async findByOrgNumber(orgNumber) {
        return one(s.orgByNumber.get(orgNumber), toOrg);
      },
      async list() {
        return s.orgList.all().map(toOrg);
      },
      async update(id, patch) {
        return patchStatement(db, 'organisations', organisationColumns, patch, id);
      },
      async delete(id) {
        return s.orgDelete.run(id).changes > 0;
      },
    },

    applications: {
      async create(a) {
        // The partial unique index makes two pending applications for one number impossible.
        createApplicationTx(a);
      },
      async findById(id) {
        return one(s.appById.get(id), toApplication);
      },
      async findByStatusTokenHash(hash) {
        return one(s.appByToken.get(hash), toApplication);
      },
      async list() {
        return s.appList.all().map(toApplication);
      },
      async decide(id, d) {
        return s.appDecide.run(d.status, ms(d.decidedAt), d.decidedBy, d.reason, d.organisationId, id).changes > 0;
      },
    },

    tokens: {
      async create(t) {
        s.tokenInsert.run(t.hash, t.kind, t.email, t.name, t.organisationId, t.userId, t.createdBy, t.createdAt.getTime(), t.expiresAt.getTime());
      },
      async find(hash, now) {
        return one(s.tokenFind.get(hash, now.getTime()), toToken);
      },
      async consume(hash, now) {
        return one(s.tokenConsume.get(hash, now.getTime()), toToken);
      },
      async deleteExpired(now) {
        return s.tokenDeleteExpired.run(now.getTime()).changes;
      },
      async list() {
        return s.tokenList.all().map(toToken);
      },
    },

    audit: {
      async append(e) {
        s.auditInsert.run(e.id, e.at.getTime(), e.actorId, e.action, e.target, JSON.stringify(e.details));
      },
      async list(limit, after) {
        const rows = after ? s.auditListAfter.all(after.at.getTime(), after.at.getTime(), after.id, limit) : s.auditList.all(limit);
        return rows.map(toAudit);
      },
    },

    joinRequests: {
      async create(j) {
        insertUnique('join request', () => s.joinInsert.run(j.groupId, j.userId, j.createdAt.getTime()));
      },
      async find(groupId, userId) {
        return one(s.joinFind.get(groupId, userId), toJoinRequest);
      },
      async listForGroup(groupId) {
        return s.joinForGroup.all(groupId).map(toJoinRequest);
      },
      async list() {
        return s.joinList.all().map(toJoinRequest);
      },
      async delete(groupId, userId) {
        return s.joinDelete.run(groupId, userId).changes > 0;
      },
      async deleteForUser(userId) {
        return s.joinDeleteForUser.run(userId).changes;
      },
    },

    docs: {
      append(docName, updates) {
        return new Promise<number>((resolve, reject) => {
          if (pendingAppends.length === 0) queueMicrotask(flushAppends);
          pendingAppends.push({ docName, updates, resolve, reject });
        });
      },
      async load(docName) {
        const head = s.docHead.get(docName);
        if (!head) return { base: null, baseSeq: 0, updates: [] };
        const updates = s.docUpdatesAfter.all(docName, head.base_seq).map((r) => ({ seq: r.seq, data: bytes(r.data) }));
        return { base: head.base ? bytes(head.base) : null, baseSeq: head.base_seq, updates };
      },
      async compact(docName, merged, throughSeq, expectedBaseSeq) {
        return compactTx(docName, merged, throughSeq, expectedBaseSeq);
      },
      async stats(docName) {
        const r = s.docStats.get(docName)!;
        return { updateCount: r.n, updateBytes: r.bytes ?? 0 };
      },
      async listNames() {
        return s.docNames.all().map((r) => r.name);
      },
    },

    snapshots: {
      async create(x) {
        s.snapshotInsert.run(x.id, x.docName, x.createdAt.getTime(), x.name, x.reason, JSON.stringify(x.contributorIds), x.state);
      },
      async list(docName) {
        return s.snapshotList.all(docName).map(toSnapshotInfo);
      },
      async get(id) {
        const r = s.snapshotGet.get(id);
        return r ? { ...toSnapshotInfo(r), state: bytes(r.state!) } : null;
      },
    },

    meetings: {
      async create(m) {
        insertUnique('meeting', () => s.meetingInsert.run(m.id, m.groupId, m.startsAt, m.status, m.version, JSON.stringify(m)));
      },
      async get(id) {
        const r = s.meetingGet.get(id);
        return r ? withFacilitatorHistory(JSON.parse(r.data) as NewMeetingRecord) : null;
      },
      async list(groupIds, statuses) {
        if (groupIds.length === 0 || statuses.length === 0) return [];
        const rows = db
          .prepare<unknown[], MeetingRow>(
            `SELECT data FROM meetings WHERE group_id IN (${groupIds.map(() => '?').join(',')})
               AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY starts_at, id`,
          )
          .all(...groupIds, ...statuses);
        return rows.map((r) => withFacilitatorHistory(JSON.parse(r.data) as NewMeetingRecord));
      },
      async replace(m, expectedVersion) {
        if (m.version !== expectedVersion + 1) throw new Error('replace: next.version must be expectedVersion + 1');
        return s.meetingReplace.run(m.groupId, m.startsAt, m.status, m.version, JSON.stringify(m), m.id, expectedVersion).changes > 0;
      },
    },

    meetingVotes: {
      async cast(v, { budget, cap }) {
        return castTx.immediate(v, budget, cap);
      },
      async retract(meetingId, round, userId, stickyId) {
        return s.voteRetract.run(meetingId, round, userId, stickyId).changes > 0;
      },
      async list(meetingId, round) {
        return s.votesOfRound.all(meetingId, round).map((r) => ({
          meetingId: r.meeting_id,
          round: r.round,
          userId: r.user_id,
          stickyId: r.sticky_id,
          at: new Date(r.at),
        }));
      },
    },

    calendarFeeds: {
      async create(f) {
        insertUnique('calendar feed', () => s.feedInsert.run(f.id, f.tokenHash, f.userId, f.groupId, f.createdAt.getTime()));
      },
      async findByTokenHash(hash) {
        return one(s.feedByHash.get(hash), toFeed);
      },
      async listForUser(userId) {
        return s.feedsOfUser.all(userId).map(toFeed);
      },
      async list() {
        return s.feedsAll.all().map(toFeed);
      },
      async delete(id, userId) {
        return s.feedDelete.run(id, userId).changes > 0;
      },
      async deleteForUser(userId) {
        return s.feedDeleteForUser.run(userId).changes;
      },
    },

    search: createSqliteSearch(db),

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
  };
}
