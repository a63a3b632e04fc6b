import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, removeDir, startServer, type TestServer } from '../test/harness.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    await s.stop();
    removeDir(s.dataDir);
  }
});
async function server(env?: Record<string, string>) {
  const s = await startServer(env ? { env } : {});
  servers.push(s);
  return s;
}

/** Node's fetch refuses to set Host, so a forged one needs http.request. */
function post(s: TestServer, path: string, body: unknown, headers: Record<string, string>): Promise<number> {
  const { port } = new URL(s.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: `/api${path}`, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function resetLink(s: TestServer, email: string, headers: Record<string, string>): Promise<string> {
  expect(await post(s, '/auth/password-reset', { email }, headers)).toBe(202);
  const mail = s.app.mailer.outbox.findLast((m) => m.to === email);
  return /(\S+)\/reset-password\?token=/.exec(mail?.text ?? '')![1]!;
}

describe('links in mails', () => {
  it('ignore a forged Host and X-Forwarded-Host: they point to this server', async () => {
    const s = await server();
    await addPerson(s, 'kim@example.se', 'member');
    expect(await resetLink(s, 'kim@example.se', { host: 'evil.example' })).toBe(s.url);
    expect(await resetLink(s, 'kim@example.se', { 'x-forwarded-host': 'evil.example' })).toBe(s.url);
  });

  it('follow the Host when ALLOWED_HOSTS lists it, and only then', async () => {
    const s = await server({ ALLOWED_HOSTS: 'samla.example.se, Intern.example.se:8080' });
    await addPerson(s, 'kim@example.se', 'member');
    expect(await resetLink(s, 'kim@example.se', { host: 'samla.example.se' })).toBe('http://samla.example.se');
    expect(await resetLink(s, 'kim@example.se', { host: 'intern.example.se:8080' })).toBe('http://intern.example.se:8080');
    expect(await resetLink(s, 'kim@example.se', { host: 'intern.example.se' })).toBe(s.url);
    expect(await resetLink(s, 'kim@example.se', { host: 'evil.example', 'x-forwarded-host': 'samla.example.se' })).toBe(s.url);
  });

  it('use PUBLIC_URL when it is set, whatever the Host', async () => {
    const s = await server({ PUBLIC_URL: 'https://samla.example.se', ALLOWED_HOSTS: 'other.example.se' });
    await addPerson(s, 'kim@example.se', 'member');
    expect(await resetLink(s, 'kim@example.se', { host: 'other.example.se' })).toBe('https://samla.example.se');
  });
});
