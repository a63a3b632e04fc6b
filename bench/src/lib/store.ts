import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Y from 'yjs';
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

/**
 * A Mongo store on database `db` at `uri` (a fresh random one when unset), through server/dist's
 * own store module; `drop` removes the database.
 */
export async function openMongoStore(uri: string, db = `samla_bench_${randomBytes(4).toString('hex')}`): Promise<{ store: Store; db: string; drop(): Promise<void> }> {
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'server', 'dist', 'storage', 'mongo', 'index.js')).href)) as {
    createMongoStore(uri: string, db: string): Store;
  };
  const store = mod.createMongoStore(uri, db);
  await store.init();
  return {
    store,
    db,
    async drop() {
      const { MongoClient } = await import('mongodb');
      const client = new MongoClient(uri);
      try {
        await client.db(db).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** A document as the store holds it (base and log merged), through server/dist's own loader. */
export async function loadStoredDoc(store: Store, docName: string): Promise<Y.Doc> {
  const mod = (await import(pathToFileURL(join(REPO_ROOT, 'server', 'dist', 'storage', 'docState.js')).href)) as {
    loadStoredDoc(store: Store, docName: string): Promise<Y.Doc>;
  };
  return mod.loadStoredDoc(store, docName);
}

/** Creates groups and makes the bench coordinator a member of each. */
export async function seedGroups(store: Store, ids: string[]): Promise<void> {
  const admin = await store.users.findByEmail(ADMIN.email);
  if (!admin) throw new Error('the bench coordinator does not exist yet: start the server once first');
  const now = new Date();
  for (const id of ids) {
    if (!(await store.groups.findById(id))) {
      await store.groups.create({ id, name: `Bench ${id}`, description: 'Created by the load bench', createdAt: now });
    }
    await store.memberships.upsert({ groupId: id, userId: admin.id, role: 'member', createdAt: now });
  }
}
