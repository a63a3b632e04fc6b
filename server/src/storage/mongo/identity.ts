import type { Collection } from 'mongodb';
import type { UserRole } from '@samla/shared';
import { DuplicateError, type SessionRecord, type Store, type TokenKind, type TokenRecord, type UserRecord } from '../store.js';
import { anyCase, isDuplicate, patch } from './common.js';

export interface UserDoc { _id: string; email: string; name: string; passwordHash: string; role: string; createdAt: Date; organisationId?: string | null }
export interface SessionDoc { _id: string; userId: string; createdAt: Date; expiresAt: Date }
export type TokenDoc = Omit<TokenRecord, 'hash'> & { _id: string };

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
const toToken = ({ _id, ...d }: TokenDoc): TokenRecord => ({ hash: _id, ...d, kind: d.kind as TokenKind });

/** People, their sign-in sessions and their one-time link tokens. */
export function createMongoIdentity({ users, sessions, tokens }: {
  users: Collection<UserDoc>;
  sessions: Collection<SessionDoc>;
  tokens: Collection<TokenDoc>;
}): Pick<Store, 'users' | 'sessions' | 'tokens'> {
  return {
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
      async findByIds(ids) {
        return ids.length === 0 ? [] : (await users.find({ _id: { $in: [...ids] } }).toArray()).map(toUser);
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
      async deleteForEmail(email) {
        return (await tokens.deleteMany({ email: anyCase(email) })).deletedCount;
      },
    },
  };
}
