import {
  BOARD_STICKIES,
  ErrorCode,
  itemDocName,
  type Ack,
  type Meeting,
  type MeetingJoined,
  type MeetingState,
  type Minutes,
  type MyVotes,
} from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPerson, connectSocket, removeDir, startServer, waitFor, type TestServer } from '../test/harness.js';
import { api, BOARD, data, MIN, PAGE, parseIcs, schedule, scheduled, seedPeople, seedSpace, STICKIES, T0, testClock } from '../test/meetings.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(opts: { dataDir?: string } = {}) {
  const c = testClock();
  const s = await startServer({ now: c.now, dataDir: opts.dataDir });
  cleanup.push(() => s.stop());
  await seedSpace(s);
  const { fac, mem, mem2, obs } = await seedPeople(s);
  await s.store.users.update(mem.id, { organisationId: 'o1' });
  await s.store.users.update(fac.id, { organisationId: 'o1' });
  return { s, c, fac, mem, mem2, obs };
}

function socket(s: TestServer, cookie: string) {
  const sock = connectSocket(s.url, cookie);
  cleanup.push(() => sock.disconnect());
  return sock;
}
type Sock = ReturnType<typeof socket>;

async function join(sock: Sock, meetingId: string): Promise<MeetingJoined> {
  const ack = await sock.emitWithAck('meeting:join', { meetingId });
  if (!ack.ok) throw new Error(`join failed: ${ack.error.code}`);
  return ack.data;
}

const code = (ack: Ack<unknown>) => (ack.ok ? 'ok' : ack.error.code);

describe('scheduling over REST', () => {
  it('schedules with validated links, lists upcoming sessions for the home page, edits and cancels before the start', async () => {
    const { s, fac, mem } = await setup();
    const m = await scheduled(s, fac.cookie);
    expect(m).toMatchObject({
      groupId: 'plast',
      groupName: expect.any(String),
      startsAt: '2026-03-05T12:00:00.000Z',
      endsAt: '2026-03-05T13:30:00.000Z',
      status: 'scheduled',
      facilitatorId: fac.id,
    });
    expect(m.agenda.map((a) => [a.title, a.timeboxMinutes, a.link?.itemId ?? null])).toEqual([
      ['Läget', 10, PAGE],
      ['Idéer', 20, BOARD],
      ['Övrigt', 5, null],
    ]);

    for (const link of [{ kind: 'board', itemId: PAGE }, { kind: 'page', itemId: 'finns-inte-01' }, { kind: 'page', itemId: 'gammal-0001' }]) {
      const bad = await api<{ error: { code: string } }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
        ...schedule,
        agenda: [{ title: 'x', timeboxMinutes: 5, link }],
      });
      expect([bad.status, bad.body.error.code]).toEqual([422, ErrorCode.linkNotInGroup]);
    }
    const both = await api<{ error: { code: string } }>(s, fac.cookie, 'POST', '/groups/plast/meetings', { ...schedule, endsAt: '2026-03-05T15:00:00+01:00' });
    expect(both.status).toBe(400);

    const mine = await api<{ meetings: Meeting[] }>(s, mem.cookie, 'GET', '/me/meetings');
    expect(mine.body.meetings.map((x) => x.id)).toEqual([m.id]);

    const edited = await api<{ meeting: Meeting }>(s, fac.cookie, 'PATCH', `/groups/plast/meetings/${m.id}`, {
      startsAt: '2026-03-06T09:00:00Z',
      title: 'Flyttat',
    });
    expect(edited.body.meeting).toMatchObject({ title: 'Flyttat', startsAt: '2026-03-06T09:00:00.000Z', endsAt: '2026-03-06T10:30:00.000Z' });

    const cancelled = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', `/groups/plast/meetings/${m.id}/cancel`);
    expect(cancelled.body.meeting.status).toBe('cancelled');
    expect((await api<{ meetings: Meeting[] }>(s, mem.cookie, 'GET', '/me/meetings')).body.meetings).toEqual([]);
    const again = await api<{ error: { code: string } }>(s, fac.cookie, 'PATCH', `/groups/plast/meetings/${m.id}`, { title: 'x' });
    expect([again.status, again.body.error.code]).toEqual([409, ErrorCode.meetingStarted]);
  });

  it('downloads a session as an iCalendar file that parses, with UTC times and escaped text', async () => {
    const { s, fac, mem } = await setup();
    const m = await scheduled(s, fac.cookie);
    const res = await fetch(`${s.url}/api/groups/plast/meetings/${m.id}/calendar.ics`, { headers: { cookie: mem.cookie } });
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const cal = parseIcs(await res.text());
    const event = cal.components.find((x) => x.name === 'VEVENT')!;
    expect(event.props.UID).toBe(`${m.id}@samla`);
    expect(event.props.DTSTART).toBe('20260305T120000Z');
    expect(event.props.DTEND).toBe('20260305T133000Z');
    expect(event.props.DTSTAMP).toBe('20260305T120000Z');
    expect(event.props.SUMMARY).toBe(schedule.title);
    expect(event.props.LOCATION).toBe(schedule.place);
    expect(event.props.DESCRIPTION).toContain('2. Idéer (20 min)');
  });
});

