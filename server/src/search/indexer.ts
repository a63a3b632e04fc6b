import { findSpaceItem, parseDocName, readBoard, readPageText, readSpaceItems, spaceDocName, type DocAddress, type SearchKind } from '@samla/shared';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { loadStoredDoc, withDocument } from '../storage/docState.js';
import type { SearchEntry, Store } from '../storage/store.js';
import { ANALYSIS_VERSION } from '../storage/searchText.js';
import { markdownText } from './markdownText.js';

/**
 * Kinds other features index through `SearchIndexer.index`: the meetings feature's minutes, decisions and
 * action items, and the pages and boards frozen at a session's end (itemId: the version id, so they never
 * collide with the live item's entries).
 */
export type ExternalKind = Extract<SearchKind, 'minutes' | 'decision' | 'action' | 'page' | 'board'>;

/** An entry another feature adds; `link` must be a client path inside the group (`/groups/<groupId>/…`). */
export interface ExternalEntry {
  groupId: string;
  kind: ExternalKind;
  /** E.g. the meeting id. */
  itemId: string;
  /** E.g. the decision or action item id; '' for the minutes themselves. */
  subId: string;
  title: string;
  /** A sticky's section title. */
  section?: string | null;
  /** Minutes are Markdown: search keeps their plain text. */
  text: string;
  /** A page or sticky frozen at a session's end: the live page's or board's id (see SearchEntry.origin). */
  origin?: string;
  link: string;
  /** When it last changed; default now. */
  date?: Date;
}

export const DEFAULT_INDEX_DELAY_MS = 1_000;
/** Meta key holding the version of the index the stored documents were last fully indexed into. */
export const BACKFILL_META_KEY = 'search.backfilled';
/** Bump to re-index every document at the next start (after changing what is extracted). */
export const BACKFILL_VERSION = '1';

export const pageLink = (groupId: string, itemId: string) => `/groups/${groupId}/pages/${itemId}`;
export const boardLink = (groupId: string, itemId: string, stickyId?: string) =>
  `/groups/${groupId}/boards/${itemId}${stickyId ? `?sticky=${encodeURIComponent(stickyId)}` : ''}`;
export const notesLink = (groupId: string) => `/groups/${groupId}`;

export interface SearchIndexerOptions {
  store: Store;
  log: Logger;
  now: () => Date;
  /** The live Y.Doc of a document this instance holds, if it holds it. */
  loadedDoc: (docName: string) => Y.Doc | undefined;
  /** How long after a change the document is read and indexed (every change in between rides along). */
  delayMs?: number;
}

/**
 * Keeps the search index in step with the documents. A change to a page, board, the notes or a space
 * schedules one re-index of that document `delayMs` later (a throttle: typing without pause is
 * still indexed every `delayMs`); a document about to be unloaded is indexed at once. Index writes
 * run one at a time. The index is derived data: a failed write is logged and the next change of the
 * document writes it again.
 */
export class SearchIndexer {
  private timers = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  /**
   * Last indexed title and kind of each space item, by `<groupId>/<itemId>`: a space change writes only
   * renamed items, and removes the entries of items that left the space.
   */
  private titles = new Map<string, { title: string; kind: 'page' | 'board' }>();
  private closed = false;
  private readonly delayMs: number;
  /** Space docs read once for a backfill, by group id. */
  private spaces = new Map<string, Y.Doc>();

  constructor(private readonly opts: SearchIndexerOptions) {
    this.delayMs = opts.delayMs ?? DEFAULT_INDEX_DELAY_MS;
  }

  /** A document changed (collab hook). */
  changed(docName: string): void {
    if (this.closed || this.timers.has(docName) || !parseDocName(docName)) return;
    const timer = setTimeout(() => {
      this.timers.delete(docName);
      const doc = this.opts.loadedDoc(docName);
      if (doc) this.enqueue(docName, doc);
    }, this.delayMs);
    timer.unref();
    this.timers.set(docName, timer);
  }

  /** The document is about to be unloaded (collab hook): index a pending change now, while it is readable. */
  unloading(docName: string, doc: Y.Doc): void {
    const timer = this.timers.get(docName);
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(docName);
    this.enqueue(docName, doc);
  }

