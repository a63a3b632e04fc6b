import { CloseCode } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { loadStoredDoc } from '../storage/docState.js';
import { ADMIN, addPerson, connectDoc, docUrl, removeDir, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';

const DOC = 'groups/plast/notes';
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(dataDir?: string): Promise<TestServer> {
  const s = await startServer(dataDir ? { dataDir } : {});
  cleanup.push(() => s.stop());
  return s;
}

function client(s: TestServer, cookie: string | null, docName = DOC) {
  const c = connectDoc(s.wsUrl, docName, cookie);
  cleanup.push(() => c.provider.destroy());
  return c;
}

const synced = (c: ReturnType<typeof client>) => waitFor(() => c.provider.synced, 5_000, 'sync');

/** Opens a raw socket and resolves with its close code and whether any message arrived first. */
function rawConnect(url: string, cookie?: string): Promise<{ code: number; messages: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, cookie ? { headers: { cookie } } : {});
    let messages = 0;
    ws.on('message', () => messages++);
    ws.on('close', (code) => resolve({ code, messages }));
    ws.on('error', reject);
  });
}

const addUser = async (s: TestServer, email: string, groupRole?: 'member' | 'observer') =>
  (await addPerson(s, email, groupRole)).cookie;

describe('co-editing through the server', () => {
  it('two clients converge on concurrent edits', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const member = await addUser(s, 'medlem@example.se', 'member');
    const a = client(s, cookie);
    const b = client(s, member);
    await Promise.all([synced(a), synced(b)]);

    a.doc.getText('t').insert(0, 'Hej från A. ');
    b.doc.getText('t').insert(0, 'Hej från B. ');
    await waitFor(
      () => a.doc.getText('t').toString() === b.doc.getText('t').toString() && a.doc.getText('t').length > 20,
      5_000,
      'convergence',
    );
    expect(a.doc.getText('t').toString()).toContain('Hej från A.');
    expect(a.doc.getText('t').toString()).toContain('Hej från B.');
  });

  it('keeps the text across a server restart on the same data dir', async () => {
    const first = await startServer();
    const cookie = await signIn(first.url, ADMIN.email, ADMIN.password);
    const a = connectDoc(first.wsUrl, DOC, cookie);
    await waitFor(() => a.provider.synced);
    a.doc.getText('t').insert(0, 'Protokoll från mötet');
    await waitFor(() => first.app.collab.loadedDocs().get(DOC)?.doc.getText('t').length === 20);
    a.provider.destroy();
    await first.stop();

    const second = await server(first.dataDir);
    cleanup.push(() => removeDir(first.dataDir));
    const again = await signIn(second.url, ADMIN.email, ADMIN.password);
    const b = client(second, again);
    await synced(b);
    expect(b.doc.getText('t').toString()).toBe('Protokoll från mötet');
  });

  it('persists every update before other clients see it', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const a = client(s, cookie);
    const b = client(s, cookie);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 20; i++) a.doc.getText('t').insert(i, String(i % 10));
    await waitFor(() => b.doc.getText('t').length === 20);
    // Whatever B has seen is already in the store.
    expect(await storedText(s)).toBe(b.doc.getText('t').toString());
  });
  it("answers a client's sync step 1 only once that client's own updates are stored (its 'saved' signal)", async () => {
    const s = await server();
    const a = client(s, await signIn(s.url, ADMIN.email, ADMIN.password));
    await synced(a);
    // Hold every write back until released, so an early answer would find the store without the text.
    const append = s.store.docs.append.bind(s.store.docs);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.store.docs.append = async (name, updates) => {
      await gate;
      return append(name, updates);
    };
    const storedAtAnswer: Promise<string>[] = [];
    const handleSync = a.provider.messageHandlers[0]!;
    a.provider.messageHandlers[0] = (encoder, decoder, provider, emitSynced, type) => {
      if (decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2) storedAtAnswer.push(storedText(s));
      handleSync(encoder, decoder, provider, emitSynced, type);
    };

    a.doc.getText('t').insert(0, 'Sparat?');
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, a.doc);
    a.provider.ws!.send(encoding.toUint8Array(e));
    setTimeout(release, 100);

    await waitFor(() => storedAtAnswer.length === 1, 5_000, 'the answer to sync step 1');
    expect(await storedAtAnswer[0]).toBe('Sparat?');
  });
});

async function storedText(s: TestServer): Promise<string> {
  const replay = await loadStoredDoc(s.store, DOC);
  return replay.getText('t').toString();
}

describe('first sync of a new client', () => {
  it('serves a freshly loaded compacted doc, and after an edit the edited doc', async () => {
    const s = await server();
    // A compacted doc in the store, not loaded yet: base only, no log.
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'Protokoll');
    await s.store.docs.append(DOC, [Y.encodeStateAsUpdate(seed)]);
    const stored = await s.store.docs.load(DOC);
    expect(await s.store.docs.compact(DOC, Y.encodeStateAsUpdate(seed), stored.updates.at(-1)!.seq, stored.baseSeq)).toBe(true);

    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const a = client(s, cookie);
    await synced(a);
    expect(a.doc.getText('t').toString()).toBe('Protokoll');
    a.doc.getText('t').insert(9, ' och beslut');
    await waitFor(() => s.app.collab.loadedDocs().get(DOC)?.doc.getText('t').length === 20);
    // A second new client must not get the state as it was loaded.
    const b = client(s, cookie);
    await synced(b);
    expect(b.doc.getText('t').toString()).toBe('Protokoll och beslut');
  });
});

