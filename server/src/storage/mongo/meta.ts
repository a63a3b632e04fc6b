import type { Collection } from 'mongodb';
import type { Store } from '../store.js';
import { insertGeneration, isDuplicate, upsertRetrying } from './common.js';

export interface MetaDoc { _id: string; value: string }

interface Lease {
  holder: string;
  /** ms; 0 once released. */
  until: number;
}
/** One generation of a lease; `value` is its Lease as JSON. */
interface LeaseDoc extends MetaDoc {
  lease: string;
  generation: number;
}

/**
 * Small key-value facts such as the one-time setup token hash, and leases.
 *
 * A lease is a chain of generations, one meta document each (`lease:<key>:<generation>`): the newest says who
 * holds it until when. Taking, renewing and releasing it all insert the next
 * generation, because an insert checked by the unique _id is the one write FerretDB 1.x performs atomically:
 * of concurrent acquirers that read the same generation, one insert wins. Older generations are then deleted.
 */
export function createMongoMeta(meta: Collection<MetaDoc>): Pick<Store, 'meta'> {
  const leases = meta as unknown as Collection<LeaseDoc>;
  async function newest(key: string): Promise<{ n: number; lease: Lease } | null> {
    const [doc] = await leases.find({ lease: key }).sort({ generation: -1 }).limit(1).toArray();
    return doc ? { n: doc.generation, lease: JSON.parse(doc.value) as Lease } : null;
  }
  /** Inserts generation `n`; false when another writer inserted it (or a newer one) first. */
  const insertLease = (key: string, n: number, lease: Lease) =>
    insertGeneration(meta as unknown as Parameters<typeof insertGeneration>[0], { _id: `lease:${key}:${n}`, value: JSON.stringify(lease), lease: key, generation: n }, { lease: key }, 'generation', n);

  return {
    meta: {
      async get(key) {
        return (await meta.findOne({ _id: key }))?.value ?? null;
      },
      async set(key, value) {
        await upsertRetrying(() => meta.updateOne({ _id: key }, { $set: { value } }, { upsert: true }));
      },
      async setIfAbsent(key, value) {
        // An insert, not an upsert: on FerretDB 1.x only an insert checked by the unique _id is atomic.
        try {
          await meta.insertOne({ _id: key, value });
          return true;
        } catch (err) {
          if (isDuplicate(err)) return false;
          throw err;
        }
      },
      async delete(key) {
        await meta.deleteOne({ _id: key });
      },
      async acquireLease(key, holder, until, now) {
        const current = await newest(key);
        if (current && current.lease.holder !== holder && current.lease.until > now.getTime()) return false;
        return insertLease(key, (current?.n ?? 0) + 1, { holder, until: until.getTime() });
      },
      async releaseLease(key, holder) {
        const current = await newest(key);
        if (current?.lease.holder === holder) await insertLease(key, current.n + 1, { holder: '', until: 0 });
      },
    },
  };
}
