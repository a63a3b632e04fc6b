import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AppError, ErrorCode, failWith, httpStatus, type Ack, type Meeting } from '@samla/shared';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../lib/logger.js';
import { commandHandler } from '../realtime/io.js';
import { connectSocket, removeDir, startServer } from '../test/harness.js';
import { api, seedPeople, testClock } from '../test/meetings.js';
import { errorHandler, throttle } from './errors.js';

const codes = Object.values(ErrorCode);
const refusal = (code: ErrorCode) => new AppError(code, `refused with ${code}`);

/** The two transports alone: a route and a Socket.IO command that both throw the AppError they are asked for. */
describe('an AppError thrown in a route and in a Socket.IO handler', () => {
  let http: HttpServer;
  let io: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    app.get('/refuse/:code', (req) => {
      const code = req.params.code as ErrorCode;
      if (code === ErrorCode.tooManyAttempts) throttle(61_500);
      throw refusal(code);
    });
    app.use(errorHandler({ error: () => {} }));
    http = createServer(app);
    io = new Server(http);
    const handle = commandHandler(createLogger('silent'));
    io.on('connection', (socket) => {
      socket.on(
        'refuse',
        handle(z.object({ code: z.string() }), async ({ code }) => {
          throw refusal(code as ErrorCode);
        }),
      );
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await io.close();
  });

  it('answers the table’s status over HTTP and the same code and message in the ack', async () => {
    const socket = ioClient(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      for (const code of codes) {
        const res = await fetch(`${url}/refuse/${code}`);
        const body: unknown = await res.json();
        const expected = code === ErrorCode.tooManyAttempts ? new AppError(code, 'too many attempts; try again later') : refusal(code);
        expect(res.status, code).toBe(httpStatus[code]);
        expect(body, code).toEqual({ error: { code, message: expected.message } });

        const ack = (await socket.emitWithAck('refuse', { code })) as Ack<never>;
        expect(ack, code).toEqual(failWith(refusal(code)));
      }
    } finally {
      socket.disconnect();
    }
  });

  it('sends the wait of a throttle as Retry-After in whole seconds', async () => {
    const res = await fetch(`${url}/refuse/${ErrorCode.tooManyAttempts}`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('62');
  });
});

/** The whole server: the session service refuses a started session the same way to REST and to the room. */
describe('a refusal of the meetings service', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('has one code, with its status over REST and in the ack of a room command', async () => {
    const s = await startServer({ now: testClock().now });
    cleanup.push(() => removeDir(s.dataDir), () => s.stop());
    const { fac } = await seedPeople(s);
    const created = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
      title: 'Plastgruppen i mars',
      startsAt: '2026-03-05T13:00:00+01:00',
      durationMinutes: 60,
      agenda: [{ title: 'Läget', timeboxMinutes: 10 }],
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.meeting.id;
    const room = connectSocket(s.url, fac.cookie);
    cleanup.push(() => room.disconnect());
    expect((await room.emitWithAck('meeting:start', { meetingId })).ok).toBe(true);

    const edit = await api<{ error: { code: string } }>(s, fac.cookie, 'PATCH', `/groups/plast/meetings/${meetingId}`, { title: 'Nytt namn' });
    const again = await room.emitWithAck('meeting:start', { meetingId });
    expect(edit.status).toBe(httpStatus[ErrorCode.meetingStarted]);
    expect(edit.body.error.code).toBe(ErrorCode.meetingStarted);
    expect(again).toEqual({ ok: false, error: { code: ErrorCode.meetingStarted, message: 'the session is live' } });
  });
});
