import type { Collection } from 'mongodb';
import type { Store } from '../store.js';
import { isDuplicate, upsertRetrying } from './common.js';

export interface MetaDoc { _id: string; value: string }

/** Small key-value facts such as the one-time setup token hash. */
export function createMongoMeta(meta: Collection<MetaDoc>): Pick<Store, 'meta'> {
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
    },
  };
}
