import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { createSqliteStore } from './index.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fileStore(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'samla-gc-'));
  const file = join(dir, 'samla.sqlite');
  const store = createSqliteStore(file);
  await store.init();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => store.close());
  return store;
}

const bytes = (...b: number[]) => new Uint8Array(b);

describe('SQLite group commit', () => {
  it('one failing append in a shared transaction fails only itself; the others are stored', async () => {
    const store = await fileStore();
    const results = await Promise.allSettled([
      store.docs.append('groups/plast/notes', [bytes(1), bytes(2)]),
      // Not bindable as a BLOB: this doc's insert throws inside the shared transaction.
      store.docs.append('groups/plast/board', [{} as Uint8Array]),
      store.docs.append('groups/transporter/notes', [bytes(3)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.docs.load('groups/plast/notes')).updates.map((u) => [...u.data])).toEqual([[1], [2]]);
    expect((await store.docs.load('groups/transporter/notes')).updates.map((u) => [...u.data])).toEqual([[3]]);
    expect((await store.docs.load('groups/plast/board')).updates).toEqual([]);
  });

});
