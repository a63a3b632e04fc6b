import { z } from 'zod';
import { groupId } from './groups.js';
import { itemId } from './docs.js';
import { namedRef } from './membership.js';

/**
 * Facilitated working-group sessions ("meetings" in code, REST and events, so that they are never
 * confused with sign-in sessions). Scheduling is REST; the live room is Socket.IO with the server as
 * the authority (see docs/api.md, "Sessions (meetings)"). Times on the wire: ISO 8601 strings in REST
 * bodies, epoch milliseconds inside the live state (so clients can correct their clock with `serverNow`).
 */
export const meetingId = z.string().regex(/^[a-z0-9][a-z0-9-]{7,39}$/, 'invalid meeting id');

/** A page or board of the group's space (see docs.ts): agenda links and "bring everyone here". */
export const spaceLink = z.object({ kind: z.enum(['page', 'board']), itemId }).strict();
export type SpaceLink = z.infer<typeof spaceLink>;

export const agendaItemInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    timeboxMinutes: z.number().int().min(1).max(480),
    link: spaceLink.nullish(),
  })
  .strict();
export type AgendaItemInput = z.infer<typeof agendaItemInput>;

const meetingFields = {
  title: z.string().trim().min(1).max(200),
  /** With a UTC offset or Z, e.g. 2026-03-05T13:00:00+01:00. */
  startsAt: z.iso.datetime({ offset: true }),
  /** Give either the duration or the end. */
  durationMinutes: z.number().int().min(5).max(24 * 60).optional(),
  endsAt: z.iso.datetime({ offset: true }).optional(),
  place: z.string().trim().max(300).nullish(),
  videoUrl: z.url({ protocol: /^https?$/ }).max(500).nullish(),
  agenda: z.array(agendaItemInput).max(50),
};

/** `POST /api/groups/:groupId/meetings`. */
export const scheduleMeetingRequest = z
  .object(meetingFields)
  .strict()
  .refine((m) => (m.durationMinutes === undefined) !== (m.endsAt === undefined), {
    message: 'give either durationMinutes or endsAt',
    path: ['durationMinutes'],
  })
  .refine((m) => m.endsAt === undefined || Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    message: 'must be after startsAt',
    path: ['endsAt'],
  });
export type ScheduleMeetingRequest = z.infer<typeof scheduleMeetingRequest>;

/** `PATCH /api/groups/:groupId/meetings/:meetingId`: any subset; `agenda` replaces the whole agenda. */
export const editMeetingRequest = z
  .object(meetingFields)
  .partial()
  .strict()
  .refine((m) => !(m.durationMinutes !== undefined && m.endsAt !== undefined), {
    message: 'give either durationMinutes or endsAt',
    path: ['durationMinutes'],
  });
export type EditMeetingRequest = z.infer<typeof editMeetingRequest>;

export const meetingStatus = z.enum(['scheduled', 'live', 'ended', 'cancelled']);
export type MeetingStatus = z.infer<typeof meetingStatus>;

export const agendaItem = z.strictObject({
  id: z.string(),
  title: z.string(),
  timeboxMinutes: z.number().int(),
  link: spaceLink.nullable(),
  /** Time actually spent on the item, in ms, not counting the current stretch (see `currentItemStartedAt`). */
  spentMs: z.number(),
});
export type AgendaItem = z.infer<typeof agendaItem>;

