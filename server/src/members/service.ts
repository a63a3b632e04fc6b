import { AppError, ErrorCode, FORMER_MEMBER, itemDocName, readSpaceItems, spaceDocName, type GroupMember, type GroupRole } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import type { CollabServer } from '../collab/server.js';
import type { Policy } from '../policy/policy.js';
import { localSockets, type OnEveryInstance, type SamlaServer } from '../realtime/io.js';
import { groupRoom, meetingRoomsOf, membersRoom, userRoom } from '../realtime/rooms.js';
import { DuplicateError, type MembershipRecord, type Store, type UserRecord } from '../storage/store.js';
import { markFormerAuthors } from './formerMembers.js';


export interface MembersDeps {
  store: Store;
  policy: Policy;
  audit: Audit;
  io: SamlaServer;
  onEveryInstance: OnEveryInstance;
  collab: CollabServer;
  now: () => Date;
  /**
   * The account is gone: what other features derived from the person's name (the search index of
   * sessions' minutes and action items) is written again. Their records resolve the name when read.
   */
  accountDeleted?: (userId: string) => Promise<void>;
}

export type Members = ReturnType<typeof createMembers>;

/**
 * Everything that changes who is in which group, and what follows on open connections. Authorization
 * is decided by the caller through the policy; this module only carries the change out.
 */
