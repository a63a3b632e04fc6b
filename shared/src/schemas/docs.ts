import { z } from 'zod';
import { groupId } from './groups.js';

/**
 * Every group has a document space, made of Yjs documents addressed as
 *   groups/<groupId>/notes              the group's standing notes page (always there)
 *   groups/<groupId>/space              the list of pages and boards (see SpaceItem below)
 *   groups/<groupId>/pages/<itemId>     a rich-text notes page
 *   groups/<groupId>/boards/<itemId>    an idea board
 * and served at `/yjs/` followed by the name. Item ids are made by the client that creates the item.
 */
export const itemId = z.string().regex(/^[a-z0-9][a-z0-9-]{7,39}$/, 'invalid item id');

export type DocKind = 'notes' | 'space' | 'page' | 'board';

export interface DocAddress {
  groupId: string;
  kind: DocKind;
  /** Set for pages and boards. */
  itemId?: string;
}

const docNamePattern = /^groups\/([^/]+)\/(?:(notes|space)|(pages|boards)\/([^/]+))$/;

export function parseDocName(docName: string): DocAddress | null {
  const m = docNamePattern.exec(docName);
  if (!m || !groupId.safeParse(m[1]).success) return null;
  if (m[2]) return { groupId: m[1]!, kind: m[2] as 'notes' | 'space' };
  if (!itemId.safeParse(m[4]).success) return null;
  return { groupId: m[1]!, kind: m[3] === 'pages' ? 'page' : 'board', itemId: m[4]! };
}

export const notesDocName = (group: string): string => `groups/${group}/notes`;
export const spaceDocName = (group: string): string => `groups/${group}/space`;
export const itemDocName = (group: string, kind: 'page' | 'board', id: string): string =>
  `groups/${group}/${kind === 'page' ? 'pages' : 'boards'}/${id}`;

/**
 * The shapes inside the documents, shared by the client, the server (restore, export, search)
 * and tests. Field values are plain JSON unless noted.
 *
 * Space doc: `doc.getMap(SPACE_ITEMS)` maps itemId → Y.Map with SpaceItem fields.
 */
export const SPACE_ITEMS = 'items';
export interface SpaceItem {
  kind: 'page' | 'board';
  title: string;
  /** Sort key; the list is shown by ascending order, ties by id. Reordering sets a value between neighbours. */
  order: number;
  archived: boolean;
  /** Epoch milliseconds. */
  createdAt: number;
  createdBy: string;
}

/** Notes pages (and the group notes) are a Tiptap/ProseMirror document in this XmlFragment. */
export const PAGE_FRAGMENT = 'default';

/**
 * Board doc: `doc.getMap(BOARD_STICKIES)` maps stickyId → Y.Map with Sticky fields, where `text`
 * is a Y.Text; `doc.getMap(BOARD_SECTIONS)` maps sectionId → Y.Map with Section fields.
 * Coordinates are board units (pixels at zoom 1); a sticky is STICKY_SIZE square.
 */
export const BOARD_STICKIES = 'stickies';
export const BOARD_SECTIONS = 'sections';
export const STICKY_SIZE = 160;
export const stickyColors = ['yellow', 'green', 'blue', 'pink', 'orange', 'purple'] as const;
export type StickyColor = (typeof stickyColors)[number];
export interface Sticky {
  /** Y.Text in the document. */
  text: string;
  x: number;
  y: number;
  color: StickyColor;
  authorId: string;
  authorName: string;
  /** The section it belongs to, or null. Moving a section moves its stickies. */
  sectionId: string | null;
  createdAt: number;
}
export interface Section {
  title: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Version history (REST, see docs/api.md). */
export const versionName = z.string().trim().min(1).max(120);
export const createVersionRequest = z.object({ doc: z.string().max(200), name: versionName }).strict();
export type CreateVersionRequest = z.infer<typeof createVersionRequest>;

export const versionInfo = z.strictObject({
  id: z.string(),
  doc: z.string(),
  createdAt: z.iso.datetime(),
  /** Null for automatic snapshots. */
  name: z.string().nullable(),
  reason: z.enum(['auto', 'named', 'last-editor-left', 'before-restore', 'session-end']),
  contributors: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});
export type VersionInfo = z.infer<typeof versionInfo>;

export const versionContent = z.strictObject({
  ...versionInfo.shape,
  /** Y.encodeStateAsUpdate of the version, base64. Apply to a fresh Y.Doc to show it read-only. */
  update: z.base64(),
});
export type VersionContent = z.infer<typeof versionContent>;
