import { CloseCode, ErrorCode, type Ack, type Meeting } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ADMIN, addPerson, connectDoc, connectSocket, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';
import { api, testClock } from '../test/meetings.js';
import { rawWs, syncStep1, updateMessage, type RawWs } from '../test/rawWs.js';
import { loadStoredDoc } from '../storage/docState.js';
import { CLOSE_GRACE_MS } from './server.js';

const DOC = 'groups/plast/notes';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

type Person = { id: string; cookie: string; email: string };
type Case = {
  change: string;
  /** Carries the change out over the API, as the person or a coordinator would. */
  apply: (s: TestServer, p: Person, admin: string) => Promise<unknown>;
  /** The close code the raw client is sent, or null when the connection stays open read-only. */
  closeCode: number | null;
  /** False when the change makes the document read-only for everyone (an archived group). */
  stillWritable?: false;
};

const cases: Case[] = [
  {
    change: 'removal from the group',
    apply: (s, p, admin) => api(s, admin, 'DELETE', `/groups/plast/members/${p.id}`),
    closeCode: CloseCode.accessRevoked,
  },
  { change: 'account deletion', apply: (s, p) => api(s, p.cookie, 'DELETE', '/me'), closeCode: CloseCode.accessRevoked },
  {
    change: 'archiving the group',
    apply: (s, _p, admin) => api(s, admin, 'POST', '/groups/plast/archive'),
    closeCode: CloseCode.roleChanged,
    stillWritable: false,
  },
  {
    change: 'demotion to observer',
    apply: (s, p, admin) => api(s, admin, 'PUT', `/groups/plast/members/${p.id}`, { role: 'observer' }),
    closeCode: null,
  },
  {
    change: 'a password reset',
    apply: async (s, p) => {
      await api(s, null, 'POST', '/auth/password-reset', { email: p.email });
      const mail = s.app.mailer.outbox.findLast((m) => m.to === p.email)!;
      const token = /token=([\w-]+)/.exec(mail.text)![1]!;
      const res = await api(s, null, 'POST', '/auth/password-reset/confirm', { token, password: 'ett-nytt-lösenord' });
      expect(res.status).toBe(204);
    },
    closeCode: CloseCode.unauthorized,
  },
  { change: 'signing out', apply: (s, p) => api(s, p.cookie, 'POST', '/auth/logout'), closeCode: CloseCode.unauthorized },
];



/** The person's own edits, sent over a raw socket as plain updates. */
function editor(raw: RawWs) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  return {
    doc,
    type(s: string) {
      const before = Y.encodeStateVector(doc);
      text.insert(text.length, s);
      raw.send(updateMessage(Y.encodeStateAsUpdate(doc, before)));
    },
  };
}

async function storedText(s: TestServer): Promise<string> {
  await s.app.collab.loadedDocs().get(DOC)?.flushed();
  const d = await loadStoredDoc(s.store, DOC);
  return d.getText('t').toString();
}

