import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seedGroups } from '../../groups/seed.js';
import { ADMIN, removeDir, signIn, startServer, type TestServer } from '../../test/harness.js';

const uri = process.env.MONGODB_URI;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * Two instances started on one fresh database in the same tick, so each runs its whole start (seed,
 * bootstrap) interleaved with the other's. Both are stopped whatever happens; a start that failed rejects.
 */
async function startTwo(dbName: string, env?: Record<string, string>): Promise<[TestServer, TestServer]> {
  const started = await Promise.allSettled([startServer({ mongoDb: dbName, env }), startServer({ mongoDb: dbName, env })]);
  for (const r of started) {
    if (r.status === 'fulfilled') {
      cleanup.push(() => removeDir(r.value.dataDir));
      cleanup.push(() => r.value.stop());
    }
  }
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return started.map((r) => (r as PromiseFulfilledResult<TestServer>).value) as [TestServer, TestServer];
}

// contract.test.ts makes CI fail when MONGODB_URI is missing, so skipping here cannot hide a missing database.
describe.runIf(!!uri)('two instances starting at once on an empty MongoDB database', () => {
  const admin = new MongoClient(uri ?? 'mongodb://unused', { serverSelectionTimeoutMS: 5_000 });
  const dbs: string[] = [];
  const newDb = () => {
    const name = `samla_start_${randomBytes(6).toString('hex')}`;
    dbs.push(name);
    return name;
  };
  afterAll(async () => {
    for (const name of dbs) await admin.db(name).dropDatabase();
    await admin.close();
  });

  const groupIds = async (s: TestServer) => (await s.store.groups.list()).map((g) => g.id).sort();
  const seedIds = seedGroups.map((g) => g.id).sort();

  it('both start, the groups are seeded once, and exactly one prints a setup link, which works on either', async () => {
    const [one, two] = await startTwo(newDb(), { SAMLA_ADMIN_EMAIL: '', SAMLA_ADMIN_PASSWORD: '' });
    const tokens = [one.app.setupToken, two.app.setupToken];
    expect(tokens.filter((t) => t !== null)).toHaveLength(1);
    expect(await groupIds(one)).toEqual(seedIds);

    // The link one instance printed is not dead: the other instance, behind the same load balancer, accepts it.
    const other = tokens[0] === null ? one : two;
    const res = await fetch(`${other.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: tokens.find((t) => t !== null), name: 'Sam Samordnare', email: 'sam@example.se', password: 'ett-långt-lösenord' }),
    });
    expect(res.status).toBe(201);
  });

  it('with SAMLA_ADMIN_* both start and one coordinator exists, facilitator of every group', async () => {
    const [one, two] = await startTwo(newDb());
    expect(await one.store.users.countByRole('coordinator')).toBe(1);
    expect(await groupIds(two)).toEqual(seedIds);
    const coordinator = (await one.store.users.findByEmail(ADMIN.email))!;
    const memberships = await one.store.memberships.listForUser(coordinator.id);
    expect(memberships.map((m) => [m.groupId, m.role]).sort()).toEqual(seedIds.map((id) => [id, 'facilitator']));
    await signIn(one.url, ADMIN.email, ADMIN.password);
    await signIn(two.url, ADMIN.email, ADMIN.password);
  });
});
