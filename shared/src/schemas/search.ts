import { z } from 'zod';
import { groupId } from './groups.js';
import { namedRef } from './membership.js';

/**
 * Full-text search over what a person may read in their groups (REST `GET /api/search`, see docs/api.md).
 *
 * Kinds: `notes` (a group's notes), `page` (title and text), `board` (one entry per sticky, with its
 * section, plus one for the board's title), and the kinds the meetings feature indexes: `minutes`,
 * `decision`, `action`.
 */
export const searchKinds = ['notes', 'page', 'board', 'minutes', 'decision', 'action'] as const;
export const searchKind = z.enum(searchKinds);
export type SearchKind = z.infer<typeof searchKind>;

export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_QUERY = 200;

/**
 * Splits text into words: runs of letters and digits (Unicode), NFC, lower case (Swedish). Both stores'
 * search analyse these words further (stems, compound parts, folded diacritics: server/src/storage/searchText.ts).
 */
export function searchTerms(text: string): string[] {
  return text.normalize('NFC').toLocaleLowerCase('sv').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export const searchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, 'enter something to search for')
      .max(SEARCH_MAX_QUERY)
      .refine((q) => searchTerms(q).length > 0, 'needs at least one letter or digit'),
    group: groupId.optional(),
    kind: searchKind.optional(),
    limit: z.coerce.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
  })
  .strict();
export type SearchQuery = z.infer<typeof searchQuery>;

/**
 * Text with highlighted parts as [start, end) UTF-16 offsets into `text`. Never HTML: the client
 * builds <mark> elements from the ranges, so nothing in user content is interpreted.
 */
export const highlightedText = z.strictObject({
  text: z.string(),
  highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type HighlightedText = z.infer<typeof highlightedText>;

export const searchResult = z.strictObject({
  group: namedRef,
  kind: searchKind,
  /** Page, board or meeting id; empty for the group notes. */
  itemId: z.string(),
  /** Sticky, decision or action item id; empty otherwise. */
  subId: z.string(),
  title: z.string(),
  /** The board section a sticky is in, if any. */
  section: z.string().nullable(),
  snippet: highlightedText,
  /** When the entry's content last changed (ISO 8601). */
  date: z.iso.datetime(),
  /** Client path that opens it, e.g. `/groups/plast/pages/<id>` or `/groups/plast/boards/<id>?sticky=<id>`. */
  link: z.string(),
  /**
   * The same page or sticky as frozen at the end of sessions, which matched too: "also in the session of
   * 12 mars". Each links to the session page showing that version; date: when it was frozen (ISO 8601).
   */
  alsoIn: z.array(z.strictObject({ link: z.string(), date: z.iso.datetime() })),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchResponse = z.strictObject({
  results: z.array(searchResult),
  /** True when there were more matches than `limit` (counted only in the groups searched). */
  more: z.boolean(),
});
export type SearchResponse = z.infer<typeof searchResponse>;
