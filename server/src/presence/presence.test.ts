import { ErrorCode, type Ack, type PresenceState } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, addPerson, connectSocket, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<TestServer> {
  const s = await startServer();
  cleanup.push(() => s.stop());
  return s;
}

function socket(s: TestServer, cookie: string | null) {
  const sock = connectSocket(s.url, cookie);
  cleanup.push(() => sock.disconnect());
  return sock;
}

const outsider = async (s: TestServer) => (await addPerson(s, 'ute@example.se')).cookie;

describe('presence over Socket.IO', () => {
  it('refuses a handshake without a session', async () => {
    const s = await setup();
    const sock = socket(s, null);
    const err = await new Promise<Error>((resolve) => sock.on('connect_error', resolve));
    expect(err.message).toBe(ErrorCode.unauthenticated);
  });

  it('answers a malformed payload with an error ack and keeps serving others', async () => {
    const s = await setup();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const bad = socket(s, cookie);
    const good = socket(s, cookie);
    for (const payload of [{ groupId: 42 }, { groupId: '../x' }, 'plast', { groupId: 'plast', extra: true }]) {
      const ack = (await bad.emitWithAck('presence:join', payload as never)) as Ack<PresenceState>;
      expect(ack).toEqual({ ok: false, error: { code: ErrorCode.invalidPayload, message: expect.any(String) } });
    }
    expect(bad.connected).toBe(true);
    const ack = await good.emitWithAck('presence:join', { groupId: 'plast' });
    expect(ack).toMatchObject({ ok: true, data: { groupId: 'plast', present: [{ name: ADMIN.name }] } });
  });

  it('tells a group who is here, and forbids outsiders', async () => {
    const s = await setup();
    const admin = socket(s, await signIn(s.url, ADMIN.email, ADMIN.password));
    const seen: PresenceState[] = [];
    admin.on('presence:updated', (p) => seen.push(p));
    expect((await admin.emitWithAck('presence:join', { groupId: 'plast' })).ok).toBe(true);

    const other = socket(s, await outsider(s));
    expect(await other.emitWithAck('presence:join', { groupId: 'plast' })).toEqual({
      ok: false,
      error: { code: ErrorCode.forbidden, message: expect.any(String) },
    });
    await s.store.memberships.upsert({ groupId: 'plast', userId: 'u-ute', role: 'member', createdAt: new Date() });
    expect((await other.emitWithAck('presence:join', { groupId: 'plast' })).ok).toBe(true);
    await waitFor(() => seen.at(-1)?.present.length === 2, 5_000, 'two present');
    expect(seen.at(-1)!.present.map((p) => p.name).sort()).toEqual([ADMIN.name, 'ute'].sort());

    other.disconnect();
    await waitFor(() => seen.at(-1)?.present.length === 1, 5_000, 'one present');
  });
});
