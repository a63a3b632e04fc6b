import { randomUUID } from 'node:crypto';
import { findSpaceItem, parseDocName, readBoard, readPageText, readSpaceItems, spaceDocName, type DocAddress, type SearchKind } from '@samla/shared';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { loadStoredDoc, withDocument } from '../storage/docState.js';
import type { SearchEntry, Store } from '../storage/store.js';
import { ANALYSIS_VERSION, indexable } from '../storage/searchText.js';
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
/** The store lease under which one instance at a time backfills and re-analyses the index. */
export const BACKFILL_LEASE_KEY = 'search.backfill';
const DEFAULT_LEASE_MS = 30_000;
/**
 * How long a change made on this instance may take to reach another instance through the relay (its p99 is
 * a few ms; a lost message is repaired from the store after 250 ms): another instance's index pass read
 * this much after the change includes it.
 */
export const RELAY_ALLOWANCE_MS = 500;
/** How long a space doc read from the store gives the titles of its pages and boards (see titleOf). */
export const SPACE_TITLES_TTL_MS = 10_000;

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
  /** How long the backfill lease lasts unrenewed (it is renewed every third of that while the backfill runs). */
  leaseMs?: number;
  /**
   * Cluster mode: takes the index pass of `docName` for `ms`, unless another instance holds it. Resolves
   * null when this instance took it, else the time (ms since the epoch) at which the holder read the
   * document. Rejects when it cannot tell (Redis away): then this instance indexes on its own.
   */
  claim?: (docName: string, readAt: number, ms: number) => Promise<number | null>;
}

