import type Database from 'better-sqlite3';
import type { UserRole } from '@samla/shared';
import { DuplicateError, type SessionRecord, type TokenKind, type TokenRecord, type UserRecord } from '../store.js';
import { isUniqueViolation, one, patchStatement, type SqliteRepositories } from './rows.js';

interface UserRow { id: string; email: string; name: string; password_hash: string; role: string; created_at: number; organisation_id: string | null }
interface SessionRow { id_hash: string; user_id: string; created_at: number; expires_at: number }
interface TokenRow {
  hash: string; kind: string; email: string; name: string | null; organisation_id: string | null; user_id: string | null;
  created_by: string | null; created_at: number; expires_at: number;
}

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

/** People, their sign-in sessions and their one-time link tokens. */
export function createSqliteIdentity(db: Database.Database): SqliteRepositories<'users' | 'sessions' | 'tokens'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    userInsert: db.prepare('INSERT INTO users (id,email,name,password_hash,role,created_at,organisation_id) VALUES (?,?,?,?,?,?,?)'),
    usersByOrg: db.prepare<[string], UserRow>('SELECT * FROM users WHERE organisation_id = ? ORDER BY created_at, id'),
    userDelete: db.prepare('DELETE FROM users WHERE id = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    // The ids as one JSON array: a statement prepared once, whatever the list's length.
    usersByIds: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))'),
    userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
    userCountByRole: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM users WHERE role = ?'),
    userList: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
    sessionDeleteForUser: db.prepare('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?'),
    sessionInsert: db.prepare('INSERT INTO sessions (id_hash,user_id,created_at,expires_at) VALUES (?,?,?,?)'),
    sessionFind: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?'),
    sessionDelete: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
    sessionDeleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    sessionList: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY created_at, id_hash'),
    tokenInsert: db.prepare(
      'INSERT INTO tokens (hash,kind,email,name,organisation_id,user_id,created_by,created_at,expires_at) VALUES (?,?,?,?,?,?,?,?,?)',
    ),
    tokenFind: db.prepare<[string, number], TokenRow>('SELECT * FROM tokens WHERE hash = ? AND expires_at > ?'),
    tokenConsume: db.prepare<[string, number], TokenRow>('DELETE FROM tokens WHERE hash = ? AND expires_at > ? RETURNING *'),
    tokenDeleteExpired: db.prepare('DELETE FROM tokens WHERE expires_at <= ?'),
    tokenList: db.prepare<[], TokenRow>('SELECT * FROM tokens ORDER BY created_at, hash'),
    tokenDeleteForEmail: db.prepare('DELETE FROM tokens WHERE lower(email) = lower(?)'),
  });

  return {
    repos: {
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
        async findByIds(ids) {
          return ids.length === 0 ? [] : s.usersByIds.all(JSON.stringify(ids)).map(toUser);
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
        async deleteForEmail(email) {
          return s.tokenDeleteForEmail.run(email).changes;
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
