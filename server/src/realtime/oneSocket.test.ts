import type { Meeting } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, connectSocket, startServer, waitFor, type TestServer } from '../test/harness.js';
import { api, data, seedPeople } from '../test/meetings.js';
import { groupRoom, membersRoom, sessionRoom, userRoom } from './rooms.js';

/**
 * The web client opens one Socket.IO connection per tab (issue 15) and uses it for presence in a
 * group, for watching the members of a group and for a session room at once. Each feature's join is a
 * room of its own: every one hears its own events, and leaving one leaves the others alone.
 */
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function socket(s: TestServer, cookie: string) {
  const sock = connectSocket(s.url, cookie);
  cleanup.push(() => sock.disconnect());
  return sock;
}
type Sock = ReturnType<typeof socket>;

async function schedule(s: TestServer, cookie: string): Promise<Meeting> {
  const res = await api<{ meeting: Meeting }>(s, cookie, 'POST', '/groups/plast/meetings', {
    title: 'Plastgruppen i mars',
    startsAt: '2026-03-05T13:00:00+01:00',
    durationMinutes: 60,
    agenda: [
      { title: 'Läget', timeboxMinutes: 10 },
      { title: 'Idéer', timeboxMinutes: 20 },
      { title: 'Övrigt', timeboxMinutes: 5 },
    ],
  });
  expect(res.status).toBe(201);
  return res.body.meeting;
}

/**
 * A round trip on `sock` after the change that would have been broadcast: one socket's messages
 * arrive in order, so an event sent to it before this answer has arrived by now.
 */
const settle = async (sock: Sock) => data(await sock.emitWithAck('presence:leave', { groupId: 'cirkulart-byggande' }));

