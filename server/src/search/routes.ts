import { Router } from 'express';
import {
  AppError,
  ErrorCode,
  findSpaceItem,
  itemDocName,
  readBoard,
  readPageText,
  routes,
  spaceDocName,
  type RelatedResponse,
  type SearchKind,
  type SearchResponse,
  type SearchResult,
} from '@samla/shared';
import type * as Y from 'yjs';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import { withDocument } from '../storage/docState.js';
import type { Store, UserRecord } from '../storage/store.js';
import { groupRelated, keyTerms, sessionOf, toSearchResult } from './related.js';

/** How many hits "discussed before" ranks before it groups them into sessions and items. */
export const RELATED_CANDIDATES = 100;
const RELATED_KINDS: SearchKind[] = ['page', 'board', 'minutes', 'decision', 'action'];

/**
 * `GET /api/search?q=&group=&kind=&limit=` and `GET /api/groups/:groupId/related?item=&kind=`. The groups
 * searched are decided before the index is asked: the person's groups in which the policy lets them read
 * documents (or the one `group`, which must be such a group). The store filters by those ids, so nothing
 * of another group can reach a result, the `more` flag or a snippet.
 */
export function searchRoutes(deps: { store: Store; policy: Policy; loadedDoc?: (docName: string) => Y.Doc | undefined }): Router {
  const { store, policy } = deps;
  const loadedDoc = deps.loadedDoc ?? (() => undefined);
  const r = Router();

  async function readableGroups(user: UserRecord, only: string | undefined) {
    if (only) {
      const decision = await policy.inGroup(user, 'doc:read', only);
      enforce(decision);
      return [decision.group];
    }
    const memberships = await store.memberships.listForUser(user.id);
    const decisions = await Promise.all(memberships.map((m) => policy.inGroup(user, 'doc:read', m.groupId)));
    return decisions.flatMap((d) => (d.allowed ? [d.group] : []));
  }

  route(r, routes.search.query, async ({ res, user, query: { q, group, kind, limit } }) => {
    const groups = await readableGroups(user, group);
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const hits = await store.search.query({
      text: q,
      groupIds: groups.map((g) => g.id),
      kinds: kind ? [kind] : undefined,
      limit: limit + 1,
    });
    const results = hits.slice(0, limit).flatMap((h): SearchResult[] => {
      const name = names.get(h.groupId);
      // The store was asked for these groups only; this is a second fence, not the filter.
      if (name === undefined) return [];
      return [toSearchResult(h, { id: h.groupId, name })];
    });
    const body: SearchResponse = { results, more: hits.length > limit };
    res.set('Cache-Control', 'private, no-store');
    return body;
  });

  /**
   * "Discussed before": the item's title and most frequent words (stop words removed, see related.ts),
   * any of them, over every group the person may read; the item's own entries left out.
   */
  route(r, routes.search.related, async ({ res, user, params: { groupId }, query: { item, kind, limit } }) => {
    enforce(await policy.inGroup(user, 'doc:read', groupId));
    const entry = await withDocument(store, loadedDoc, spaceDocName(groupId), (d) => findSpaceItem(d, item));
    if (!entry || entry.kind !== kind) throw new AppError(ErrorCode.notFound, `no such ${kind} in this group`);
    const text = await withDocument(store, loadedDoc, itemDocName(groupId, kind, item), (d) =>
      kind === 'page' ? readPageText(d) : readBoard(d).stickies.map((s) => `${s.section ?? ''}\n${s.text}`).join('\n'),
    );
    const terms = keyTerms(entry.title, text);
    const groups = await readableGroups(user, undefined);
    const hits =
      terms.length === 0
        ? []
        : await store.search.query({
            text: terms.join(' '),
            groupIds: groups.map((g) => g.id),
            kinds: RELATED_KINDS,
            limit: RELATED_CANDIDATES,
            match: 'any',
            excludeItem: { groupId, kind, itemId: item },
            // Each frozen copy stands for the session it was frozen in.
            fold: false,
          });
    const meetingIds = [...new Set(hits.flatMap((h) => sessionOf(h) ?? []))];
    const meetings = new Map((await Promise.all(meetingIds.map((id) => store.meetings.get(id)))).flatMap((m) => (m ? [[m.id, m] as const] : [])));
    const body: RelatedResponse = { terms, ...groupRelated(hits, new Map(groups.map((g) => [g.id, g.name])), meetings, limit) };
    res.set('Cache-Control', 'private, no-store');
    return body;
  });

  return r;
}
