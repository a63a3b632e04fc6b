import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { defineRoute, fileAnswer } from '@samla/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { errorHandler } from './errors.js';
import { Reply, route } from './route.js';

/** The helper alone, on definitions made for the test: what it parses, in which order, and what it answers. */
const echo = defineRoute({
  method: 'POST',
  path: '/things/:thingId',
  auth: 'public',
  params: { thingId: z.string().regex(/^[a-z]+$/, 'invalid thing id') },
  query: z.object({ n: z.coerce.number().int().default(1) }),
  body: z.object({ name: z.string().min(1) }).strict(),
  response: z.strictObject({ thingId: z.string(), n: z.number(), name: z.string() }),
});
const mine = defineRoute({ method: 'GET', path: '/mine/:thingId', auth: 'user', params: { thingId: z.string().regex(/^[a-z]+$/) }, response: z.strictObject({}) });
const wrong = defineRoute({ method: 'GET', path: '/wrong', auth: 'public', response: z.strictObject({ name: z.string() }) });
const gone = defineRoute({ method: 'DELETE', path: '/things/:thingId', auth: 'public', params: { thingId: z.string() }, response: null });
const added = defineRoute({ method: 'PUT', path: '/added', auth: 'public', response: z.strictObject({ ok: z.boolean() }) });
const file = defineRoute({ method: 'GET', path: '/file.csv', auth: 'public', response: fileAnswer('text/csv; charset=utf-8') });

let http: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  const r = express.Router();
  r.use(express.json());
  route(r, echo, ({ params, query, body }) => ({ thingId: params.thingId, n: query.n, name: body.name }));
  route(r, mine, () => ({}));
  // A handler that leaks a field its definition does not have: the types cannot see through the cast.
  route(r, wrong, () => ({ name: 'x', passwordHash: 'secret' }) as { name: string });
  route(r, gone, () => {});
  route(r, added, () => new Reply(201, { ok: true }));
  route(r, file, ({ res }) => {
    res.type('text/csv; charset=utf-8').send('a;b\r\n');
  });
  app.use('/api', r);
  app.use(errorHandler({ error: () => {} }));
  http = createServer(app);
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api`;
});

afterAll(() => new Promise<void>((done) => http.close(() => done())));

const post = (path: string, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const answer = async (res: Response) => [res.status, (await res.json()) as { error: { code: string; message: string } }] as const;

describe('route()', () => {
  it('hands the handler the parsed params, query and body, and answers the definition’s status', async () => {
    expect(await answer(await post('/things/abc?n=3', { name: 'Kim' }))).toEqual([200, { thingId: 'abc', n: 3, name: 'Kim' }]);
  });

  it('refuses a bad parameter, query or body with 400 invalid_payload, worded as parseBody words it', async () => {
    expect(await answer(await post('/things/ABC', { name: 'Kim' }))).toEqual([400, { error: { code: 'invalid_payload', message: 'invalid thing id' } }]);
    expect((await answer(await post('/things/abc?n=x', { name: 'Kim' })))[1].error.message).toMatch(/^n: /);
    expect(await answer(await post('/things/abc', { name: 'Kim', extra: 1 }))).toEqual([
      400,
      { error: { code: 'invalid_payload', message: expect.stringMatching(/extra/) as unknown } },
    ]);
  });

  it('leaves malformed percent-encoding in the path to the router: 400 bad_request', async () => {
    expect(await answer(await post('/things/%E0%A4%A', { name: 'Kim' }))).toEqual([
      400,
      { error: { code: 'bad_request', message: 'malformed percent-encoding in the path' } },
    ]);
  });

  it('asks for a session before it looks at anything else on a user route', async () => {
    expect(await answer(await fetch(`${url}/mine/NOT-VALID`))).toEqual([401, { error: { code: 'unauthenticated', message: 'sign in first' } }]);
  });

  it('under test, answers 500 for an answer outside the definition, with the reason on stderr', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await answer(await fetch(`${url}/wrong`))).toEqual([500, { error: { code: 'internal', message: 'internal error' } }]);
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('GET /api/wrong answered outside its route definition'));
    } finally {
      stderr.mockRestore();
    }
  });

  it('answers 204 for a definition without an answer, another 2xx through Reply, and a file as the handler sent it', async () => {
    const deleted = await fetch(`${url}/things/abc`, { method: 'DELETE' });
    expect([deleted.status, await deleted.text()]).toEqual([204, '']);
    expect(await answer(await fetch(`${url}/added`, { method: 'PUT' }))).toEqual([201, { ok: true }]);
    const csv = await fetch(`${url}/file.csv`);
    expect([csv.status, csv.headers.get('content-type'), await csv.text()]).toEqual([200, 'text/csv; charset=utf-8', 'a;b\r\n']);
  });
});
