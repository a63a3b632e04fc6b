import type { ActionItem, GroupCan, GroupRole } from '@samla/shared';
import type { GroupRecord, MeetingRecord, Store, UserRecord } from '../storage/store.js';

/**
 * The one place that answers "may this person do this to this resource".
 * REST routes, Socket.IO handlers and the Yjs upgrade all ask here; no check is written inline.
 *
 * Three kinds of resource:
 * - a working group (`inGroup`): content rights come from the person's role in the group; a coordinator
 *   administers every group (members, roles, join requests) but reads its content only as a member of it;
 * - the network (`network`): coordinator-only administration (applications, groups, audit log, exports);
 * - an organisation (`onOrganisation`): its contact person (and coordinators) invite colleagues and
 *   can make it leave; its people can see it.
 */
export type Action =
  /** See the group's page, its members and its documents. */
  | 'group:read'
  | 'doc:read'
  | 'doc:write'
  | 'presence:join'
  | 'members:read'
  /** Ask to join: a signed-in person who is not yet in the group. */
  | 'group:request-join'
  /** Approve or reject join requests, change roles, remove members. */
  | 'members:manage'
  /** See the group's sessions (schedule, .ics). */
  | 'meetings:read'
  /** Schedule, edit and cancel sessions. */
  | 'meetings:schedule'
  /** Be in a session's room and see everything in it, read its minutes. */
  | 'meeting:attend'
  /** Raise a hand and vote in a session, amend the minutes of one attended. */
  | 'meeting:participate'
  /** Have a secret calendar feed of the group's sessions: people in the group only (not coordinators outside it). */
  | 'meetings:subscribe';

/**
 * Rights in one session, on top of the group's: the controls belong to the session's facilitator (who
 * scheduled it, or to whom it was handed), whatever their group role; a group facilitator may take the
 * role over and approve the minutes; only people who attended amend them.
 */
export type MeetingAction = 'meeting:facilitate' | 'meeting:take-over' | 'minutes:amend' | 'minutes:approve';

const networkActions = ['applications:manage', 'groups:manage', 'audit:read', 'members:export', 'organisations:manage'] as const;
export type NetworkAction = (typeof networkActions)[number];

export type OrganisationAction = 'organisation:read' | 'organisation:invite' | 'organisation:leave';

export type DenyReason = 'unauthenticated' | 'not_found' | 'forbidden' | 'archived';

export type Decision =
  | { allowed: true; role: GroupRole | null; group: GroupRecord }
  | { allowed: false; reason: DenyReason };

export type Simple = { allowed: true } | { allowed: false; reason: DenyReason };

const meetingRights = {
  observer: ['meetings:read', 'meeting:attend', 'meetings:subscribe'],
  member: ['meetings:read', 'meeting:attend', 'meeting:participate', 'meetings:subscribe'],
  facilitator: ['meetings:read', 'meetings:schedule', 'meeting:attend', 'meeting:participate', 'meetings:subscribe'],
} as const;

const rights: Record<GroupRole, ReadonlySet<Action>> = {
  facilitator: new Set(['group:read', 'doc:read', 'doc:write', 'presence:join', 'members:read', 'members:manage', ...meetingRights.facilitator]),
  member: new Set(['group:read', 'doc:read', 'doc:write', 'presence:join', 'members:read', ...meetingRights.member]),
  observer: new Set(['group:read', 'doc:read', 'presence:join', 'members:read', ...meetingRights.observer]),
};
/**
 * What a coordinator may do in a group they are not a member of. They schedule sessions (and so see the
 * schedule) but attend them, like all content, only as a member.
 */
const coordinatorRights: ReadonlySet<Action> = new Set(['members:read', 'members:manage', 'meetings:read', 'meetings:schedule']);
/** What nobody may do in an archived group: it is kept for reading. */
const closedWhenArchived: ReadonlySet<Action> = new Set(['doc:write', 'group:request-join', 'meetings:schedule', 'meeting:participate']);

export const roleAllows = (role: GroupRole, action: Action): boolean => rights[role].has(action);

/** Whom a session may be handed over to: someone who takes part in the group, not an observer. */
export const mayLeadSession = (role: GroupRole | null): boolean => role !== null && roleAllows(role, 'meeting:participate');

/** A group facilitator may take over any session of the group and approve its minutes. */
const leadsEverySession = (role: GroupRole | null) => role === 'facilitator';

const isCoordinator = (user: Person) => user?.role === 'coordinator';

/** The network's administration is the coordinators'. */
const networkAllows = (user: Person, _action: NetworkAction): boolean => isCoordinator(user);

/** What the UI offers the signed-in person across the network (their answer's `can`). */
export const networkCan = (user: NonNullable<Person>) => ({ administer: networkActions.every((a) => networkAllows(user, a)) });

/** `inGroup`'s decision once the group and the person's role in it are known. */
function decide(user: NonNullable<Person>, role: GroupRole | null, group: GroupRecord, action: Action): Decision {
  const allowed =
    action === 'group:request-join'
      ? role === null
      : (role !== null && roleAllows(role, action)) || (isCoordinator(user) && coordinatorRights.has(action));
  // Only tell people who could otherwise do it that the group is archived; the rest simply may not.
  if (group.archivedAt && closedWhenArchived.has(action)) return { allowed: false, reason: allowed ? 'archived' : 'forbidden' };
  return allowed ? { allowed: true, role, group } : { allowed: false, reason: 'forbidden' };
}