describe('revocation: a client that ignores close frames gets nothing applied after the change', () => {
  it.each(cases)('Yjs, $change', async ({ apply, closeCode, stillWritable }) => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const p = { ...(await addPerson(s, 'pia@example.se', 'member')), email: 'pia@example.se' };
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const witness = connectDoc(s.wsUrl, DOC, admin);
    cleanup.push(() => witness.provider.destroy());
    await waitFor(() => witness.provider.synced, 5_000, 'witness synced');

    const raw = await rawWs(s.url, `/yjs/${DOC}`, p.cookie);
    cleanup.push(() => raw.destroy());
    expect(raw.status).toBe(101);
    await waitFor(() => raw.messages.length > 0, 5_000, 'sync step 1 from the server');
    const me = editor(raw);
    me.type('före;');
    await waitFor(() => witness.doc.getText('t').toString().includes('före;'), 5_000, 'the edit before the change');

    await apply(s, p, admin);
    me.type('efter ändringen;');
    if (closeCode === null) {
      // Still open, read-only: a sync step 1 is answered after every earlier message was handled.
      const answered = raw.messages.length;
      raw.send(syncStep1(me.doc));
      await waitFor(() => raw.messages.length > answered, 5_000, 'sync step 2');
    } else {
      await waitFor(() => raw.closeCode !== null, 5_000, 'close frame');
      expect(raw.closeCode).toBe(closeCode);
      me.type('efter stängningen;');
      // It never answers the close frame, so the server cuts it off after the grace.
      await waitFor(() => raw.ended, CLOSE_GRACE_MS + 3_000, 'the server ending the TCP connection');
    }
    if (stillWritable !== false) {
      // The pipeline still flows: the witness's own edit (made later) arrives in the store.
      witness.doc.getText('t').insert(0, 'vittne;');
      await waitFor(async () => (await storedText(s)).includes('vittne;'), 5_000, 'the witness edit stored');
    }

    const server = s.app.collab.loadedDocs().get(DOC)!.doc.getText('t').toString();
    const stored = await storedText(s);
    for (const seen of [server, stored, witness.doc.getText('t').toString()]) {
      expect(seen).toContain('före;');
      expect(seen).not.toContain('efter');
    }
  });

  it.each(cases)('Socket.IO, $change', async ({ change, apply, stillWritable }) => {
    const c = testClock();
    const s = await startServer({ now: c.now });
    cleanup.push(() => s.stop());
    const p = { ...(await addPerson(s, 'pia@example.se', 'member')), email: 'pia@example.se' };
    const fac = await addPerson(s, 'fia@example.se', 'facilitator');
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const scheduled = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
      title: 'Plastgruppen',
      startsAt: new Date(c.ms).toISOString(),
      durationMinutes: 60,
      agenda: [{ title: 'Läget', timeboxMinutes: 10 }],
    });
    const meetingId = scheduled.body.meeting.id;
    const f = connectSocket(s.url, fac.cookie);
    const mine = connectSocket(s.url, p.cookie);
    cleanup.push(() => f.disconnect(), () => mine.disconnect());
    expect((await f.emitWithAck('meeting:start', { meetingId })).ok).toBe(true);
    expect((await mine.emitWithAck('meeting:join', { meetingId })).ok).toBe(true);

    await apply(s, p, admin);
    const queue = async () => (await s.store.meetings.get(meetingId))!.queue.map((q) => q.userId);
    const hand = async (socket: typeof mine) => {
      const ack = (await socket.emitWithAck('meeting:hand', { meetingId, raised: true })) as Ack<unknown>;
      return ack.ok ? null : ack.error.code;
    };
    if (stillWritable === false) {
      // Nobody takes part in an archived group's sessions any more.
      expect(await hand(mine)).toBe(ErrorCode.groupArchived);
      expect(await hand(f)).toBe(ErrorCode.groupArchived);
      expect(await queue()).toEqual([]);
      return;
    }
    if (change === 'demotion to observer' || change === 'removal from the group') {
      // The socket stays (the person may be in other groups), but the group's rights are gone.
      expect(await hand(mine)).toBe(ErrorCode.forbidden);
    } else {
      await waitFor(() => !mine.connected, 5_000, 'the server disconnecting the socket');
      mine.emit('meeting:hand', { meetingId, raised: true }, () => {});
    }
    // The facilitator's own command goes through, so the person's would have been handled by now.
    expect(await hand(f)).toBeNull();
    expect(await queue()).toEqual([fac.id]);
  });

  it('a sign-out ends only the connections of that session', async () => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const p = await addPerson(s, 'pia@example.se', 'member');
    const other = await signIn(s.url, 'pia@example.se', 'ett-bra-lösenord');
    const a = await rawWs(s.url, `/yjs/${DOC}`, p.cookie);
    const b = await rawWs(s.url, `/yjs/${DOC}`, other);
    cleanup.push(() => a.destroy(), () => b.destroy());
    await waitFor(() => a.messages.length > 0 && b.messages.length > 0, 5_000, 'both connected');
    await api(s, p.cookie, 'POST', '/auth/logout');
    await waitFor(() => a.closeCode !== null, 5_000, 'the signed-out session closed');
    expect(a.closeCode).toBe(CloseCode.unauthorized);
    const answered = b.messages.length;
    b.send(syncStep1(new Y.Doc()));
    await waitFor(() => b.messages.length > answered, 5_000, 'the other session still served');
    expect(b.closeCode).toBeNull();
  });
});
