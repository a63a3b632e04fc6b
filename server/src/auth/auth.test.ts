import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@samla/shared';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, removeDir, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { startRedis, withCluster } from '../test/redis.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  vi.useRealTimers();
});
async function server(env?: Record<string, string>) {
  const s = await startServer(env ? { env } : {});
  servers.push(s);
  return s;
}

const login = (s: TestServer, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

describe('sign-in', () => {
  it('signs in, sets an httpOnly SameSite cookie, and signs out', async () => {
    const s = await server();
    const res = await login(s, ADMIN.email.toUpperCase(), ADMIN.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/samla_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const { user } = (await res.json()) as { user: { email: string; role: string } };
    expect(user).toMatchObject({ email: ADMIN.email, role: 'coordinator' });
    expect(user).not.toHaveProperty('passwordHash');

    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(`${s.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    const after = await fetch(`${s.url}/api/auth/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: ErrorCode.unauthenticated, message: expect.any(String) } });
  });

  it('answers a wrong password and an unknown email with the same generic error', async () => {
    const s = await server();
    const wrong = await login(s, ADMIN.email, 'fel-lösenord-123');
    const unknown = await login(s, 'ingen@example.se', 'fel-lösenord-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('rejects malformed bodies with a field message', async () => {
    const s = await server();
    const res = await login(s, 'inte-en-adress', 'x');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: ErrorCode.invalidPayload, message: expect.stringMatching(/^email:/) } });
    const broken = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.badRequest);
  });

  it('refuses a state-changing request from another origin', async () => {
    const s = await server();
    const res = await login(s, ADMIN.email, ADMIN.password, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.crossOrigin);
  });
});