export function createMembers({ store, policy, audit, io, onEveryInstance, collab, now, accountDeleted }: MembersDeps) {
  /**
   * Everyone else with the group's members page open reads its members and join requests again. The
   * person who made the change is left out: their page updates from the answer to their own request,
   * and a second reload racing that answer would only redo the work.
   */
  function listChanged(groupId: string, actorId?: string): void {
    const room = io.to(membersRoom(groupId));
    (actorId ? room.except(userRoom(actorId)) : room).emit('members:changed', { groupId });
  }

  /**
   * Session rooms are known by their group's prefix only, which socketsLeave cannot name: each instance
   * takes its own sockets of the person out of them. A removed person must stop hearing the group's sessions at once.
   */
  const leaveSessions = onEveryInstance('meetings:revoked', ({ userId, groupId }) => {
    const prefix = meetingRoomsOf(groupId);
    for (const socket of localSockets(io, userRoom(userId))) {
      for (const room of socket.rooms) if (room.startsWith(prefix)) void socket.leave(room);
    }
  });

  /** The person lost the group: documents close, sockets leave its rooms (on every instance) and are told. */
  function revoked(userId: string, groupId: string): void {
    collab.changeAccess(userId, groupId, 'revoke');
    io.in(userRoom(userId)).emit('membership:revoked', { groupId });
    io.in(userRoom(userId)).socketsLeave([groupRoom(groupId), membersRoom(groupId)]);
    leaveSessions({ userId, groupId });
  }

  function roleChanged(userId: string, groupId: string, from: GroupRole, to: GroupRole): void {
    if (from === to) return;
    const canWrite = (r: GroupRole) => r !== 'observer';
    if (canWrite(from) && !canWrite(to)) collab.changeAccess(userId, groupId, 'readOnly');
    else if (!canWrite(from) && canWrite(to)) collab.changeAccess(userId, groupId, 'reconnect');
    io.in(userRoom(userId)).emit('membership:changed', { groupId, role: to });
  }

  /**
   * A membership as `viewer` sees it. `viewer` is null when the caller has already decided the viewer
   * may not manage members; otherwise they may, and the policy's `manageMember` decides per row.
   */
  async function toMember(m: MembershipRecord, viewer: UserRecord | null): Promise<GroupMember> {
    const user = await store.users.findById(m.userId);
    const org = user?.organisationId ? await store.organisations.findById(user.organisationId) : null;
    const manage = viewer !== null && policy.manageMember(viewer, user ?? null).allowed;
    return {
      userId: m.userId,
      name: user?.name ?? FORMER_MEMBER,
      organisation: org?.name ?? null,
      role: m.role,
      since: m.createdAt.toISOString(),
      can: { changeRole: manage, remove: manage && viewer.id !== m.userId },
    };
  }

  async function existingMember(groupId: string, userId: string): Promise<MembershipRecord> {
    const m = await store.memberships.find(groupId, userId);
    if (!m) throw new AppError(ErrorCode.notFound, 'no such member of this group');
    return m;
  }

  /**
   * The addresses the account had before its current one, as its email changes logged them. One that
   * another account holds now is left out: a shared address (info@…) may have passed to someone else.
   */
  async function earlierAddresses(user: UserRecord): Promise<string[]> {
    const filter = { actorId: user.id, action: 'account.email_changed' };
    const earlier = new Set<string>();
    for (let page = await store.audit.list(100, undefined, filter); page.length > 0; page = await store.audit.list(100, page.at(-1), filter)) {
      for (const e of page) for (const v of [e.details.from, e.details.to]) if (typeof v === 'string') earlier.add(v.toLowerCase());
    }
    earlier.delete(user.email.toLowerCase());
    const free = await Promise.all([...earlier].map(async (a) => ((await store.users.findByEmail(a)) ? null : a)));
    return free.filter((a): a is string => a !== null);
  }

  /** Removes a person's account; what they wrote stays, attributed to "former member". */
  async function deleteAccount(user: UserRecord, actorId: string, why: string): Promise<void> {
    if (user.role === 'coordinator' && (await store.users.countByRole('coordinator')) <= 1) {
      throw new AppError(ErrorCode.lastCoordinator, 'the network needs at least one coordinator');
    }
    const memberships = await store.memberships.listForUser(user.id);
    const asked = (await store.joinRequests.list()).filter((j) => j.userId === user.id).map((j) => j.groupId);
    if (user.organisationId) {
      const org = await store.organisations.findById(user.organisationId);
      if (org?.contactUserId === user.id) await store.organisations.update(org.id, { contactUserId: null });
    }
    await store.joinRequests.deleteForUser(user.id);
    await store.memberships.deleteForUser(user.id);
    await store.calendarFeeds.deleteForUser(user.id);
    await store.sessions.deleteForUser(user.id);
    await store.users.delete(user.id);
    // Applications and invitations copy the person's name and address without their id, so they are
    // rewritten here rather than resolved when read: the applications name "former member" and no
    // address, and invitations still pending for the address stop working.
    await store.applications.pseudonymiseContact(user.email, FORMER_MEMBER);
    await store.tokens.deleteForEmail(user.email);
    // The log names addresses (invitations, email changes); the person's own become "former member" there.
    await store.audit.redact([user.email, ...(await earlierAddresses(user))], FORMER_MEMBER);
    // The organisation's id in the entry: its history (the audit filter `concerning`) cannot find the
    // person among its people any more.
    await audit(actorId, 'account.deleted', `user:${user.id}`, {
      why,
      groups: memberships.map((m) => m.groupId),
      ...(user.organisationId ? { organisationId: user.organisationId } : {}),
    });
    collab.changeAccess(user.id, null, 'revoke');
    io.in(userRoom(user.id)).disconnectSockets(true);
    for (const groupId of new Set([...memberships.map((m) => m.groupId), ...asked])) listChanged(groupId);
    await anonymiseStickies(user.id);
    await accountDeleted?.(user.id);
  }

  /**
   * Stickies carry their author's name inside the board (so it shows offline). Once the account is
   * gone they say "former member" instead, in every board of every group, as a new edit that open
   * boards receive. (Past versions keep what they held: history is never rewritten; they are
   * pseudonymised when shown or restored, see formerMembers.ts.)
   */
  async function anonymiseStickies(userId: string): Promise<void> {
    for (const group of await store.groups.list()) {
      const boards = await collab.withDoc(spaceDocName(group.id), (space) =>
        readSpaceItems(space.doc).filter((item) => item.kind === 'board').map((item) => item.id),
      );
      for (const boardId of boards) {
        await collab.withDoc(itemDocName(group.id, 'board', boardId), (board) => markFormerAuthors(board.doc, (id) => id === userId));
      }
    }
  }

  return {
    listChanged,

    /** The group's rights changed for everyone (archived or reopened): open documents reconnect to get them. */
    reconnect(userId: string, groupId: string): void {
      collab.changeAccess(userId, groupId, 'reconnect');
    },

    async list(groupId: string, viewer: UserRecord | null): Promise<GroupMember[]> {
      const members = await Promise.all((await store.memberships.listForGroup(groupId)).map((m) => toMember(m, viewer)));
      return members.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    },

    async setRole(actor: UserRecord, groupId: string, userId: string, role: GroupRole): Promise<GroupMember> {
      const before = await existingMember(groupId, userId);
      const after = { ...before, role };
      await store.memberships.upsert(after);
      await audit(actor.id, 'membership.role_changed', `group:${groupId}`, { userId, from: before.role, to: role });
      roleChanged(userId, groupId, before.role, role);
      listChanged(groupId, actor.id);
      return toMember(after, actor);
    },

    /** A coordinator puts a person straight into a group, without a join request. */
    async add(actor: UserRecord, groupId: string, userId: string, role: GroupRole): Promise<GroupMember> {
      if (!(await store.users.findById(userId))) throw new AppError(ErrorCode.notFound, 'no such person');
      const membership = { groupId, userId, role, createdAt: now() };
      await store.memberships.upsert(membership);
      await audit(actor.id, 'membership.added', `group:${groupId}`, { userId, role });
      io.in(userRoom(userId)).emit('membership:changed', { groupId, role });
      listChanged(groupId, actor.id);
      return toMember(membership, actor);
    },

    async remove(actor: UserRecord, groupId: string, userId: string): Promise<void> {
      await existingMember(groupId, userId);
      await store.memberships.delete(groupId, userId);
      await audit(actor.id, actor.id === userId ? 'membership.left' : 'membership.removed', `group:${groupId}`, { userId });
      revoked(userId, groupId);
      listChanged(groupId, actor.id);
    },

    async requestJoin(user: UserRecord, groupId: string): Promise<void> {
      try {
        await store.joinRequests.create({ groupId, userId: user.id, createdAt: now() });
      } catch (err) {
        if (err instanceof DuplicateError) throw new AppError(ErrorCode.conflict, 'you have already asked to join');
        throw err;
      }
      listChanged(groupId, user.id);
    },

    async decideJoin(actor: UserRecord, groupId: string, userId: string, approve: boolean, role: GroupRole = 'member') {
      if (!(await store.joinRequests.delete(groupId, userId))) {
        throw new AppError(ErrorCode.notFound, 'no pending request from this person');
      }
      await audit(actor.id, approve ? 'join_request.approved' : 'join_request.rejected', `group:${groupId}`, { userId, role });
      listChanged(groupId, actor.id);
      if (!approve || !(await store.users.findById(userId))) return null;
      const membership = { groupId, userId, role, createdAt: now() };
      await store.memberships.upsert(membership);
      io.in(userRoom(userId)).emit('membership:changed', { groupId, role });
      return toMember(membership, actor);
    },

    deleteAccount,

    /** The organisation leaves the network: its people's accounts go, then the organisation. */
    async leaveOrganisation(actor: UserRecord, organisationId: string): Promise<void> {
      const org = await store.organisations.findById(organisationId);
      if (!org) throw new AppError(ErrorCode.notFound, 'no such organisation');
      const people = await store.users.listByOrganisation(org.id);
      for (const p of people) await deleteAccount(p, actor.id, 'organisation left the network');
      await store.organisations.delete(org.id);
      await audit(actor.id, 'organisation.left', `organisation:${org.id}`, { name: org.name, orgNumber: org.orgNumber, people: people.length });
    },
  };
}
