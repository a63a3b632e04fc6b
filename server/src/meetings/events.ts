import {
  advanceAgenda,
  AppError,
  castVote,
  endMeeting,
  ErrorCode,
  handOver,
  meetingRef,
  ok,
  openVote,
  recordActionItem,
  recordDecision,
  setFollowing,
  setFollowTarget,
  setHand,
  timerCommand,
  type Ack,
  type ActionItem,
  type Decision,
  type MyVotes,
  type Participant,
  type VoteResult,
} from '@samla/shared';
import type { z } from 'zod';
import { enforce } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import { mayLeadSession, type Action, type MeetingAction, type Policy } from '../policy/policy.js';
import type { Handle, OnEveryInstance, SamlaServer, SamlaSocket } from '../realtime/io.js';
import { meetingOfRoom, meetingRoom } from '../realtime/rooms.js';
import type { Roster } from '../realtime/roster.js';
import type { MeetingRecord, Store } from '../storage/store.js';
import * as model from './model.js';
import type { Meetings } from './service.js';

/**
 * The session room. Every command reads the session from the store, asks the policy, applies a pure
 * transition with compare-and-set and broadcasts the whole state to the room. Votes are per-dot store
 * writes whose limits the store enforces atomically. Who is in the room comes from the roster; each
 * instance tells its own sockets in the room when that or a hand or following changes.
 */
