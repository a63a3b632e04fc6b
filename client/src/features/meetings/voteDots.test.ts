import type { VoteResult, VoteRound } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { voteDots } from './voteDots';

const vote: VoteRound = {
  round: 2,
  boardId: 'board1',
  stickyIds: ['s1', 's2', 's3'],
  sectionId: null,
  votesPerPerson: 3,
  maxPerSticky: null,
  status: 'open',
  openedAt: 1,
};
const result: VoteResult = {
  round: 2,
  boardId: 'board1',
  votesPerPerson: 3,
  maxPerSticky: null,
  ranking: [
    { stickyId: 's2', text: 'B', votes: 5 },
    { stickyId: 's1', text: 'A', votes: 1 },
    { stickyId: 's3', text: 'C', votes: 0 },
  ],
  voters: 2,
  totalVotes: 6,
  revealedAt: 2,
};

describe('dots on the board during a vote', () => {
  it('while open: only my own dots, none of the others', () => {
    const dots = voteDots({ vote, voteResults: [] }, { round: 2, votes: { s1: 2, s2: 0 }, remaining: 1 }, 'board1');
    expect([...dots!]).toEqual([['s1', { count: 2, mine: true }]]);
    // Votes of an earlier round are not mine in this one.
    expect([...voteDots({ vote, voteResults: [] }, { round: 1, votes: { s1: 2 }, remaining: 1 }, 'board1')!]).toEqual([]);
  });

  it('once revealed: every sticky’s total from that round', () => {
    const dots = voteDots({ vote: { ...vote, status: 'revealed' }, voteResults: [{ ...result, round: 1, ranking: [] }, result] }, null, 'board1');
    expect([...dots!]).toEqual([
      ['s2', { count: 5, mine: false }],
      ['s1', { count: 1, mine: false }],
    ]);
  });

  it('nothing on another board, or with no vote', () => {
    expect(voteDots({ vote, voteResults: [] }, { round: 2, votes: { s1: 2 }, remaining: 1 }, 'board2')).toBeNull();
    expect(voteDots({ vote: null, voteResults: [result] }, null, 'board1')).toBeNull();
  });
});
