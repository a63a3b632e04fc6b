import { AppError, ErrorCode, type TimerCommand, type VoteResult } from '@samla/shared';
import type { MeetingRecord } from '../storage/store.js';

/**
 * The room's state transitions as pure functions of (record, now): the service reads the record,
 * applies one of these and writes it back with compare-and-set, retrying on a conflict.
 */
const MINUTE = 60_000;

export function requireLive(m: MeetingRecord): void {
  if (m.status !== 'live') throw new AppError(ErrorCode.meetingNotLive, 'the session is not in progress');
}

/** Books the time spent on the current item so far. */
function bookCurrent(m: MeetingRecord, now: number): MeetingRecord {
  if (m.currentItem === null || m.currentItemStartedAt === null) return m;
  const agenda = m.agenda.map((item, i) =>
    i === m.currentItem ? { ...item, spentMs: item.spentMs + Math.max(0, now - m.currentItemStartedAt!) } : item,
  );
  return { ...m, agenda, currentItemStartedAt: now };
}

/**
 * Every change of the facilitator (a hand-over, a take-over) appends who and since when to the
 * session's history, in the same compare-and-set write; `service.change()` applies this to every change.
 */
export function keepFacilitatorHistory(prev: MeetingRecord, next: MeetingRecord, now: number): MeetingRecord {
  if (next.facilitatorId === prev.facilitatorId) return next;
  return { ...next, facilitators: [...next.facilitators, { userId: next.facilitatorId, since: now }] };
}

/**
 * Who facilitated the live session, in turn: the history cut to its start and end, leaving out anyone
 * who handed over before it started. Needs a session that has started and ended.
 */
export function facilitatorTerms(m: MeetingRecord): { userId: string; from: number; until: number }[] {
  const start = m.startedAt ?? m.startsAt;
  const end = m.endedAt ?? m.endsAt;
  return m.facilitators
    .map((f, i) => ({ userId: f.userId, from: Math.max(f.since, start), until: Math.min(m.facilitators[i + 1]?.since ?? end, end) }))
    .filter((f, i, all) => f.until > f.from || i === all.length - 1);
}

export function start(m: MeetingRecord, now: number): MeetingRecord {
  if (m.status !== 'scheduled') throw new AppError(ErrorCode.meetingStarted, `the session is ${m.status}`);
  return {
    ...m,
    status: 'live',
    startedAt: now,
    currentItem: m.agenda.length > 0 ? 0 : null,
    currentItemStartedAt: m.agenda.length > 0 ? now : null,
  };
}

export function advance(m: MeetingRecord, direction: 'next' | 'previous', now: number): MeetingRecord {
  requireLive(m);
  const target = (m.currentItem ?? -1) + (direction === 'next' ? 1 : -1);
  if (target < 0 || target >= m.agenda.length) throw new AppError(ErrorCode.conflict, `no ${direction} agenda item`);
  // Moving on brings everyone to the new item: its own link is shown, and nobody has stepped away from it yet.
  return { ...bookCurrent(m, now), currentItem: target, currentItemStartedAt: now, timer: null, followTarget: null, notFollowing: [] };
}

export function timer(m: MeetingRecord, cmd: TimerCommand, now: number): MeetingRecord {
  requireLive(m);
  const t = m.timer;
  switch (cmd.action) {
    case 'start': {
      const minutes = cmd.minutes ?? (m.currentItem === null ? undefined : m.agenda[m.currentItem]?.timeboxMinutes);
      if (minutes === undefined) throw new AppError(ErrorCode.conflict, 'no agenda item: give minutes');
      const durationMs = minutes * MINUTE;
      return { ...m, timer: { status: 'running', durationMs, endsAt: now + durationMs } };
    }
    case 'pause':
      if (t?.status !== 'running') throw new AppError(ErrorCode.conflict, 'the timer is not running');
      return { ...m, timer: { status: 'paused', durationMs: t.durationMs, remainingMs: t.endsAt - now } };
    case 'resume':
      if (t?.status !== 'paused') throw new AppError(ErrorCode.conflict, 'the timer is not paused');
      return { ...m, timer: { status: 'running', durationMs: t.durationMs, endsAt: now + t.remainingMs } };
    case 'add-minute': {
      if (!t) throw new AppError(ErrorCode.conflict, 'no timer');
      // Past 0:00, +1 minute means one more minute from now, not a smaller overrun.
      const left = Math.max(0, t.status === 'running' ? t.endsAt - now : t.remainingMs) + MINUTE;
      return {
        ...m,
        timer:
          t.status === 'running'
            ? { ...t, durationMs: t.durationMs + MINUTE, endsAt: now + left }
            : { ...t, durationMs: t.durationMs + MINUTE, remainingMs: left },
      };
    }
    case 'stop':
      return { ...m, timer: null };
  }
}

export function setHand(m: MeetingRecord, user: { id: string; name: string }, raised: boolean, now: number): MeetingRecord {
  requireLive(m);
  const inQueue = m.queue.some((q) => q.userId === user.id);
  if (raised === inQueue) return m;
  return {
    ...m,
    queue: raised ? [...m.queue, { userId: user.id, name: user.name, raisedAt: now }] : m.queue.filter((q) => q.userId !== user.id),
  };
}

export function callNext(m: MeetingRecord): MeetingRecord {
  requireLive(m);
  const [first, ...rest] = m.queue;
  return { ...m, queue: rest, speaking: first ? { userId: first.userId, name: first.name } : null };
}

export function setFollowing(m: MeetingRecord, userId: string, following: boolean): MeetingRecord {
  const away = m.notFollowing.includes(userId);
  if (following !== away) return m;
  return { ...m, notFollowing: following ? m.notFollowing.filter((u) => u !== userId) : [...m.notFollowing, userId] };
}

/** Ranks votes: most first, ties by sticky id; every open sticky is listed. */
export function rank(
  stickyIds: string[],
  votes: { userId: string; stickyId: string }[],
  textOf: (stickyId: string) => string,
): Pick<VoteResult, 'ranking' | 'voters' | 'totalVotes'> {
  const counts = new Map(stickyIds.map((id) => [id, 0]));
  for (const v of votes) if (counts.has(v.stickyId)) counts.set(v.stickyId, counts.get(v.stickyId)! + 1);
  const ranking = [...counts]
    .map(([stickyId, n]) => ({ stickyId, text: textOf(stickyId), votes: n }))
    .sort((a, b) => b.votes - a.votes || (a.stickyId < b.stickyId ? -1 : a.stickyId > b.stickyId ? 1 : 0));
  const counted = votes.filter((v) => counts.has(v.stickyId));
  return { ranking, voters: new Set(counted.map((v) => v.userId)).size, totalVotes: counted.length };
}

/** Ends the session: books the last item, stops the timer, clears the room. */
export function end(m: MeetingRecord, now: number, amendMs: number): MeetingRecord {
  requireLive(m);
  return {
    ...bookCurrent(m, now),
    status: 'ended',
    endedAt: now,
    currentItem: null,
    currentItemStartedAt: null,
    timer: null,
    queue: [],
    speaking: null,
    followTarget: null,
    notFollowing: [],
    minutes: { snapshots: {}, amendments: [], amendableUntil: now + amendMs, approvedAt: null, approvedBy: null },
  };
}
