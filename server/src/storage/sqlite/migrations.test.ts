import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from './index.js';
import { migrate, migrations } from './migrations.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'samla-mig-')), 'samla.sqlite');

describe('SQLite schema migrations', () => {
  it('upgrades a version-1 file and keeps its accounts', async () => {
    const file = tempFile();
    const old = new Database(file);
    expect(migrate(old, 1)).toBe(1);
    old
      .prepare('INSERT INTO users (id,email,name,password_hash,role,created_at) VALUES (?,?,?,?,?,?)')
      .run('u1', 'alva@example.se', 'Alva', 'scrypt$x', 'coordinator', 1_700_000_000_000);
    old.close();

    const store = createSqliteStore(file);
    await store.init();
    expect(await store.users.findByEmail('alva@example.se')).toMatchObject({ id: 'u1', name: 'Alva', role: 'coordinator' });
    // Tables from later versions exist and work.
    await store.groups.create({ id: 'plast', name: 'Plast', description: '', createdAt: new Date() });
    expect(await store.docs.append('groups/plast/notes', [new Uint8Array([1])])).toBe(1);
    await store.close();

    const reopened = new Database(file);
    expect(reopened.pragma('user_version', { simple: true })).toBe(migrations.length);
    reopened.close();
  });

  it('is idempotent on an up-to-date file', async () => {
    const file = tempFile();
    for (let i = 0; i < 2; i++) {
      const store = createSqliteStore(file);
      await store.init();
      await store.close();
    }
    const db = new Database(file);
    expect(migrate(db)).toBe(migrations.length);
    db.close();
  });

  it('refuses a file written by a newer version of Samla', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this server knows/);
  });
});