/** What REST answers about a session (schedule only, no live state). */
export const meeting = z.strictObject({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  title: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  place: z.string().nullable(),
  videoUrl: z.string().nullable(),
  agenda: z.array(agendaItem),
  status: meetingStatus,
  facilitatorId: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Meeting = z.infer<typeof meeting>;

/**
 * The meeting timer. `running`: counts down to `endsAt` (server epoch ms); at 0 it stays running and
 * is overrun (`serverNow >= endsAt`) until someone stops it or moves on. `paused`: `remainingMs` left
 * (negative when paused while overrun).
 */
export type TimerState =
  | { status: 'running'; durationMs: number; endsAt: number }
  | { status: 'paused'; durationMs: number; remainingMs: number };

/** "Bring everyone here": a page, a board, or one section of a board. */
export const followTarget = z
  .object({ kind: z.enum(['page', 'board']), itemId, sectionId: z.string().min(1).max(100).nullish() })
  .strict()
  .refine((t) => t.kind === 'board' || !t.sectionId, { message: 'only boards have sections', path: ['sectionId'] });
export type FollowTarget = z.infer<typeof followTarget>;

export interface Attendee {
  userId: string;
  name: string;
  organisationId: string | null;
  organisationName: string | null;
  /** First time they joined the room, epoch ms. */
  joinedAt: number;
}

/** Someone in the room right now (from the room's sockets), with their state. */
export interface Participant {
  userId: string;
  name: string;
  color: string;
  organisationId: string | null;
  organisationName: string | null;
  role: 'facilitator' | 'member' | 'observer';
  /** The session may be handed over to them (the server's policy: they take part, not only observe). */
  canLead: boolean;
  following: boolean;
  handRaised: boolean;
}

export interface QueueEntry {
  userId: string;
  name: string;
  raisedAt: number;
}

export const voteScope = z.union([
  z.object({ stickyIds: z.array(z.string().min(1).max(100)).min(1).max(500) }).strict(),
  z.object({ sectionId: z.string().min(1).max(100) }).strict(),
]);

/** The open (or last revealed) dot vote. While open nobody but the voter learns where votes went. */
export interface VoteRound {
  round: number;
  boardId: string;
  /** The stickies open for voting; a section is resolved to its stickies when the vote opens. */
  stickyIds: string[];
  sectionId: string | null;
  votesPerPerson: number;
  maxPerSticky: number | null;
  status: 'open' | 'revealed';
  openedAt: number;
}

export const voteResult = z.strictObject({
  round: z.number().int(),
  boardId: z.string(),
  votesPerPerson: z.number().int(),
  maxPerSticky: z.number().int().nullable(),
  /** Ranked: most votes first, ties by sticky id. Stickies without votes are included with 0. */
  ranking: z.array(z.strictObject({ stickyId: z.string(), text: z.string(), votes: z.number().int() })),
  voters: z.number().int(),
  totalVotes: z.number().int(),
  revealedAt: z.number(),
});
export type VoteResult = z.infer<typeof voteResult>;

/** One person's votes in the open round (only ever sent to that person). */
export interface MyVotes {
  round: number;
  votes: Record<string, number>;
  remaining: number;
}

export const decision = z.strictObject({
  id: z.string(),
  text: z.string(),
  agendaItemId: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
});
export type Decision = z.infer<typeof decision>;

export const actionOwner = z.union([
  z.object({ kind: z.literal('user'), userId: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('organisation'), organisationId: z.string().min(1).max(100) }).strict(),
]);
export type ActionOwnerInput = z.infer<typeof actionOwner>;

export const actionItem = z.strictObject({
  id: z.string(),
  text: z.string(),
  owner: z.union([
    z.strictObject({ kind: z.literal('user'), userId: z.string(), name: z.string() }),
    z.strictObject({ kind: z.literal('organisation'), organisationId: z.string(), name: z.string() }),
  ]),
  /** YYYY-MM-DD or null. */
  due: z.string().nullable(),
  agendaItemId: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
  /** Follow-up (the /actions tracker). Absent on items recorded before the tracker existed: not done. */
  done: z.boolean().optional(),
  /** When it was last marked done (epoch ms); null once reopened. */
  doneAt: z.number().nullish(),
  /** Who marked it done; null once reopened. */
  doneBy: z.string().nullish(),
});
export type ActionItem = z.infer<typeof actionItem>;

/** The live room: stored as it is in the session's record, and broadcast as part of `MeetingState`. */
export interface MeetingLive {
  agenda: AgendaItem[];
  /** Index into `agenda`; null before the start and after the end. */
  currentItem: number | null;
  /** When the current item became current, epoch ms; spent so far = spentMs + (serverNow - this). */
  currentItemStartedAt: number | null;
  timer: TimerState | null;
  followTarget: FollowTarget | null;
  /** People who stepped away from the follow target. */
  notFollowing: string[];
  queue: QueueEntry[];
  /** The person the facilitator called last. */
  speaking: { userId: string; name: string } | null;
  vote: VoteRound | null;
  voteResults: VoteResult[];
  decisions: Decision[];
  actionItems: ActionItem[];
  attendance: Attendee[];
  startedAt: number | null;
  endedAt: number | null;
  /** Increases with every change; a client ignores an update older than what it has. */
  version: number;
}

/** The room's shared state, broadcast as a whole after every change (`meeting:updated`). */
export interface MeetingState extends Omit<Meeting, 'agenda'>, MeetingLive {}

/** The answer to `meeting:join`: everything a (re)connecting client needs, in one ack. */
export interface MeetingJoined {
  state: MeetingState;
  present: Participant[];
  /** The server's clock, epoch ms: offset = serverNow - Date.now() at receipt. */
  serverNow: number;
  me: {
    userId: string;
    /** May use the facilitator controls (is the session's facilitator). */
    canFacilitate: boolean;
    /** May raise a hand and vote (members and facilitators; observers attend and watch). */
    canParticipate: boolean;
    /** Own votes in the open round, or null when no vote is open. */
    votes: MyVotes | null;
  };
}

const ref = { meetingId };

export const meetingRef = z.object(ref).strict();
export type MeetingRef = z.infer<typeof meetingRef>;

export const advanceAgenda = z.object({ ...ref, direction: z.enum(['next', 'previous']) }).strict();
export type AdvanceAgenda = z.infer<typeof advanceAgenda>;

export const timerCommand = z.discriminatedUnion('action', [
  /** Without `minutes`, the current item's timebox. */
  z.object({ ...ref, action: z.literal('start'), minutes: z.number().int().min(1).max(480).optional() }).strict(),
  z.object({ ...ref, action: z.enum(['pause', 'resume', 'add-minute', 'stop']) }).strict(),
]);
export type TimerCommand = z.infer<typeof timerCommand>;

/** Facilitator: "bring everyone here" (null: no target). Everyone is following again afterwards. */
export const setFollowTarget = z.object({ ...ref, target: followTarget.nullable() }).strict();
export type SetFollowTarget = z.infer<typeof setFollowTarget>;

/** Anyone present: step away from (false) or come back to (true) the follow target. */
export const setFollowing = z.object({ ...ref, following: z.boolean() }).strict();
export type SetFollowing = z.infer<typeof setFollowing>;

/** Raise or lower one's own hand. */
export const setHand = z.object({ ...ref, raised: z.boolean() }).strict();
export type SetHand = z.infer<typeof setHand>;

export const openVote = z
  .object({
    ...ref,
    boardId: itemId,
    votesPerPerson: z.number().int().min(1).max(12),
    maxPerSticky: z.number().int().min(1).max(12).nullish(),
    scope: voteScope,
  })
  .strict();
export type OpenVote = z.infer<typeof openVote>;

/** Put (+1) or take back (-1) one of one's own dots. */
export const castVote = z
  .object({ ...ref, stickyId: z.string().min(1).max(100), change: z.union([z.literal(1), z.literal(-1)]) })
  .strict();
export type CastVote = z.infer<typeof castVote>;

export const recordDecision = z.object({ ...ref, text: z.string().trim().min(1).max(2000) }).strict();
export type RecordDecision = z.infer<typeof recordDecision>;

export const recordActionItem = z
  .object({
    ...ref,
    text: z.string().trim().min(1).max(2000),
    owner: actionOwner,
    due: z.iso.date().nullish(),
  })
  .strict();
export type RecordActionItem = z.infer<typeof recordActionItem>;

export const handOver = z.object({ ...ref, userId: z.string().min(1).max(100) }).strict();
export type HandOver = z.infer<typeof handOver>;

/** The client asks "are you sure?"; the server requires the explicit flag. */
export const endMeeting = z.object({ ...ref, confirm: z.literal(true) }).strict();
export type EndMeeting = z.infer<typeof endMeeting>;

export const minutesAmendment = z.strictObject({
  id: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
export type MinutesAmendment = z.infer<typeof minutesAmendment>;

const person = z.strictObject({ userId: z.string(), name: z.string() });

/** Minutes, generated when the session ends. */
export const minutes = z.strictObject({
  meetingId: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  title: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  /** The facilitator at the end. */
  facilitator: person,
  /** Everyone who facilitated the session, in turn, each from when until when (within startedAt–endedAt). */
  facilitators: z.array(z.strictObject({ ...person.shape, from: z.iso.datetime(), until: z.iso.datetime() })),
  /** Grouped by organisation (by name; people without one last), people by name. */
  attendees: z.array(
    z.strictObject({ organisationId: z.string().nullable(), organisationName: z.string().nullable(), people: z.array(person) }),
  ),
  agenda: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      timeboxMinutes: z.number().int(),
      spentMs: z.number(),
      link: spaceLink.nullable(),
      /** The frozen version of the linked page or board (GET /api/groups/:groupId/versions/:id). */
      snapshotId: z.string().nullable(),
    }),
  ),
  decisions: z.array(decision),
  actionItems: z.array(actionItem),
  voteResults: z.array(voteResult),
  amendments: z.array(minutesAmendment),
  /** Amendments are accepted until this time (MINUTES_AMEND_HOURS after the end) or approval. */
  amendableUntil: z.iso.datetime(),
  approvedAt: z.iso.datetime().nullable(),
  approvedBy: z.string().nullable(),
});
export type Minutes = z.infer<typeof minutes>;

export const amendMinutesRequest = z.object({ text: z.string().trim().min(1).max(4000) }).strict();
export type AmendMinutesRequest = z.infer<typeof amendMinutesRequest>;

/** `PUT /api/groups/:groupId/meetings/:meetingId/actions/:actionId`: mark an action item done or reopen it. */
export const setActionDoneRequest = z.object({ done: z.boolean() }).strict();
export type SetActionDoneRequest = z.infer<typeof setActionDoneRequest>;

/** `GET /api/me/actions` query. `overdue=true`: not done and due before today (Europe/Stockholm). */
export const trackedActionsQuery = z
  .object({
    group: groupId.optional(),
    owner: z.string().min(1).max(100).optional(),
    organisation: z.string().min(1).max(100).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    status: z.enum(['open', 'done', 'all']).default('all'),
  })
  .strict();
export type TrackedActionsQuery = z.infer<typeof trackedActionsQuery>;

/** An action item as the tracker shows it: the follow-up fields always there. */
export const trackedActionItem = z.strictObject({
  ...actionItem.shape,
  done: z.boolean(),
  doneAt: z.number().nullable(),
  doneBy: z.string().nullable(),
});

/** One action item in the tracker, with the session it was decided in. */
export const trackedAction = z.strictObject({
  item: trackedActionItem,
  group: namedRef,
  meeting: z.strictObject({ id: z.string(), title: z.string(), startedAt: z.iso.datetime().nullable(), status: meetingStatus }),
  /** The owner's organisation: the owning organisation, or the owning person's. */
  organisation: namedRef.nullable(),
  /** Client path of the session page where it was decided. */
  link: z.string(),
  overdue: z.boolean(),
  /** Whether the asking person may mark it done or reopen it. */
  mayChange: z.boolean(),
});
export type TrackedAction = z.infer<typeof trackedAction>;

export const trackedActionsResponse = z.strictObject({
  actions: z.array(trackedAction),
  /** Filter choices, from every action item the person can see (before filtering). */
  filters: z.strictObject({ groups: z.array(namedRef), owners: z.array(namedRef), organisations: z.array(namedRef) }),
  /** Today's date the overdue rule used (YYYY-MM-DD, Europe/Stockholm). */
  today: z.iso.date(),
});
export type TrackedActionsResponse = z.infer<typeof trackedActionsResponse>;

/** `GET /api/groups/:groupId/archive`: one past (ended) session. */
export const archivedMeeting = z.strictObject({
  id: z.string(),
  title: z.string(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  attendance: z.number().int(),
  decisions: z.number().int(),
  actionItems: z.number().int(),
  /** Approved, or a draft open for amendments (or a draft whose amendment period is over). */
  minutes: z.enum(['approved', 'draft', 'draft-closed']),
});
export type ArchivedMeeting = z.infer<typeof archivedMeeting>;

/** The group's timeline: past sessions and saved versions (named and session-end), newest first. */
export const timelineEntry = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('session'), at: z.iso.datetime(), meetingId: z.string(), title: z.string() }),
  z.strictObject({
    kind: z.literal('version'),
    at: z.iso.datetime(),
    versionId: z.string(),
    doc: z.string(),
    name: z.string().nullable(),
    reason: z.enum(['named', 'session-end']),
    meetingId: z.string().nullable(),
  }),
]);
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const groupArchive = z.strictObject({ meetings: z.array(archivedMeeting), timeline: z.array(timelineEntry) });
export type GroupArchive = z.infer<typeof groupArchive>;

/** A calendar feed: the person's secret iCal URL of one group's sessions. The URL is shown only when created. */
export const createCalendarFeedRequest = z.object({ groupId }).strict();
export type CreateCalendarFeedRequest = z.infer<typeof createCalendarFeedRequest>;

export const calendarFeed = z.strictObject({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  createdAt: z.iso.datetime(),
});
export type CalendarFeed = z.infer<typeof calendarFeed>;
