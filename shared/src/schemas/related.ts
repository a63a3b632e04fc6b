import { z } from 'zod';
import { itemId } from './docs.js';
import type { HighlightedText, SearchResult } from './search.js';

/**
 * "Discussed before" (REST `GET /api/groups/:groupId/related`, see docs/api.md): earlier sessions,
 * pages and stickies in the person's groups that share words with an open page or board.
 */
export const RELATED_MAX_LIMIT = 20;
export const RELATED_DEFAULT_LIMIT = 5;

export const relatedQuery = z
  .object({
    item: itemId,
    kind: z.enum(['page', 'board']),
    limit: z.coerce.number().int().min(1).max(RELATED_MAX_LIMIT).default(RELATED_DEFAULT_LIMIT),
  })
  .strict();
export type RelatedQuery = z.infer<typeof relatedQuery>;

export interface RelatedGroup {
  id: string;
  name: string;
}

/** One earlier session with what in it matched. */
export interface RelatedSession {
  group: RelatedGroup;
  meetingId: string;
  title: string;
  /** When the session started (ISO 8601). */
  date: string;
  /** The session page, `/groups/<g>/sessions/<meetingId>`. */
  link: string;
  /**
   * What in it matched, best first (at most 3): its minutes, decisions, action items, and pages or stickies
   * as they were frozen at its end (`page`, `board`; subId: the sticky's id).
   */
  matches: { kind: 'minutes' | 'decision' | 'action' | 'page' | 'board'; subId: string; snippet: HighlightedText }[];
}

/** A page, a board's title or one sticky, shaped like a search result (`link`: `…/boards/<id>?sticky=<stickyId>` for a sticky). */
export type RelatedItem = Omit<SearchResult, 'kind'> & { kind: 'page' | 'board' };

export interface RelatedResponse {
  /** The words the item was matched on, weightiest first (empty: nothing to match on). */
  terms: string[];
  sessions: RelatedSession[];
  items: RelatedItem[];
}
