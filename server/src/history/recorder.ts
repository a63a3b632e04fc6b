import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { SharedDoc } from '../collab/sharedDoc.js';
import type { SnapshotInfo, SnapshotReason, Store } from '../storage/store.js';

interface Activity {
  contributors: Set<string>;
  dirty: boolean;
  lastSnapshotAt: number;
}


/**
 * Takes versions of documents: automatically at most every `intervalMs` while someone edits,
 * when the last editor leaves, and on request. Activity is tracked per process: with several
 * instances each records the edits it applied, which only makes versions more frequent.
 */
export class HistoryRecorder {
  private activity = new Map<string, Activity>();
  private sequence = 0;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly intervalMs: number,
  ) {}

  private track(docName: string): Activity {
    let a = this.activity.get(docName);
    if (!a) {
      a = { contributors: new Set(), dirty: false, lastSnapshotAt: this.now().getTime() };
      this.activity.set(docName, a);
    }
    return a;
  }

  /** Time-ordered ids, so versions taken in the same millisecond still sort in the order they were taken. */
  private snapshotId(ms: number): string {
    const seq = (this.sequence++ % 1296).toString(36).padStart(2, '0');
    return `${ms.toString(36).padStart(9, '0')}-${seq}${randomBytes(5).toString('hex')}`;
  }

  changed(doc: SharedDoc, userId: string | null): void {
    const a = this.track(doc.name);
    a.dirty = true;
    if (userId) a.contributors.add(userId);
    if (this.now().getTime() - a.lastSnapshotAt >= this.intervalMs) void this.auto(doc, 'auto');
  }

  lastClientLeft(doc: SharedDoc): void {
    if (this.activity.get(doc.name)?.dirty) void this.auto(doc, 'last-editor-left');
  }

  private async auto(doc: SharedDoc, reason: SnapshotReason): Promise<void> {
    try {
      await this.take(doc, reason, null);
    } catch (err) {
      this.log.warn({ err, doc: doc.name }, 'could not save an automatic version');
    }
  }

  /** Freezes the document's current state. The state is read synchronously, so later edits never leak in. */
  async take(doc: SharedDoc, reason: SnapshotReason, name: string | null): Promise<SnapshotInfo> {
    const a = this.track(doc.name);
    const createdAt = this.now();
    const info: SnapshotInfo = {
      id: this.snapshotId(createdAt.getTime()),
      docName: doc.name,
      createdAt,
      name,
      reason,
      contributorIds: [...a.contributors],
    };
    const state = Y.encodeStateAsUpdate(doc.doc);
    a.contributors = new Set();
    a.dirty = false;
    a.lastSnapshotAt = createdAt.getTime();
    await this.store.snapshots.create({ ...info, state });
    return info;
  }
}
