import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { waitFor } from '../test/harness.js';
import { binaryFrame, canWriteDirectly, writeFramed } from './frame.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A ws server on loopback with one connected client; resolves with both ends. */
async function pair(): Promise<{ server: WebSocket; client: WebSocket; received: Buffer[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => new Promise<void>((r) => wss.close(() => r())));
  await once(wss, 'listening');
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  cleanup.push(() => client.terminate());
  const received: Buffer[] = [];
  client.on('message', (data: Buffer) => received.push(data));
  const [[server]] = await Promise.all([once(wss, 'connection') as Promise<[WebSocket]>, once(client, 'open')]);
  return { server, client, received };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('broadcast frames', () => {
  it('arrive intact for every length encoding, in order with ws’s own sends', async () => {
    const { server, received } = await pair();
    // The installed ws still offers what the direct write needs; otherwise every broadcast falls back to ws.send.
    expect(canWriteDirectly(server)).toBe(true);
    // 7-bit, 16-bit and 64-bit payload lengths, with the edges of each.
    const sizes = [0, 1, 125, 126, 300, 65_535, 65_536, 200_000];
    const sent: Uint8Array[] = [];
    sizes.forEach((n, i) => {
      const framed = bytes(n, i);
      writeFramed(server, framed, binaryFrame(framed));
      const own = bytes(17, 100 + i);
      server.send(own);
      sent.push(framed, own);
    });
    await waitFor(() => received.length === sent.length, 2_000, 'every frame');
    received.forEach((got, i) => expect(new Uint8Array(got)).toEqual(sent[i]));
  });

  it('skips a socket that is closing and leaves the others alone', async () => {
    const a = await pair();
    const b = await pair();
    const payload = bytes(40, 7);
    const closed = once(a.client, 'close');
    a.server.close();
    writeFramed(a.server, payload, binaryFrame(payload));
    writeFramed(b.server, payload, binaryFrame(payload));
    await waitFor(() => b.received.length === 1, 2_000, 'the open socket’s frame');
    expect(new Uint8Array(b.received[0]!)).toEqual(payload);
    await closed;
    expect(a.received).toEqual([]);
  });
});
