import { MongoBulkWriteError, MongoServerError, type Collection, type Filter } from 'mongodb';

/** Bounds the retry loops of the repositories; each retry means another writer or compactor made progress. */
export const MAX_ATTEMPTS = 50;

export function isDuplicate(err: unknown): boolean {
  if (err instanceof MongoBulkWriteError) {
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    return errors.length > 0 && errors.every((e) => e.code === 11000);
  }
  if (!(err instanceof MongoServerError)) return false;
  // FerretDB 1.x answers an update that breaks a unique index with InternalError (1), not 11000.
  return err.code === 11000 || (err.code === 1 && err.message.includes('UNIQUE constraint failed'));
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches a string field equal to `text` in any case (FerretDB 1.x has no collations). */
export const anyCase = (text: string) => ({ $regex: `^${escapeRegex(text)}$`, $options: 'i' });

/** Drops undefined fields so a patch never unsets what it does not name. */
const defined = <T extends object>(patch: T): Partial<T> =>
  Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Sets fields on one document; true when it exists. */
export async function patch<T extends { _id: string }>(coll: Collection<T>, id: string, fields: object): Promise<boolean> {
  const set = defined(fields);
  if (Object.keys(set).length === 0) return (await coll.countDocuments({ _id: id } as never)) > 0;
  return (await coll.updateOne({ _id: id } as never, { $set: set } as never)).matchedCount > 0;
}

/** An upsert that survives a concurrent insert of the same key (FerretDB does not retry it for us). */
export async function upsertRetrying(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      if (!isDuplicate(err) || attempt >= 3) throw err;
    }
  }
}

/**
 * Inserts generation `n` of a chain of documents (`scope` selects the chain, `field` holds the number), the
 * one write FerretDB 1.x performs atomically; false when another writer inserted `n` first. Older generations
 * are deleted after a win, so a writer that read long ago can re-insert a deleted number below a newer one:
 * it withdraws and loses too.
 */
type Generation = { _id: string } & Record<string, unknown>;

export async function insertGeneration(coll: Collection<Generation>, doc: Generation, scope: Record<string, unknown>, field: string, n: number): Promise<boolean> {
  try {
    await coll.insertOne(doc);
  } catch (err) {
    if (isDuplicate(err)) return false;
    throw err;
  }
  if (await coll.findOne({ ...scope, [field]: { $gt: n } } as Filter<Generation>)) {
    await coll.deleteOne({ _id: doc._id });
    return false;
  }
  await coll.deleteMany({ ...scope, [field]: { $lt: n } } as Filter<Generation>);
  return true;
}
