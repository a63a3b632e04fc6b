import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { createMongoStore } from './mongo/index.js';
import { createSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

/**
 * The stores the contract tests run on (contract.test.ts, searchContract.test.ts): SQLite always, and the
 * Mongo store on MongoDB or FerretDB when MONGODB_URI is set (CI refuses to pass without it).
 */
export interface Backend {
  name: string;
  /** A fresh, initialised store with no data. */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

export const mongoUri = process.env.MONGODB_URI;

function sqliteBackend(): Backend {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'samla-contract-'));
      dirs.push(dir);
      const store = createSqliteStore(join(dir, 'samla.sqlite'));
      await store.init();
      return store;
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mongoBackend(uri: string): Backend {
  // One database per run, so parallel runs against one server never see each other.
  const dbName = `samla_contract_${randomBytes(6).toString('hex')}`;
  const admin = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  return {
    name: 'mongo',
    async open() {
      await admin.db(dbName).dropDatabase();
      const store = createMongoStore(uri, dbName);
      await store.init();
      return store;
    },
    async cleanup() {
      await admin.db(dbName).dropDatabase();
      await admin.close();
    },
  };
}

export const backends: Backend[] = [sqliteBackend(), ...(mongoUri ? [mongoBackend(mongoUri)] : [])];