describe('sign-in throttling', () => {
  const A = { 'x-forwarded-for': '198.51.100.7' };
  const B = { 'x-forwarded-for': '203.0.113.9' };

  /** A server whose clock moves only when the test says so: Date, which the limiters read. */
  async function clocked() {
    vi.useFakeTimers({ toFake: ['Date'] });
    const s = await startServer();
    servers.push(s);
    return { s, advance: (seconds: number) => vi.advanceTimersByTime(seconds * 1000) };
  }
  const retryAfter = (res: Response) => Number(res.headers.get('retry-after'));

  it('slows an email with a growing delay but never locks out its owner from another address', async () => {
    const { s, advance } = await clocked();
    for (let i = 0; i < 5; i++) expect((await login(s, ADMIN.email, `fel-${i}-lösenord`, A)).status).toBe(401);
    const delays: number[] = [];
    for (let i = 5; i < 20; i++) {
      const early = await login(s, ADMIN.email, ADMIN.password, B);
      expect(early.status).toBe(429);
      expect(((await early.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyAttempts);
      delays.push(retryAfter(early));
      advance(retryAfter(early));
      expect((await login(s, ADMIN.email, `fel-${i}-lösenord`, A)).status).toBe(401);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60, 60]);

    advance(60);
    // Address A has spent its failures: even the right password from there waits.
    const fromA = await login(s, ADMIN.email, ADMIN.password, A);
    expect(fromA.status).toBe(429);
    expect(retryAfter(fromA)).toBeGreaterThan(60);
    expect((await login(s, ADMIN.email, ADMIN.password, B)).status).toBe(200);
    // A success forgets the email's failures.
    expect((await login(s, ADMIN.email, 'fel-igen-lösenord', B)).status).toBe(401);
    expect((await login(s, ADMIN.email, ADMIN.password, B)).status).toBe(200);
  });

  it('forgets an email\'s failures once its password is reset', async () => {
    const { s, advance } = await clocked();
    for (let i = 0; i < 8; ) {
      const res = await login(s, ADMIN.email, `fel-${i}-lösenord`, A);
      if (res.status === 429) advance(retryAfter(res));
      else expect(res.status, `failure ${i++}`).toBe(401);
    }
    expect((await login(s, ADMIN.email, ADMIN.password, B)).status).toBe(429);

    const post = (path: string, body: object) =>
      fetch(`${s.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...B }, body: JSON.stringify(body) });
    expect((await post('/auth/password-reset', { email: ADMIN.email })).status).toBe(202);
    const token = /reset-password\?token=(\S+)/.exec(s.app.mailer.outbox.at(-1)!.text)![1]!;
    expect((await post('/auth/password-reset/confirm', { token, password: 'ett-nytt-långt-lösenord' })).status).toBe(204);
    expect((await login(s, ADMIN.email, 'ett-nytt-långt-lösenord', B)).status).toBe(200);
  });
});

// contract.test.ts makes CI fail when MONGODB_URI is missing, so skipping here cannot hide a missing database.
describe.runIf(withCluster)('sign-in limits across instances (Redis)', () => {
  it('counts failed sign-ins on one instance at the other, and limits per instance while Redis is down', async () => {
    const redis = await startRedis();
    const db = `samla_rl_${randomBytes(6).toString('hex')}`;
    const mongo = new MongoClient(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 5_000 });
    try {
      const instance = async () => {
        const s = await startServer({ mongoDb: db, env: { REDIS_URL: redis.url } });
        servers.push(s);
        return s;
      };
      const a = await instance();
      const b = await instance();
      const from = (address: string) => ({ 'x-forwarded-for': address });
      // Unknown emails, so that only the address's limit (20 failures an hour) is spent.
      const failAll = async (s: TestServer, address: string) => {
        for (let i = 0; i < 20; i++) expect((await login(s, `ingen-${i}@example.se`, 'fel-lösenord', from(address))).status).toBe(401);
      };

      await failAll(a, '198.51.100.7');
      const refused = await login(b, ADMIN.email, ADMIN.password, from('198.51.100.7'));
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.tooManyAttempts);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(59 * 60);
      expect((await login(b, ADMIN.email, ADMIN.password, from('203.0.113.9'))).status).toBe(200);

      await redis.stop();
      await waitFor(() => !a.app.redis!.up && !b.app.redis!.up, 5_000, 'Redis to be lost');
      // Each instance counts in its own memory: refused on a once a's own count is spent, not yet on b.
      await failAll(a, '192.0.2.1');
      expect((await login(a, ADMIN.email, ADMIN.password, from('192.0.2.1'))).status).toBe(429);
      expect((await login(b, ADMIN.email, ADMIN.password, from('192.0.2.1'))).status).toBe(200);
    } finally {
      for (const s of servers.splice(0)) {
        await s.stop();
        removeDir(s.dataDir);
      }
      await redis.stop();
      await mongo.db(db).dropDatabase();
      await mongo.close();
    }
  });
});

describe('first start without SAMLA_ADMIN_*', () => {
  it('offers a one-time setup link that creates the coordinator, who joins every group', async () => {
    const s = await server({ SAMLA_ADMIN_EMAIL: '', SAMLA_ADMIN_PASSWORD: '' });
    const token = s.app.setupToken;
    expect(token).toEqual(expect.any(String));
    expect(await (await fetch(`${s.url}/api/setup`)).json()).toEqual({ needed: true });

    const post = (body: object) =>
      fetch(`${s.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const input = { name: 'Sam Samordnare', email: 'sam@example.se', password: 'ett-långt-lösenord' };
    expect((await post({ ...input, token: 'fel' })).status).toBe(403);
    const created = await post({ ...input, token });
    expect(created.status).toBe(201);
    expect((await post({ ...input, token })).status).toBe(409);
    expect(await (await fetch(`${s.url}/api/setup`)).json()).toEqual({ needed: false });

    const cookie = await signIn(s.url, input.email, input.password);
    const { groups } = (await (await fetch(`${s.url}/api/groups`, { headers: { cookie } })).json()) as {
      groups: { name: string }[];
    };
    expect(groups.map((g) => g.name)).toEqual(['Cirkulärt byggande', 'Plast', 'Transporter']);
  });
});

describe('HTTP basics', () => {
  it('answers health, readiness and unknown API routes', async () => {
    const s = await server();
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: { kind: 'sqlite', reachable: true } });
    const missing = await fetch(`${s.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.notFound);
  });

  it('lists only the groups a person belongs to', async () => {
    const s = await server();
    const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
    const res = await fetch(`${s.url}/api/groups/plast`, { headers: { cookie } });
    expect(await res.json()).toMatchObject({ group: { id: 'plast', name: 'Plast', role: 'facilitator' } });
    expect((await fetch(`${s.url}/api/groups`)).status).toBe(401);
    expect((await fetch(`${s.url}/api/groups/finns-inte`, { headers: { cookie } })).status).toBe(404);
  });
});
