import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GroupRole, UserRole } from '@samla/shared';
import {
  DuplicateError,
  type GroupRecord,
  type MembershipRecord,
  type SessionRecord,
  type SnapshotInfo,
  type SnapshotReason,
  type Store,
  type UserRecord,
} from '../store.js';
import { migrate } from './migrations.js';

interface UserRow { id: string; email: string; name: string; password_hash: string; role: string; created_at: number }
interface SessionRow { id_hash: string; user_id: string; created_at: number; expires_at: number }
interface GroupRow { id: string; name: string; description: string; created_at: number }
interface SnapshotRow { id: string; doc: string; created_at: number; name: string | null; reason: string; contributor_ids: string; state?: Buffer }
interface MembershipRow { group_id: string; user_id: string; role: string; created_at: number }

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  role: r.role as UserRole,
  createdAt: new Date(r.created_at),
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
});
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
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

/** The embedded store: one SQLite file in WAL mode. `path` may be ':memory:' in tests. */
export function createSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');

  // Prepared lazily: statements need the migrated schema.
  let s: ReturnType<typeof prepare>;
  const prepare = () => ({
    userInsert: db.prepare('INSERT INTO users (id,email,name,password_hash,role,created_at) VALUES (?,?,?,?,?,?)'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userCountByRole: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE role = ?'),
    userList: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
    sessionInsert: db.prepare('INSERT INTO sessions (id_hash,user_id,created_at,expires_at) VALUES (?,?,?,?)'),
    sessionFind: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?'),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    sessionDeleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    sessionList: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY created_at, id_hash'),
    groupInsert: db.prepare('INSERT INTO groups (id,name,description,created_at) VALUES (?,?,?,?)'),
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
    docSetNextSeq: db.prepare('UPDATE docs SET next_seq = ? WHERE name = ?'),
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
    metaGet: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    metaSet: db.prepare('INSERT INTO meta (key,value) VALUES (?,?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    metaDelete: db.prepare('DELETE FROM meta WHERE key = ?'),
  });

  const appendTx = db.transaction((docName: string, updates: Uint8Array[]): number => {
    s.docEnsure.run(docName);
    let seq = s.docHead.get(docName)!.next_seq;
    for (const u of updates) s.docUpdateInsert.run(docName, seq++, u);
    s.docSetNextSeq.run(seq, docName);
    return seq - 1;
  });
  const compactTx = db.transaction((docName: string, merged: Uint8Array, throughSeq: number, expected: number): boolean => {
    if (s.docSetBase.run(merged, throughSeq, docName, expected).changes === 0) return false;
    s.docDeleteThrough.run(docName, throughSeq);
    return true;
  });

  return {
    kind: 'sqlite',
    async init() {
      migrate(db);
      s = prepare();
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },

    users: {
      async create(u) {
        try {
          s.userInsert.run(u.id, u.email, u.name, u.passwordHash, u.role, u.createdAt.getTime());
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
      async list() {
        return s.sessionList.all().map(toSession);
      },
    },

    groups: {
      async create(g) {
        try {
          s.groupInsert.run(g.id, g.name, g.description, g.createdAt.getTime());
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
    },

    docs: {
      async append(docName, updates) {
        return appendTx(docName, updates);
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

    meta: {
      async get(key) {
        return s.metaGet.get(key)?.value ?? null;
      },
      async set(key, value) {
        s.metaSet.run(key, value);
      },
      async delete(key) {
        s.metaDelete.run(key);
      },
    },
  };
}
