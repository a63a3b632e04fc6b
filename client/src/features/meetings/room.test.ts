import type { MeetingState, VoteRound } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { canAddVote, myVotesNow, newer, rankedRows, sameTarget, shownTarget, spentOnCurrent } from './room';

const agenda = [
  { id: 'a', title: 'Inledning', timeboxMinutes: 5, link: null, spentMs: 0 },
  { id: 'b', title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board' as const, itemId: 'board-ideer' }, spentMs: 60_000 },
];

describe('vote ranking display', () => {
  it('ranks most votes first, ties share a place and the next place skips', () => {
    const rows = rankedRows({
      totalVotes: 8,
      ranking: [
        { stickyId: 's1', text: 'Pant', votes: 3 },
        { stickyId: 's2', text: 'Återbruk', votes: 3 },
        { stickyId: 's3', text: 'Kampanj', votes: 2 },
        { stickyId: 's4', text: 'Inget', votes: 0 },
      ],
    });
    expect(rows.map((r) => [r.place, r.text, r.tied])).toEqual([
      [1, 'Pant', true],
      [1, 'Återbruk', true],
      [3, 'Kampanj', false],
      [4, 'Inget', false],
    ]);
    expect(rows[0]!.share).toBeCloseTo(3 / 8);
  });

  it('shows shares of 0 when nobody voted', () => {
    expect(rankedRows({ totalVotes: 0, ranking: [{ stickyId: 's', text: 't', votes: 0 }] })[0]).toMatchObject({ place: 1, share: 0 });
  });
});

describe('what the room shows', () => {
  const state = { agenda, currentItem: 1, followTarget: null };

  it('follows the current agenda item\'s link, unless the facilitator brought everyone elsewhere', () => {
    expect(shownTarget(state, true, null)).toEqual({ kind: 'board', itemId: 'board-ideer' });
    const target = { kind: 'page' as const, itemId: 'page-plan1' };
    expect(shownTarget({ ...state, followTarget: target }, true, null)).toEqual(target);
    expect(shownTarget({ ...state, currentItem: 0 }, true, null)).toBeNull();
    expect(shownTarget({ ...state, currentItem: null }, true, null)).toBeNull();
  });

  it('shows the person\'s own choice while they step away', () => {
    const own = { kind: 'page' as const, itemId: 'page-egen1' };
    expect(shownTarget(state, false, own)).toEqual(own);
    expect(sameTarget(own, { ...own, sectionId: null })).toBe(true);
    expect(sameTarget(own, { kind: 'board', itemId: 'page-egen1' })).toBe(false);
    expect(sameTarget(null, null)).toBe(true);
  });

  it('counts time spent on the current item with the running stretch', () => {
    expect(spentOnCurrent({ ...state, currentItemStartedAt: 1_000 }, 31_000)).toBe(90_000);
    expect(spentOnCurrent({ ...state, currentItem: null, currentItemStartedAt: null }, 5)).toBeNull();
  });

  it('applies only newer states', () => {
    const s = { id: 'm', version: 4 } as MeetingState;
    expect(newer(null, s)).toBe(true);
    expect(newer(s, { ...s, version: 4 })).toBe(false);
    expect(newer(s, { ...s, version: 3 })).toBe(false);
    expect(newer(s, { ...s, version: 5 })).toBe(true);
  });
});

describe('own votes', () => {
  const vote: VoteRound = {
    round: 2, boardId: 'b', stickyIds: ['s1', 's2'], sectionId: null, votesPerPerson: 3, maxPerSticky: 2, status: 'open', openedAt: 0,
  };

  it('starts each round with the full budget and forgets an earlier round', () => {
    expect(myVotesNow({ vote }, null)).toEqual({ round: 2, votes: {}, remaining: 3 });
    expect(myVotesNow({ vote }, { round: 1, votes: { s1: 3 }, remaining: 0 })).toEqual({ round: 2, votes: {}, remaining: 3 });
    expect(myVotesNow({ vote: { ...vote, status: 'revealed' } }, null)).toBeNull();
    expect(myVotesNow({ vote: null }, null)).toBeNull();
  });

  it('stops at the budget, the per-sticky cap and stickies outside the vote', () => {
    expect(canAddVote({ vote }, { round: 2, votes: { s1: 1 }, remaining: 2 }, 's1')).toBe(true);
    expect(canAddVote({ vote }, { round: 2, votes: { s1: 2 }, remaining: 1 }, 's1')).toBe(false);
    expect(canAddVote({ vote }, { round: 2, votes: { s1: 2, s2: 1 }, remaining: 0 }, 's2')).toBe(false);
    expect(canAddVote({ vote }, { round: 2, votes: {}, remaining: 3 }, 'other')).toBe(false);
    expect(canAddVote({ vote: { ...vote, maxPerSticky: null } }, { round: 2, votes: { s1: 2 }, remaining: 1 }, 's1')).toBe(true);
  });
});