export function registerMeetings(deps: {
  io: SamlaServer;
  policy: Policy;
  handle: Handle;
  meetings: Meetings;
  store: Store;
  now: () => Date;
  roster: Roster;
  onEveryInstance: OnEveryInstance;
}) {
  const { io, policy, handle, meetings, store, now, roster } = deps;

  /** `handle` for commands that answer with their data; a thrown AppError becomes the error ack. */
  const command = <S extends z.ZodType, T>(schema: S, fn: (payload: z.infer<S>) => Promise<T>) =>
    handle(schema, async (payload): Promise<Ack<T>> => ok(await fn(payload)));

  type Person = SamlaSocket['data']['user'];

  /** The session after the policy allowed `action`: a group right, or one of the session's own rules. */
  async function authorized(user: Person, meetingId: string, check: { group: Action } | { meeting: MeetingAction }) {
    const m = await meetings.get(meetingId);
    const decision =
      'group' in check ? await policy.inGroup(user, check.group, m.groupId) : await policy.onMeeting(user, check.meeting, m);
    enforce(decision, { forbidden: 'you may not do this in this session' });
    return { m, role: decision.role };
  }

  async function organisationName(id: string | null | undefined): Promise<string | null> {
    return id ? ((await store.organisations.findById(id))?.name ?? null) : null;
  }

  async function present(m: MeetingRecord): Promise<Participant[]> {
    const out = await Promise.all(
      roster.people(meetingRoom(m)).map(async (u): Promise<Participant> => {
        const role = (await store.memberships.find(m.groupId, u.id))?.role ?? 'observer';
        return {
          userId: u.id,
          name: u.name,
          color: u.color,
          organisationId: u.organisationId,
          organisationName: await organisationName(u.organisationId),
          role,
          canLead: mayLeadSession(role),
          following: !m.notFollowing.includes(u.id),
          handRaised: m.queue.some((q) => q.userId === u.id),
        };
      }),
    );
    return out.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  async function broadcast(m: MeetingRecord): Promise<void> {
    io.to(meetingRoom(m)).emit('meeting:updated', { state: await meetings.toState(m), serverNow: now().getTime() });
  }

  /** Tells this instance's sockets in the room who is there, as of the stored session. */
  async function announceHere(room: string, meetingId: string): Promise<void> {
    if (!io.sockets.adapter.rooms.has(room)) return;
    const m = await store.meetings.get(meetingId);
    if (m) io.local.to(room).emit('meeting:participants', { meetingId, present: await present(m) });
  }
  const announceHereLogged = (room: string, meetingId: string) =>
    announceHere(room, meetingId).catch((err: unknown) => meetings.log.error({ err, meetingId }, 'could not tell a session room who is there'));

  roster.onChange((room) => {
    const meetingId = meetingOfRoom(room);
    if (meetingId !== null) void announceHereLogged(room, meetingId);
  });
  const participantsChanged = deps.onEveryInstance('meeting:participants-changed', ({ groupId, meetingId }) =>
    announceHereLogged(meetingRoom({ groupId, id: meetingId }), meetingId),
  );
  /** A hand, the following or the facilitator changed: every instance tells its sockets in the room. */
  const announce = (m: MeetingRecord) => participantsChanged({ groupId: m.groupId, meetingId: m.id });

  async function myVotes(m: MeetingRecord, userId: string): Promise<MyVotes | null> {
    const v = m.vote;
    if (!v || v.status !== 'open') return null;
    const votes: Record<string, number> = {};
    let used = 0;
    for (const x of await store.meetingVotes.list(m.id, v.round)) {
      if (x.userId !== userId) continue;
      votes[x.stickyId] = (votes[x.stickyId] ?? 0) + 1;
      used++;
    }
    return { round: v.round, votes, remaining: v.votesPerPerson - used };
  }

  /** Changes the session, broadcasts it, and answers with its state. */
  async function changeAndBroadcast(id: string, fn: Parameters<Meetings['change']>[1]) {
    const next = await meetings.change(id, fn);
    await broadcast(next);
    return next;
  }

  /** Closes the open vote and stores its ranking with the session. */
  async function reveal(id: string): Promise<{ result: VoteResult; meeting: MeetingRecord }> {
    const closed = await meetings.change(id, (m) => {
      model.requireLive(m);
      if (m.vote?.status !== 'open') throw new AppError(ErrorCode.voteNotOpen, 'no vote is open');
      return { ...m, vote: { ...m.vote, status: 'revealed' } };
    });
    const v = closed.vote!;
    const [votes, board] = await Promise.all([store.meetingVotes.list(id, v.round), meetings.stickies(closed.groupId, v.boardId)]);
    const result: VoteResult = {
      round: v.round,
      boardId: v.boardId,
      votesPerPerson: v.votesPerPerson,
      maxPerSticky: v.maxPerSticky,
      ...model.rank(v.stickyIds, votes, (sticky) => board.get(sticky)?.text ?? ''),
      revealedAt: now().getTime(),
    };
    const meeting = await meetings.change(id, (m) => ({
      ...m,
      voteResults: [...m.voteResults.filter((r) => r.round !== v.round), result],
    }));
    return { result, meeting };
  }

  const state = (m: MeetingRecord) => meetings.toState(m);
  const facilitate = { meeting: 'meeting:facilitate' } as const;

  return (socket: SamlaSocket) => {
    const user = () => socket.data.user;

    socket.on(
      'meeting:join',
      command(meetingRef, async ({ meetingId }) => {
        const { m: found } = await authorized(user(), meetingId, { group: 'meeting:attend' });
        let m = found;
        if ((m.status === 'scheduled' || m.status === 'live') && !m.attendance.some((a) => a.userId === user().id)) {
          const organisationId = user().organisationId ?? null;
          const attendee = {
            userId: user().id,
            name: user().name,
            organisationId,
            organisationName: await organisationName(organisationId),
            joinedAt: now().getTime(),
          };
          m = await changeAndBroadcast(meetingId, (cur) =>
            cur.attendance.some((a) => a.userId === attendee.userId) ? cur : { ...cur, attendance: [...cur.attendance, attendee] },
          );
        }
        await socket.join(meetingRoom(m));
        const participate = await policy.inGroup(user(), 'meeting:participate', m.groupId);
        return {
          state: await state(m),
          present: await present(m),
          serverNow: now().getTime(),
          me: {
            userId: user().id,
            canFacilitate: (await policy.onMeeting(user(), 'meeting:facilitate', m)).allowed,
            canParticipate: participate.allowed,
            votes: await myVotes(m, user().id),
          },
        };
      }),
    );

    socket.on(
      'meeting:leave',
      command(meetingRef, async ({ meetingId }) => {
        const m = await store.meetings.get(meetingId);
        if (m) await socket.leave(meetingRoom(m));
        return null;
      }),
    );

    socket.on(
      'meeting:start',
      command(meetingRef, async ({ meetingId }) => {
        await authorized(user(), meetingId, facilitate);
        return state(await changeAndBroadcast(meetingId, model.start));
      }),
    );

    socket.on(
      'meeting:advance',
      command(advanceAgenda, async ({ meetingId, direction }) => {
        await authorized(user(), meetingId, facilitate);
        return state(await changeAndBroadcast(meetingId, (m, t) => model.advance(m, direction, t)));
      }),
    );

    socket.on(
      'meeting:timer',
      command(timerCommand, async (cmd) => {
        await authorized(user(), cmd.meetingId, facilitate);
        return state(await changeAndBroadcast(cmd.meetingId, (m, t) => model.timer(m, cmd, t)));
      }),
    );

    socket.on(
      'meeting:follow-target',
      command(setFollowTarget, async ({ meetingId, target }) => {
        const { m } = await authorized(user(), meetingId, facilitate);
        if (target) await meetings.checkLink(m.groupId, { kind: target.kind, itemId: target.itemId });
        const next = await changeAndBroadcast(meetingId, (cur) => {
          model.requireLive(cur);
          return { ...cur, followTarget: target ? { ...target, sectionId: target.sectionId ?? null } : null, notFollowing: [] };
        });
        await announce(next);
        return state(next);
      }),
    );

    socket.on(
      'meeting:follow',
      command(setFollowing, async ({ meetingId, following }) => {
        await authorized(user(), meetingId, { group: 'meeting:attend' });
        const next = await changeAndBroadcast(meetingId, (cur) => model.setFollowing(cur, user().id, following));
        await announce(next);
        return state(next);
      }),
    );

    socket.on(
      'meeting:hand',
      command(setHand, async ({ meetingId, raised }) => {
        await authorized(user(), meetingId, { group: 'meeting:participate' });
        const next = await changeAndBroadcast(meetingId, (cur, t) => model.setHand(cur, user(), raised, t));
        await announce(next);
        return state(next);
      }),
    );

    socket.on(
      'meeting:call-next',
      command(meetingRef, async ({ meetingId }) => {
        await authorized(user(), meetingId, facilitate);
        const next = await changeAndBroadcast(meetingId, model.callNext);
        await announce(next);
        return state(next);
      }),
    );

    socket.on(
      'meeting:vote-open',
      command(openVote, async ({ meetingId, boardId, votesPerPerson, maxPerSticky, scope }) => {
        const { m } = await authorized(user(), meetingId, facilitate);
        model.requireLive(m);
        await meetings.checkLink(m.groupId, { kind: 'board', itemId: boardId });
        const board = await meetings.stickies(m.groupId, boardId);
        const stickyIds =
          'sectionId' in scope
            ? [...board].filter(([, s]) => s.sectionId === scope.sectionId).map(([id]) => id)
            : [...new Set(scope.stickyIds)].filter((id) => board.has(id));
        if (stickyIds.length === 0) throw new AppError(ErrorCode.invalidPayload, 'scope: no stickies of the board to vote on');
        return state(
          await changeAndBroadcast(meetingId, (cur, t) => {
            model.requireLive(cur);
            if (cur.vote?.status === 'open') throw new AppError(ErrorCode.conflict, 'a vote is already open');
            const round = Math.max(cur.vote?.round ?? 0, ...cur.voteResults.map((r) => r.round)) + 1;
            return {
              ...cur,
              vote: {
                round,
                boardId,
                stickyIds,
                sectionId: 'sectionId' in scope ? scope.sectionId : null,
                votesPerPerson,
                maxPerSticky: maxPerSticky ?? null,
                status: 'open',
                openedAt: t,
              },
            };
          }),
        );
      }),
    );

    socket.on(
      'meeting:vote',
      command(castVote, async ({ meetingId, stickyId, change }) => {
        const { m } = await authorized(user(), meetingId, { group: 'meeting:participate' });
        model.requireLive(m);
        const v = m.vote;
        if (v?.status !== 'open' || !v.stickyIds.includes(stickyId)) {
          throw new AppError(ErrorCode.voteNotOpen, 'this sticky is not open for voting');
        }
        const me = user().id;
        if (change === 1) {
          const outcome = await store.meetingVotes.cast(
            { meetingId, round: v.round, userId: me, stickyId, at: now() },
            { budget: v.votesPerPerson, cap: v.maxPerSticky },
          );
          if (outcome === 'budget') throw new AppError(ErrorCode.voteBudgetExhausted, 'all your votes are placed');
          if (outcome === 'cap') throw new AppError(ErrorCode.voteCapReached, 'this sticky has as many of your votes as it may');
          // A vote that raced the reveal is taken back: an acknowledged vote is always in the ranking.
          const after = await meetings.get(meetingId);
          if (after.vote?.round !== v.round || after.vote.status !== 'open') {
            await store.meetingVotes.retract(meetingId, v.round, me, stickyId);
            throw new AppError(ErrorCode.voteNotOpen, 'the vote closed');
          }
        } else {
          await store.meetingVotes.retract(meetingId, v.round, me, stickyId);
        }
        return (await myVotes(m, me))!;
      }),
    );

    socket.on(
      'meeting:vote-reveal',
      command(meetingRef, async ({ meetingId }) => {
        await authorized(user(), meetingId, facilitate);
        const { result, meeting } = await reveal(meetingId);
        await broadcast(meeting);
        return result;
      }),
    );

    socket.on(
      'meeting:decision',
      command(recordDecision, async ({ meetingId, text }) => {
        await authorized(user(), meetingId, facilitate);
        let decision: Decision | undefined;
        await changeAndBroadcast(meetingId, (cur, t) => {
          model.requireLive(cur);
          decision = { id: newId(), text, agendaItemId: cur.agenda[cur.currentItem ?? -1]?.id ?? null, createdAt: t, createdBy: user().id };
          return { ...cur, decisions: [...cur.decisions, decision] };
        });
        return decision!;
      }),
    );

    socket.on(
      'meeting:action-item',
      command(recordActionItem, async ({ meetingId, text, owner, due }) => {
        const { m } = await authorized(user(), meetingId, facilitate);
        let name: string | undefined;
        if (owner.kind === 'user') {
          const [person, membership] = await Promise.all([store.users.findById(owner.userId), store.memberships.find(m.groupId, owner.userId)]);
          if (person && membership) name = person.name;
        } else {
          name = (await store.organisations.findById(owner.organisationId))?.name;
        }
        if (!name) throw new AppError(ErrorCode.notFound, `owner: no such ${owner.kind === 'user' ? 'member of the group' : 'organisation'}`);
        let item: ActionItem | undefined;
        await changeAndBroadcast(meetingId, (cur, t) => {
          model.requireLive(cur);
          item = {
            id: newId(),
            text,
            owner: { ...owner, name: name! },
            due: due ?? null,
            agendaItemId: cur.agenda[cur.currentItem ?? -1]?.id ?? null,
            createdAt: t,
            createdBy: user().id,
          };
          return { ...cur, actionItems: [...cur.actionItems, item] };
        });
        return item!;
      }),
    );

    socket.on(
      'meeting:hand-over',
      command(handOver, async ({ meetingId, userId }) => {
        const { m } = await authorized(user(), meetingId, { meeting: 'meeting:take-over' });
        const target = await store.memberships.find(m.groupId, userId);
        if (!m.attendance.some((a) => a.userId === userId) || !mayLeadSession(target?.role ?? null)) {
          throw new AppError(ErrorCode.invalidPayload, 'userId: hand over to a member who joined the session');
        }
        const next = await changeAndBroadcast(meetingId, (cur) => {
          if (cur.status === 'ended' || cur.status === 'cancelled') throw new AppError(ErrorCode.meetingNotLive, 'the session is over');
          return { ...cur, facilitatorId: userId };
        });
        await announce(next);
        return state(next);
      }),
    );

    socket.on(
      'meeting:end',
      command(endMeeting, async ({ meetingId }) => {
        const { m } = await authorized(user(), meetingId, facilitate);
        if (m.vote?.status === 'open') await reveal(meetingId);
        const ended = await meetings.change(meetingId, (cur, t) => model.end(cur, t, meetings.minutesAmendMs));
        let final = ended;
        try {
          const snapshots = await meetings.freeze(ended);
          final = await meetings.change(meetingId, (cur) => ({ ...cur, minutes: { ...cur.minutes!, snapshots } }));
        } catch (err) {
          // The session has ended either way; the minutes then simply link no frozen versions.
          meetings.log.error({ err, meetingId }, 'could not freeze the documents of a session');
        }
        await broadcast(final);
        return meetings.toMinutes(final);
      }),
    );
  };
}
