import { readBoard, readPageText } from '@samla/shared';
import * as Y from 'yjs';
import type { CollabServer } from '../collab/server.js';
import type { ExternalEntry } from '../search/indexer.js';
import type { MeetingRecord, Store } from '../storage/store.js';
import { meetingLink } from './searchEntries.js';
import { readSpace } from './space.js';

/** The session page showing one frozen version, optionally with a sticky picked out. */
export const snapshotLink = (m: Pick<MeetingRecord, 'groupId' | 'id'>, snapshotId: string, stickyId?: string) =>
  `${meetingLink(m)}?snapshot=${encodeURIComponent(snapshotId)}${stickyId ? `&sticky=${encodeURIComponent(stickyId)}` : ''}`;

/**
 * Search entries for the pages and boards frozen when the session ended: a page as one `page` entry, a
 * board as one `board` entry per sticky, keyed by the version id (never the live item's id) with the live
 * item's id as `origin` (search folds the copy into the live item's hit), titled like the live item, and
 * linking to the session page with `?snapshot=<versionId>`
 * (`&sticky=<id>` for a sticky). So a sticky changed or deleted later on the live board is still found,
 * and leads to the board as it was at the end of the session.
 */
export async function frozenSearchEntries(deps: { store: Store; collab: CollabServer }, m: MeetingRecord): Promise<ExternalEntry[]> {
  const snapshots = m.minutes?.snapshots ?? {};
  const ids = [...new Set(Object.values(snapshots))];
  if (ids.length === 0) return [];
  const titles = new Map((await readSpace(deps.store, deps.collab, m.groupId)).map((i) => [i.id, i.title]));
  const out: ExternalEntry[] = [];
  for (const id of ids) {
    const item = m.agenda.find((a) => snapshots[a.id] === id)?.link;
    const snapshot = await deps.store.snapshots.get(id);
    if (!item || !snapshot) continue;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, snapshot.state);
      // The live item's title only: the version's name (the session's) is not what each sticky is about.
      const title = titles.get(item.itemId) ?? snapshot.name ?? '';
      const base = { groupId: m.groupId, itemId: id, title, date: snapshot.createdAt, origin: item.itemId };
      if (item.kind === 'page') {
        out.push({ ...base, kind: 'page', subId: '', text: readPageText(doc), link: snapshotLink(m, id) });
      } else {
        for (const s of readBoard(doc).stickies) {
          if (s.text.trim()) out.push({ ...base, kind: 'board', subId: s.id, section: s.section, text: s.text, link: snapshotLink(m, id, s.id) });
        }
      }
    } finally {
      doc.destroy();
    }
  }
  return out;
}
