import type Database from 'better-sqlite3';
import type { GroupRole } from '@samla/shared';
import type { JoinRequestRecord, MembershipRecord } from '../store.js';
import { insertUnique, one, type SqliteRepositories } from './rows.js';

interface MembershipRow { group_id: string; user_id: string; role: string; created_at: number }
interface JoinRequestRow { group_id: string; user_id: string; created_at: number }

const toMembership = (r: MembershipRow): MembershipRecord => ({
  groupId: r.group_id,
  userId: r.user_id,
  role: r.role as GroupRole,
  createdAt: new Date(r.created_at),
});
const toJoinRequest = (r: JoinRequestRow): JoinRequestRecord => ({
  groupId: r.group_id,
  userId: r.user_id,
  createdAt: new Date(r.created_at),
});

/** Who is in which group with which role, and the pending requests to join one. */
export function createSqliteMembership(db: Database.Database): SqliteRepositories<'memberships' | 'joinRequests'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    membershipDelete: db.prepare('DELETE FROM memberships WHERE group_id = ? AND user_id = ?'),
    membershipDeleteForUser: db.prepare('DELETE FROM memberships WHERE user_id = ?'),
    membershipUpsert: db.prepare(
      `INSERT INTO memberships (group_id,user_id,role,created_at) VALUES (?,?,?,?)
       ON CONFLICT (group_id,user_id) DO UPDATE SET role = excluded.role`,
    ),
    membershipFind: db.prepare<[string, string], MembershipRow>('SELECT * FROM memberships WHERE group_id = ? AND user_id = ?'),
    membershipsForUser: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE user_id = ? ORDER BY created_at, group_id'),
    membershipsForGroup: db.prepare<[string], MembershipRow>('SELECT * FROM memberships WHERE group_id = ? ORDER BY created_at, user_id'),
    membershipList: db.prepare<[], MembershipRow>('SELECT * FROM memberships ORDER BY group_id, user_id'),
    joinInsert: db.prepare('INSERT INTO join_requests (group_id,user_id,created_at) VALUES (?,?,?)'),
    joinFind: db.prepare<[string, string], JoinRequestRow>('SELECT * FROM join_requests WHERE group_id = ? AND user_id = ?'),
    joinForGroup: db.prepare<[string], JoinRequestRow>('SELECT * FROM join_requests WHERE group_id = ? ORDER BY created_at, user_id'),
    joinList: db.prepare<[], JoinRequestRow>('SELECT * FROM join_requests ORDER BY group_id, created_at, user_id'),
    joinDelete: db.prepare('DELETE FROM join_requests WHERE group_id = ? AND user_id = ?'),
    joinDeleteForUser: db.prepare('DELETE FROM join_requests WHERE user_id = ?'),
  });

  return {
    repos: {
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
    },
    prepare() {
      s = statements();
    },
  };
}
