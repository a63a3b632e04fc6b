import { ErrorCode } from '@samla/shared';
import { describe, expect, it } from 'vitest';
import { FakeSocket, fakeNetwork } from './fakeSocket';
import type { SamlaSocket } from './socket';
import { createTabSocket } from './tabSocket';

/** A tab socket over fake sockets; `opened` counts how many sockets it asked for. */
function setup(online = true) {
  const network = fakeNetwork(online);
  const sockets: FakeSocket[] = [];
  const tab = createTabSocket(async () => {
    const s = new FakeSocket();
    sockets.push(s);
    return s.asSocket();
  }, network);
  const socket = () => {
    if (sockets.length !== 1) throw new Error(`${sockets.length} sockets`);
    return sockets[0]!;
  };
  return { tab, network, sockets, socket };
}

/** Lets the socket's loading (a dynamic import in the app) finish. */
const loaded = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A join that sends `<name>:join` on enter and `<name>:leave` on leave, with the key as payload. */
const room = (name: string, key: string) => ({
  enter: (s: SamlaSocket) => void fake(s).emit(`${name}:join`, { key }, () => {}),
  leave: (s: SamlaSocket) => void fake(s).emit(`${name}:leave`, { key }, () => {}),
});
const fake = (s: SamlaSocket) => s as unknown as FakeSocket;

describe('the tab socket', () => {
  it('opens one socket, on first use, for every feature of the tab', async () => {
    const { tab, sockets, socket } = setup();
    await loaded();
    expect(sockets).toHaveLength(0);
    tab.on('presence:updated', () => {});
    tab.join('presence:plast', room('presence', 'plast'));
    tab.join('members:plast', room('members', 'plast'));
    tab.on('membership:changed', () => {});
    await loaded();
    expect(sockets).toHaveLength(1);
    expect(socket().connectCalls).toBe(1);
  });

  it('sends every held join on every connect, in order, and a new one at once when connected', async () => {
    const { tab, socket } = setup();
    tab.join('presence:plast', room('presence', 'plast'));
    tab.join('meeting:m1', room('meeting', 'm1'));
    await loaded();
    expect(socket().log()).toEqual([]);
    socket().accept();
    expect(socket().log()).toEqual(['presence:join {"key":"plast"}', 'meeting:join {"key":"m1"}']);
    tab.join('members:transporter', room('members', 'transporter'));
    expect(socket().log(2)).toEqual(['members:join {"key":"transporter"}']);

    // A dropped connection is a new socket on the server: everything is joined again.
    socket().drop();
    expect(tab.status().connected).toBe(false);
    socket().accept();
    expect(socket().log(3)).toEqual(['presence:join {"key":"plast"}', 'meeting:join {"key":"m1"}', 'members:join {"key":"transporter"}']);
  });

  it('leaves a room once its last holder lets go, only while connected, and stops joining it', async () => {
    const { tab, socket } = setup();
    const first = tab.join('presence:plast', room('presence', 'plast'));
    const second = tab.join('presence:plast', room('presence', 'plast'));
    const meeting = tab.join('meeting:m1', room('meeting', 'm1'));
    await loaded();
    socket().accept();
    const before = socket().sent.length;
    first();
    expect(socket().log(before)).toEqual([]);
    second();
    second();
    expect(socket().log(before)).toEqual(['presence:leave {"key":"plast"}']);

    socket().drop();
    meeting();
    socket().accept();
    // The leave of a room let go while disconnected is not needed: the server forgot it with the old socket.
    expect(socket().log(before + 1)).toEqual([]);
  });

  it('hands each notification to its handlers until they unsubscribe', async () => {
    const { tab, socket } = setup();
    const heard: string[] = [];
    const stopA = tab.on('presence:updated', (p) => heard.push(`a ${p.groupId}`));
    tab.on('presence:updated', (p) => heard.push(`b ${p.groupId}`));
    tab.on('members:changed', (p) => heard.push(`m ${p.groupId}`));
    await loaded();
    socket().accept();
    socket().serverSends('presence:updated', { groupId: 'plast', present: [] });
    socket().serverSends('members:changed', { groupId: 'transporter' });
    stopA();
    socket().serverSends('presence:updated', { groupId: 'plast', present: [] });
    expect(heard).toEqual(['a plast', 'b plast', 'm transporter', 'b plast']);
  });

  it('goes offline at once when the browser says so, for every feature, and connects and joins again when back', async () => {
    const { tab, network, socket } = setup();
    const statuses: string[] = [];
    tab.onStatus(() => statuses.push(JSON.stringify(tab.status())));
    tab.join('presence:plast', room('presence', 'plast'));
    tab.join('meeting:m1', room('meeting', 'm1'));
    await loaded();
    socket().accept();
    expect(tab.connected()).not.toBeNull();

    network.set(false);
    expect(tab.status()).toEqual({ connected: false, offline: true, refused: null });
    expect(socket().disconnectCalls).toBe(1);
    expect(tab.connected()).toBeNull();

    const before = socket().sent.length;
    network.set(true);
    expect(tab.status().offline).toBe(false);
    expect(socket().connectCalls).toBe(2);
    socket().accept();
    expect(socket().log(before)).toEqual(['presence:join {"key":"plast"}', 'meeting:join {"key":"m1"}']);
    expect(statuses.map((s) => JSON.parse(s) as object)).toEqual([
      { connected: true, offline: false, refused: null },
      { connected: false, offline: true, refused: null },
      { connected: false, offline: false, refused: null },
      { connected: true, offline: false, refused: null },
    ]);
  });

  it('does not connect while the browser is offline, and does when the network comes back', async () => {
    const { tab, network, socket } = setup(false);
    tab.join('presence:plast', room('presence', 'plast'));
    await loaded();
    expect(tab.status().offline).toBe(true);
    expect(socket().connectCalls).toBe(0);
    network.set(true);
    expect(socket().connectCalls).toBe(1);
  });

  it('reports a refused handshake that the person must be told about, until the next connect', async () => {
    const { tab, socket } = setup();
    tab.on('presence:updated', () => {});
    await loaded();
    socket().refuse('websocket error');
    expect(tab.status().refused).toBeNull();
    socket().refuse(ErrorCode.unauthenticated);
    expect(tab.status().refused).toBe(ErrorCode.unauthenticated);
    socket().refuse(ErrorCode.clientTooOld);
    expect(tab.status().refused).toBe(ErrorCode.clientTooOld);
    socket().accept();
    expect(tab.status()).toEqual({ connected: true, offline: false, refused: null });
  });

  it('closes for good at sign-out: disconnects, stops listening to the network, and a socket still loading never connects', async () => {
    const { tab, network, socket } = setup();
    tab.join('presence:plast', room('presence', 'plast'));
    await loaded();
    socket().accept();
    tab.close();
    expect(socket().disconnectCalls).toBe(1);
    expect(network.listening()).toBe(0);
    expect(tab.status().connected).toBe(false);

    const early = setup();
    early.tab.on('presence:updated', () => {});
    early.tab.close();
    await loaded();
    expect(early.socket().connectCalls).toBe(0);
  });
});
