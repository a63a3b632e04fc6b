import { randomBytes } from 'node:crypto';
import { CloseCode } from '@samla/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ACCESS_SWEEP_MS, HANDOVER_POLL_MS } from '../collab/server.js';
import { OnBehalfOf } from '../collab/sharedDoc.js';
import { loadStoredDoc } from '../storage/docState.js';
import { createMongoStore } from '../storage/mongo/index.js';
import type { Store } from '../storage/store.js';
import { ADMIN, addPerson, connectDoc, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { startRedis, withCluster, type TestRedis } from '../test/redis.js';

/**
 * Several instances in one process, each its own app on one MongoDB database and one Redis: the relay's
 * behaviour. cluster.process.test.ts runs the same kind of cluster as separate processes.
 */
const DOC = 'groups/plast/notes';
const mongoUri = process.env.MONGODB_URI;

describe.runIf(withCluster)('the Yjs relay between instances', () => {
  let redis: TestRedis;
  const cleanup: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    if (!mongoUri) throw new Error('cluster mode needs MONGODB_URI (CI runs FerretDB, .ci/ferretdb.sh)');
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function cluster(n: number): Promise<TestServer[]> {
    const mongoDb = `samla_relay_${randomBytes(5).toString('hex')}`;
    const servers: TestServer[] = [];
    for (let i = 0; i < n; i++) {
      const s = await startServer({ mongoDb, env: { REDIS_URL: redis.url } });
      cleanup.push(() => s.stop());
      servers.push(s);
    }
    return servers;
  }

  function client(s: TestServer, cookie: string) {
    const c = connectDoc(s.wsUrl, DOC, cookie);
    cleanup.push(() => c.provider.destroy());
    return c;
  }
  const text = (c: { doc: Y.Doc }) => c.doc.getText('t').toString();
  const synced = (c: ReturnType<typeof client>) => waitFor(() => c.provider.synced, 5_000, 'sync');

  it('clients on different instances see each other\'s edits live, without reconnecting', async () => {
    const [a, b] = await cluster(2);
    const cookieA = await signIn(a!.url, ADMIN.email, ADMIN.password);
    const cookieB = await signIn(b!.url, ADMIN.email, ADMIN.password);
    const onA = client(a!, cookieA);
    const onB = client(b!, cookieB);
    await Promise.all([synced(onA), synced(onB)]);

    onA.doc.getText('t').insert(0, 'Från A. ');
    await waitFor(() => text(onB) === 'Från A. ', 5_000, 'A\'s edit on B');
    onB.doc.getText('t').insert(0, 'Från B. ');
    onA.doc.getText('t').insert(text(onA).length, 'Mer från A.');
    await waitFor(() => text(onA) === text(onB) && text(onA).length === 'Från A. Från B. Mer från A.'.length, 5_000, 'convergence');
    // Each edit is stored once, by the instance it was made on; relayed ones are not written again.
    const stored = await a!.store.docs.load(DOC);
    expect(stored.updates.length).toBe(3);
    expect((await loadStoredDoc(a!.store, DOC)).getText('t').toString()).toBe(text(onA));
  });

  it('a server-side change on one instance (a restore, a session writing into a page) reaches a client on another', async () => {
    const [a, , c] = await cluster(3);
    const cookieC = await signIn(c!.url, ADMIN.email, ADMIN.password);
    const onC = client(c!, cookieC);
    await synced(onC);
    // Instance A has the doc loaded only for this change.
    await a!.app.collab.withDoc(DOC, (shared) => {
      shared.doc.transact(() => shared.doc.getText('t').insert(0, 'Återställd version'), new OnBehalfOf('u-system'));
    });
    await waitFor(() => text(onC) === 'Återställd version', 5_000, 'the server-side change on C');
  });

  it('an update whose relay message was lost is read back from the store at the next one', async () => {
    const [a, b] = await cluster(2);
    const cookieA = await signIn(a!.url, ADMIN.email, ADMIN.password);
    const cookieB = await signIn(b!.url, ADMIN.email, ADMIN.password);
    const onA = client(a!, cookieA);
    const onB = client(b!, cookieB);
    await Promise.all([synced(onA), synced(onB)]);

    // An instance that stored an update and died before publishing it: in the store, never relayed.
    const lost = new Y.Doc();
    Y.applyUpdate(lost, Y.encodeStateAsUpdate(onA.doc));
    let update: Uint8Array | null = null;
    lost.on('update', (u: Uint8Array) => (update = u));
    lost.getText('t').insert(0, 'Förlorad. ');
    await a!.store.docs.append(DOC, [update!]);

    onA.doc.getText('t').insert(0, 'Senare.');
    // Both inserted at the start, concurrently: Yjs orders them the same everywhere, by client id.
    const both = (c: { doc: Y.Doc }) => text(c).length === 'Förlorad. Senare.'.length && text(c).includes('Förlorad. ');
    await waitFor(() => both(onB), 5_000, 'the lost update repaired on B');
    // A's clients get it too: A saw the gap in its own seqs.
    await waitFor(() => both(onA) && text(onA) === text(onB), 5_000, 'the lost update repaired on A');
  });

  it('a gap left by a write still in flight on a slow store is waited for, not read back from the store', async () => {
    const mongoDb = `samla_relay_${randomBytes(5).toString('hex')}`;
    /** How long each instance's next appends stay between reserving their seqs and inserting them. */
    const slow = { a: 0, b: 0 };
    let repairReads = 0;
    const servers: TestServer[] = [];
    for (const name of ['a', 'b'] as const) {
      const store = createMongoStore(mongoUri!, mongoDb, { afterReserve: () => new Promise((r) => setTimeout(r, slow[name])) });
      const counted: Store = { ...store, docs: { ...store.docs, updatesAfter: (...args) => (repairReads++, store.docs.updatesAfter(...args)) } };
      const s = await startServer({ mongoDb, env: { REDIS_URL: redis.url }, store: counted });
      cleanup.push(() => s.stop());
      servers.push(s);
    }
    const [a, b] = servers;
    const onA = client(a!, await signIn(a!.url, ADMIN.email, ADMIN.password));
    const onB = client(b!, await signIn(b!.url, ADMIN.email, ADMIN.password));
    await Promise.all([synced(onA), synced(onB)]);
    // The store has been slow for a while: every append takes 400 ms.
    slow.a = slow.b = 400;
    for (let i = 0; i < 8; i++) {
      const [from, to] = i % 2 === 0 ? [onA, onB] : [onB, onA];
      from.doc.getText('t').insert(0, `${i} `);
      await waitFor(() => text(to) === text(from), 5_000, `edit ${i} relayed`);
    }
    repairReads = 0;

    // B takes a seq and is slower still; A takes the next one and publishes it first. Both then see a gap
    // for ~0.5 s, which B's own write closes.
    slow.b = 900;
    onB.doc.getText('t').insert(0, 'Långsam. ');
    await new Promise((r) => setTimeout(r, 100));
    onA.doc.getText('t').insert(text(onA).length, ' Snabb.');
    await waitFor(() => text(onA) === text(onB) && text(onA).startsWith('Långsam. ') && text(onA).endsWith(' Snabb.'), 5_000, 'both edits everywhere');
    // Past when a 250 ms wait would have read the store.
    await new Promise((r) => setTimeout(r, 500));
    expect(repairReads).toBe(0);
    expect((await loadStoredDoc(a!.store, DOC)).getText('t').toString()).toBe(text(onA));
  });

  it('Redis restarted mid-edit: each instance serves its clients meanwhile, and they converge once it is back, nothing lost', async () => {
    const [a, b] = await cluster(2);
    const cookieA = await signIn(a!.url, ADMIN.email, ADMIN.password);
    const cookieB = await signIn(b!.url, ADMIN.email, ADMIN.password);
    const onA = client(a!, cookieA);
    const onB = client(b!, cookieB);
    const alsoOnA = client(a!, cookieA);
    await Promise.all([synced(onA), synced(onB), synced(alsoOnA)]);
    onA.doc.getText('t').insert(0, 'Före. ');
    await waitFor(() => text(onB) === 'Före. ', 5_000, 'before the outage');

    await redis.stop();
    await waitFor(() => !a!.app.redis!.up && !b!.app.redis!.up, 5_000, 'both instances to notice');
    onA.doc.getText('t').insert(text(onA).length, 'Under A. ');
    onB.doc.getText('t').insert(0, 'Under B. ');
    // Same instance: still live.
    await waitFor(() => text(alsoOnA).includes('Under A.'), 5_000, 'A\'s clients to stay live');
    const ready = await fetch(`${a!.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { redis: { up: boolean } }).redis.up).toBe(false);

    await redis.start();
    await waitFor(() => text(onA) === text(onB) && text(onA).includes('Under B.') && text(onB).includes('Under A.'), 10_000, 'convergence after Redis returned');
    expect((await fetch(`${b!.url}/readyz`)).status).toBe(200);
    expect((await loadStoredDoc(b!.store, DOC)).getText('t').toString()).toBe(text(onA));
  });

  it('cursors and names (awareness) of a client on one instance show on another, and go when it leaves', async () => {
    const [a, b] = await cluster(2);
    const onA = client(a!, await signIn(a!.url, ADMIN.email, ADMIN.password));
    const onB = client(b!, await signIn(b!.url, ADMIN.email, ADMIN.password));
    await Promise.all([synced(onA), synced(onB)]);
    onA.provider.awareness.setLocalStateField('user', { name: 'Kim på A' });
    const names = () => [...onB.provider.awareness.getStates().values()].map((st) => (st as { user?: { name: string } }).user?.name);
    await waitFor(() => names().includes('Kim på A'), 5_000, 'A\'s awareness on B');
    onA.provider.destroy();
    await waitFor(() => !names().includes('Kim på A'), 5_000, 'A\'s awareness gone from B');
  });

  it('an access change whose message was lost still ends the connection: the store\'s access version is compared', async () => {
    const [a, b] = await cluster(2);
    const member = await addPerson(b!, 'medlem@example.se', 'member');
    const observer = await addPerson(b!, 'observator@example.se', 'member');
    const removed = client(b!, member.cookie);
    const demoted = connectDoc(b!.wsUrl, DOC, observer.cookie);
    cleanup.push(() => demoted.provider.destroy());
    await Promise.all([synced(removed), synced(demoted)]);
    const closes: number[] = [];
    removed.provider.ws?.addEventListener('close', (e) => closes.push(e.code));

    // What instance A's services do, without the message: the store changes, the versions move.
    await a!.store.memberships.delete('plast', member.id);
    await a!.store.memberships.upsert({ groupId: 'plast', userId: observer.id, role: 'observer', createdAt: new Date() });
    await a!.store.access.bump(member.id);
    await a!.store.access.bump(observer.id);

    await waitFor(() => closes.length > 0, ACCESS_SWEEP_MS + 2_000, 'the sweep to end the removed member\'s connection');
    expect(closes[0]).toBe(CloseCode.accessRevoked);
    // The observer stays connected, read-only: their edits are no longer applied.
    await new Promise((r) => setTimeout(r, 200));
    demoted.doc.getText('t').insert(0, 'Skrivet som observatör');
    await new Promise((r) => setTimeout(r, 500));
    expect((await loadStoredDoc(a!.store, DOC)).getText('t').toString()).toBe('');
    expect(demoted.provider.wsconnected).toBe(true);
  });

  it('an instance stopped while the store refuses its writes hands them over: another instance stores them', async () => {
    const mongoDb = `samla_relay_${randomBytes(5).toString('hex')}`;
    const b = await startServer({ mongoDb, env: { REDIS_URL: redis.url } });
    cleanup.push(() => b.stop());
    // Instance A's view of the store is down for Yjs writes; B's is fine.
    const real = createMongoStore(mongoUri!, mongoDb);
    const down: Store = { ...real, docs: { ...real.docs, append: async () => Promise.reject(new Error('simulated MongoDB outage')) } };
    const a = await startServer({ mongoDb, store: down, env: { REDIS_URL: redis.url } });
    const onA = client(a, await signIn(a.url, ADMIN.email, ADMIN.password));
    await synced(onA);
    onA.doc.getText('t').insert(0, 'Skrivet medan lagringen var nere');
    await waitFor(() => a.app.collab.loadedDocs().get(DOC)?.hasPendingWrites === true, 5_000, 'the write pending on A');
    onA.provider.shouldConnect = false;

    await a.app.close({ handOverAfterMs: 200 });
    await waitFor(async () => (await loadStoredDoc(b.store, DOC)).getText('t').toString() === 'Skrivet medan lagringen var nere', HANDOVER_POLL_MS + 3_000, 'B to store what A handed over');
  });

  it('removing a person on one instance closes their connection on another at once, and nothing they send after is applied', async () => {
    const [a, b] = await cluster(2);
    const coordinator = await signIn(a!.url, ADMIN.email, ADMIN.password);
    const member = await addPerson(b!, 'medlem@example.se', 'member');
    const onB = client(b!, member.cookie);
    await synced(onB);
    const closes: number[] = [];
    onB.provider.ws?.addEventListener('close', (e) => closes.push(e.code));

    const res = await fetch(`${a!.url}/api/groups/plast/members/${member.id}`, { method: 'DELETE', headers: { cookie: coordinator, origin: a!.url } });
    expect(res.status).toBe(204);
    await waitFor(() => closes.length > 0, 1_000, 'the close on B within 1 s');
    expect(closes[0]).toBe(CloseCode.accessRevoked);
    onB.provider.shouldConnect = false;
    onB.doc.getText('t').insert(0, 'Efter borttagningen');
    await new Promise((r) => setTimeout(r, 300));
    expect((await loadStoredDoc(a!.store, DOC)).getText('t').toString()).toBe('');
  });
});
