import { z } from 'zod';
import { itemId } from './docs.js';
import { namedRef } from './membership.js';
import { highlightedText, searchResult } from './search.js';

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

export const relatedGroup = namedRef;
export type RelatedGroup = z.infer<typeof relatedGroup>;

/** One earlier session with what in it matched. */
export const relatedSession = z.strictObject({
  group: relatedGroup,
  meetingId: z.string(),
  title: z.string(),
  /** When the session started (ISO 8601). */
  date: z.iso.datetime(),
  /** The session page, `/groups/<g>/sessions/<meetingId>`. */
  link: z.string(),
  /**
   * What in it matched, best first (at most 3): its minutes, decisions, action items, and pages or stickies
   * as they were frozen at its end (`page`, `board`; subId: the sticky's id).
   */
  matches: z.array(
    z.strictObject({ kind: z.enum(['minutes', 'decision', 'action', 'page', 'board']), subId: z.string(), snippet: highlightedText }),
  ),
});
export type RelatedSession = z.infer<typeof relatedSession>;

/** A page, a board's title or one sticky, shaped like a search result (`link`: `…/boards/<id>?sticky=<stickyId>` for a sticky). */
export const relatedItem = z.strictObject({ ...searchResult.shape, kind: z.enum(['page', 'board']) });
export type RelatedItem = z.infer<typeof relatedItem>;

export const relatedResponse = z.strictObject({
  /** The words the item was matched on, weightiest first (empty: nothing to match on). */
  terms: z.array(z.string()),
  sessions: z.array(relatedSession),
  items: z.array(relatedItem),
});
export type RelatedResponse = z.infer<typeof relatedResponse>;
