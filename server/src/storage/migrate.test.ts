import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { hashPassword } from '../auth/passwords.js';
import { ADMIN, connectDoc, removeDir, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { mergeStoredDoc } from './docState.js';
import { listSqliteMetaKeys, migrateStore } from './migrate.js';
import { createMongoStore } from './mongo/index.js';
import { createSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

const NOTES = 'groups/plast/notes';
const BOARD = 'groups/transporter/notes';
const MEMBER = { email: 'medlem@example.se', password: 'ett-annat-lösenord-2' };
const uri = process.env.MONGODB_URI;
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const admin = uri ? new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 }) : null;
const mongoDbs: string[] = [];
afterAll(async () => {
  for (const name of mongoDbs) await admin!.db(name).dropDatabase();
  await admin?.close();
});

/** Where a migration goes, and how to start the real server on it afterwards. */
interface Target {
  name: string;
  open(): Promise<Store>;
  serve(): Promise<TestServer>;
}

function sqliteTarget(): Target {
  const dataDir = mkdtempSync(join(tmpdir(), 'samla-migrate-to-'));
  cleanup.push(() => removeDir(dataDir));
  return {
    name: 'sqlite',
    open: async () => createSqliteStore(join(dataDir, 'samla.sqlite')),
    serve: () => startServer({ dataDir }),
  };
}

function mongoTarget(): Target {
  const dbName = `samla_migrate_${randomBytes(6).toString('hex')}`;
  mongoDbs.push(dbName);
  return {
    name: 'mongo',
    open: async () => createMongoStore(uri!, dbName),
    serve: () => startServer({ mongoDb: dbName }),
  };
}

async function opened(open: () => Promise<Store>): Promise<Store> {
  const store = await open();
  await store.init();
  cleanup.push(() => store.close());
  return store;
}

/** One of each membership record: an organisation, a pending and a decided application, a token, an audit entry, a join request. */
async function seedMembershipRecords(store: Store): Promise<void> {
  const at = new Date('2025-05-01T10:00:00.123Z');
  const org = {
    name: 'Grön Förening', street: 'Storgatan 1', postalCode: '111 22', municipality: 'Solna',
    website: 'https://gron.example.se', groupIds: ['plast'],
  };
  await store.organisations.create({ id: 'o1', ...org, orgNumber: '202100-5448', contactUserId: 'u-medlem', joinedAt: at });
  const application = { ...org, contactName: 'Mika', contactEmail: 'mika@example.se', createdAt: at, decidedBy: null, reason: null };
  await store.applications.create({
    id: 'a1', ...application, orgNumber: '202100-5448', status: 'approved', statusTokenHash: 's1', decidedAt: at, organisationId: 'o1',
  });
  await store.applications.create({
    id: 'a2', ...application, orgNumber: '212000-0142', status: 'pending', statusTokenHash: 's2', decidedAt: null, organisationId: null,
  });
  await store.tokens.create({
    hash: 'h1', kind: 'invitation', email: 'ny@example.se', name: null, organisationId: 'o1', userId: null, createdBy: 'u-medlem',
    createdAt: at, expiresAt: new Date(at.getTime() + 365 * 86_400_000 * 10),
  });
  await store.audit.append({ id: 'e1', at, actorId: null, action: 'application.approved', target: 'application:a1', details: { organisationId: 'o1' } });
  await store.joinRequests.create({ groupId: 'transporter', userId: 'u-medlem', createdAt: at });
  await seedMeeting(store, at.getTime());
  await store.calendarFeeds.create({ id: 'f1', tokenHash: 'c'.repeat(64), userId: 'u-medlem', groupId: 'plast', createdAt: at });
}

