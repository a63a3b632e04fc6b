import type { Collection, ObjectId } from 'mongodb';
import type { GroupRole } from '@samla/shared';
import { DuplicateError, type JoinRequestRecord, type MembershipRecord, type Store } from '../store.js';
import { isDuplicate, upsertRetrying } from './common.js';

export interface MembershipDoc { _id?: ObjectId; groupId: string; userId: string; role: string; createdAt: Date }
export interface JoinRequestDoc { _id: string; groupId: string; userId: string; createdAt: Date }

const toMembership = (d: MembershipDoc): MembershipRecord => ({
  groupId: d.groupId,
  userId: d.userId,
  role: d.role as GroupRole,
  createdAt: d.createdAt,
});
const toJoinRequest = (d: JoinRequestDoc): JoinRequestRecord => ({ groupId: d.groupId, userId: d.userId, createdAt: d.createdAt });
const joinKey = (groupId: string, userId: string) => `${groupId}\u0000${userId}`;

/** Who is in which group with which role, and the pending requests to join one. */
export function createMongoMembership({ memberships, joinRequests }: {
  memberships: Collection<MembershipDoc>;
  joinRequests: Collection<JoinRequestDoc>;
}): Pick<Store, 'memberships' | 'joinRequests'> {
  return {
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
  };
}
