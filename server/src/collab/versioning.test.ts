import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOARD_STICKIES, CloseCode, DOC_SCHEMA_VERSION, docSchemaVersion, ErrorCode, PROTOCOL_VERSION } from '@samla/shared';
import { io as ioClient } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadStoredDoc } from '../storage/docState.js';
import type { DocSchema } from '../storage/docSchema.js';
import { addPerson, connectDoc, connectSocket, removeDir, startServer, waitFor } from '../test/harness.js';
import { rawWs } from '../test/rawWs.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const NOTES = 'groups/plast/notes';
const BOARD = 'groups/plast/boards/tavla-0001';

async function server(dataDir: string, docSchema?: DocSchema) {
  const s = await startServer({ dataDir, docSchema });
  cleanup.push(() => s.stop());
  return s;
}

/** Waits for the server's close frame (the raw client never answers it). */
async function closeCodeOf(s: { url: string }, path: string, cookie: string, protocol?: string | null) {
  const raw = await rawWs(s.url, path, cookie, { protocol });
  cleanup.push(() => raw.destroy());
  expect(raw.status).toBe(101);
  await waitFor(() => raw.closeCode !== null, 5_000, 'a close frame');
  return raw.closeCode;
}

describe('protocol version of the Yjs endpoint', () => {
  it('closes a client from before versioning with 4426 and a newer client with 4505; the current one syncs', async () => {
    const s = await server(mkdtempSync(join(tmpdir(), 'samla-version-')));
    cleanup.push(() => removeDir(s.dataDir));
    const p = await addPerson(s, 'ver@example.se', 'member');
    expect(await closeCodeOf(s, `/yjs/${NOTES}`, p.cookie, null)).toBe(CloseCode.clientTooOld);
    expect(await closeCodeOf(s, `/yjs/${NOTES}`, p.cookie, '0')).toBe(CloseCode.clientTooOld);
    expect(await closeCodeOf(s, `/yjs/${NOTES}`, p.cookie, 'abc')).toBe(CloseCode.clientTooOld);
    expect(await closeCodeOf(s, `/yjs/${NOTES}`, p.cookie, String(PROTOCOL_VERSION + 1))).toBe(CloseCode.serverTooOld);

    const { doc, provider } = connectDoc(s.wsUrl, NOTES, p.cookie);
    cleanup.push(() => provider.destroy());
    await waitFor(() => provider.synced, 5_000, 'the current client synced');
    doc.getText('t').insert(0, 'hej');
    await waitFor(async () => (await loadStoredDoc(s.store, NOTES)).getText('t').toString() === 'hej', 5_000, 'the edit stored');
  });
});

describe('protocol version of Socket.IO', () => {
  /** The handshake's outcome: 'connected' or the refusal's message. */
  const handshake = (url: string, cookie: string, auth: Record<string, unknown>) =>
    new Promise<string>((resolve) => {
      const socket = ioClient(url, { transports: ['websocket'], extraHeaders: { cookie }, auth, reconnection: false, forceNew: true });
      cleanup.push(() => socket.disconnect());
      socket.on('connect', () => resolve('connected'));
      socket.on('connect_error', (err) => resolve(err.message));
    });

  it('refuses a client from before versioning with client_too_old and a newer one with server_too_old, before the session', async () => {
    const s = await server(mkdtempSync(join(tmpdir(), 'samla-version-')));
    cleanup.push(() => removeDir(s.dataDir));
    const p = await addPerson(s, 'sio@example.se', 'member');
    expect(await handshake(s.url, p.cookie, {})).toBe(ErrorCode.clientTooOld);
    expect(await handshake(s.url, p.cookie, { v: '1; drop' })).toBe(ErrorCode.clientTooOld);
    expect(await handshake(s.url, 'samla_sid=nope', {})).toBe(ErrorCode.clientTooOld);
    expect(await handshake(s.url, p.cookie, { v: PROTOCOL_VERSION + 1 })).toBe(ErrorCode.serverTooOld);
    expect(await handshake(s.url, p.cookie, { v: PROTOCOL_VERSION })).toBe('connected');
    const socket = connectSocket(s.url, p.cookie);
    cleanup.push(() => socket.disconnect());
    await waitFor(() => socket.connected, 5_000, 'the harness socket connected');
  });
});

describe('document layout versions', () => {
  // A future layout as a real one would look: stickies' `colour` becomes `color`.
  const v2: DocSchema = {
    version: DOC_SCHEMA_VERSION + 1,
    migrations: {
      [DOC_SCHEMA_VERSION + 1]: (doc, address) => {
        if (address.kind !== 'board') return;
        doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).forEach((sticky) => {
          if (!sticky.has('colour')) return;
          sticky.set('color', sticky.get('colour'));
          sticky.delete('colour');
        });
      },
    },
  };

  it('migrates a document when a newer server loads it, stores the result once, and an older server refuses it with 4505', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samla-schema-'));
    cleanup.push(() => removeDir(dataDir));
    const old = await server(dataDir);
    await old.app.collab.withDoc(BOARD, (d) => {
      const sticky = new Y.Map<unknown>();
      sticky.set('colour', 'yellow');
      d.doc.getMap(BOARD_STICKIES).set('lapp-a', sticky);
    });
    await old.app.collab.withDoc(NOTES, (d) => d.doc.getText('t').insert(0, 'orörd'));
    expect(docSchemaVersion(await loadStoredDoc(old.store, BOARD))).toBe(1);
    await old.stop();

    const next = await server(dataDir, v2);
    const p = await addPerson(next, 'schema@example.se', 'member');
    const { doc, provider } = connectDoc(next.wsUrl, BOARD, p.cookie);
    cleanup.push(() => provider.destroy());
    await waitFor(() => provider.synced, 5_000, 'synced with the newer server');
    const sticky = doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get('lapp-a')!;
    expect([sticky.get('color'), sticky.has('colour')]).toEqual(['yellow', false]);
    expect(docSchemaVersion(doc)).toBe(v2.version);
    provider.destroy();
    await next.stop();

    // Stored, and loading it again migrates nothing: no update is added to its log.
    const again = await server(dataDir, v2);
    const stored = await again.store.docs.load(BOARD);
    const storedDoc = await loadStoredDoc(again.store, BOARD);
    expect(docSchemaVersion(storedDoc)).toBe(v2.version);
    expect(storedDoc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get('lapp-a')!.get('color')).toBe('yellow');
    await again.app.collab.withDoc(BOARD, (d) => {
      expect(docSchemaVersion(d.doc)).toBe(v2.version);
      // A migration queues its write as it runs, inside the load.
      expect(d.hasPendingWrites).toBe(false);
    });
    expect((await again.store.docs.load(BOARD)).updates.length).toBe(stored.updates.length);
    await again.stop();

    // A server of the previous layout does not serve or write the migrated document, and keeps serving the others.
    const older = await server(dataDir);
    const q = await addPerson(older, 'older@example.se', 'member');
    expect(await closeCodeOf(older, `/yjs/${BOARD}`, q.cookie)).toBe(CloseCode.serverTooOld);
    const notes = connectDoc(older.wsUrl, NOTES, q.cookie);
    cleanup.push(() => notes.provider.destroy());
    await waitFor(() => notes.provider.synced, 5_000, 'another document still served');
    expect(notes.doc.getText('t').toString()).toBe('orörd');
  });
});