/** A live meeting with a revealed dot-vote round and an open one that has votes. */
async function seedMeeting(store: Store, t: number): Promise<void> {
  const round = (n: number) => ({ round: n, boardId: 'tavla-0001', votesPerPerson: 3, maxPerSticky: null });
  await store.meetings.create({
    id: 'm1', groupId: 'plast', title: 'Plastmöte', startsAt: t, endsAt: t + 3_600_000, place: 'Rum 2', videoUrl: null,
    agenda: [{ id: 'i1', title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: 'tavla-0001' }, spentMs: 0 }],
    status: 'live', facilitatorId: 'u-medlem', createdBy: 'u-medlem', createdAt: t, updatedAt: t,
    currentItem: 0, currentItemStartedAt: t, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null,
    vote: { ...round(2), stickyIds: ['s1', 's2'], sectionId: null, status: 'open', openedAt: t },
    voteResults: [{ ...round(1), ranking: [{ stickyId: 's1', text: 'Pant', votes: 1 }], voters: 1, totalVotes: 1, revealedAt: t }],
    decisions: [], actionItems: [], attendance: [], startedAt: t, endedAt: null, minutes: null, version: 4,
  });
  const at = new Date(t);
  await store.meetingVotes.cast({ meetingId: 'm1', round: 1, userId: 'u-medlem', stickyId: 's1', at }, { budget: 3, cap: null });
  await store.meetingVotes.cast({ meetingId: 'm1', round: 2, userId: 'u-medlem', stickyId: 's2', at }, { budget: 3, cap: null });
  await store.meetingVotes.cast({ meetingId: 'm1', round: 2, userId: 'u-medlem', stickyId: 's2', at }, { budget: 3, cap: null });
}

/** A SQLite data dir written by the real server: two accounts, two edited docs, one of them compacted. */
async function seedThroughServer(): Promise<{ dataDir: string; texts: Record<string, string> }> {
  const s = await startServer({ env: { COMPACT_AFTER_UPDATES: '10' } });
  cleanup.push(() => removeDir(s.dataDir));
  const id = 'u-medlem';
  await s.store.users.create({
    id,
    email: MEMBER.email,
    name: 'Mika Medlem',
    passwordHash: await hashPassword(MEMBER.password),
    role: 'member',
    createdAt: new Date(),
  });
  await s.store.memberships.upsert({ groupId: 'plast', userId: id, role: 'member', createdAt: new Date() });
  await seedMembershipRecords(s.store);
  const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
  await signIn(s.url, MEMBER.email, MEMBER.password);

  const texts: Record<string, string> = {};
  for (const [name, rounds] of [
    [NOTES, 30],
    [BOARD, 3],
  ] as const) {
    const c = connectDoc(s.wsUrl, name, cookie);
    await waitFor(() => c.provider.synced, 5_000, 'sync');
    const t = c.doc.getText('t');
    for (let i = 0; i < rounds; i++) {
      t.insert(t.length, `Punkt ${i}: åtgärd. `);
      if (i % 3 === 2) t.delete(0, 3);
    }
    texts[name] = t.toString();
    await waitFor(() => s.app.collab.loadedDocs().get(name)?.doc.getText('t').toString() === texts[name], 5_000, name);
    c.provider.destroy();
  }
  await waitFor(async () => (await s.store.docs.load(NOTES)).base !== null, 5_000, 'a compaction in the source');
  await s.stop();
  return { dataDir: s.dataDir, texts };
}

const targets: [string, () => Target][] = [['sqlite', sqliteTarget], ...(uri ? [['mongo', mongoTarget] as [string, () => Target]] : [])];

