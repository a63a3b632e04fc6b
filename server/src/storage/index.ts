import { join } from 'node:path';
import type { Config } from '../config.js';
import { createMongoStore } from './mongo/index.js';
import { createSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

/** MongoDB when MONGODB_URI is set, otherwise the embedded SQLite file under DATA_DIR. */
export function createStore(config: Pick<Config, 'mongodbUri' | 'mongodbDb' | 'dataDir'>): Store {
  return config.mongodbUri
    ? createMongoStore(config.mongodbUri, config.mongodbDb)
    : createSqliteStore(join(config.dataDir, 'samla.sqlite'));
}
