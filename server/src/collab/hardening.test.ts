import { CloseCode, ErrorCode } from '@samla/shared';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ADMIN, addPerson, connectDoc, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { maskedFrame, rawWs, updateMessage } from '../test/rawWs.js';
import { MAX_PENDING_UPDATES } from './sharedDoc.js';

const DOC = 'groups/plast/notes';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(): Promise<TestServer> {
  const s = await startServer();
  cleanup.push(() => s.stop());
  return s;
}

const alive = async (s: TestServer) => (await fetch(`${s.url}/healthz`)).status === 200;


/** A change whose predecessor (by the same client) the server never received. */
function orphanUpdate(text: string): Uint8Array {
  const d = new Y.Doc();
  d.getText('t').insert(0, 'x');
  const before = Y.encodeStateVector(d);
  d.getText('t').insert(1, text);
  return Y.encodeStateAsUpdate(d, before);
}

function awarenessMessage(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

describe('malformed percent-encoding', () => {
  it('an upgrade for /yjs/%E0%A4%A gets 400 and the server keeps serving', async () => {
    const s = await server();
    const raw = await rawWs(s.url, '/yjs/%E0%A4%A', null);
    expect(raw.status).toBe(400);
    expect(await alive(s)).toBe(true);
  });

  it.each(['/api/groups/%E0%A4%A', '/api/invitations/%E0%A4%A', '/api/calendar/%ZZ.ics', '/api/groups/plast/members/%E0'])(
    'GET %s is 400 bad_request',
    async (path) => {
      const s = await server();
      const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
      const res = await fetch(`${s.url}${path}`, { headers: { cookie } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.badRequest);
    },
  );

  it('an upgrade handler that throws costs its own socket, not the process', async () => {
    const s = await server();
    const real = s.app.collab.handleUpgrade;
    s.app.collab.handleUpgrade = () => {
      throw new Error('a bug in an upgrade handler');
    };
    const raw = await rawWs(s.url, `/yjs/${DOC}`, null);
    await waitFor(() => raw.ended, 5_000, 'the socket destroyed');
    expect(raw.status).toBe(0);
    s.app.collab.handleUpgrade = real;
    expect(await alive(s)).toBe(true);
  });
});

describe('updates with missing dependencies', () => {
  async function setup() {
    const s = await server();
    const p = await addPerson(s, 'pia@example.se', 'member');
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const honest = connectDoc(s.wsUrl, DOC, admin);
    cleanup.push(() => honest.provider.destroy());
    await waitFor(() => honest.provider.synced, 5_000, 'honest client synced');
    honest.doc.getText('t').insert(0, 'ärlig text;');
    const raw = await rawWs(s.url, `/yjs/${DOC}`, p.cookie);
    cleanup.push(() => raw.destroy());
    await waitFor(() => raw.messages.length > 0, 5_000, 'attacker connected');
    return { s, honest, raw };
  }

  async function unaffected(s: TestServer, honest: { doc: Y.Doc }) {
    const store = s.app.collab.loadedDocs().get(DOC)!.doc.store;
    expect(store.pendingStructs).toBeNull();
    expect(store.pendingDs).toBeNull();
    honest.doc.getText('t').insert(0, 'sedan;');
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const fresh = connectDoc(s.wsUrl, DOC, admin);
    cleanup.push(() => fresh.provider.destroy());
    await waitFor(() => fresh.doc.getText('t').toString() === 'sedan;ärlig text;', 5_000, 'a new client syncing the honest text');
    expect(await alive(s)).toBe(true);
  }

  it(`more than ${MAX_PENDING_UPDATES} of them close the connection with 4413 and drop what was pending`, async () => {
    const { s, honest, raw } = await setup();
    for (let i = 0; i <= MAX_PENDING_UPDATES; i++) raw.send(updateMessage(orphanUpdate(`föräldralös ${i}`)));
    await waitFor(() => raw.closeCode !== null, 5_000, 'close frame');
    expect(raw.closeCode).toBe(CloseCode.docTooLarge);
    await unaffected(s, honest);
  });

  it('more than 1 MiB of them close the connection with 4413', async () => {
    const { s, honest, raw } = await setup();
    for (let i = 0; i < 3; i++) raw.send(updateMessage(orphanUpdate(String(i).repeat(600_000))));
    await waitFor(() => raw.closeCode !== null, 5_000, 'close frame');
    expect(raw.closeCode).toBe(CloseCode.docTooLarge);
    await unaffected(s, honest);
  });
});

describe('sync step 1', () => {
  it('a malformed state vector sent while own updates are being saved closes that connection, nothing else', async () => {
    const s = await server();
    const p = await addPerson(s, 'pia@example.se', 'member');
    const raw = await rawWs(s.url, `/yjs/${DOC}`, p.cookie);
    cleanup.push(() => raw.destroy());
    await waitFor(() => raw.messages.length > 0, 5_000, 'connected');
    const d = new Y.Doc();
    d.getText('t').insert(0, 'sparas först');
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, 0);
    encoding.writeVarUint(step1, 0);
    encoding.writeVarUint8Array(step1, new Uint8Array([5, 200, 1]));
    // In one write, so the step 1 arrives while the update still waits for the store (the deferred answer).
    raw.write(Buffer.concat([maskedFrame(updateMessage(Y.encodeStateAsUpdate(d))), maskedFrame(encoding.toUint8Array(step1))]));
    await waitFor(() => raw.closeCode !== null, 5_000, 'close frame');
    expect(raw.closeCode).toBe(CloseCode.malformed);
    expect(await alive(s)).toBe(true);
  });
});

describe('awareness', () => {
  it("refuses updates for another person's client id, and accepts one's own", async () => {
    const s = await server();
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const p = await addPerson(s, 'pia@example.se', 'member');
    const kim = connectDoc(s.wsUrl, DOC, admin);
    const watcher = connectDoc(s.wsUrl, DOC, (await addPerson(s, 'wera@example.se', 'member')).cookie);
    cleanup.push(() => kim.provider.destroy(), () => watcher.provider.destroy());
    kim.provider.awareness.setLocalStateField('user', { name: 'Kim' });
    const kimId = kim.doc.clientID;
    const kimSeen = () => watcher.provider.awareness.getStates().get(kimId) as { user?: { name: string } } | undefined;
    await waitFor(() => kimSeen()?.user?.name === 'Kim', 5_000, 'Kim present');

    const raw = await rawWs(s.url, `/yjs/${DOC}`, p.cookie);
    cleanup.push(() => raw.destroy());
    await waitFor(() => raw.messages.length > 0, 5_000, 'attacker connected');
    const clock = (kim.provider.awareness.meta.get(kimId)?.clock ?? 0) + 10;
    raw.send(awarenessMessage([{ clientId: kimId, clock, state: { user: { name: 'Inte Kim' } } }]));
    raw.send(awarenessMessage([{ clientId: kimId, clock: clock + 1, state: null }]));
    // One's own id goes through; once the watcher sees it, the forged messages before it were handled.
    raw.send(awarenessMessage([{ clientId: 4242, clock: 1, state: { user: { name: 'Pia' } } }]));
    await waitFor(() => (watcher.provider.awareness.getStates().get(4242) as { user?: { name: string } } | undefined)?.user?.name === 'Pia', 5_000, "Pia's own awareness");
    expect(kimSeen()?.user?.name).toBe('Kim');
    expect(raw.closeCode).toBeNull();
  });
});

describe('heartbeat', () => {
  const PING_MS = 100;

  it('a client whose document loads for longer than two pings stays connected and syncs', async () => {
    const s = await startServer({ env: { YJS_PING_INTERVAL_MS: String(PING_MS) } });
    cleanup.push(() => s.stop());
    const load = s.store.docs.load.bind(s.store.docs);
    // A busy store: the socket is pinged (and answers) while it waits for the doc.
    s.store.docs.load = async (name) => {
      await new Promise((r) => setTimeout(r, 5 * PING_MS));
      return load(name);
    };
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const c = connectDoc(s.wsUrl, DOC, cookie);
    cleanup.push(() => c.provider.destroy());
    await waitFor(() => c.provider.synced, 5_000, 'synced after the slow load');
    const closes: number[] = [];
    c.provider.on('connection-close', (e: { code: number } | null) => closes.push(e?.code ?? -1));
    await new Promise((r) => setTimeout(r, 4 * PING_MS));
    expect(closes).toEqual([]);
    expect(c.provider.wsconnected).toBe(true);
  });

  it('a client that never answers pings is cut off, and the server keeps serving', async () => {
    const s = await startServer({ env: { YJS_PING_INTERVAL_MS: String(PING_MS) } });
    cleanup.push(() => s.stop());
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const silent = await rawWs(s.url, `/yjs/${DOC}`, cookie);
    cleanup.push(() => silent.destroy());
    expect(silent.status).toBe(101);
    await waitFor(() => silent.ended, 2_000, 'the silent socket cut off');
    expect(await alive(s)).toBe(true);
  });
});
