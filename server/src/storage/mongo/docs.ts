import { Binary, type Collection, type ObjectId } from 'mongodb';
import { mergeStoredDoc } from '../docState.js';
import type { SnapshotInfo, SnapshotReason, Store, StoredDoc } from '../store.js';
import { isDuplicate, MAX_ATTEMPTS } from './common.js';

export interface SnapshotDoc {
  _id: string;
  docName: string;
  createdAt: Date;
  name: string | null;
  reason: string;
  contributorIds: string[];
  state?: Binary;
}
/**
 * One per Yjs document: the seq counter. It lives apart from the base because `findOneAndUpdate`
 * returns the whole document, and FerretDB 1.x cannot project findAndModify results (it lacks
 * "fields"), so a counter next to the base would ship the base back on every append.
 */
export interface DocCounter { _id: string; lastSeq: number }
/** A logged update, or a tombstone (no `data`) that fences a seq nobody may write any more. */
export interface DocUpdate { _id?: ObjectId; doc: string; seq: number; data?: Binary; size?: number }
/**
 * One compaction: the merged state of everything up to `seq`, built on the base at `prevSeq`.
 * The current base is the one with the highest seq; older ones keep their row (with `base: null`)
 * because the unique (doc, prevSeq) key is what makes compaction a compare-and-set.
 */
export interface DocBase { _id?: ObjectId; doc: string; prevSeq: number; seq: number; base: Binary | null; createdAt: Date }

/** Test seams: pause points for interleavings that the `Store` interface alone cannot produce. */
export interface MongoStoreHooks {
  /** In `docs.append`, after seqs are reserved and before the updates are inserted. */
  afterReserve?: (docName: string, firstSeq: number, lastSeq: number) => Promise<void>;
  /** In `docs.load`, between reading the log and reading the base. */
  betweenLoadReads?: (docName: string) => Promise<void>;
  /** In `docs.compact`, after the range is fenced and folded, before the new base is inserted. */
  beforeClaim?: (docName: string) => Promise<void>;
}

const bytes = (b: Binary): Uint8Array => {
  const view = b.buffer.subarray(0, b.position);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
};

const toSnapshotInfo = (d: SnapshotDoc): SnapshotInfo => ({
  id: d._id,
  docName: d.docName,
  createdAt: d.createdAt,
  name: d.name,
  reason: d.reason as SnapshotReason,
  contributorIds: d.contributorIds,
});

/**
 * The Yjs documents and their frozen snapshots. The log is built on inserts (see `createMongoStore` for
 * why): a seq is owned by whoever inserts it first, and a compaction wins by inserting the unique
 * (doc, prevSeq) row. The seq counter is only a hint there, and is exact on MongoDB.
 */