type Person = (Pick<UserRecord, 'id'> & Partial<Pick<UserRecord, 'role' | 'organisationId'>>) | null;

export type Policy = ReturnType<typeof createPolicy>;

export function createPolicy(store: Store) {
  const coordinator = isCoordinator;

  return {
    async inGroup(user: Person, action: Action, groupId: string): Promise<Decision> {
      if (!user) return { allowed: false, reason: 'unauthenticated' };
      const [group, membership] = await Promise.all([
        store.groups.findById(groupId),
        store.memberships.find(groupId, user.id),
      ]);
      // Group names are public (the member directory lists them), so telling "no such group" apart is safe.
      if (!group) return { allowed: false, reason: 'not_found' };
      return decide(user, membership?.role ?? null, group, action);
    },

    /** What the UI offers in a group, from the same rules as `inGroup` (answers carry it as `can`). */
    groupCan(user: NonNullable<Person>, role: GroupRole | null, group: GroupRecord): GroupCan {
      const may = (action: Action) => decide(user, role, group, action).allowed;
      return {
        writeDocs: may('doc:write'),
        scheduleMeetings: may('meetings:schedule'),
        manageMembers: may('members:manage'),
        leadMeetings: may('meeting:attend') && leadsEverySession(role),
      };
    },

    /** A session of a group: the group's `meeting:attend` right plus the session's own rule (see MeetingAction). */
    async onMeeting(
      user: Person,
      action: MeetingAction,
      meeting: Pick<MeetingRecord, 'groupId' | 'facilitatorId' | 'attendance'>,
    ): Promise<Decision> {
      const base = await this.inGroup(user, action === 'minutes:amend' ? 'meeting:participate' : 'meeting:attend', meeting.groupId);
      if (!base.allowed || !user) return base;
      const isFacilitator = user.id === meeting.facilitatorId;
      const allowed =
        action === 'meeting:facilitate'
          ? isFacilitator
          : action === 'minutes:amend'
            ? meeting.attendance.some((a) => a.userId === user.id)
            : isFacilitator || leadsEverySession(base.role);
      return allowed ? base : { allowed: false, reason: 'forbidden' };
    },

    /**
     * Marking an action item done or reopening it (the /actions tracker). Allowed to anyone who may read
     * the session (`meeting:attend`, so coordinators only as members of the group) and is one of: the
     * person who owns the item, someone of the organisation that owns it, the session's facilitator, a
     * group facilitator, or a coordinator. Not in archived groups: they are kept for reading.
     */
    async onActionItem(
      user: Person,
      meeting: Pick<MeetingRecord, 'groupId' | 'facilitatorId'>,
      item: Pick<ActionItem, 'owner'>,
    ): Promise<Decision> {
      const base = await this.inGroup(user, 'meeting:attend', meeting.groupId);
      if (!base.allowed || !user) return base;
      const owner = item.owner;
      const allowed =
        (owner.kind === 'user' ? owner.userId === user.id : !!user.organisationId && owner.organisationId === user.organisationId) ||
        user.id === meeting.facilitatorId ||
        base.role === 'facilitator' ||
        coordinator(user);
      if (!allowed) return { allowed: false, reason: 'forbidden' };
      return base.group.archivedAt ? { allowed: false, reason: 'archived' } : base;
    },

    network(user: Person, action: NetworkAction): Simple {
      if (!user) return { allowed: false, reason: 'unauthenticated' };
      return networkAllows(user, action) ? { allowed: true } : { allowed: false, reason: 'forbidden' };
    },

    async onOrganisation(user: Person, action: OrganisationAction, organisationId: string): Promise<Simple> {
      if (!user) return { allowed: false, reason: 'unauthenticated' };
      const org = await store.organisations.findById(organisationId);
      if (!org) return { allowed: false, reason: 'not_found' };
      if (coordinator(user)) return { allowed: true };
      const own = user.organisationId === org.id;
      const allowed = action === 'organisation:read' ? own : own && org.contactUserId === user.id;
      // People outside the organisation learn nothing about who its contact is.
      return allowed ? { allowed: true } : { allowed: false, reason: 'forbidden' };
    },

    /**
     * Changing or ending another person's membership, for someone who already has `members:manage` in
     * the group: a coordinator's membership is theirs to keep, so only a coordinator may change it.
     */
    manageMember(user: Person, target: Pick<UserRecord, 'id' | 'role'> | null): Simple {
      if (!user) return { allowed: false, reason: 'unauthenticated' };
      return target?.role !== 'coordinator' || coordinator(user) ? { allowed: true } : { allowed: false, reason: 'forbidden' };
    },

    /** Things a person may do only to themselves, such as leaving a group. */
    selfService(user: Person, targetUserId: string): Simple {
      if (!user) return { allowed: false, reason: 'unauthenticated' };
      return user.id === targetUserId ? { allowed: true } : { allowed: false, reason: 'forbidden' };
    },
  };
}
