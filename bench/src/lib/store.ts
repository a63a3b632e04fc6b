import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Store } from '../../../server/src/storage/store.js';
import { ADMIN, REPO_ROOT } from './processes.js';

/**
 * Opens the SQLite store of a STOPPED server's data dir through the server's own built store
 * module (server/dist), so seeding uses the same schema and code as the server. Never open it
 * while a server process is running on it.
 */
export async function openStore(dataDir: string): Promise<Store> {
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'server', 'dist', 'storage', 'sqlite', 'index.js')).href)) as {
    createSqliteStore(path: string): Store;
  };
  const store = mod.createSqliteStore(join(dataDir, 'samla.sqlite'));
  await store.init();
  return store;
}

/** Creates groups and makes the bench coordinator a member of each. Returns their ids. */
export async function seedGroups(dataDir: string, ids: string[]): Promise<void> {
  const store = await openStore(dataDir);
  try {
    const admin = await store.users.findByEmail(ADMIN.email);
    if (!admin) throw new Error('the bench coordinator does not exist yet: start the server once first');
    const now = new Date();
    for (const id of ids) {
      if (!(await store.groups.findById(id))) {
        await store.groups.create({ id, name: `Bench ${id}`, description: 'Created by the load bench', createdAt: now });
      }
      await store.memberships.upsert({ groupId: id, userId: admin.id, role: 'member', createdAt: now });
    }
  } finally {
    await store.close();
  }
}