export function createMongoDocs({ counters, updates, bases, snapshots }: {
  counters: Collection<DocCounter>;
  updates: Collection<DocUpdate>;
  bases: Collection<DocBase>;
  snapshots: Collection<SnapshotDoc>;
}, hooks: MongoStoreHooks): Pick<Store, 'docs' | 'snapshots'> {
  /** Reserves `n` seqs and returns the last; exact on MongoDB, a hint on FerretDB (see above). */
  async function reserve(docName: string, n: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        const c = await counters.findOneAndUpdate(
          { _id: docName },
          { $inc: { lastSeq: n } },
          { upsert: true, returnDocument: 'after' },
        );
        return c!.lastSeq;
      } catch (err) {
        // Two first appends to a new doc can both try to insert the counter; the loser just retries.
        if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /** The seq of the current base, 0 if the doc was never compacted. */
  async function baseSeq(docName: string): Promise<number> {
    const head = await bases.find({ doc: docName }, { projection: { _id: 0, seq: 1 } }).sort({ seq: -1 }).limit(1).next();
    return head?.seq ?? 0;
  }

  /** Moves the counter past every seq in use, after a conflict showed that it fell behind. */
  async function resyncCounter(docName: string): Promise<void> {
    const top = await updates.find({ doc: docName }, { projection: { _id: 0, seq: 1 } }).sort({ seq: -1 }).limit(1).next();
    await counters.updateOne({ _id: docName }, { $max: { lastSeq: Math.max(top?.seq ?? 0, await baseSeq(docName)) } });
  }

  /** What `load` reads, with the same two reads in the same order, from `seq` on. */
  async function updatesAfter(docName: string, seq: number): Promise<StoredDoc> {
    for (let attempt = 1; ; attempt++) {
      const log = await updates
        .find({ doc: docName, seq: { $gt: seq }, data: { $exists: true } }, { projection: { _id: 0, seq: 1, data: 1 } })
        .sort({ seq: 1 })
        .toArray();
      await hooks.betweenLoadReads?.(docName);
      const head = await bases.find({ doc: docName }).sort({ seq: -1 }).limit(1).next();
      // A stripped head means a newer compaction landed between the two reads; read again.
      if (head && !head.base) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`could not load ${docName}: compactions kept overtaking it`);
        continue;
      }
      const after = head?.seq ?? 0;
      return {
        base: head?.base && after > seq ? bytes(head.base) : null,
        baseSeq: after,
        updates: log.filter((u) => u.seq > after).map((u) => ({ seq: u.seq, data: bytes(u.data!) })),
      };
    }
  }

  return {
    docs: {
      /**
       * Reserve seqs, insert the updates under them, then check that no compaction has already moved
       * its base past them. Every seq in a compacted range was either present when the compaction
       * fenced the range (so it is in the new base) or got a tombstone, which makes our insert fail;
       * the only way to insert below a base is after the compaction deleted that range, and then the
       * check sees the new base. In both failure cases the batch is appended again under fresh seqs:
       * Yjs updates are idempotent, so a copy that did survive is harmless. Updates become visible
       * batch by batch in seq order; a crash mid-batch leaves a prefix, which the caller's retry repeats.
       */
      async append(docName, batch) {
        if (batch.length === 0) return reserve(docName, 0);
        for (let attempt = 1; ; attempt++) {
          const last = await reserve(docName, batch.length);
          const first = last - batch.length + 1;
          await hooks.afterReserve?.(docName, first, last);
          try {
            await updates.insertMany(
              batch.map((u, i) => ({ doc: docName, seq: first + i, data: new Binary(u), size: u.byteLength })),
              { ordered: true },
            );
          } catch (err) {
            if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
            // Mostly a concurrent reservation that FerretDB lost, after which the counter is already past the
            // seq: reserving again is enough. The resync scans the log (FerretDB's PostgreSQL handler reads the
            // whole table), so only a second duplicate, a counter that fell behind, pays for it.
            if (attempt >= 2) await resyncCounter(docName);
            continue;
          }
          if ((await baseSeq(docName)) < first) return last;
          if (attempt >= MAX_ATTEMPTS) throw new Error(`could not append to ${docName}: compactions kept overtaking it`);
          await resyncCounter(docName);
        }
      },

      /**
       * Reads the log FIRST and the base SECOND. A compaction inserts its base before it deletes the
       * updates it folded in. So if our log read came after that delete, our base read comes later
       * still and returns the new base, which holds the deleted updates; and if the base read returns
       * an older base, the log read came before the delete and still holds everything after that base.
       * The other order can lose updates: old base, then a compaction deletes, then a log read
       * without the deleted updates. Updates overlapping the base are dropped by seq, and any overlap
       * that slips through is harmless because Yjs updates are idempotent.
       */
      load: (docName) => updatesAfter(docName, -1),
      updatesAfter,

      /**
       * 1. Fence: give every missing seq in (expected, through] a tombstone, so that a writer that
       *    reserved one of them and has not inserted yet gets a duplicate key and appends again.
       * 2. Fold in every update now in that range: one may have landed after the caller's load,
       *    and the deletes in step 4 must not remove anything the new base does not hold.
       * 3. Win or lose on the unique (doc, prevSeq) insert: exactly one compaction moves on from a base.
       * 4. Delete the folded range, then drop the bytes of superseded bases.
       */
      async compact(docName, merged, throughSeq, expectedBaseSeq) {
        if (throughSeq <= expectedBaseSeq) return false;
        // Step 3 alone would accept an expected seq that is not a base at all, or a doc never appended to.
        const [current, counter] = await Promise.all([
          baseSeq(docName),
          counters.findOne({ _id: docName }, { projection: { _id: 1 } }),
        ]);
        if (current !== expectedBaseSeq || !counter) return false;
        const range = { $gt: expectedBaseSeq, $lte: throughSeq };

        const present = new Set(
          (await updates.find({ doc: docName, seq: range }, { projection: { _id: 0, seq: 1 } }).toArray()).map((u) => u.seq),
        );
        const tombstones: DocUpdate[] = [];
        for (let seq = expectedBaseSeq + 1; seq <= throughSeq; seq++) {
          if (!present.has(seq)) tombstones.push({ doc: docName, seq });
        }
        if (tombstones.length > 0) {
          try {
            await updates.insertMany(tombstones, { ordered: false });
          } catch (err) {
            // A duplicate is a writer that got there first: step 2 reads its update.
            if (!isDuplicate(err)) throw err;
          }
        }

        const inRange = await updates
          .find({ doc: docName, seq: range, data: { $exists: true } }, { projection: { _id: 0, seq: 1, data: 1 } })
          .sort({ seq: 1 })
          .toArray();
        const base = mergeStoredDoc({
          base: merged,
          baseSeq: expectedBaseSeq,
          updates: inRange.map((u) => ({ seq: u.seq, data: bytes(u.data!) })),
        });

        await hooks.beforeClaim?.(docName);
        try {
          await bases.insertOne({
            doc: docName,
            prevSeq: expectedBaseSeq,
            seq: throughSeq,
            base: new Binary(base),
            createdAt: new Date(),
          });
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
        // The base has moved even if a cleanup below fails: load ignores what is left, the next compaction retries.
        await updates.deleteMany({ doc: docName, seq: { $lte: throughSeq } });
        await bases.updateMany({ doc: docName, seq: { $lt: throughSeq }, base: { $ne: null } }, { $set: { base: null } });
        return true;
      },

      async stats(docName) {
        // FerretDB 1.x has no $binarySize, so each update carries its size.
        const rows = await updates
          .find({ doc: docName, data: { $exists: true } }, { projection: { _id: 0, size: 1 } })
          .toArray();
        return { updateCount: rows.length, updateBytes: rows.reduce((n, r) => n + (r.size ?? 0), 0) };
      },

      async listNames() {
        return (await counters.find({}, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).map((c) => c._id);
      },
    },

    snapshots: {
      async create(x) {
        await snapshots.insertOne({
          _id: x.id,
          docName: x.docName,
          createdAt: x.createdAt,
          name: x.name,
          reason: x.reason,
          contributorIds: x.contributorIds,
          state: new Binary(x.state),
        });
      },
      async list(docName) {
        const rows = await snapshots
          .find({ docName }, { projection: { state: 0 } })
          .sort({ createdAt: -1, _id: -1 })
          .toArray();
        return rows.map(toSnapshotInfo);
      },
      async listByContributor(userId) {
        const rows = await snapshots
          .find({ contributorIds: userId }, { projection: { state: 0 } })
          .sort({ createdAt: -1, _id: -1 })
          .toArray();
        return rows.map(toSnapshotInfo);
      },
      async get(id) {
        const d = await snapshots.findOne({ _id: id });
        return d ? { ...toSnapshotInfo(d), state: bytes(d.state!) } : null;
      },
    },
  };
}
