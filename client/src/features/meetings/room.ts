import type { FollowTarget, MeetingState, MyVotes, VoteResult } from '@samla/shared';

/** One row of a revealed vote: competition ranking (1, 1, 3), so ties share a place. */
export interface RankedRow {
  place: number;
  stickyId: string;
  text: string;
  votes: number;
  /** Share of all votes, 0–1 (0 when nobody voted). */
  share: number;
  tied: boolean;
}

export function rankedRows(result: Pick<VoteResult, 'ranking' | 'totalVotes'>): RankedRow[] {
  const sorted = [...result.ranking].sort((a, b) => b.votes - a.votes);
  const count = (votes: number) => sorted.filter((r) => r.votes === votes).length;
  return sorted.map((r) => ({
    place: sorted.findIndex((s) => s.votes === r.votes) + 1,
    stickyId: r.stickyId,
    text: r.text,
    votes: r.votes,
    share: result.totalVotes > 0 ? r.votes / result.totalVotes : 0,
    tied: count(r.votes) > 1,
  }));
}

/**
 * What the room shows beside the agenda. Following: the facilitator's target, else the current agenda
 * item's linked page or board. Stepped away: what the person picked themselves.
 */
export function shownTarget(state: Pick<MeetingState, 'followTarget' | 'agenda' | 'currentItem'>, following: boolean, own: FollowTarget | null): FollowTarget | null {
  if (!following) return own;
  if (state.followTarget) return state.followTarget;
  const item = state.currentItem === null ? undefined : state.agenda[state.currentItem];
  return item?.link ? { kind: item.link.kind, itemId: item.link.itemId } : null;
}

export const sameTarget = (a: FollowTarget | null, b: FollowTarget | null): boolean =>
  (a?.kind ?? null) === (b?.kind ?? null) && (a?.itemId ?? null) === (b?.itemId ?? null) && (a?.sectionId ?? null) === (b?.sectionId ?? null);

/**
 * This person's votes in the open round. Votes from an earlier round (or none yet) count as none;
 * with no open vote there is nothing to show.
 */
export function myVotesNow(state: Pick<MeetingState, 'vote'>, mine: MyVotes | null): MyVotes | null {
  const vote = state.vote;
  if (!vote || vote.status !== 'open') return null;
  if (mine && mine.round === vote.round) return mine;
  return { round: vote.round, votes: {}, remaining: vote.votesPerPerson };
}

/** May this person add a dot to the sticky (before the server checks it)? */
export function canAddVote(state: Pick<MeetingState, 'vote'>, mine: MyVotes, stickyId: string): boolean {
  const vote = state.vote;
  if (!vote || vote.status !== 'open' || !vote.stickyIds.includes(stickyId)) return false;
  if (mine.remaining <= 0) return false;
  return vote.maxPerSticky == null || (mine.votes[stickyId] ?? 0) < vote.maxPerSticky;
}

/** Applies an update only when it is newer than what the client has (the server's version). */
export const newer = (current: MeetingState | null, next: MeetingState): boolean => !current || next.version > current.version || next.id !== current.id;

/** Spent on the current item so far, in ms, on the server's clock. */
export function spentOnCurrent(state: Pick<MeetingState, 'agenda' | 'currentItem' | 'currentItemStartedAt'>, serverNow: number): number | null {
  if (state.currentItem === null) return null;
  const item = state.agenda[state.currentItem];
  if (!item) return null;
  return item.spentMs + (state.currentItemStartedAt === null ? 0 : Math.max(0, serverNow - state.currentItemStartedAt));
}
