import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { mergeStoredDoc } from './docState.js';
import { createMongoStore } from './mongo/index.js';
import { createSqliteStore } from './sqlite/index.js';
import type { MeetingStatus } from '@samla/shared';
import { DuplicateError, type MeetingRecord, type Store, type VoteRecord } from './store.js';

export interface MigrateOptions {
  /**
   * Meta keys to copy. The Store port cannot list its meta keys, so the caller names them;
   * the command line reads them from the SQLite file.
   */
  metaKeys?: string[];
}

export interface MigrateResult {
  ok: boolean;
  /** One line per difference found; empty when the target holds exactly what the source holds. */
  problems: string[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
const sameTime = (a: Date, b: Date) => a.getTime() === b.getTime();

/**
 * Copies everything from one store to another, then checks that the target holds exactly the
 * source's data. Resumable: what the target already holds (records by key, docs whose merged
 * state is already equal) is skipped, so an interrupted run can simply be started again.
 * Run it with no server writing to either store.
 *
 * Each doc is copied as ONE update, its merged state, through `append`. The merged state is what
 * compaction would store as a base anyway and is identical for every reader; `append` is the only
 * way into a fresh store that the Store port offers, and the first compaction on the target
 * turns it into a base.
 */
export async function migrateStore(
  from: Store,
  to: Store,
  log: (line: string) => void,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const problems: string[] = [];
  const problem = (line: string) => {
    problems.push(line);
    log(`  problem: ${line}`);
  };
  const tally = (what: string, total: number, copied: number) =>
    log(`${what}: ${copied} copied, ${total - copied} already there (${total} in source)`);

  const users = await from.users.list();
  let copied = 0;
  for (const u of users) {
    if (await to.users.findById(u.id)) continue;
    try {
      await to.users.create(u);
      copied++;
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
      problem(`user ${u.id}: the target has another account with the email ${u.email}`);
    }
  }
  tally('users', users.length, copied);

  const sessions = await from.sessions.list();
  copied = 0;
  for (const s of sessions) {
    if (await to.sessions.find(s.idHash)) continue;
    await to.sessions.create(s);
    copied++;
  }
  tally('sessions', sessions.length, copied);

  const groups = await from.groups.list();
  copied = 0;
  for (const g of groups) {
    if (await to.groups.findById(g.id)) continue;
    try {
      await to.groups.create(g);
      copied++;
    } catch (err) {
      if (!(err instanceof DuplicateError)) throw err;
    }
  }
  tally('groups', groups.length, copied);

  const memberships = await from.memberships.list();
  copied = 0;
  for (const m of memberships) {
    const there = await to.memberships.find(m.groupId, m.userId);
    if (there?.role === m.role) continue;
    await to.memberships.upsert(m);
    copied++;
  }
  tally('memberships', memberships.length, copied);

  // Membership records are immutable or keyed, so "present" means "copied". Organisations go before
  // applications: a pending application checks that no organisation holds its number.
  const copyKeyed = async <T>(what: string, rows: T[], has: (row: T) => Promise<boolean>, create: (row: T) => Promise<void>) => {
    let n = 0;
    for (const row of rows) {
      if (await has(row)) continue;
      await create(row);
      n++;
    }
    tally(what, rows.length, n);
  };
  await copyKeyed('organisations', await from.organisations.list(), async (o) => !!(await to.organisations.findById(o.id)), (o) => to.organisations.create(o));
  await copyKeyed('applications', await from.applications.list(), async (a) => !!(await to.applications.findById(a.id)), (a) => to.applications.create(a));
  const targetTokens = new Set((await to.tokens.list()).map((t) => t.hash));
  await copyKeyed('tokens', await from.tokens.list(), async (t) => targetTokens.has(t.hash), (t) => to.tokens.create(t));
  const targetAudit = new Set((await to.audit.list(Number.MAX_SAFE_INTEGER)).map((e) => e.id));
  await copyKeyed('audit log', await from.audit.list(Number.MAX_SAFE_INTEGER), async (e) => targetAudit.has(e.id), (e) => to.audit.append(e));
  await copyKeyed('join requests', await from.joinRequests.list(), async (j) => !!(await to.joinRequests.find(j.groupId, j.userId)), (j) => to.joinRequests.create(j));

  // Meetings are copied whole (their version included); a meeting already there is left as it is.
  const meetings = await allMeetings(from);
  await copyKeyed('meetings', meetings, async (m) => !!(await to.meetings.get(m.id)), (m) => to.meetings.create(m));
  let voteTotal = 0;
  copied = 0;
  for (const m of meetings) {
    for (const round of voteRounds(m)) {
      const votes = await from.meetingVotes.list(m.id, round);
      voteTotal += votes.length;
      if ((await to.meetingVotes.list(m.id, round)).length > 0) continue;
      for (const v of votes) {
        // Limits that let exactly the source's votes in, in their order.
        const budget = votes.filter((o) => o.userId === v.userId).length;
        if ((await to.meetingVotes.cast(v, { budget, cap: null })) !== 'ok') problem(`a vote in meeting ${m.id} round ${round} was refused`);
        else copied++;
      }
    }
  }
  tally('meeting votes', voteTotal, copied);
  // Calendar feeds are immutable (revoking deletes), so present means copied; only token hashes move.
  const targetFeeds = new Set((await to.calendarFeeds.list()).map((f) => f.id));
  await copyKeyed('calendar feeds', await from.calendarFeeds.list(), async (f) => targetFeeds.has(f.id), (f) => to.calendarFeeds.create(f));

  const metaKeys = options.metaKeys ?? [];
  copied = 0;
  for (const key of metaKeys) {
    const value = await from.meta.get(key);
    if (value === null || (await to.meta.get(key)) === value) continue;
    await to.meta.set(key, value);
    copied++;
  }
  tally('meta', metaKeys.length, copied);

  const names = await from.docs.listNames();
  copied = 0;
  for (const [i, name] of names.entries()) {
    const source = mergeStoredDoc(await from.docs.load(name));
    const stored = await to.docs.load(name);
    const progress = `docs: ${i + 1}/${names.length} ${name}`;
    if (!stored.base && stored.updates.length === 0) {
      await to.docs.append(name, [source]);
      copied++;
      log(`${progress} copied (${source.byteLength} bytes)`);
    } else if (sameBytes(mergeStoredDoc(stored), source)) {
      log(`${progress} already there`);
    } else {
      // Never blend: the target was edited after an earlier run, and a person has to decide.
      problem(`doc ${name}: the target already holds different content; left as it is`);
    }
  }
  tally('docs', names.length, copied);

  // Version history is keyed by doc; a snapshot is immutable, so present means copied.
  let snapshotTotal = 0;
  copied = 0;
  for (const name of names) {
    for (const info of await from.snapshots.list(name)) {
      snapshotTotal++;
      if (await to.snapshots.get(info.id)) continue;
      await to.snapshots.create((await from.snapshots.get(info.id))!);
      copied++;
    }
  }
  tally('snapshots', snapshotTotal, copied);

  log('verifying');
  await verify(from, to, metaKeys, problem);
  log(problems.length === 0 ? 'verified: the target holds exactly what the source holds' : `${problems.length} problem(s)`);
  return { ok: problems.length === 0, problems };
}

const MEETING_STATUSES: MeetingStatus[] = ['scheduled', 'live', 'ended', 'cancelled'];

async function allMeetings(store: Store): Promise<MeetingRecord[]> {
  return store.meetings.list((await store.groups.list()).map((g) => g.id), MEETING_STATUSES);
}

/** Every dot-vote round a meeting has held: the revealed ones and the current one. */
function voteRounds(m: MeetingRecord): number[] {
  return [...new Set([...m.voteResults.map((r) => r.round), ...(m.vote ? [m.vote.round] : [])])];
}

async function verify(from: Store, to: Store, metaKeys: string[], problem: (line: string) => void): Promise<void> {
  const count = (what: string, source: unknown[], target: unknown[]) => {
    if (source.length !== target.length) problem(`${what}: ${source.length} in source, ${target.length} in target`);
  };

  const users = await from.users.list();
  count('users', users, await to.users.list());
  for (const u of users) {
    const t = await to.users.findById(u.id);
    if (
      !t ||
      t.email !== u.email ||
      t.name !== u.name ||
      t.passwordHash !== u.passwordHash ||
      t.role !== u.role ||
      (t.organisationId ?? null) !== (u.organisationId ?? null) ||
      !sameTime(t.createdAt, u.createdAt)
    ) {
      problem(`user ${u.id} differs in the target`);
    }
  }

  const sessions = await from.sessions.list();
  count('sessions', sessions, await to.sessions.list());
  for (const s of sessions) {
    const t = await to.sessions.find(s.idHash);
    if (!t || t.userId !== s.userId || !sameTime(t.createdAt, s.createdAt) || !sameTime(t.expiresAt, s.expiresAt)) {
      problem(`a session of user ${s.userId} differs in the target`);
    }
  }

  const groups = await from.groups.list();
  count('groups', groups, await to.groups.list());
  for (const g of groups) {
    const t = await to.groups.findById(g.id);
    if (
      !t ||
      t.name !== g.name ||
      t.description !== g.description ||
      !sameTime(t.createdAt, g.createdAt) ||
      (t.archivedAt?.getTime() ?? null) !== (g.archivedAt?.getTime() ?? null)
    ) {
      problem(`group ${g.id} differs in the target`);
    }
  }

  const memberships = await from.memberships.list();
  count('memberships', memberships, await to.memberships.list());
  for (const m of memberships) {
    const t = await to.memberships.find(m.groupId, m.userId);
    if (!t || t.role !== m.role) problem(`membership ${m.groupId}/${m.userId} differs in the target`);
  }

  // The other membership records are compared whole, as JSON (dates become ISO strings).
  const same = async <T>(what: string, source: T[], target: T[], key: (row: T) => string) => {
    count(what, source, target);
    const canon = (row: T) => JSON.stringify(Object.entries(row as object).sort(([a], [b]) => a.localeCompare(b)));
    const byKey = new Map(target.map((row) => [key(row), canon(row)]));
    for (const row of source) {
      if (byKey.get(key(row)) !== canon(row)) problem(`${what} ${key(row)} differs in the target`);
    }
  };
  await same('organisation', await from.organisations.list(), await to.organisations.list(), (o) => o.id);
  await same('application', await from.applications.list(), await to.applications.list(), (a) => a.id);
  await same('token', await from.tokens.list(), await to.tokens.list(), (t) => t.hash.slice(0, 12));
  await same('audit entry', await from.audit.list(Number.MAX_SAFE_INTEGER), await to.audit.list(Number.MAX_SAFE_INTEGER), (e) => e.id);
  await same('join request', await from.joinRequests.list(), await to.joinRequests.list(), (j) => `${j.groupId}/${j.userId}`);

  await same('calendar feed', await from.calendarFeeds.list(), await to.calendarFeeds.list(), (f) => f.id);

  const meetings = await allMeetings(from);
  await same('meeting', meetings, await allMeetings(to), (m) => m.id);
  for (const m of meetings) {
    for (const round of voteRounds(m)) {
      const dots = (votes: VoteRecord[]) => votes.map((v) => `${v.userId}/${v.stickyId}`).sort();
      const [a, b] = [dots(await from.meetingVotes.list(m.id, round)), dots(await to.meetingVotes.list(m.id, round))];
      if (JSON.stringify(a) !== JSON.stringify(b)) problem(`votes of meeting ${m.id} round ${round} differ in the target`);
    }
  }

  for (const key of metaKeys) {
    if ((await to.meta.get(key)) !== (await from.meta.get(key))) problem(`meta ${key} differs in the target`);
  }

  const names = await from.docs.listNames();
  const targetNames = await to.docs.listNames();
  count('docs', names, targetNames);
  for (const name of names) {
    if (!sameBytes(mergeStoredDoc(await from.docs.load(name)), mergeStoredDoc(await to.docs.load(name)))) {
      problem(`doc ${name}: merged state differs in the target`);
    }
    const target = new Map((await to.snapshots.list(name)).map((x) => [x.id, x]));
    for (const x of await from.snapshots.list(name)) {
      const t = target.get(x.id) && (await to.snapshots.get(x.id));
      const source = (await from.snapshots.get(x.id))!;
      if (!t || !sameBytes(t.state, source.state) || !sameTime(t.createdAt, x.createdAt) || t.name !== x.name) {
        problem(`snapshot ${x.id} of ${name} differs in the target`);
      }
    }
  }
}

/** The meta keys of a SQLite data file, read directly because the Store port cannot list them. */
export function listSqliteMetaKeys(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { key: string }>('SELECT key FROM meta ORDER BY key').all().map((r) => r.key);
  } finally {
    db.close();
  }
}

const USAGE = 'usage: npm run migrate -- --from <sqlite data dir> --to <mongodb uri> [--db <database name>]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`samla migrate: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.from || !values.to) {
    console.error(`samla migrate: --from and --to are required\n${USAGE}`);
    return 1;
  }
  // `npm run` changes to the repository root; a relative --from means the directory it was typed in.
  const fromDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.from);
  const file = join(fromDir, 'samla.sqlite');
  if (!existsSync(file)) {
    console.error(`samla migrate: no samla.sqlite in ${fromDir}`);
    return 1;
  }
  const dbName = values.db ?? process.env.MONGODB_DB ?? 'samla';

  let from: Store | undefined;
  let to: Store | undefined;
  try {
    from = createSqliteStore(file);
    await from.init();
    to = createMongoStore(values.to, dbName);
    await to.init();
    // The URI is not printed: it may hold a password.
    console.log(`migrating ${file} to MongoDB database "${dbName}"`);
    const result = await migrateStore(from, to, (line) => console.log(line), { metaKeys: listSqliteMetaKeys(file) });
    if (!result.ok) console.error(`samla migrate: verification failed with ${result.problems.length} problem(s)`);
    return result.ok ? 0 : 1;
  } catch (err) {
    console.error(`samla migrate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    // Every write was acknowledged before the result above; a failed close is reported, not the result changed.
    const closing = (which: string) => (err: unknown) =>
      console.error(`samla migrate: could not close the ${which}: ${err instanceof Error ? err.message : String(err)}`);
    await from?.close().catch(closing('SQLite store'));
    await to?.close().catch(closing('MongoDB store'));
  }
}

const invokedDirectly = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