describe.each(targets)('migrating a SQLite data dir to %s', (_name, makeTarget) => {
  it('copies everything, verifies it, and the server on the target serves the same docs and accounts', async () => {
    const { dataDir, texts } = await seedThroughServer();
    const file = join(dataDir, 'samla.sqlite');
    const source = await opened(async () => createSqliteStore(file));
    const before = new Map<string, Uint8Array>();
    for (const name of await source.docs.listNames()) before.set(name, mergeStoredDoc(await source.docs.load(name)));
    expect([...before.keys()].sort()).toEqual([NOTES, BOARD].sort());

    const target = makeTarget();
    const to = await opened(target.open);
    const lines: string[] = [];
    const result = await migrateStore(source, to, (l) => lines.push(l), { metaKeys: listSqliteMetaKeys(file) });
    expect(result).toEqual({ ok: true, problems: [] });
    expect(lines).toContain('users: 2 copied, 0 already there (2 in source)');
    for (const what of ['organisations: 1', 'applications: 2', 'tokens: 1', 'audit log: 1', 'join requests: 1', 'meetings: 1', 'meeting votes: 3', 'calendar feeds: 1']) {
      expect(lines).toContain(`${what} copied, 0 already there (${what.split(': ')[1]} in source)`);
    }
    expect(await to.applications.decide('a1', { status: 'rejected', decidedAt: new Date(), decidedBy: null, reason: 'x', organisationId: null })).toBe(false);
    expect(lines).toContain(`docs: 2/2 ${BOARD} copied (${before.get(BOARD)!.byteLength} bytes)`);

    // Resumable: a second run finds everything in place and writes nothing.
    const statsAfterFirst = await to.docs.stats(NOTES);
    const again: string[] = [];
    expect(await migrateStore(source, to, (l) => again.push(l), { metaKeys: listSqliteMetaKeys(file) })).toEqual({ ok: true, problems: [] });
    expect(again).toContain('users: 0 copied, 2 already there (2 in source)');
    expect(again).toContain('applications: 0 copied, 2 already there (2 in source)');
    expect(again).toContain('meeting votes: 0 copied, 3 already there (3 in source)');
    expect(again).toContain('calendar feeds: 0 copied, 1 already there (1 in source)');
    expect(again).toContain(`docs: 1/2 ${NOTES} already there`);
    expect(await to.docs.stats(NOTES)).toEqual(statsAfterFirst);
    await to.close();

    const s = await target.serve();
    cleanup.push(() => s.stop());
    for (const [name, state] of before) {
      expect(mergeStoredDoc(await s.store.docs.load(name))).toEqual(state);
    }
    await signIn(s.url, MEMBER.email, MEMBER.password);
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const c = connectDoc(s.wsUrl, NOTES, cookie);
    cleanup.push(() => c.provider.destroy());
    await waitFor(() => c.provider.synced, 5_000, 'sync on the target');
    expect(c.doc.getText('t').toString()).toBe(texts[NOTES]);
  });

  it('resumes a run that stopped halfway, and reports a target that was edited meanwhile', async () => {
    const { dataDir } = await seedThroughServer();
    const source = await opened(async () => createSqliteStore(join(dataDir, 'samla.sqlite')));
    const target = makeTarget();
    const to = await opened(target.open);

    // What an interrupted run leaves behind: the first user and the first doc.
    const [firstUser] = await source.users.list();
    await to.users.create(firstUser!);
    await to.docs.append(BOARD, [mergeStoredDoc(await source.docs.load(BOARD))]);
    const lines: string[] = [];
    expect((await migrateStore(source, to, (l) => lines.push(l))).ok).toBe(true);
    expect(lines).toContain('users: 1 copied, 1 already there (2 in source)');
    expect(lines).toContain(`docs: 2/2 ${BOARD} already there`);
    expect(lines).toContain(`docs: 1/2 ${NOTES} copied (${mergeStoredDoc(await source.docs.load(NOTES)).byteLength} bytes)`);

    // Someone edits the target; the next run must say so instead of passing.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, mergeStoredDoc(await to.docs.load(NOTES)));
    doc.getText('t').insert(0, 'Ändrat i målet. ');
    await to.docs.append(NOTES, [Y.encodeStateAsUpdate(doc)]);
    const result = await migrateStore(source, to, () => {});
    expect(result.ok).toBe(false);
    expect(result.problems).toContain(`doc ${NOTES}: the target already holds different content; left as it is`);
    expect(result.problems).toContain(`doc ${NOTES}: merged state differs in the target`);
  });
});

describe('the migrate command line', () => {
  // What `npm run migrate` runs, without npm's own output around it.
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--conditions=development', '--import', 'tsx', 'server/src/storage/migrate.ts', ...args], {
      cwd: repoRoot,
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('refuses a data dir without a database, with one readable line and exit code 1', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'samla-migrate-empty-'));
    cleanup.push(() => removeDir(empty));
    const r = await run(['--from', empty, '--to', 'mongodb://127.0.0.1:1/']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`samla migrate: no samla.sqlite in ${empty}`);
  });

  it.runIf(!!uri)('migrates to MongoDB and exits 0, and 0 again when run a second time', async () => {
    const { dataDir } = await seedThroughServer();
    const dbName = `samla_migrate_${randomBytes(6).toString('hex')}`;
    mongoDbs.push(dbName);
    const first = await run(['--from', dataDir, '--to', uri!, '--db', dbName]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('verified: the target holds exactly what the source holds');
    expect(first.stdout).not.toContain(uri!.replace(/\/$/, ''));
    const second = await run(['--from', dataDir, '--to', uri!, '--db', dbName]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('docs: 0 copied, 2 already there (2 in source)');
  });
});