  /** Resolves when every index write started so far is done. */
  async idle(): Promise<void> {
    let current;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  /** Stops scheduling and waits for the writes in flight; call after the collab server closed (it unloads every doc). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  /**
   * Indexes every stored document, unless this store's index is already complete for BACKFILL_VERSION:
   * documents written before search existed, a store migrated without its index (the meta key is not
   * copied), or a changed extraction. Runs in the background at start, one document at a time.
   */
  async backfill(): Promise<number> {
    const { store } = this.opts;
    await this.reindex();
    if ((await store.meta.get(BACKFILL_META_KEY)) === BACKFILL_VERSION) return 0;
    // Spaces first: they are kept while the group's pages and boards read their titles from them.
    const names = (await store.docs.listNames())
      .filter((n) => parseDocName(n) !== null)
      .sort((a, b) => Number(parseDocName(b)!.kind === 'space') - Number(parseDocName(a)!.kind === 'space'));
    let indexed = 0;
    try {
      for (const name of names) {
        if (this.closed) return indexed;
        const address = parseDocName(name)!;
        const live = this.opts.loadedDoc(name);
        const doc = live ?? (address.kind === 'space' ? this.spaces.get(address.groupId) : undefined) ?? (await loadStoredDoc(store, name));
        if (address.kind === 'space' && !live) this.spaces.set(address.groupId, doc);
        try {
          this.enqueue(name, doc);
        } finally {
          if (!live && address.kind !== 'space') doc.destroy();
        }
        await this.idle();
        indexed++;
      }
      if (!this.closed) await store.meta.set(BACKFILL_META_KEY, BACKFILL_VERSION);
      return indexed;
    } finally {
      for (const doc of this.spaces.values()) doc.destroy();
      this.spaces.clear();
    }
  }

  /**
   * Analyses the stored entries again when the analysis changed (searchText.ts ANALYSIS_VERSION), once, with
   * progress in the log; a store whose entries are current does nothing.
   */
  async reindex(): Promise<number> {
    const { store, log } = this.opts;
    let last = 0;
    const n = await store.search.reindex((done, total) => {
      const pct = Math.floor((100 * done) / Math.max(1, total));
      if (done === total || pct >= last + 10) {
        last = pct;
        log.info({ done, total, analysis: ANALYSIS_VERSION }, `search: reindexing ${done}/${total} entries (${pct} %)`);
      }
    });
    if (n > 0) log.info({ entries: n, analysis: ANALYSIS_VERSION }, 'search: reindexed for the new analysis');
    return n;
  }

  /**
   * Extension point: adds or updates entries of other features (minutes, decisions, action items),
   * which search then finds like everything else, restricted to the group's members.
   */
  async index(entries: ExternalEntry[]): Promise<void> {
    for (const e of entries) {
      if (!e.link.startsWith(`/groups/${e.groupId}/`) && e.link !== notesLink(e.groupId)) {
        throw new Error(`search entry link ${e.link} is not inside group ${e.groupId}`);
      }
    }
    for (const e of entries) {
      await this.opts.store.search.upsert({
        groupId: e.groupId,
        kind: e.kind,
        itemId: e.itemId,
        subId: e.subId,
        title: e.title,
        section: e.section ?? null,
        text: e.kind === 'minutes' ? markdownText(e.text) : e.text,
        link: e.link,
        updatedAt: e.date ?? this.opts.now(),
        origin: e.origin ?? null,
      });
    }
  }

  /** Extension point: removes one entry of another feature, or all of an item when `subId` is omitted. */
  async unindex(groupId: string, kind: ExternalKind, itemId: string, subId?: string): Promise<void> {
    await this.opts.store.search.remove(groupId, kind, itemId, subId);
  }

  /** Reads the document now (synchronously) and queues the write. */
  private enqueue(docName: string, doc: Y.Doc): void {
    const address = parseDocName(docName)!;
    let write: () => Promise<void>;
    try {
      write = this.prepare(address, doc);
    } catch (err) {
      this.opts.log.warn({ err, doc: docName }, 'could not read a document for the search index');
      return;
    }
    this.queue = this.queue
      .then(write)
      .catch((err: unknown) => this.opts.log.warn({ err, doc: docName }, 'could not update the search index'));
  }

  /** Reads what to index from `doc` now; the returned function writes it. */
  private prepare(address: DocAddress, doc: Y.Doc): () => Promise<void> {
    const { store, now } = this.opts;
    const { groupId, kind, itemId = '' } = address;
    const updatedAt = now();
    if (kind === 'notes') {
      const text = readPageText(doc);
      return () => store.search.upsert({ groupId, kind: 'notes', itemId: '', subId: '', title: '', section: null, text, link: notesLink(groupId), updatedAt });
    }
    if (kind === 'space') {
      const items = readSpaceItems(doc);
      return async () => {
        const prefix = `${groupId}/`;
        const present = new Set(items.map((i) => prefix + i.id));
        for (const [key, { kind: itemKind }] of this.titles) {
          if (!key.startsWith(prefix) || present.has(key)) continue;
          await store.search.remove(groupId, itemKind, key.slice(prefix.length));
          this.titles.delete(key);
        }
        for (const item of items) {
          const key = prefix + item.id;
          if (this.titles.get(key)?.title === item.title) continue;
          await store.search.setTitle({
            groupId,
            kind: item.kind,
            itemId: item.id,
            subId: '',
            title: item.title,
            section: null,
            text: '',
            link: item.kind === 'page' ? pageLink(groupId, item.id) : boardLink(groupId, item.id),
            updatedAt,
          });
          this.titles.set(key, { title: item.title, kind: item.kind });
        }
      };
    }
    if (kind === 'page') {
      const text = readPageText(doc);
      return async () => {
        const title = await this.titleOf(groupId, itemId);
        await store.search.upsert({ groupId, kind: 'page', itemId, subId: '', title, section: null, text, link: pageLink(groupId, itemId), updatedAt });
      };
    }
    const { stickies } = readBoard(doc);
    return async () => {
      const title = await this.titleOf(groupId, itemId);
      const base = { groupId, kind: 'board' as const, itemId, title, updatedAt };
      const entries: SearchEntry[] = [{ ...base, subId: '', section: null, text: '', link: boardLink(groupId, itemId) }];
      for (const s of stickies) {
        if (s.text.trim()) entries.push({ ...base, subId: s.id, section: s.section, text: s.text, link: boardLink(groupId, itemId, s.id) });
      }
      await store.search.replaceItem(groupId, 'board', itemId, entries);
    };
  }

  /** The item's title from the group's space: the live doc when this instance holds it, else the stored one. */
  private async titleOf(groupId: string, itemId: string): Promise<string> {
    const live = (name: string) => this.opts.loadedDoc(name) ?? this.spaces.get(groupId);
    return withDocument(this.opts.store, live, spaceDocName(groupId), (doc) => findSpaceItem(doc, itemId)?.title ?? '');
  }
}
