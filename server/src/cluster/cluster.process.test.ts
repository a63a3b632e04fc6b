import { BOARD_STICKIES, CloseCode, itemDocName, PAGE_FRAGMENT, readPageText, SPACE_ITEMS, spaceDocName, type MeetingState } from '@samla/shared';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createMongoStore } from '../storage/mongo/index.js';
import { loadStoredDoc } from '../storage/docState.js';
import type { Store } from '../storage/store.js';
import { clusterDb, startBalancer, startInstance, type Balancer, type Instance } from '../test/cluster.js';
import { ADMIN, connectDoc, connectSocket, MEMBER_PASSWORD, signIn, waitFor } from '../test/harness.js';
import { hashPassword } from '../auth/passwords.js';
import { BOARD } from '../test/meetings.js';
import { sharedRedis, withCluster } from '../test/redis.js';

/**
 * Three server processes on one MongoDB database (FerretDB in CI) and one Redis, behind a TCP load
 * balancer: what a deployment of cluster mode does, including an instance killed with SIGKILL.
 */
const DOC = 'groups/plast/notes';

/** What the page editor does for a new paragraph. */
function paragraph(doc: Y.Doc, line: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(line)]);
  doc.getXmlFragment(PAGE_FRAGMENT).push([p]);
}

describe.runIf(withCluster)('three server processes in cluster mode', () => {
  let redis: Awaited<ReturnType<typeof sharedRedis>>;
  const instances: Instance[] = [];
  let balancer: Balancer;
  let store: Store;
  let mongoDb: string;
  const providers: { provider: { destroy(): void } }[] = [];

  beforeAll(async () => {
    redis = await sharedRedis();
    mongoDb = clusterDb();
    // One after the other: the first seeds the empty database, as the first replica of a deploy does.
    for (const name of ['a', 'b', 'c']) instances.push(await startInstance(name, { mongoDb, redisUrl: redis.url }));
    balancer = await startBalancer(() => instances);
    store = createMongoStore(process.env.MONGODB_URI!, mongoDb);
  }, 120_000);

  afterAll(async () => {
    for (const p of providers) p.provider.destroy();
    await balancer?.close();
    await Promise.all(instances.map((i) => i.kill()));
    await store?.close();
    const admin = new MongoClient(process.env.MONGODB_URI!);
    await admin.db(mongoDb).dropDatabase().catch(() => {});
    await admin.close();
    await redis?.stop();
  });

  const a = () => instances[0]!;
  const b = () => instances[1]!;
  const c = () => instances[2]!;
  const text = (d: { doc: Y.Doc }) => d.doc.getText('t').toString();
  function client(wsUrl: string, cookie: string, docName = DOC) {
    const c = connectDoc(wsUrl, docName, cookie);
    providers.push(c);
    return c;
  }

  it('two clients on different instances converge live, and a restore on A reaches a client on C', async () => {
    const cookie = await signIn(a().url, ADMIN.email, ADMIN.password);
    const onA = client(a().wsUrl, cookie);
    const onB = client(b().wsUrl, cookie);
    const onC = client(c().wsUrl, cookie);
    await waitFor(() => onA.provider.synced && onB.provider.synced && onC.provider.synced, 10_000, 'sync');
    const page = (d: { doc: Y.Doc }) => readPageText(d.doc);

    paragraph(onA.doc, 'Version ett.');
    await waitFor(() => page(onB) === 'Version ett.' && page(onC) === 'Version ett.', 5_000, 'A\'s edit on B and C');
    const named = await fetch(`${b().url}/api/groups/plast/versions`, {
      method: 'POST',
      headers: { cookie, origin: b().url, 'content-type': 'application/json' },
      body: JSON.stringify({ doc: DOC, name: 'Före ändringen' }),
    });
    expect(named.status).toBe(201);
    const { version } = (await named.json()) as { version: { id: string } };

    paragraph(onB.doc, 'Ändrat på B.');
    await waitFor(() => page(onA) === 'Version ett.\nÄndrat på B.' && page(onC) === page(onA), 5_000, 'B\'s edit everywhere');

    const restored = await fetch(`${a().url}/api/groups/plast/versions/${version.id}/restore`, { method: 'POST', headers: { cookie, origin: a().url } });
    expect(restored.status).toBe(200);
    await waitFor(() => page(onC) === 'Version ett.' && page(onB) === 'Version ett.', 5_000, 'the restore on B and C');
    expect(readPageText(await loadStoredDoc(store, DOC))).toBe('Version ett.');
    for (const p of [onA, onB, onC]) p.provider.destroy();
  });

  it('search on C finds what was typed into one page on A and on B, whichever instance indexed it', async () => {
    const cookie = await signIn(a().url, ADMIN.email, ADMIN.password);
    const name = itemDocName('plast', 'page', 'sok-i-klustret');
    const onA = client(a().wsUrl, cookie, name);
    const onB = client(b().wsUrl, cookie, name);
    await waitFor(() => onA.provider.synced && onB.provider.synced, 10_000, 'sync');
    paragraph(onA.doc, 'Pantstation vid torget.');
    paragraph(onB.doc, 'Glasigloo på gården.');
    const found = async (q: string) => {
      const res = await fetch(`${c().url}/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie } });
      return ((await res.json()) as { results: { itemId: string }[] }).results.map((r) => r.itemId);
    };
    await waitFor(async () => (await found('glasigloo')).includes('sok-i-klustret') && (await found('pantstation')).includes('sok-i-klustret'), 10_000, 'both edits in the index');
    for (const p of [onA, onB]) p.provider.destroy();
  });

  it('a removal on A closes the person\'s connection on B within 1 s, and nothing they send after is applied', async () => {
    const doc = 'groups/plast/pages/borttagen';
    await store.users.create({ id: 'u-mira', email: 'mira@example.se', name: 'Mira', passwordHash: await hashPassword(MEMBER_PASSWORD), role: 'member', createdAt: new Date() });
    await store.memberships.upsert({ groupId: 'plast', userId: 'u-mira', role: 'member', createdAt: new Date() });
    const member = await signIn(b().url, 'mira@example.se', MEMBER_PASSWORD);
    const coordinator = await signIn(a().url, ADMIN.email, ADMIN.password);
    const onB = client(b().wsUrl, member, doc);
    await waitFor(() => onB.provider.synced, 10_000, 'sync');
    onB.doc.getText('t').insert(0, 'Före.');
    await waitFor(async () => (await loadStoredDoc(store, doc)).getText('t').toString() === 'Före.', 5_000, 'the first edit stored');
    const closes: number[] = [];
    onB.provider.ws!.addEventListener('close', (e) => closes.push(e.code));

    const removedAt = Date.now();
    const res = await fetch(`${a().url}/api/groups/plast/members/u-mira`, { method: 'DELETE', headers: { cookie: coordinator, origin: a().url } });
    expect(res.status).toBe(204);
    await waitFor(() => closes.length > 0, 1_000, 'the close on B');
    expect(Date.now() - removedAt).toBeLessThan(1_000);
    expect(closes[0]).toBe(CloseCode.accessRevoked);
    onB.doc.getText('t').insert(0, 'Efter. ');
    await new Promise((r) => setTimeout(r, 500));
    expect((await loadStoredDoc(store, doc)).getText('t').toString()).toBe('Före.');
    onB.provider.destroy();
  });

  it('presence spans the processes: people on A, B and C see the same list, and a leave on C everywhere', async () => {
    await store.users.create({ id: 'u-ebba', email: 'ebba@example.se', name: 'Ebba', passwordHash: await hashPassword(MEMBER_PASSWORD), role: 'member', createdAt: new Date() });
    await store.memberships.upsert({ groupId: 'plast', userId: 'u-ebba', role: 'member', createdAt: new Date() });
    await store.users.create({ id: 'u-nils', email: 'nils@example.se', name: 'Nils', passwordHash: await hashPassword(MEMBER_PASSWORD), role: 'member', createdAt: new Date() });
    await store.memberships.upsert({ groupId: 'plast', userId: 'u-nils', role: 'member', createdAt: new Date() });
    const people = [
      connectSocket(a().url, await signIn(a().url, ADMIN.email, ADMIN.password)),
      connectSocket(b().url, await signIn(b().url, 'ebba@example.se', MEMBER_PASSWORD)),
      connectSocket(c().url, await signIn(c().url, 'nils@example.se', MEMBER_PASSWORD)),
    ];
    const lists = people.map(() => [] as string[]);
    people.forEach((p, i) =>
      p.on('presence:updated', ({ groupId, present }) => {
        if (groupId === 'plast') lists[i] = present.map((x) => x.name);
      }),
    );
    for (const p of people) expect((await p.emitWithAck('presence:join', { groupId: 'plast' })).ok).toBe(true);
    const all = [ADMIN.name, 'Ebba', 'Nils'].sort((x, y) => x.localeCompare(y, 'sv'));
    await waitFor(() => lists.every((l) => l.join() === all.join()), 5_000, 'the same three names on every instance');
    expect((await people[2]!.emitWithAck('presence:leave', { groupId: 'plast' })).ok).toBe(true);
    await waitFor(() => lists.slice(0, 2).every((l) => l.join() === all.filter((n) => n !== 'Nils').join()), 5_000, 'the leave on C seen on A and B');
    for (const p of people) p.disconnect();
  });

  it('a session room spans the processes: the timer started on A, a hand raised on C and votes from C', async () => {
    const person = async (id: string, role: 'facilitator' | 'member') => {
      await store.users.create({ id: `u-${id}`, email: `${id}@example.se`, name: id, passwordHash: await hashPassword(MEMBER_PASSWORD), role: 'member', createdAt: new Date() });
      await store.memberships.upsert({ groupId: 'plast', userId: `u-${id}`, role, createdAt: new Date() });
    };
    await person('fia', 'facilitator');
    await person('mats', 'member');
    const fac = await signIn(a().url, 'fia@example.se', MEMBER_PASSWORD);
    const mem = await signIn(c().url, 'mats@example.se', MEMBER_PASSWORD);
    // The board the vote is on, written by the facilitator through instance A as the board editor does.
    const space = client(a().wsUrl, fac, spaceDocName('plast'));
    const board = client(a().wsUrl, fac, itemDocName('plast', 'board', BOARD));
    await waitFor(() => space.provider.synced && board.provider.synced, 10_000, 'sync');
    const item = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ kind: 'board', title: 'Idéer', order: 1, archived: false })) item.set(k, v);
    space.doc.getMap<Y.Map<unknown>>(SPACE_ITEMS).set(BOARD, item);
    for (const id of ['lapp-a', 'lapp-b']) {
      const sticky = new Y.Map<unknown>();
      sticky.set('text', new Y.Text(id));
      sticky.set('sectionId', null);
      board.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).set(id, sticky);
    }
    await waitFor(async () => (await loadStoredDoc(store, itemDocName('plast', 'board', BOARD))).getMap(BOARD_STICKIES).size === 2, 5_000, 'the board stored');

    const created = await fetch(`${a().url}/api/groups/plast/meetings`, {
      method: 'POST',
      headers: { cookie: fac, origin: a().url, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Plastgruppen, december', startsAt: new Date().toISOString(), durationMinutes: 60, agenda: [{ title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD } }] }),
    });
    expect(created.status).toBe(201);
    const { meeting } = (await created.json()) as { meeting: { id: string } };
    const f = connectSocket(a().url, fac);
    const p = connectSocket(c().url, mem);
    const seen = { onA: null as MeetingState | null, onC: null as MeetingState | null };
    f.on('meeting:updated', ({ state }) => (seen.onA = state));
    p.on('meeting:updated', ({ state }) => (seen.onC = state));
    expect((await f.emitWithAck('meeting:join', { meetingId: meeting.id })).ok).toBe(true);
    expect((await p.emitWithAck('meeting:join', { meetingId: meeting.id })).ok).toBe(true);

    expect((await f.emitWithAck('meeting:start', { meetingId: meeting.id })).ok).toBe(true);
    const timed = await f.emitWithAck('meeting:timer', { meetingId: meeting.id, action: 'start' });
    if (!timed.ok) throw new Error(timed.error.code);
    await waitFor(() => seen.onC?.version === timed.data.version && seen.onC.timer?.status === 'running', 5_000, 'the timer on C');

    const raised = await p.emitWithAck('meeting:hand', { meetingId: meeting.id, raised: true });
    if (!raised.ok) throw new Error(raised.error.code);
    await waitFor(() => seen.onA?.version === raised.data.version, 5_000, 'the hand on A');
    expect(seen.onA!.queue.map((q) => q.userId)).toEqual(['u-mats']);

    expect((await f.emitWithAck('meeting:vote-open', { meetingId: meeting.id, boardId: BOARD, votesPerPerson: 3, scope: { stickyIds: ['lapp-a', 'lapp-b'] } })).ok).toBe(true);
    for (let i = 0; i < 2; i++) expect((await p.emitWithAck('meeting:vote', { meetingId: meeting.id, stickyId: 'lapp-b', change: 1 })).ok).toBe(true);
    const revealed = await f.emitWithAck('meeting:vote-reveal', { meetingId: meeting.id });
    if (!revealed.ok) throw new Error(revealed.error.code);
    expect(revealed.data.ranking.map((r) => [r.stickyId, r.votes])).toEqual([['lapp-b', 2], ['lapp-a', 0]]);
    await waitFor(() => seen.onC?.voteResults.length === 1, 5_000, 'the revealed vote on C');
    f.disconnect();
    p.disconnect();
    space.provider.destroy();
    board.provider.destroy();
  });

  it('the sign-in limit per address is one limit for the whole cluster', async () => {
    // Behind a proxy on loopback the address comes from X-Forwarded-For: one made-up client, its own limit.
    const attempt = (via: Instance) =>
      fetch(`${via.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
        body: JSON.stringify({ email: `gissning-${Math.random()}@example.se`, password: 'fel-lösenord' }),
      });
    // 20 failures an hour per address (auth/service.ts), spread over the three instances.
    for (let i = 0; i < 20; i++) expect((await attempt(instances[i % 3]!)).status).toBe(401);
    for (const via of [a(), b(), c()]) {
      const refused = await attempt(via);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
    }
    // Everyone else signs in as before.
    expect(await signIn(b().url, ADMIN.email, ADMIN.password)).toMatch(/=/);
  });

  it('kill -9 of an instance: its clients reconnect to another, and every update that was broadcast before is in the store', async () => {
    const doc = 'groups/plast/pages/nedslagen';
    const cookie = await signIn(a().url, ADMIN.email, ADMIN.password);
    // The writer's connection goes through the balancer, to whichever instance it picks; so do the readers'.
    const writer = client(balancer.wsUrl, cookie, doc);
    const readers = [0, 1, 2, 3, 4].map(() => client(balancer.wsUrl, cookie, doc));
    await waitFor(() => writer.provider.synced && readers.every((r) => r.provider.synced), 10_000, 'sync');

    // What each reader was sent before the kill: a broadcast means durable.
    let typed = '';
    const seen = readers.map(() => '');
    readers.forEach((r, i) => r.doc.getText('t').observe(() => (seen[i] = text(r))));
    const typing = setInterval(() => {
      typed += 'x';
      writer.doc.getText('t').insert(typed.length - 1, 'x');
    }, 5);
    await waitFor(() => typed.length >= 100, 5_000, 'typing');

    const victim = instances.find((i) => i.name === 'b')!;
    await victim.kill();
    const seenAtKill = [...seen];
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(typing);

    const stored = (await loadStoredDoc(store, doc)).getText('t').toString();
    for (const s of seenAtKill) expect(stored.length).toBeGreaterThanOrEqual(s.length);
    // Everyone converges on the other two instances, the writer's later keystrokes included.
    await waitFor(
      () => readers.every((r) => r.provider.wsconnected && text(r) === typed) && writer.provider.wsconnected,
      15_000,
      'every client back on a live instance with the whole text',
    );
    await waitFor(async () => (await loadStoredDoc(store, doc)).getText('t').toString() === typed, 5_000, 'the whole text stored');
    expect(victim.proc.signalCode).toBe('SIGKILL');
  });
  it('SIGTERM: the instance closes its clients with "server restarting", they carry on on another, it exits cleanly', async () => {
    const doc = 'groups/plast/pages/driftsatt';
    const cookie = await signIn(a().url, ADMIN.email, ADMIN.password);
    const editors = [0, 1, 2, 3].map(() => client(balancer.wsUrl, cookie, doc));
    await waitFor(() => editors.every((e) => e.provider.synced), 10_000, 'sync');
    const codes: number[] = [];
    for (const e of editors) e.provider.ws!.addEventListener('close', (ev) => codes.push(ev.code));
    editors[0]!.doc.getText('t').insert(0, 'Före uppdateringen. ');
    await waitFor(() => editors.every((e) => text(e) === 'Före uppdateringen. '), 5_000, 'the first edit everywhere');

    const leaving = instances.find((i) => i.name === 'c')!;
    expect(await leaving.terminate()).toBe(0);
    // Round robin over the two live instances: some editors were on the one that stopped.
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code === CloseCode.serverRestarting)).toBe(true);
    editors[3]!.doc.getText('t').insert(text(editors[3]!).length, 'Efter.');
    await waitFor(() => editors.every((e) => e.provider.wsconnected && text(e) === 'Före uppdateringen. Efter.'), 10_000, 'every editor on the instance that is left');
    expect(leaving.output()).toContain('shutting down');
  });
});
