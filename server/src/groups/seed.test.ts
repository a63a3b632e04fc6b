import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../storage/sqlite/index.js';
import type { Store } from '../storage/store.js';
import { seedEmptyStore, seedGroups } from './seed.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function store(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'samla-seed-'));
  const s = createSqliteStore(join(dir, 'samla.sqlite'));
  await s.init();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => s.close());
  return s;
}

const ids = async (s: Store) => (await s.groups.list()).map((g) => g.id).sort();
const at = new Date(Date.UTC(2026, 0, 1));

describe('seeding the working groups', () => {
  it('completes a seed another instance is still doing, or a crash cut short', async () => {
    const s = await store();
    await s.groups.create({ ...seedGroups[0], createdAt: at });
    await seedEmptyStore(s, at);
    expect(await ids(s)).toEqual(seedGroups.map((g) => g.id).sort());
    await seedEmptyStore(s, at);
    expect(await s.groups.list()).toHaveLength(seedGroups.length);
  });

  it('leaves a store that has groups of its own alone', async () => {
    const s = await store();
    await s.groups.create({ id: 'energi', name: 'Energi', description: '', createdAt: at });
    await seedEmptyStore(s, at);
    expect(await ids(s)).toEqual(['energi']);
  });
});
