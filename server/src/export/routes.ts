import { Router, type Response } from 'express';
import { AppError, ErrorCode, findSpaceItem, itemDocName, itemId as itemIdSchema, notesDocName, readBoard, routes, spaceDocName } from '@samla/shared';
import type * as Y from 'yjs';
import { sendCsv } from '../directory/routes.js';
import { enforce } from '../http/errors.js';
import { personName, requestedLanguage, type Language } from '../http/language.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import { withDocument } from '../storage/docState.js';
import type { Store, UserRecord } from '../storage/store.js';
import { pageToMarkdown } from './markdown.js';

/**
 * Votes per sticky of a board, for the CSV export. The default reads the most recent revealed dot
 * vote on the board from the group's sessions; stickies without a result get 0.
 */
export type BoardVotes = (groupId: string, boardId: string) => Promise<Map<string, number>>;

export function latestBoardVotes(store: Store): BoardVotes {
  return async (groupId, boardId) => {
    const meetings = await store.meetings.list([groupId], ['live', 'ended']);
    // Meetings come soonest first and a meeting's results in round order: the last one found is the latest.
    let latest: Map<string, number> | null = null;
    for (const m of meetings) {
      for (const r of m.voteResults) {
        if (r.boardId === boardId) latest = new Map(r.ranking.map((x) => [x.stickyId, x.votes]));
      }
    }
    return latest ?? new Map();
  };
}

/** The board CSV's columns, in the reader's language. */
const CSV_HEADER: Record<Language, string[]> = {
  sv: ['Sektion', 'Text', 'Författare', 'Röster'],
  en: ['Section', 'Text', 'Author', 'Votes'],
};

/** A file name from a title: ASCII letters, digits and dashes only (the header stays plain). */
export function fileName(title: string, fallback: string, ext: string): string {
  const base = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || fallback}.${ext}`;
}

/**
 * Downloads: a page or the group notes as Markdown, a board as CSV in the reader's language (`?lang=`,
 * else Accept-Language, else Swedish). Anyone who may read the group's
 * documents (observers too) may export them. The content is read from the live document when this
 * instance holds it, else from the store.
 */
export function exportRoutes(deps: { store: Store; policy: Policy; loadedDoc: (docName: string) => Y.Doc | undefined; boardVotes?: BoardVotes }): Router {
  const { store, policy, loadedDoc } = deps;
  const boardVotes = deps.boardVotes ?? latestBoardVotes(store);
  const r = Router();

  async function authorized(user: UserRecord, groupId: string) {
    const decision = await policy.inGroup(user, 'doc:read', groupId);
    enforce(decision);
    return decision.group;
  }

  const withDoc = <T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T> => withDocument(store, loadedDoc, docName, fn);

  /** The item must be listed in the group's space as that kind. */
  async function spaceItem(groupId: string, itemParam: string, kind: 'page' | 'board') {
    const id = itemIdSchema.safeParse(itemParam);
    const item = id.success ? await withDoc(spaceDocName(groupId), (d) => findSpaceItem(d, id.data)) : null;
    if (!item || item.kind !== kind) throw new AppError(ErrorCode.notFound, `no such ${kind} in this group`);
    return item;
  }

  function sendMarkdown(res: Response, filename: string, markdown: string) {
    res.set('Content-Type', 'text/markdown; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(markdown);
  }

  route(r, routes.exports.page, async ({ res, user, params }) => {
    const group = await authorized(user, params.groupId);
    const item = await spaceItem(group.id, params.itemId, 'page');
    const markdown = await withDoc(itemDocName(group.id, 'page', item.id), (d) => pageToMarkdown(d, item.title));
    sendMarkdown(res, fileName(item.title, item.id, 'md'), markdown);
  });

  route(r, routes.exports.notes, async ({ res, user, params }) => {
    const group = await authorized(user, params.groupId);
    const markdown = await withDoc(notesDocName(group.id), (d) => pageToMarkdown(d, group.name));
    sendMarkdown(res, fileName(group.name, group.id, 'md'), markdown);
  });

  route(r, routes.exports.board, async ({ req, res, user, params }) => {
    const group = await authorized(user, params.groupId);
    const item = await spaceItem(group.id, params.itemId, 'board');
    const lang = requestedLanguage(req);
    const { sections, stickies } = await withDoc(itemDocName(group.id, 'board', item.id), readBoard);
    const votes = await boardVotes(group.id, item.id);
    // Sections top to bottom, left to right, then the stickies outside any section; within each, reading order.
    const sectionOrder = new Map(
      [...sections].sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1)).map((s, i) => [s.id, i]),
    );
    const rank = (sectionId: string | null) => (sectionId === null ? sectionOrder.size : sectionOrder.get(sectionId)!);
    const rows = [...stickies]
      .sort((a, b) => rank(a.sectionId) - rank(b.sectionId) || a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : 1))
      .map((s) => [s.section ?? '', s.text, personName(s.authorName, lang), votes.get(s.id) ?? 0]);
    sendCsv(res, fileName(item.title, item.id, 'csv'), CSV_HEADER[lang], rows);
  });

  return r;
}