describe('one socket in several rooms', () => {
  it('is in a session room, present in one group and watching the members of another at once; leaving one keeps the others', async () => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const { fac, mem, mem2 } = await seedPeople(s);
    // Mats is a member of Plast and of Transporter: present in Plast, watching Transporter's members.
    await s.store.memberships.upsert({ groupId: 'transporter', userId: mem.id, role: 'member', createdAt: new Date() });
    const m = await schedule(s, fac.cookie);

    const tab = socket(s, mem.cookie);
    const heard = { meeting: [] as (number | null)[], presence: [] as string[][], members: [] as string[], participants: [] as string[][] };
    tab.on('meeting:updated', ({ state }) => {
      // The current agenda item of each state heard (null before the start).
      if (state.id === m.id) heard.meeting.push(state.currentItem);
    });
    tab.on('presence:updated', ({ groupId, present }) => {
      if (groupId === 'plast') heard.presence.push(present.map((p) => p.userId).sort());
    });
    tab.on('members:changed', ({ groupId }) => heard.members.push(groupId));

    expect(data(await tab.emitWithAck('meeting:join', { meetingId: m.id })).state.id).toBe(m.id);
    expect(data(await tab.emitWithAck('presence:join', { groupId: 'plast' })).present.map((p) => p.userId)).toEqual([mem.id]);
    data(await tab.emitWithAck('members:watch', { groupId: 'transporter' }));

    const facilitator = socket(s, fac.cookie);
    facilitator.on('meeting:participants', ({ meetingId, present }) => {
      if (meetingId === m.id) heard.participants.push(present.map((p) => p.userId).sort());
    });
    data(await facilitator.emitWithAck('meeting:join', { meetingId: m.id }));
    const other = socket(s, mem2.cookie);

    // Each feature hears its own events on the one socket.
    data(await facilitator.emitWithAck('meeting:start', { meetingId: m.id }));
    await waitFor(() => heard.meeting.at(-1) === 0, 5_000, 'the session started');
    data(await other.emitWithAck('presence:join', { groupId: 'plast' }));
    await waitFor(() => heard.presence.at(-1)?.length === 2, 5_000, 'Maja is present');
    let asker = await addPerson(s, 'ny1@example.se');
    expect((await api(s, asker.cookie, 'POST', '/groups/transporter/join-requests', {})).status).toBe(201);
    await waitFor(() => heard.members.length === 1, 5_000, 'the join request to Transporter');
    expect(heard.members).toEqual(['transporter']);

    // Leaving the session room: the room sees Mats go, and presence and the members watch go on.
    data(await tab.emitWithAck('meeting:leave', { meetingId: m.id }));
    await waitFor(() => heard.participants.at(-1)?.join() === fac.id, 5_000, 'the room without Mats');
    const meetingHeard = heard.meeting.length;
    data(await facilitator.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }));
    await settle(tab);
    expect(heard.meeting.length).toBe(meetingHeard);
    other.disconnect();
    await waitFor(() => heard.presence.at(-1)?.join() === mem.id, 5_000, 'Maja left');
    asker = await addPerson(s, 'ny2@example.se');
    expect((await api(s, asker.cookie, 'POST', '/groups/transporter/join-requests', {})).status).toBe(201);
    await waitFor(() => heard.members.length === 2, 5_000, 'a second join request');
    // Still counted present in Plast after leaving the session.
    expect((await s.app.io.in(groupRoom('plast')).fetchSockets()).map((x) => x.data.user.id)).toEqual([mem.id]);

    // Leaving presence: nobody in Plast counts Mats any more; the session room (joined again) and the watch go on.
    data(await tab.emitWithAck('presence:leave', { groupId: 'plast' }));
    data(await tab.emitWithAck('meeting:join', { meetingId: m.id }));
    const presenceHeard = heard.presence.length;
    const third = socket(s, mem2.cookie);
    data(await third.emitWithAck('presence:join', { groupId: 'plast' }));
    expect((await s.app.io.in(groupRoom('plast')).fetchSockets()).map((x) => x.data.user.id)).toEqual([mem2.id]);
    data(await facilitator.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }));
    await waitFor(() => heard.meeting.at(-1) === 2, 5_000, 'the next item after joining again');
    asker = await addPerson(s, 'ny3@example.se');
    expect((await api(s, asker.cookie, 'POST', '/groups/transporter/join-requests', {})).status).toBe(201);
    await waitFor(() => heard.members.length === 3, 5_000, 'a third join request');
    await settle(tab);
    expect(heard.presence.length).toBe(presenceHeard);

    // Unwatching the members: the session room goes on.
    // A server without `members:unwatch` never answers it.
    data(await tab.timeout(5_000).emitWithAck('members:unwatch', { groupId: 'transporter' }));
    asker = await addPerson(s, 'ny4@example.se');
    expect((await api(s, asker.cookie, 'POST', '/groups/transporter/join-requests', {})).status).toBe(201);
    data(await facilitator.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'previous' }));
    await waitFor(() => heard.meeting.at(-1) === 1, 5_000, 'the previous item');
    await settle(tab);
    expect(heard.members).toEqual(['transporter', 'transporter', 'transporter']);
  });

  it('a person removed from one group leaves only that group’s rooms on their socket', async () => {
    const s = await startServer();
    cleanup.push(() => s.stop());
    const { fac, mem } = await seedPeople(s);
    await s.store.memberships.upsert({ groupId: 'transporter', userId: mem.id, role: 'member', createdAt: new Date() });
    const m = await schedule(s, fac.cookie);
    const tab = socket(s, mem.cookie);
    data(await tab.emitWithAck('meeting:join', { meetingId: m.id }));
    data(await tab.emitWithAck('presence:join', { groupId: 'plast' }));
    data(await tab.emitWithAck('presence:join', { groupId: 'transporter' }));
    data(await tab.emitWithAck('members:watch', { groupId: 'transporter' }));
    const revoked: string[] = [];
    tab.on('membership:revoked', ({ groupId }) => revoked.push(groupId));

    expect((await api(s, fac.cookie, 'DELETE', `/groups/plast/members/${mem.id}`)).status).toBe(204);
    await waitFor(() => revoked.length === 1, 5_000, 'told of the removal');
    await settle(tab);
    const [onServer] = await s.app.io.in(userRoom(mem.id)).fetchSockets();
    const featureRooms = [...onServer!.rooms].filter((r) => r !== onServer!.id && r !== userRoom(mem.id) && !r.startsWith(sessionRoom('')));
    expect(featureRooms.sort()).toEqual([groupRoom('transporter'), membersRoom('transporter')].sort());
  });
});
