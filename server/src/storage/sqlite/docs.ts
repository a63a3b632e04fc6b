import type Database from 'better-sqlite3';
import type { SnapshotInfo, SnapshotReason, StoredDoc } from '../store.js';
import type { SqliteRepositories } from './rows.js';

interface SnapshotRow { id: string; doc: string; created_at: number; name: string | null; reason: string; contributor_ids: string; state?: Buffer }

const toSnapshotInfo = (r: SnapshotRow): SnapshotInfo => ({
  id: r.id,
  docName: r.doc,
  createdAt: new Date(r.created_at),
  name: r.name,
  reason: r.reason as SnapshotReason,
  contributorIds: JSON.parse(r.contributor_ids) as string[],
});
interface PendingAppend {
  docName: string;
  updates: Uint8Array[];
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The Yjs documents (a compacted base plus the updates appended after it) and their frozen snapshots. */
export function createSqliteDocs(db: Database.Database): SqliteRepositories<'docs' | 'snapshots'> {
  let s: ReturnType<typeof statements>;
  const statements = () => ({
    docEnsure: db.prepare('INSERT INTO docs (name) VALUES (?) ON CONFLICT (name) DO NOTHING'),
    docHead: db.prepare<[string], { base: Buffer | null; base_seq: number; next_seq: number }>(
      'SELECT base, base_seq, next_seq FROM docs WHERE name = ?',
    ),
    // Reserves seqs without reading the row's base, which grows with the doc.
    docReserveSeqs: db.prepare<[number, string], { next_seq: number }>(
      'UPDATE docs SET next_seq = next_seq + ? WHERE name = ? RETURNING next_seq',
    ),
    docUpdateInsert: db.prepare('INSERT INTO doc_updates (doc,seq,data) VALUES (?,?,?)'),
    docUpdatesAfter: db.prepare<[string, number], { seq: number; data: Buffer }>(
      'SELECT seq, data FROM doc_updates WHERE doc = ? AND seq > ? ORDER BY seq',
    ),
    docSetBase: db.prepare('UPDATE docs SET base = ?, base_seq = ? WHERE name = ? AND base_seq = ?'),
    docDeleteThrough: db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
    docStats: db.prepare<[string], { n: number; bytes: number | null }>(
      'SELECT COUNT(*) AS n, SUM(LENGTH(data)) AS bytes FROM doc_updates WHERE doc = ?',
    ),
    docNames: db.prepare<[], { name: string }>('SELECT name FROM docs ORDER BY name'),
    snapshotInsert: db.prepare(
      'INSERT INTO snapshots (id,doc,created_at,name,reason,contributor_ids,state) VALUES (?,?,?,?,?,?,?)',
    ),
    snapshotList: db.prepare<[string], SnapshotRow>(
      'SELECT id,doc,created_at,name,reason,contributor_ids FROM snapshots WHERE doc = ? ORDER BY created_at DESC, rowid DESC',
    ),
    // A scan of the table (contributors are a JSON array): a person's export asks this, rarely.
    snapshotsByContributor: db.prepare<[string], SnapshotRow>(
      `SELECT id,doc,created_at,name,reason,contributor_ids FROM snapshots
       WHERE EXISTS (SELECT 1 FROM json_each(snapshots.contributor_ids) WHERE value = ?) ORDER BY created_at DESC, rowid DESC`,
    ),
    snapshotGet: db.prepare<[string], SnapshotRow>('SELECT * FROM snapshots WHERE id = ?'),
  });

  const appendRows = (docName: string, updates: Uint8Array[]): number => {
    let reserved = s.docReserveSeqs.get(updates.length, docName);
    if (!reserved) {
      s.docEnsure.run(docName);
      reserved = s.docReserveSeqs.get(updates.length, docName)!;
    }
    let seq = reserved.next_seq - updates.length;
    for (const u of updates) s.docUpdateInsert.run(docName, seq++, u);
    return seq - 1;
  };
  const appendTx = db.transaction(appendRows);
  // Group commit across docs: appends requested in one synchronous stretch (the collab server
  // starts every doc's pending write in the same event-loop turn) share one transaction, committed
  // in a microtask, so the callers still broadcast in that turn. If that transaction fails, each
  // append is tried again in a transaction of its own, so one doc's failure fails only that doc.
  let pendingAppends: PendingAppend[] = [];
  const appendBatchTx = db.transaction((batch: PendingAppend[]) => batch.map((p) => appendRows(p.docName, p.updates)));
  const flushAppends = (): void => {
    const batch = pendingAppends;
    pendingAppends = [];
    let seqs: number[] | null = null;
    try {
      seqs = appendBatchTx(batch);
    } catch (err) {
      // Rolled back as a whole; with more than one doc, find out which appends fail on their own.
      if (batch.length === 1) return batch[0]!.reject(err);
    }
    batch.forEach((p, i) => {
      if (seqs) return p.resolve(seqs[i]!);
      try {
        p.resolve(appendTx(p.docName, p.updates));
      } catch (err) {
        p.reject(err);
      }
    });
  };
  const compactTx = db.transaction((docName: string, merged: Uint8Array, throughSeq: number, expected: number): boolean => {
    if (s.docSetBase.run(merged, throughSeq, docName, expected).changes === 0) return false;
    s.docDeleteThrough.run(docName, throughSeq);
    return true;
  });

  async function updatesAfter(docName: string, seq: number): Promise<StoredDoc> {
    const head = s.docHead.get(docName);
    if (!head) return { base: null, baseSeq: 0, updates: [] };
    const updates = s.docUpdatesAfter.all(docName, Math.max(seq, head.base_seq)).map((r) => ({ seq: r.seq, data: bytes(r.data) }));
    return { base: head.base_seq > seq && head.base ? bytes(head.base) : null, baseSeq: head.base_seq, updates };
  }

  return {
    repos: {
      docs: {
        append(docName, updates) {
          return new Promise<number>((resolve, reject) => {
            if (pendingAppends.length === 0) queueMicrotask(flushAppends);
            pendingAppends.push({ docName, updates, resolve, reject });
          });
        },
        load: (docName) => updatesAfter(docName, -1),
        updatesAfter,
        async compact(docName, merged, throughSeq, expectedBaseSeq) {
          return compactTx(docName, merged, throughSeq, expectedBaseSeq);
        },
        async stats(docName) {
          const r = s.docStats.get(docName)!;
          return { updateCount: r.n, updateBytes: r.bytes ?? 0 };
        },
        async listNames() {
          return s.docNames.all().map((r) => r.name);
        },
      },

      snapshots: {
        async create(x) {
          s.snapshotInsert.run(x.id, x.docName, x.createdAt.getTime(), x.name, x.reason, JSON.stringify(x.contributorIds), x.state);
        },
        async list(docName) {
          return s.snapshotList.all(docName).map(toSnapshotInfo);
        },
        async listByContributor(userId) {
          return s.snapshotsByContributor.all(userId).map(toSnapshotInfo);
        },
        async get(id) {
          const r = s.snapshotGet.get(id);
          return r ? { ...toSnapshotInfo(r), state: bytes(r.state!) } : null;
        },
      },
    },
    prepare() {
      s = statements();
    },
  };
}