interface Lease {
  /** The lease expired or another instance took it: stop, and leave the rest to that one. */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * Keeps the search index in step with the documents. A change to a page, board, the notes or a space
 * schedules one re-index of that document `delayMs` later (a throttle: typing without pause is
 * still indexed every `delayMs`); a document about to be unloaded is indexed at once. Index writes
 * run one at a time. The index is derived data: a failed write is logged and the next change of the
 * document writes it again.
 *
 * Several instances may share one store, each indexing the changes made on it. So nothing here relies on
 * what this instance wrote before: a space change compares the space with the entries in the store, and
 * every write carries the time its document was read (SearchEntry.version), by which the store keeps the
 * newest of two instances' writes. Clocks of instances must roughly agree: writes read within their skew of
 * each other may still be ordered wrongly (until the document's next change).
 */
export class SearchIndexer {
  private timers = new Map<string, NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly delayMs: number;
  private readonly leaseMs: number;
  /** Names this instance as the backfill lease's holder. */
  private readonly holder = randomUUID();
  /** Space docs read once for a backfill, by group id. */
  private spaces = new Map<string, Y.Doc>();
  /** Titles of the items of spaces this instance does not hold, as read from the store, by group id. */
  private titles = new Map<string, { titles: Map<string, string>; readAt: number }>();
  /** When each document was last changed on this instance. */
  private lastChange = new Map<string, number>();
  /** Documents whose index pass is asking for its claim. */
  private claiming = new Set<string>();

  constructor(private readonly opts: SearchIndexerOptions) {
    this.delayMs = opts.delayMs ?? DEFAULT_INDEX_DELAY_MS;
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** A document changed (collab hook). */
  changed(docName: string): void {
    if (this.closed || !parseDocName(docName)) return;
    this.lastChange.set(docName, this.opts.now().getTime());
    if (!this.timers.has(docName)) this.schedule(docName, this.delayMs);
  }

  private schedule(docName: string, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(docName);
      void this.pass(docName);
    }, ms);
    timer.unref();
    this.timers.set(docName, timer);
  }

  /**
   * Indexes a document changed here. In cluster mode every instance holding it has the others' changes
   * (the relay), so one pass per document and delay is enough: the instance whose claim succeeds indexes,
   * and another skips when the holder read after its last change had reached it, else tries again once
   * the holder's claim ran out.
   */
  private async pass(docName: string): Promise<void> {
    const { claim, now } = this.opts;
    if (claim) {
      const changedAt = this.lastChange.get(docName) ?? 0;
      const at = now().getTime();
      let held: number | null = null;
      this.claiming.add(docName);
      try {
        held = await claim(docName, at, this.delayMs);
      } catch (err) {
        this.opts.log.debug({ err, doc: docName }, 'search: could not claim an index pass; indexing here');
      } finally {
        this.claiming.delete(docName);
      }
      if (held !== null) {
        if (held < changedAt + RELAY_ALLOWANCE_MS && !this.closed && !this.timers.has(docName) && this.opts.loadedDoc(docName)) {
          this.schedule(docName, Math.max(0, held + this.delayMs - at) + 50);
        }
        return;
      }
    }
    const doc = this.opts.loadedDoc(docName);
    if (doc && !this.closed) this.enqueue(docName, doc);
  }

  /** The document is about to be unloaded (collab hook): index a pending change now, while it is readable. */
  unloading(docName: string, doc: Y.Doc): void {
    this.lastChange.delete(docName);
    const timer = this.timers.get(docName);
    if (!timer && !this.claiming.has(docName)) return;
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
   * Re-analyses the index if needed, then indexes every stored document, unless this store's index is already
   * complete for BACKFILL_VERSION: documents written before search existed, a store migrated without its
   * index (the meta key is not copied), or a changed extraction; then `then` (other features' backfills).
   * Runs in the background at start, one document at a time, and on one instance at a time: under the lease
   * BACKFILL_LEASE_KEY. An instance that finds it held skips it all, since the holder does the work; a holder
   * that crashed leaves the work to a later start once its lease expired. Returns how many documents it
   * indexed.
   */
  async backfill(then?: () => Promise<unknown>): Promise<number> {
    const lease = await this.takeLease();
    if (!lease) {
      this.opts.log.info('search: another instance holds the backfill lease, so it indexes the stored documents');
      return 0;
    }
    try {
      await this.reindex();
      const indexed = await this.backfillDocuments(lease);
      if (then && !lease.lost && !this.closed) await then();
      return indexed;
    } finally {
      await lease.release();
    }
  }

  private async backfillDocuments(lease: Lease): Promise<number> {
    const { store } = this.opts;
    if ((await store.meta.get(BACKFILL_META_KEY)) === BACKFILL_VERSION) return 0;
    // Spaces first: they are kept while the group's pages and boards read their titles from them.
    const names = (await store.docs.listNames())
      .filter((n) => parseDocName(n) !== null)
      .sort((a, b) => Number(parseDocName(b)!.kind === 'space') - Number(parseDocName(a)!.kind === 'space'));
    let indexed = 0;
    try {
      for (const name of names) {
        if (this.closed || lease.lost) return indexed;
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
      if (!this.closed && !lease.lost) await store.meta.set(BACKFILL_META_KEY, BACKFILL_VERSION);
      return indexed;
    } finally {
      for (const doc of this.spaces.values()) doc.destroy();
      this.spaces.clear();
    }
  }

  /**
   * Takes the backfill lease and renews it until released, one renewal at a time; null when another instance
   * holds it. A renewal that fails to reach the store is tried again at the next interval.
   */
  private async takeLease(): Promise<Lease | null> {
    const { store, now, log } = this.opts;
    const take = () => store.meta.acquireLease(BACKFILL_LEASE_KEY, this.holder, new Date(now().getTime() + this.leaseMs), now());
    if (!(await take())) return null;
    let lost = false;
    let renewing = Promise.resolve();
    const timer = setInterval(() => {
      renewing = renewing.then(async () => {
        try {
          if (lost || (await take())) return;
          lost = true;
          clearInterval(timer);
          log.warn('search: the backfill lease expired and another instance took it; leaving the backfill to it');
        } catch (err) {
          log.warn({ err }, 'search: could not renew the backfill lease');
        }
      });
    }, this.leaseMs / 3);
    timer.unref();
    return {
      get lost() {
        return lost;
      },
      release: async () => {
        clearInterval(timer);
        await renewing;
        if (!lost) await store.meta.releaseLease(BACKFILL_LEASE_KEY, this.holder);
      },
    };
  }

  /**
   * Analyses the stored entries again when the analysis changed (searchText.ts ANALYSIS_VERSION), once, with
   * progress in the log; a store whose entries are current does nothing. Only under the backfill lease.
   */
  private async reindex(): Promise<number> {
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
      const date = this.opts.now();
      await this.opts.store.search.upsert({
        groupId: e.groupId,
        kind: e.kind,
        itemId: e.itemId,
        subId: e.subId,
        title: e.title,
        section: e.section ?? null,
        text: e.kind === 'minutes' ? markdownText(e.text) : e.text,
        link: e.link,
        updatedAt: e.date ?? date,
        // Other features' records are read just before they call this.
        version: date.getTime(),
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
    // The document is read now: this orders the write against other instances' writes of the same entries.
    const version = updatedAt.getTime();
    if (kind === 'notes') {
      const text = readPageText(doc);
      return () => store.search.upsert({ groupId, kind: 'notes', itemId: '', subId: '', title: '', section: null, text, link: notesLink(groupId), updatedAt, version });
    }
    if (kind === 'space') {
      const items = readSpaceItems(doc);
      return async () => {
        // Compared with the store, not with what this instance wrote: other instances index the space too, and
        // so did this one before a restart. A rename is written when the stored title differs; removals and
        // renames are ordered by `version`, so a stale read neither removes an item added since nor renames back.
        const present = new Map(items.map((i) => [i.id, i.kind]));
        const indexed = await store.search.items(groupId, ['page', 'board']);
        for (const item of indexed) {
          if (present.get(item.itemId) !== item.kind) await store.search.remove(groupId, item.kind, item.itemId, undefined, version);
        }
        const titles = new Map(indexed.map((i) => [`${i.kind}/${i.itemId}`, i.title]));
        for (const item of items) {
          if (titles.get(`${item.kind}/${item.id}`) === indexable(item.title)) continue;
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
            version,
          });
        }
      };
    }
    if (kind === 'page') {
      const text = readPageText(doc);
      return async () => {
        const { title, titleVersion } = await this.titleOf(groupId, itemId);
        await store.search.upsert({ groupId, kind: 'page', itemId, subId: '', title, section: null, text, link: pageLink(groupId, itemId), updatedAt, version, titleVersion });
      };
    }
    const { stickies } = readBoard(doc);
    return async () => {
      const { title, titleVersion } = await this.titleOf(groupId, itemId);
      const base = { groupId, kind: 'board' as const, itemId, title, updatedAt, version, titleVersion };
      const entries: SearchEntry[] = [{ ...base, subId: '', section: null, text: '', link: boardLink(groupId, itemId) }];
      for (const s of stickies) {
        if (s.text.trim()) entries.push({ ...base, subId: s.id, section: s.section, text: s.text, link: boardLink(groupId, itemId, s.id) });
      }
      await store.search.replaceItem(groupId, 'board', itemId, entries);
    };
  }

  /**
   * The item's title from the group's space, and when it was read: later than the item's own document, so
   * ordered apart from its content. The live space doc when this instance holds it; else the one a backfill
   * read, or what the store held up to SPACE_TITLES_TTL_MS ago. Such a title may be older than a rename, but
   * so is its version: the rename's own index pass (setTitle) wins over it.
   */
  private async titleOf(groupId: string, itemId: string): Promise<{ title: string; titleVersion: number }> {
    const name = spaceDocName(groupId);
    const live = this.opts.loadedDoc(name) ?? this.spaces.get(groupId);
    const now = this.opts.now().getTime();
    if (live) return { title: findSpaceItem(live, itemId)?.title ?? '', titleVersion: now };
    let cached = this.titles.get(groupId);
    if (!cached || now - cached.readAt > SPACE_TITLES_TTL_MS) {
      const titles = await withDocument(this.opts.store, () => undefined, name, (doc) => new Map(readSpaceItems(doc).map((i) => [i.id, i.title])));
      cached = { titles, readAt: now };
      for (const [g, c] of this.titles) if (now - c.readAt > SPACE_TITLES_TTL_MS) this.titles.delete(g);
      this.titles.set(groupId, cached);
    }
    return { title: cached.titles.get(itemId) ?? '', titleVersion: cached.readAt };
  }
}
