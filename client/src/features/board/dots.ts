import { createContext, useContext } from 'react';

/**
 * Dot votes drawn on stickies. The board only draws them; whoever runs the vote (the session room) decides what
 * may be shown: while a vote is open only the person's own dots (`mine`), after the reveal everyone's.
 */
export interface StickyDots {
  count: number;
  /** The person's own dots in an open vote, not the total. */
  mine: boolean;
}

export type StickyDotsMap = ReadonlyMap<string, StickyDots>;

export const StickyDotsContext = createContext<StickyDotsMap | null>(null);

export const useStickyDots = (id: string): StickyDots | undefined => useContext(StickyDotsContext)?.get(id);

/** Dots beyond this many are summed up as "+n": a sticky has room for a row of them. */
export const MAX_DRAWN_DOTS = 8;
