import type { Collection } from 'mongodb';
import type { Store } from '../store.js';
import { isDuplicate, MAX_ATTEMPTS } from './common.js';

export interface AccessVersionDoc { _id: string; version: number }

export function createMongoAccess(versions: Collection<AccessVersionDoc>): Pick<Store, 'access'> {
  return {
    access: {
      async bump(userId) {
        for (let attempt = 1; ; attempt++) {
          try {
            const d = await versions.findOneAndUpdate({ _id: userId }, { $inc: { version: 1 } }, { upsert: true, returnDocument: 'after' });
            return d!.version;
          } catch (err) {
            // Two first bumps of one person can both try to insert; the loser increments the winner's.
            if (!isDuplicate(err) || attempt >= MAX_ATTEMPTS) throw err;
          }
        }
      },
      async versions(userIds) {
        const found = new Map((await versions.find({ _id: { $in: [...userIds] } }).toArray()).map((d) => [d._id, d.version]));
        return new Map(userIds.map((id) => [id, found.get(id) ?? 0]));
      },
    },
  };
}
