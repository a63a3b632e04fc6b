import { CloseCode, ErrorCode } from '@samla/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { ADMIN, addPerson, connectSocket, MEMBER_PASSWORD, removeDir, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { api, testClock } from '../test/meetings.js';
import { rawWs, syncStep1 } from '../test/rawWs.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  vi.useRealTimers();
});

async function server(now?: () => Date): Promise<TestServer> {
  const s = await startServer(now ? { now } : {});
  cleanup.push(async () => {
    await s.stop();
    removeDir(s.dataDir);
  });
  return s;
}

type Err = { error: { code: string; message: string } };
const code = (r: { body: unknown }) => (r.body as Err).error.code;

/** A raw request, for bodies JSON.stringify cannot make. */
const send = (s: TestServer, cookie: string, method: string, path: string, body: string) =>
  fetch(`${s.url}/api${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body });

const me = async (s: TestServer, cookie: string) =>
  (await api<{ user: { name: string; email: string } }>(s, cookie, 'GET', '/auth/me'));

/** The link in the last mail to `to`, and its token. */
function mailedLink(s: TestServer, to: string) {
  const mail = s.app.mailer.outbox.findLast((m) => m.to === to);
  const link = /(http\S+\/account\?confirmEmail=([\w-]+))/.exec(mail?.text ?? '');
  return link ? { link: link[1]!, token: link[2]! } : null;
}

describe('changing one\'s display name', () => {
  it('trims it, shows it wherever the account\'s name is read, and logs it', async () => {
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const res = await api<{ user: { name: string } }>(s, pia.cookie, 'PATCH', '/me', { name: '  Pia Ödmark-Ångström  ' });
    expect(res.status).toBe(200);
    expect(res.body.user.name).toBe('Pia Ödmark-Ångström');
    expect((await me(s, pia.cookie)).body.user.name).toBe('Pia Ödmark-Ångström');

    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const members = await api<{ members: { userId: string; name: string }[] }>(s, admin, 'GET', '/groups/plast/members');
    expect(members.body.members.find((m) => m.userId === pia.id)?.name).toBe('Pia Ödmark-Ångström');
    // A presence socket opened before the change announces the new name.
    const socket = connectSocket(s.url, pia.cookie);
    cleanup.push(() => socket.disconnect());
    await waitFor(() => socket.connected, 5_000, 'socket connected');
    await api(s, pia.cookie, 'PATCH', '/me', { name: 'Pia Ny' });
    await waitFor(async () => {
      const ack = await socket.emitWithAck('presence:join', { groupId: 'plast' });
      return ack.ok && ack.data.present.some((p) => p.userId === pia.id && p.name === 'Pia Ny');
    }, 5_000, 'the new name in presence');

    const log = await api<{ entries: { action: string; actorId: string; target: string }[] }>(s, admin, 'GET', '/audit');
    expect(log.body.entries.filter((e) => e.action === 'account.name_changed')).toEqual([
      expect.objectContaining({ actorId: pia.id, target: `user:${pia.id}` }),
      expect.objectContaining({ actorId: pia.id, target: `user:${pia.id}` }),
    ]);
  });

  it('refuses bad input with stable codes, and strangers with 401', async () => {
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    for (const body of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 42 }, { name: null }, {}, { name: 'Pia', role: 'coordinator' }, ['Pia']]) {
      const res = await api(s, pia.cookie, 'PATCH', '/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe(ErrorCode.invalidPayload);
    }
    const broken = await send(s, pia.cookie, 'PATCH', '/me', '{"name": "Pia"');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Err).error.code).toBe(ErrorCode.badRequest);
    const huge = await send(s, pia.cookie, 'PATCH', '/me', JSON.stringify({ name: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(413);
    const stranger = await api(s, null, 'PATCH', '/me', { name: 'Inbrott' });
    expect(stranger.status).toBe(401);
    expect(code(stranger)).toBe(ErrorCode.unauthenticated);
    expect((await me(s, pia.cookie)).body.user.name).toBe('pia');
    // 120 characters are allowed.
    expect((await api(s, pia.cookie, 'PATCH', '/me', { name: 'å'.repeat(120) })).status).toBe(200);
  });
});

describe('changing one\'s email', () => {
  it('mails a one-time link to the new address; opening it changes the email and tells the old one', async () => {
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const asked = await api(s, pia.cookie, 'POST', '/me/email', { email: ' Pia.Ny@Example.se ', currentPassword: MEMBER_PASSWORD });
    expect(asked.status).toBe(202);
    const mailed = mailedLink(s, 'pia.ny@example.se');
    expect(mailed?.link.startsWith(`${s.url}/account?confirmEmail=`)).toBe(true);
    // Nothing changes until the link is opened.
    expect((await me(s, pia.cookie)).body.user.email).toBe('pia@example.se');

    const confirmed = await api<{ user: { email: string } }>(s, pia.cookie, 'POST', '/me/email/confirm', { token: mailed!.token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user.email).toBe('pia.ny@example.se');
    expect((await me(s, pia.cookie)).body.user.email).toBe('pia.ny@example.se');
    await signIn(s.url, 'pia.ny@example.se', MEMBER_PASSWORD);
    await expect(signIn(s.url, 'pia@example.se', MEMBER_PASSWORD)).rejects.toThrow(/401/);
    const notice = s.app.mailer.outbox.findLast((m) => m.to === 'pia@example.se');
    expect(notice?.text).toContain('pia.ny@example.se');

    const again = await api(s, pia.cookie, 'POST', '/me/email/confirm', { token: mailed!.token });
    expect(again.status).toBe(410);
    expect(code(again)).toBe(ErrorCode.invalidToken);

    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const log = await api<{ entries: { action: string; details: Record<string, unknown> }[] }>(s, admin, 'GET', '/audit');
    expect(log.body.entries.find((e) => e.action === 'account.email_changed')?.details).toEqual({ from: 'pia@example.se', to: 'pia.ny@example.se' });
    expect(log.body.entries.some((e) => e.action === 'account.email_change_requested')).toBe(true);
  });

  it('needs the current password, and counts a wrong one like a failed sign-in', async () => {
    // The sign-in throttle reads Date.
    vi.useFakeTimers({ toFake: ['Date'] });
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const outbox = s.app.mailer.outbox.length;
    for (let i = 0; i < 5; i++) {
      const res = await api(s, pia.cookie, 'POST', '/me/email', { email: 'pia.ny@example.se', currentPassword: `fel-${i}-lösenord` });
      expect(res.status).toBe(403);
      expect(code(res)).toBe(ErrorCode.wrongPassword);
    }
    expect(s.app.mailer.outbox.length).toBe(outbox);
    // The sixth try waits, even with the right password, on this route and at sign-in.
    const right = { email: 'pia.ny@example.se', currentPassword: MEMBER_PASSWORD };
    const early = await api(s, pia.cookie, 'POST', '/me/email', right);
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    await expect(signIn(s.url, 'pia@example.se', MEMBER_PASSWORD)).rejects.toThrow(/429/);
    vi.advanceTimersByTime(1_000);
    expect((await api(s, pia.cookie, 'POST', '/me/email', right)).status).toBe(202);
  });

  it('refuses an email another account has, when asked and again when confirmed', async () => {
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const taken = await api(s, pia.cookie, 'POST', '/me/email', { email: ADMIN.email.toUpperCase(), currentPassword: MEMBER_PASSWORD });
    expect(taken.status).toBe(409);
    expect(code(taken)).toBe(ErrorCode.emailTaken);
    expect(s.app.mailer.outbox.some((m) => m.to === ADMIN.email && /confirmEmail/.test(m.text))).toBe(false);

    expect((await api(s, pia.cookie, 'POST', '/me/email', { email: 'delad@example.se', currentPassword: MEMBER_PASSWORD })).status).toBe(202);
    const { token } = mailedLink(s, 'delad@example.se')!;
    // Someone else takes the address before Pia opens her link.
    await addPerson(s, 'delad@example.se', 'member');
    const late = await api(s, pia.cookie, 'POST', '/me/email/confirm', { token });
    expect(late.status).toBe(409);
    expect(code(late)).toBe(ErrorCode.emailTaken);
    expect((await me(s, pia.cookie)).body.user.email).toBe('pia@example.se');

    const own = await api(s, pia.cookie, 'POST', '/me/email', { email: 'pia@example.se', currentPassword: MEMBER_PASSWORD });
    expect(own.status).toBe(400);
    expect(code(own)).toBe(ErrorCode.invalidPayload);
  });

  it('accepts the link only from the person who asked, before it expires, and no other kind of link', async () => {
    const c = testClock();
    const s = await server(c.now);
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const bo = await addPerson(s, 'bo@example.se', 'member');
    expect((await api(s, pia.cookie, 'POST', '/me/email', { email: 'pia.ny@example.se', currentPassword: MEMBER_PASSWORD })).status).toBe(202);
    const { token } = mailedLink(s, 'pia.ny@example.se')!;

    // Bo cannot use Pia's link, nor can anyone signed out; either leaves it usable.
    const other = await api(s, bo.cookie, 'POST', '/me/email/confirm', { token });
    expect(other.status).toBe(410);
    expect(code(other)).toBe(ErrorCode.invalidToken);
    expect((await me(s, bo.cookie)).body.user.email).toBe('bo@example.se');
    expect((await api(s, null, 'POST', '/me/email/confirm', { token })).status).toBe(401);
    expect((await api(s, null, 'POST', '/me/email', { email: 'x@example.se', currentPassword: 'x' })).status).toBe(401);

    // A password-reset token is not an email-change token.
    await api(s, null, 'POST', '/auth/password-reset', { email: 'pia@example.se' });
    const reset = /token=([\w-]+)/.exec(s.app.mailer.outbox.findLast((m) => m.to === 'pia@example.se')!.text)![1]!;
    expect((await api(s, pia.cookie, 'POST', '/me/email/confirm', { token: reset })).status).toBe(410);

    for (const body of [{}, { token: '' }, { token: 7 }, { token: 'x'.repeat(201) }, { token, extra: 1 }]) {
      const res = await api(s, pia.cookie, 'POST', '/me/email/confirm', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe(ErrorCode.invalidPayload);
    }
    for (const body of [{ email: 'inte-en-adress', currentPassword: MEMBER_PASSWORD }, { email: 'a@b.se' }, { email: 'a@b.se', currentPassword: 'x'.repeat(257) }]) {
      const res = await api(s, pia.cookie, 'POST', '/me/email', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe(ErrorCode.invalidPayload);
    }

    c.advance(s.config.passwordResetTtlMs + 1);
    const expired = await api(s, pia.cookie, 'POST', '/me/email/confirm', { token });
    expect(expired.status).toBe(410);
    expect((await me(s, pia.cookie)).body.user.email).toBe('pia@example.se');
  });
});

describe('changing one\'s password', () => {
  it('ends the other sessions and their live connections, keeps this one, and the new password signs in', async () => {
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const laptop = await signIn(s.url, 'pia@example.se', MEMBER_PASSWORD);
    const DOC = 'groups/plast/notes';
    const here = await rawWs(s.url, `/yjs/${DOC}`, pia.cookie);
    const there = await rawWs(s.url, `/yjs/${DOC}`, laptop);
    const hereSocket = connectSocket(s.url, pia.cookie);
    const thereSocket = connectSocket(s.url, laptop);
    cleanup.push(() => here.destroy(), () => there.destroy(), () => hereSocket.disconnect(), () => thereSocket.disconnect());
    await waitFor(() => here.messages.length > 0 && there.messages.length > 0, 5_000, 'both documents connected');
    await waitFor(() => hereSocket.connected && thereSocket.connected, 5_000, 'both sockets connected');

    const res = await api(s, pia.cookie, 'PUT', '/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'ett-helt-nytt-lösenord' });
    expect(res.status).toBe(204);

    expect((await me(s, laptop)).status).toBe(401);
    await waitFor(() => there.closeCode !== null, 5_000, 'the other session\'s document closed');
    expect(there.closeCode).toBe(CloseCode.unauthorized);
    await waitFor(() => !thereSocket.connected, 5_000, 'the other session\'s socket disconnected');

    expect((await me(s, pia.cookie)).status).toBe(200);
    const answered = here.messages.length;
    here.send(syncStep1(new Y.Doc()));
    await waitFor(() => here.messages.length > answered, 5_000, 'this session\'s document still served');
    expect(here.closeCode).toBeNull();
    expect(hereSocket.connected).toBe(true);

    await signIn(s.url, 'pia@example.se', 'ett-helt-nytt-lösenord');
    await expect(signIn(s.url, 'pia@example.se', MEMBER_PASSWORD)).rejects.toThrow(/401/);
    expect(s.app.mailer.outbox.findLast((m) => m.to === 'pia@example.se')?.subject).toMatch(/lösenord/);
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const log = await api<{ entries: { action: string; actorId: string }[] }>(s, admin, 'GET', '/audit');
    expect(log.body.entries.find((e) => e.action === 'account.password_changed')).toMatchObject({ actorId: pia.id });
  });

  it('refuses a wrong current password (counted by the sign-in throttle) and a weak new one', async () => {
    // The sign-in throttle reads Date.
    vi.useFakeTimers({ toFake: ['Date'] });
    const s = await server();
    const pia = await addPerson(s, 'pia@example.se', 'member');
    const laptop = await signIn(s.url, 'pia@example.se', MEMBER_PASSWORD);
    for (let i = 0; i < 5; i++) {
      const res = await api(s, pia.cookie, 'PUT', '/me/password', { currentPassword: `gissning-${i}`, newPassword: 'ett-helt-nytt-lösenord' });
      expect(res.status).toBe(403);
      expect(code(res)).toBe(ErrorCode.wrongPassword);
    }
    const early = await api(s, pia.cookie, 'PUT', '/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'ett-helt-nytt-lösenord' });
    expect(early.status).toBe(429);
    expect(code(early)).toBe(ErrorCode.tooManyAttempts);
    // Nothing changed: the old password still signs in (once the delay has passed) and the other session lives.
    vi.advanceTimersByTime(1_000);
    await signIn(s.url, 'pia@example.se', MEMBER_PASSWORD);
    expect((await me(s, laptop)).status).toBe(200);

    for (const body of [
      { currentPassword: MEMBER_PASSWORD, newPassword: 'kort' },
      { currentPassword: MEMBER_PASSWORD, newPassword: 'x'.repeat(257) },
      { currentPassword: MEMBER_PASSWORD },
      { newPassword: 'ett-helt-nytt-lösenord' },
      { currentPassword: MEMBER_PASSWORD, newPassword: 12345678901 },
      { currentPassword: MEMBER_PASSWORD, newPassword: 'ett-helt-nytt-lösenord', userId: 'u-bo' },
    ]) {
      const res = await api(s, pia.cookie, 'PUT', '/me/password', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(code(res)).toBe(ErrorCode.invalidPayload);
    }
    const stranger = await api(s, null, 'PUT', '/me/password', { currentPassword: MEMBER_PASSWORD, newPassword: 'ett-helt-nytt-lösenord' });
    expect(stranger.status).toBe(401);
    await signIn(s.url, 'pia@example.se', MEMBER_PASSWORD);
  });
});