describe('the session room', () => {
  it('refuses facilitator controls to members and observers, and votes and hands to observers', async () => {
    const { s, fac, mem, obs } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    const member = socket(s, mem.cookie);
    const observer = socket(s, obs.cookie);
    expect((await join(f, m.id)).me).toMatchObject({ canFacilitate: true, canParticipate: true });
    expect((await join(member, m.id)).me).toMatchObject({ canFacilitate: false, canParticipate: true });
    expect((await join(observer, m.id)).me).toMatchObject({ canFacilitate: false, canParticipate: false });

    expect(code(await member.emitWithAck('meeting:start', { meetingId: m.id }))).toBe(ErrorCode.forbidden);
    expect(code(await f.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }))).toBe(ErrorCode.meetingNotLive);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    data(await f.emitWithAck('meeting:vote-open', { meetingId: m.id, boardId: BOARD, votesPerPerson: 3, scope: { sectionId: 'sektion-1' } }));

    for (const sock of [member, observer]) {
      expect(code(await sock.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }))).toBe(ErrorCode.forbidden);
      expect(code(await sock.emitWithAck('meeting:timer', { meetingId: m.id, action: 'start' }))).toBe(ErrorCode.forbidden);
      expect(code(await sock.emitWithAck('meeting:vote-reveal', { meetingId: m.id }))).toBe(ErrorCode.forbidden);
      expect(code(await sock.emitWithAck('meeting:end', { meetingId: m.id, confirm: true }))).toBe(ErrorCode.forbidden);
    }
    expect(code(await observer.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: 'lapp-a', change: 1 }))).toBe(ErrorCode.forbidden);
    expect(code(await observer.emitWithAck('meeting:hand', { meetingId: m.id, raised: true }))).toBe(ErrorCode.forbidden);
    expect(code(await member.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: 'lapp-c', change: 1 }))).toBe(ErrorCode.voteNotOpen);
    expect(code(await f.emitWithAck('meeting:end', { meetingId: m.id, confirm: false } as never))).toBe(ErrorCode.invalidPayload);
  });

  it('stops sending the room to a person removed from the group, at once', async () => {
    const { s, fac, mem, mem2 } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    const removed = socket(s, mem.cookie);
    const stays = socket(s, mem2.cookie);
    for (const sock of [f, removed, stays]) await join(sock, m.id);
    const heard = { removed: 0, stays: 0 };
    removed.on('meeting:updated', () => heard.removed++);
    stays.on('meeting:updated', () => heard.stays++);

    expect((await api(s, fac.cookie, 'DELETE', `/groups/plast/members/${mem.id}`)).status).toBe(204);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    await waitFor(() => heard.stays === 1, 5_000, 'the remaining member hears the start');
    // One socket's messages arrive in order: had the start gone to the removed person, it would precede this answer.
    expect(code(await removed.emitWithAck('meeting:hand', { meetingId: m.id, raised: true }))).toBe(ErrorCode.forbidden);
    expect(heard.removed).toBe(0);
  });

  it('tells the room who is left when a participant closes the tab, also the facilitator', async () => {
    const { s, fac, mem } = await setup();
    const m = await scheduled(s, fac.cookie);
    const stays = socket(s, mem.cookie);
    const f = socket(s, fac.cookie);
    await join(stays, m.id);
    await join(f, m.id);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    let present: string[] = [];
    stays.on('meeting:participants', (p) => {
      if (p.meetingId === m.id) present = p.present.map((x) => x.userId);
    });
    // A fresh announcement of both, so the one awaited below can only come from the disconnect.
    data(await stays.emitWithAck('meeting:hand', { meetingId: m.id, raised: true }));
    await waitFor(() => present.length === 2, 5_000, 'both are present');

    f.disconnect();
    await waitFor(() => present.length === 1, 5_000, 'the facilitator is no longer present');
    expect(present).toEqual([mem.id]);
  });

  it('keeps the timer, agenda, queue and follow target identical on every client and after a reconnect', async () => {
    const { s, c, fac, mem, mem2 } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    const a = socket(s, mem.cookie);
    const b = socket(s, mem2.cookie);
    const seen = new Map<Sock, { state: MeetingState; serverNow: number }>();
    for (const sock of [f, a, b]) {
      sock.on('meeting:updated', (u) => seen.set(sock, u));
      await join(sock, m.id);
    }
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    c.advance(3 * MIN);
    const started = data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'start' }));
    expect(started.timer).toEqual({ status: 'running', durationMs: 10 * MIN, endsAt: c.ms + 10 * MIN });
    c.advance(4 * MIN);
    data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'pause' }));
    data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'add-minute' }));
    c.advance(MIN);
    data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'resume' }));
    data(await a.emitWithAck('meeting:hand', { meetingId: m.id, raised: true }));
    data(await b.emitWithAck('meeting:hand', { meetingId: m.id, raised: true }));
    data(await f.emitWithAck('meeting:follow-target', { meetingId: m.id, target: { kind: 'board', itemId: BOARD, sectionId: 'sektion-1' } }));
    const last = data(await b.emitWithAck('meeting:follow', { meetingId: m.id, following: false }));

    // paused with 6 min left, +1 min, resumed a minute later: 7 min from then.
    expect(last.timer).toEqual({ status: 'running', durationMs: 11 * MIN, endsAt: c.ms + 7 * MIN });
    expect(last.queue.map((q) => q.userId)).toEqual([mem.id, mem2.id]);
    expect(last.notFollowing).toEqual([mem2.id]);
    await waitFor(() => [f, a, b].every((x) => seen.get(x)?.state.version === last.version), 5_000, 'every client has the last state');
    for (const x of [f, a, b]) expect(seen.get(x)).toEqual({ state: last, serverNow: c.ms });

    // A reload: a new connection gets exactly this state, and its own votes, in one ack.
    a.disconnect();
    const reloaded = await join(socket(s, mem.cookie), m.id);
    expect(reloaded.state).toEqual(last);
    expect(reloaded.serverNow).toBe(c.ms);
    expect(reloaded.present.find((p) => p.userId === mem2.id)).toMatchObject({ following: false, handRaised: true });
    expect(reloaded.present.find((p) => p.userId === fac.id)).toMatchObject({ organisationName: 'Miljöföreningen', role: 'facilitator' });

    // Overrun: the timer stays running past its end; moving on clears it and books the time.
    c.advance(9 * MIN);
    const called = data(await f.emitWithAck('meeting:call-next', { meetingId: m.id }));
    expect(called.speaking?.userId).toBe(mem.id);
    expect(called.timer?.status).toBe('running');
    const next = data(await f.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }));
    // …and brings everyone to the new item: the board section shown before and mem2's stepping away are gone.
    expect(next).toMatchObject({ currentItem: 1, timer: null, currentItemStartedAt: c.ms, followTarget: null, notFollowing: [] });
    // 3 + 4 + 1 + 9 minutes on the first item.
    expect(next.agenda[0]!.spentMs).toBe(17 * MIN);
  });

  it('+1 minute on the timer: only the facilitator, a strict payload, everyone hears it, and past 0:00 it gives a minute from now', async () => {
    const { s, c, fac, mem, obs } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    const member = socket(s, mem.cookie);
    const observer = socket(s, obs.cookie);
    for (const sock of [f, member, observer]) await join(sock, m.id);
    let heard: MeetingState | null = null;
    member.on('meeting:updated', (u) => (heard = u.state));
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    const addMinute = { meetingId: m.id, action: 'add-minute' } as const;
    expect(code(await f.emitWithAck('meeting:timer', addMinute))).toBe(ErrorCode.conflict);
    const started = data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'start', minutes: 2 }));

    for (const sock of [member, observer]) {
      const refused = await sock.emitWithAck('meeting:timer', addMinute);
      expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.forbidden } });
    }
    for (const bad of [{ ...addMinute, minutes: 5 }, { meetingId: m.id, action: 'add-minutes' }, { action: 'add-minute' }]) {
      expect(code(await f.emitWithAck('meeting:timer', bad as never))).toBe(ErrorCode.invalidPayload);
    }
    expect(data(await f.emitWithAck('meeting:join', { meetingId: m.id })).state.timer).toEqual(started.timer);

    c.advance(MIN / 2);
    const added = data(await f.emitWithAck('meeting:timer', addMinute));
    expect(added.timer).toEqual({ status: 'running', durationMs: 3 * MIN, endsAt: c.ms + 2.5 * MIN });
    await waitFor(() => heard?.version === added.version, 5_000, 'the member hears the extra minute');

    // Four minutes past 0:00: one more minute from now, not a minute off the overrun.
    c.advance(2.5 * MIN + 4 * MIN);
    expect(data(await f.emitWithAck('meeting:timer', addMinute)).timer).toEqual({ status: 'running', durationMs: 4 * MIN, endsAt: c.ms + MIN });
    c.advance(2 * MIN);
    data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'pause' }));
    expect(data(await f.emitWithAck('meeting:timer', addMinute)).timer).toEqual({ status: 'paused', durationMs: 5 * MIN, remainingMs: MIN });
  });

  it('never lets concurrent votes exceed the budget or the cap, and reveals exact totals', async () => {
    const { s, fac, mem, mem2 } = await setup();
    const m = await scheduled(s, fac.cookie);
    const socks = [socket(s, fac.cookie), socket(s, mem.cookie), socket(s, mem2.cookie)];
    for (const x of socks) await join(x, m.id);
    const f = socks[0]!;
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    data(await f.emitWithAck('meeting:vote-open', { meetingId: m.id, boardId: BOARD, votesPerPerson: 5, maxPerSticky: 2, scope: { stickyIds: STICKIES } }));

    // Each person fires 12 votes at once, 4 on each of three stickies, from two connections each.
    const extra = [socket(s, fac.cookie), socket(s, mem.cookie), socket(s, mem2.cookie)];
    const acks = await Promise.all(
      [...socks, ...extra].flatMap((x) =>
        Array.from({ length: 6 }, (_, i) => x.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: STICKIES[i % 3]!, change: 1 })),
      ),
    );
    expect(acks.filter((x) => x.ok)).toHaveLength(15);
    for (const x of acks.filter((a) => !a.ok)) expect([ErrorCode.voteBudgetExhausted, ErrorCode.voteCapReached]).toContain(code(x));
    const placed = await s.store.meetingVotes.list(m.id, 1);
    for (const person of [fac.id, mem.id, mem2.id]) {
      const theirs = placed.filter((v) => v.userId === person);
      expect(theirs).toHaveLength(5);
      for (const sticky of STICKIES) expect(theirs.filter((v) => v.stickyId === sticky).length).toBeLessThanOrEqual(2);
    }

    const mine = await join(socks[1]!, m.id);
    expect(mine.me.votes!.remaining).toBe(0);
    expect(Object.values(mine.me.votes!.votes).every((n) => n <= 2)).toBe(true);
    // While open, the shared state says nothing about where the votes went.
    expect(mine.state.voteResults).toEqual([]);

    const taken = data(await socks[1]!.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: Object.keys(mine.me.votes!.votes)[0]!, change: -1 })) as MyVotes;
    expect(taken.remaining).toBe(1);

    const result = data(await f.emitWithAck('meeting:vote-reveal', { meetingId: m.id }));
    expect(result.totalVotes).toBe(14);
    expect(result.voters).toBe(3);
    expect(result.ranking.reduce((n, r) => n + r.votes, 0)).toBe(14);
    expect(result.ranking.map((r) => r.votes)).toEqual([...result.ranking.map((r) => r.votes)].sort((x, y) => y - x));
    expect(result.ranking.at(-1)).toEqual({ stickyId: 'lapp-d', text: 'Idé D', votes: 0 });
    const stored = await s.store.meetingVotes.list(m.id, 1);
    expect(stored).toHaveLength(14);
    expect(code(await socks[1]!.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: 'lapp-a', change: 1 }))).toBe(ErrorCode.voteNotOpen);
  });

  it('carries on after a server restart from the store, timers from their absolute end', async () => {
    const first = await setup();
    const { s, c, fac, mem } = first;
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    await join(f, m.id);
    await join(socket(s, mem.cookie), m.id);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    data(await f.emitWithAck('meeting:timer', { meetingId: m.id, action: 'start', minutes: 7 }));
    data(await f.emitWithAck('meeting:vote-open', { meetingId: m.id, boardId: BOARD, votesPerPerson: 2, scope: { sectionId: 'sektion-1' } }));
    const voted = socket(s, mem.cookie);
    await join(voted, m.id);
    data(await voted.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: 'lapp-b', change: 1 }));
    const before = (await join(f, m.id)).state;

    await s.stop();
    c.advance(2 * MIN);
    const again = await startServer({ dataDir: s.dataDir, now: c.now });
    cleanup.push(() => again.stop());
    cleanup.push(() => removeDir(s.dataDir));
    const rejoined = await join(socket(again, await signInAs(again, 'mats@example.se')), m.id);
    expect(rejoined.state).toEqual(before);
    expect(rejoined.serverNow - (rejoined.state.timer as { endsAt: number }).endsAt).toBe(-5 * MIN);
    expect(rejoined.me.votes).toEqual({ round: 1, votes: { 'lapp-b': 1 }, remaining: 1 });
  });

  it('ends with frozen documents and minutes holding decisions, action items and vote results; attendees amend, a facilitator approves', async () => {
    const { s, c, fac, mem, mem2, obs } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    const a = socket(s, mem.cookie);
    await join(f, m.id);
    await join(a, m.id);
    await join(socket(s, obs.cookie), m.id);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    c.advance(12 * MIN);
    data(await f.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }));
    data(await f.emitWithAck('meeting:vote-open', { meetingId: m.id, boardId: BOARD, votesPerPerson: 1, scope: { stickyIds: ['lapp-a', 'lapp-b'] } }));
    data(await a.emitWithAck('meeting:vote', { meetingId: m.id, stickyId: 'lapp-b', change: 1 }));
    data(await f.emitWithAck('meeting:vote-reveal', { meetingId: m.id }));
    const decision = data(await f.emitWithAck('meeting:decision', { meetingId: m.id, text: 'Vi satsar på idé B.' }));
    data(await f.emitWithAck('meeting:action-item', { meetingId: m.id, text: 'Skriv förslag', owner: { kind: 'user', userId: mem.id }, due: '2026-04-01' }));
    data(await f.emitWithAck('meeting:action-item', { meetingId: m.id, text: 'Boka lokal', owner: { kind: 'organisation', organisationId: 'o1' } }));
    expect(code(await f.emitWithAck('meeting:hand-over', { meetingId: m.id, userId: mem2.id }))).toBe(ErrorCode.invalidPayload);
    // An observer only follows: the room's list says whom it may be handed to, and the server holds to it.
    expect(code(await f.emitWithAck('meeting:hand-over', { meetingId: m.id, userId: obs.id }))).toBe(ErrorCode.invalidPayload);
    const leaders = Object.fromEntries((await join(f, m.id)).present.map((p) => [p.userId, p.canLead]));
    expect(leaders).toEqual({ [fac.id]: true, [mem.id]: true, [obs.id]: false });
    data(await f.emitWithAck('meeting:hand-over', { meetingId: m.id, userId: mem.id }));
    expect(code(await f.emitWithAck('meeting:advance', { meetingId: m.id, direction: 'next' }))).toBe(ErrorCode.forbidden);
    c.advance(20 * MIN);
    const minutes = data(await a.emitWithAck('meeting:end', { meetingId: m.id, confirm: true }));

    expect(minutes.decisions).toEqual([decision]);
    expect(minutes.actionItems.map((x) => [x.text, x.owner.name, x.due])).toEqual([
      ['Skriv förslag', 'mats', '2026-04-01'],
      ['Boka lokal', 'Miljöföreningen', null],
    ]);
    expect(minutes.voteResults[0]!.ranking).toEqual([
      { stickyId: 'lapp-b', text: 'Idé B', votes: 1 },
      { stickyId: 'lapp-a', text: 'Idé A', votes: 0 },
    ]);
    expect(minutes.attendees).toEqual([
      { organisationId: 'o1', organisationName: 'Miljöföreningen', people: [{ userId: fac.id, name: 'fia' }, { userId: mem.id, name: 'mats' }] },
      { organisationId: null, organisationName: null, people: [{ userId: obs.id, name: 'olle' }] },
    ]);
    expect(minutes.agenda.map((x) => x.spentMs)).toEqual([12 * MIN, 20 * MIN, 0]);
    const [page, board] = minutes.agenda;
    const frozen = await s.store.snapshots.get(board!.snapshotId!);
    expect(frozen).toMatchObject({ reason: 'session-end', docName: itemDocName('plast', 'board', BOARD) });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, frozen!.state);
    expect(doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get('lapp-b')!.get('text')!.toString()).toBe('Idé B');
    expect(page!.snapshotId).toEqual(expect.any(String));

    const read = await api<{ minutes: Minutes; markdown: string }>(s, obs.cookie, 'GET', `/groups/plast/meetings/${m.id}/minutes`);
    expect(read.body.minutes).toEqual(minutes);
    expect(read.body.markdown).toContain('Vi satsar på idé B.');
    expect(read.body.markdown).toContain('- **Miljöföreningen**: fia, mats');
    // Fia handed over to Mats after 12 minutes: the minutes name both, each with the part they led.
    const at = (min: number) => new Date(T0 + min * MIN).toISOString();
    expect(minutes.facilitators).toEqual([
      { userId: fac.id, name: 'fia', from: at(0), until: at(12) },
      { userId: mem.id, name: 'mats', from: at(12), until: at(32) },
    ]);
    expect(minutes.facilitator).toEqual({ userId: mem.id, name: 'mats' });
    expect(read.body.markdown).toContain('Samtalsledare: fia (13:00–13:12), mats (13:12–13:32)\n');
    const en = await api<{ markdown: string }>(s, obs.cookie, 'GET', `/groups/plast/meetings/${m.id}/minutes?lang=en`);
    expect(en.body.markdown).toContain('Facilitators: fia (13:00–13:12), mats (13:12–13:32)\n');

    // What each reader is offered: the attendees who take part amend, the group's facilitator and the session's last facilitator approve.
    const offered = async (cookie: string) => (await api<{ can: { amend: boolean; approve: boolean } }>(s, cookie, 'GET', `/groups/plast/meetings/${m.id}/minutes`)).body.can;
    expect(await offered(obs.cookie)).toEqual({ amend: false, approve: false });
    expect(await offered(mem.cookie)).toEqual({ amend: true, approve: true });
    expect(await offered(mem2.cookie)).toEqual({ amend: false, approve: false });
    expect(await offered(fac.cookie)).toEqual({ amend: true, approve: true });
    const amend = (cookie: string) => api<{ minutes: Minutes; error?: { code: string } }>(s, cookie, 'POST', `/groups/plast/meetings/${m.id}/minutes/amendments`, { text: 'Stavfel i punkt 2.' });
    expect((await amend(obs.cookie)).status).toBe(403);
    expect((await amend(mem2.cookie)).status).toBe(403);
    const amended = await amend(mem.cookie);
    expect(amended.status).toBe(201);
    expect(amended.body.minutes.amendments).toEqual([
      { id: expect.any(String), authorId: mem.id, authorName: 'mats', text: 'Stavfel i punkt 2.', createdAt: new Date(c.ms).toISOString() },
    ]);
    expect((await api(s, mem2.cookie, 'POST', `/groups/plast/meetings/${m.id}/minutes/approve`)).status).toBe(403);
    const approved = await api<{ minutes: Minutes }>(s, fac.cookie, 'POST', `/groups/plast/meetings/${m.id}/minutes/approve`);
    expect(approved.body.minutes).toMatchObject({ approvedBy: fac.id, approvedAt: new Date(c.ms).toISOString() });
    const late = await amend(mem.cookie);
    expect([late.status, late.body.error?.code]).toEqual([409, ErrorCode.minutesClosed]);
    expect(await offered(fac.cookie)).toEqual({ amend: false, approve: false });
  });

  it("makes decisions and action items searchable as they are recorded, and the minutes once it ends, for the group only", async () => {
    const { s, fac, mem } = await setup();
    const outsider = await addPerson(s, 'ute@example.se');
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    await join(f, m.id);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    data(await f.emitWithAck('meeting:decision', { meetingId: m.id, text: 'Vi inför returkärl i kantinen.' }));
    data(await f.emitWithAck('meeting:action-item', { meetingId: m.id, text: 'Beställ returkärl', owner: { kind: 'user', userId: mem.id } }));
    type Hits = { results: { kind: string; link: string; title: string }[] };
    const search = async (cookie: string, q: string) => (await api<Hits>(s, cookie, 'GET', `/search?q=${encodeURIComponent(q)}`)).body.results;

    await waitFor(async () => (await search(mem.cookie, 'returkärl')).length === 2, 5_000, 'decision and action item indexed');
    const hits = await search(mem.cookie, 'returkärl');
    expect(hits.map((h) => h.kind).sort()).toEqual(['action', 'decision']);
    for (const h of hits) expect(h).toMatchObject({ link: `/groups/plast/sessions/${m.id}`, title: schedule.title });

    data(await f.emitWithAck('meeting:end', { meetingId: m.id, confirm: true }));
    await waitFor(async () => (await search(mem.cookie, 'returkärl')).some((h) => h.kind === 'minutes'), 5_000, 'minutes indexed');
    expect(await search(outsider.cookie, 'returkärl')).toEqual([]);
  });

  it('closes amendments after the configured period', async () => {
    const { s, c, fac, mem } = await setup();
    const m = await scheduled(s, fac.cookie);
    const f = socket(s, fac.cookie);
    await join(f, m.id);
    await join(socket(s, mem.cookie), m.id);
    data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
    const minutes = data(await f.emitWithAck('meeting:end', { meetingId: m.id, confirm: true }));
    expect(minutes.amendableUntil).toBe(new Date(c.ms + 48 * 60 * MIN).toISOString());
    c.advance(48 * 60 * MIN + 1);
    const late = await api<{ error: { code: string } }>(s, mem.cookie, 'POST', `/groups/plast/meetings/${m.id}/minutes/amendments`, { text: 'Sent.' });
    expect([late.status, late.body.error.code]).toEqual([409, ErrorCode.minutesClosed]);
  });
});

async function signInAs(s: TestServer, email: string): Promise<string> {
  const { signIn, MEMBER_PASSWORD } = await import('../test/harness.js');
  return signIn(s.url, email, MEMBER_PASSWORD);
}
