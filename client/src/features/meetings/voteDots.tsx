import type { MeetingState, MyVotes } from '@samla/shared';
import { useMemo, type ReactNode } from 'react';
import { StickyDotsContext, type StickyDotsMap } from '../board/dots';
import { useRoom } from './context';
import { myVotesNow } from './room';

/**
 * The dots to draw on a board's stickies in the session room. While a vote on this board is open: only this
 * person's own dots (nobody learns where others' went before the reveal). Once revealed: every sticky's total
 * from the result of that round. Otherwise none.
 */
export function voteDots(state: Pick<MeetingState, 'vote' | 'voteResults'>, myVotes: MyVotes | null, boardId: string): StickyDotsMap | null {
  const vote = state.vote;
  if (!vote || vote.boardId !== boardId) return null;
  if (vote.status === 'open') {
    const mine = myVotesNow(state, myVotes);
    if (!mine) return null;
    return new Map(Object.entries(mine.votes).filter(([, n]) => n > 0).map(([id, n]) => [id, { count: n, mine: true }]));
  }
  const result = state.voteResults.find((r) => r.round === vote.round && r.boardId === boardId);
  if (!result) return null;
  return new Map(result.ranking.filter((r) => r.votes > 0).map((r) => [r.stickyId, { count: r.votes, mine: false }]));
}

/** Gives the board shown in the room the dots of its vote (see `voteDots`). */
export function BoardVoteDots({ boardId, children }: { boardId: string; children: ReactNode }) {
  const { room } = useRoom();
  const { vote, voteResults } = room.state;
  const dots = useMemo(() => voteDots({ vote, voteResults }, room.myVotes, boardId), [vote, voteResults, room.myVotes, boardId]);
  return <StickyDotsContext.Provider value={dots}>{children}</StickyDotsContext.Provider>;
}
