import type { Collection } from 'mongodb';
import type { Store } from '../store.js';
import { insertGeneration, MAX_ATTEMPTS } from './common.js';

/** One generation of a person's access version: `_id` is `<userId>:<version>`. */
export interface AccessVersionDoc { _id: string; userId: string; version: number }

/**
 * A bump inserts the next generation rather than `$inc`ing a counter: FerretDB 1.x loses concurrent
 * increments (see index.ts), and a version that fails to move would leave a revoked person's access open
 * on another instance. Of concurrent bumps that read the same newest generation, the unique `_id` lets one
 * insert win (common.ts insertGeneration); the others read again.
 */
export function createMongoAccess(versions: Collection<AccessVersionDoc>): Pick<Store, 'access'> {
  return {
    access: {
      async bump(userId) {
        for (let attempt = 1; ; attempt++) {
          const [newest] = await versions.find({ userId }).sort({ version: -1 }).limit(1).toArray();
          const version = (newest?.version ?? 0) + 1;
          if (await insertGeneration(versions as unknown as Parameters<typeof insertGeneration>[0], { _id: `${userId}:${version}`, userId, version }, { userId }, 'version', version)) {
            return version;
          }
          if (attempt >= MAX_ATTEMPTS) throw new Error(`access.bump(${userId}): versions kept moving`);
        }
      },
      async versions(userIds) {
        const found = new Map<string, number>();
        for (const d of await versions.find({ userId: { $in: [...userIds] } }).toArray()) {
          found.set(d.userId, Math.max(found.get(d.userId) ?? 0, d.version));
        }
        return new Map(userIds.map((id) => [id, found.get(id) ?? 0]));
      },
    },
  };
}
