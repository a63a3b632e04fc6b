import { Router } from 'express';
import { searchQuery, type SearchResponse, type SearchResult } from '@samla/shared';
import { enforce, parseBody } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import type { Policy } from '../policy/policy.js';
import type { Store, UserRecord } from '../storage/store.js';

/**
 * `GET /api/search?q=&group=&kind=&limit=`. The groups searched are decided before the index is
 * asked: the person's groups in which the policy lets them read documents (or the one `group`, which
 * must be such a group). The store filters by those ids, so nothing of another group can reach a
 * result, the `more` flag or a snippet.
 */
export function searchRoutes(deps: { store: Store; policy: Policy }): Router {
  const { store, policy } = deps;
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

  r.get('/search', async (req, res) => {
    const user = requireUser(req);
    const { q, group, kind, limit } = parseBody(searchQuery, req.query);
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
      return [
        {
          group: { id: h.groupId, name },
          kind: h.kind,
          itemId: h.itemId,
          subId: h.subId,
          title: h.title,
          section: h.section,
          snippet: h.snippet,
          date: h.updatedAt.toISOString(),
          link: h.link,
        },
      ];
    });
    const body: SearchResponse = { results, more: hits.length > limit };
    res.set('Cache-Control', 'private, no-store').json(body);
  });

  return r;
}
