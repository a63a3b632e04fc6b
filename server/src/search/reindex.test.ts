import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { mongoUri } from '../storage/contractBackends.js';
import { createMongoStore } from '../storage/mongo/index.js';
import { createSqliteStore } from '../storage/sqlite/index.js';
import type { Store } from '../storage/store.js';
import { SearchIndexer } from './indexer.js';

/**
 * An index written before the Swedish analysis (search entries with their raw text only) is analysed
 * again once at start, with progress in the log; until then its words are not found as inflections.
 */
const OLD_ENTRIES = [
  { itemId: 'a', title: 'Insamling', text: 'Vi samlar ölflaskor och plastförpackningar.' },
  { itemId: 'b', title: 'Upphandling', text: 'Upphandlingen av transporter.' },
  { itemId: 'c', title: 'Matavfall', text: 'Matavfallet från skolorna.' },
];

interface Engine {
  name: string;
  /** A store holding OLD_ENTRIES as the version before the analysis wrote them. */
  withOldIndex(): Promise<{ open(): Promise<Store>; cleanup(): Promise<void> }>;
}

const uri = mongoUri;
const engines: Engine[] = [
  {
    name: 'sqlite',
    async withOldIndex() {
      const dir = mkdtempSync(join(tmpdir(), 'samla-reindex-'));
      const file = join(dir, 'samla.sqlite');
      const first = createSqliteStore(file);
      await first.init();
      await first.close();
      // Migration 7's table, as the old search repository filled it (its FTS triggers still in place).
      const db = new Database(file);
      const insert = db.prepare(
        `INSERT INTO search_entries (group_id,kind,item_id,sub_id,title,section,text,link,updated_at) VALUES ('plast','page',?,'',?,NULL,?,?,?)`,
      );
      for (const e of OLD_ENTRIES) insert.run(e.itemId, e.title, e.text, `/groups/plast/pages/${e.itemId}`, Date.now());
      db.close();
      return {
        async open() {
          const store = createSqliteStore(file);
          await store.init();
          return store;
        },
        async cleanup() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  ...(uri === undefined
    ? []
    : [
        {
          name: 'mongo',
          async withOldIndex() {
            const dbName = `samla_reindex_${randomBytes(6).toString('hex')}`;
            const client = new MongoClient(uri);
            // The old repository's documents: raw text and lower-case words, no analysis version.
            await client.db(dbName).collection('search_entries').insertMany(
              OLD_ENTRIES.map((e) => ({
                _id: `plast\u0000page\u0000${e.itemId}\u0000` as unknown as never,
                groupId: 'plast', kind: 'page', itemId: e.itemId, subId: '', title: e.title, section: null, text: e.text,
                link: `/groups/plast/pages/${e.itemId}`, updatedAt: new Date(),
                terms: `${e.title} ${e.text}`.toLocaleLowerCase('sv').match(/[\p{L}\p{N}]+/gu),
              })),
            );
            return {
              async open() {
                const store = createMongoStore(uri, dbName);
                await store.init();
                return store;
              },
              async cleanup() {
                await client.db(dbName).dropDatabase();
                await client.close();
              },
            };
          },
        },
      ]),
];

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe.each(engines.map((e) => [e.name, e] as const))('search reindex: %s', (_name, engine) => {
  it('analyses an index from before the Swedish analysis once at start, logging its progress', async () => {
    const old = await engine.withOldIndex();
    cleanups.push(old.cleanup);
    const found = async (store: Store, text: string) =>
      (await store.search.query({ text, groupIds: ['plast'], limit: 10 })).map((h) => h.itemId).sort();

    const start = async () => {
      const lines: { msg: string; done?: number; total?: number }[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
      const store = await old.open();
      const indexer = new SearchIndexer({ store, log, now: () => new Date(), loadedDoc: () => undefined });
      await indexer.backfill();
      return { store, lines };
    };

    const first = await start();
    expect(first.lines.filter((l) => /reindexing/.test(l.msg)).at(-1)).toMatchObject({ done: 3, total: 3 });
    expect(await found(first.store, 'ölflaska')).toEqual(['a']);
    expect(await found(first.store, 'förpackningar')).toEqual(['a']);
    expect(await found(first.store, 'upphandlingarna')).toEqual(['b']);
    expect(await found(first.store, 'avfall')).toEqual(['c']);
    await first.store.close();

    // Once: the next start finds the index current.
    const second = await start();
    expect(second.lines.filter((l) => /reindex/.test(l.msg))).toEqual([]);
    expect(await found(second.store, 'ölflaska')).toEqual(['a']);
    await second.store.close();
  });
});
