import type { AckCallback } from './ack.js';
import type { PublicUser } from './schemas/auth.js';
import type { GroupRole } from './schemas/groups.js';
import type {
  AdvanceAgenda,
  CastVote,
  EndMeeting,
  HandOver,
  MeetingJoined,
  MeetingRef,
  MeetingState,
  Minutes,
  MyVotes,
  OpenVote,
  Participant,
  RecordActionItem,
  RecordDecision,
  SetFollowing,
  SetFollowTarget,
  SetHand,
  TimerCommand,
  ActionItem,
  Decision,
  VoteResult,
} from './schemas/meetings.js';
import type { MembersUnwatch, MembersWatch, PresenceJoin, PresenceLeave, PresenceState } from './schemas/presence.js';

/**
 * Commands the client sends (verbs). Payloads are validated on the server with the zod schemas.
 * A tab has one socket for all of them: each join (presence, members, a session) is a room of its own
 * and its leave takes the socket out of that room only.
 */
export interface ClientToServerEvents {
  'presence:join': (payload: PresenceJoin, ack: AckCallback<PresenceState>) => void;
  'presence:leave': (payload: PresenceLeave, ack: AckCallback<null>) => void;
  /** Anyone who may see the group's members (its members and observers, coordinators): hear `members:changed`. */
  'members:watch': (payload: MembersWatch, ack: AckCallback<null>) => void;
  /** Stop hearing `members:changed` for the group; the socket's other rooms (presence, sessions) stay. */
  'members:unwatch': (payload: MembersUnwatch, ack: AckCallback<null>) => void;

  // Session room (see docs/api.md, "Sessions (meetings)"). Every change is broadcast as `meeting:updated`;
  // acks carry only what the sender needs. Facilitator commands answer `forbidden` to anyone else.
  /** Enter the room (records attendance); the ack holds the whole current state. Members and observers. */
  'meeting:join': (payload: MeetingRef, ack: AckCallback<MeetingJoined>) => void;
  'meeting:leave': (payload: MeetingRef, ack: AckCallback<null>) => void;
  /** Facilitator: the session goes live on the first agenda item. */
  'meeting:start': (payload: MeetingRef, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: next or previous agenda item; clears the timer and books the time spent. */
  'meeting:advance': (payload: AdvanceAgenda, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: start (item's timebox or N minutes), pause, resume, add-minute, stop. */
  'meeting:timer': (payload: TimerCommand, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: bring everyone to a page, board or board section. */
  'meeting:follow-target': (payload: SetFollowTarget, ack: AckCallback<MeetingState>) => void;
  /** Anyone in the room: step away from the target or follow it again. */
  'meeting:follow': (payload: SetFollowing, ack: AckCallback<MeetingState>) => void;
  /** Members and facilitators: raise or lower one's own hand. */
  'meeting:hand': (payload: SetHand, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: the first in the queue speaks (leaves the queue). */
  'meeting:call-next': (payload: MeetingRef, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: open a dot vote on a board. */
  'meeting:vote-open': (payload: OpenVote, ack: AckCallback<MeetingState>) => void;
  /** Members and facilitators: add or take back one of one's own votes. */
  'meeting:vote': (payload: CastVote, ack: AckCallback<MyVotes>) => void;
  /** Facilitator: close the vote and reveal the ranking (kept with the session). */
  'meeting:vote-reveal': (payload: MeetingRef, ack: AckCallback<VoteResult>) => void;
  /** Facilitator: record a decision (on the current agenda item). */
  'meeting:decision': (payload: RecordDecision, ack: AckCallback<Decision>) => void;
  /** Facilitator: record an action item. */
  'meeting:action-item': (payload: RecordActionItem, ack: AckCallback<ActionItem>) => void;
  /** Facilitator (or a group facilitator taking over): hand the facilitator role to a present member. */
  'meeting:hand-over': (payload: HandOver, ack: AckCallback<MeetingState>) => void;
  /** Facilitator: end the session (requires `confirm: true`); freezes linked documents, makes minutes. */
  'meeting:end': (payload: EndMeeting, ack: AckCallback<Minutes>) => void;
}

/** Notifications the server sends (past tense). */
export interface ServerToClientEvents {
  'presence:updated': (state: PresenceState) => void;
  /** You were removed from the group (or it was archived for you): you left its rooms and its documents closed. */
  'membership:revoked': (payload: { groupId: string }) => void;
  /** Your role in the group changed; documents you have open switch to the new rights. */
  'membership:changed': (payload: { groupId: string; role: GroupRole }) => void;
  /** After `members:watch`: the group's members or join requests changed; read them again. */
  'members:changed': (payload: { groupId: string }) => void;
  /** The room's state after any change, with the server's clock (epoch ms) for offset correction. */
  'meeting:updated': (payload: { state: MeetingState; serverNow: number }) => void;
  /** Who is in the room now (on every join, leave, hand or follow change). */
  'meeting:participants': (payload: { meetingId: string; present: Participant[] }) => void;
  /**
   * To every socket of the coordinator who started an import with `importId` (`POST
   * /api/admin/organisations/import?importId=`): how many of the file's rows are handled, `done` rising to `total`.
   */
  'import:progressed': (payload: { importId: string; done: number; total: number }) => void;
}

/** One person in a room as the instances tell each other: what presence and the session room show. */
export interface RoomPerson {
  id: string;
  name: string;
  color: string;
  organisationId: string | null;
}

/**
 * Between server instances in cluster mode (`REDIS_URL`), over the Socket.IO adapter's Redis pub/sub.
 * They never come from clients, so they carry plain types and are not validated.
 */
export interface InterServerEvents {
  /**
   * Who is in the sending instance's presence and session rooms, each person once per room. `complete`: all
   * of its rooms (a room not listed is empty there), repeated every `everyMs` as its heartbeat; otherwise
   * only the rooms listed changed (an empty list: nobody there any more).
   */
  'roster:state': (state: { instance: string; everyMs: number; complete: boolean; rooms: Record<string, RoomPerson[]> }) => void;
  /** A starting instance asks every other for its complete state. */
  'roster:hello': (payload: { instance: string }) => void;
  /** The instance is shutting down: forget its people now rather than when its heartbeat stops. */
  'roster:bye': (payload: { instance: string }) => void;
  /** A person's public fields changed (a new name): every instance puts them on its own sockets of the person. */
  'user:changed': (user: PublicUser) => void;
  /** The person lost the group: every instance takes its own sockets of theirs out of the group's session rooms. */
  'meetings:revoked': (payload: { userId: string; groupId: string }) => void;
  /** The people in a session room or their hands or following changed: every instance tells its own sockets there. */
  'meeting:participants-changed': (payload: { groupId: string; meetingId: string }) => void;
}