describe('memory', () => {
  it('unloads a document a while after its last client leaves, and loads it again on demand', async () => {
    const s = await startServer({ env: { DOC_UNLOAD_AFTER_MS: '200' } });
    cleanup.push(() => s.stop());
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const a = connectDoc(s.wsUrl, DOC, cookie);
    await waitFor(() => a.provider.synced);
    a.doc.getText('t').insert(0, 'kvar');
    await waitFor(() => s.app.collab.loadedDocs().get(DOC)?.doc.getText('t').length === 4);
    a.provider.destroy();
    await waitFor(() => !s.app.collab.loadedDocs().has(DOC), 5_000, 'unload');

    const b = client(s, cookie);
    await synced(b);
    expect(b.doc.getText('t').toString()).toBe('kvar');
  });
});

describe('compaction', () => {
  it('folds the log into one update once it passes the threshold, and the document stays identical', async () => {
    const s = await startServer({ env: { COMPACT_AFTER_UPDATES: '50' } });
    cleanup.push(() => s.stop());
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const a = client(s, cookie);
    await synced(a);
    const text = a.doc.getText('t');
    for (let i = 0; i < 120; i++) {
      text.insert(text.length, `${i} `);
      if (i % 7 === 0) text.delete(0, 1);
    }
    await waitFor(() => s.app.collab.loadedDocs().get(DOC)?.doc.getText('t').toString() === text.toString());
    await waitFor(async () => (await s.store.docs.load(DOC)).base !== null, 5_000, 'compaction');
    expect((await s.store.docs.stats(DOC)).updateCount).toBeLessThan(50);

    const fresh = client(s, cookie);
    await synced(fresh);
    expect(fresh.doc.getText('t').toString()).toBe(text.toString());
  });
});

describe('who may open a document', () => {
  it('refuses a connection without a session, sending no content', async () => {
    const s = await server();
    expect(await rawConnect(docUrl(s.wsUrl, DOC))).toEqual({ code: CloseCode.unauthorized, messages: 0 });
  });

  it('refuses a signed-in non-member, sending no content', async () => {
    const s = await server();
    const outsider = await addUser(s, 'utomstaende@example.se');
    expect(await rawConnect(docUrl(s.wsUrl, DOC), outsider)).toEqual({ code: CloseCode.forbidden, messages: 0 });
  });

  it('refuses an unknown document name', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    expect((await rawConnect(docUrl(s.wsUrl, 'groups/finns-inte/notes'), cookie)).code).toBe(CloseCode.docNotFound);
    expect((await rawConnect(docUrl(s.wsUrl, 'groups/plast/..%2F..%2Fsecret'), cookie)).code).toBe(CloseCode.docNotFound);
  });

  it('drops the writes of an observer but lets them read', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const observer = await addUser(s, 'observator@example.se', 'observer');
    const writer = client(s, cookie);
    const reader = client(s, observer);
    await Promise.all([synced(writer), synced(reader)]);
    writer.doc.getText('t').insert(0, 'från skribenten');
    await waitFor(() => reader.doc.getText('t').toString() === 'från skribenten');
    reader.doc.getText('t').insert(0, 'otillåtet ');
    // The writer's own later edit arriving proves the observer's earlier one was dropped, not delayed.
    writer.doc.getText('t').insert(0, '>');
    await waitFor(() => reader.doc.getText('t').toString().includes('>'));
    expect(writer.doc.getText('t').toString()).toBe('>från skribenten');
    const replay = await loadStoredDoc(s.store, DOC);
    expect(replay.getText('t').toString()).toBe('>från skribenten');
  });
});

describe('bad input', () => {
  it('closes only the client that sends an oversized message', async () => {
    const s = await startServer({ env: { WS_MAX_PAYLOAD: '65536' } });
    cleanup.push(() => s.stop());
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const bystander = client(s, cookie);
    await synced(bystander);

    const closed = new Promise<number>((resolve) => {
      const ws = new WebSocket(docUrl(s.wsUrl, DOC), { headers: { cookie } });
      ws.on('open', () => ws.send(new Uint8Array(70_000)));
      ws.on('close', (code) => resolve(code));
    });
    expect(await closed).toBe(CloseCode.tooLarge);

    const writer = client(s, cookie);
    await synced(writer);
    writer.doc.getText('t').insert(0, 'fortfarande här');
    await waitFor(() => bystander.doc.getText('t').toString() === 'fortfarande här');
    expect(bystander.provider.wsconnected).toBe(true);
  });

  it('closes a client that claims too many awareness entries', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    for (let id = 1; id <= 20; id++) {
      awareness.states.set(id, { user: { name: `spöke ${id}` } });
      awareness.meta.set(id, { clock: 1, lastUpdated: Date.now() });
    }
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.states.keys()]));
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(docUrl(s.wsUrl, DOC), { headers: { cookie } });
      ws.on('open', () => ws.send(encoding.toUint8Array(e)));
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1007);
    expect(s.app.collab.loadedDocs().get(DOC)?.awareness.getStates().size ?? 0).toBe(0);
  });

  it('closes a client that sends a malformed message and keeps serving others', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const bystander = client(s, cookie);
    await synced(bystander);
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(docUrl(s.wsUrl, DOC), { headers: { cookie } });
      ws.on('open', () => ws.send(new Uint8Array([0, 2, 200, 1, 7])));
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(1007);
    bystander.doc.getText('t').insert(0, 'ok');
    const other = client(s, cookie);
    await waitFor(() => other.provider.synced && other.doc.getText('t').toString() === 'ok');
  });
});
