import {
  BOARD_STICKIES,
  SPACE_ITEMS,
  itemDocName,
  spaceDocName,
  type GroupArchive,
  type Meeting,
  type TrackedActionsResponse,
} from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addPerson, connectSocket, startServer, waitFor } from '../test/harness.js';
import { api, data, MIN, parseIcs, seedPeople, T0, testClock } from '../test/meetings.js';

/** Past sessions and their follow-up: the archive, the action-item tracker, minutes export, calendar feeds, frozen search. */

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const BOARD = 'tavla-0001';

async function setup() {
  const clock = testClock();
  const s = await startServer({ now: clock.now });
  cleanup.push(() => s.stop());
  await s.app.collab.withDoc(spaceDocName('plast'), (d) => {
    const item = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ kind: 'board', title: 'Idétavlan', order: 1, archived: false })) item.set(k, v);
    d.doc.getMap<Y.Map<unknown>>(SPACE_ITEMS).set(BOARD, item);
  });
  await s.app.collab.withDoc(itemDocName('plast', 'board', BOARD), (d) => {
    const sticky = new Y.Map<unknown>();
    sticky.set('text', new Y.Text('Pantsystem för kaffemuggar'));
    sticky.set('sectionId', null);
    d.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).set('lapp-a', sticky);
  });
  const { fac, mem, mem2, obs } = await seedPeople(s);
  await s.store.users.update(mem2.id, { organisationId: 'o1' });
  return { s, clock, fac, mem, mem2, obs };
}

/**
 * Schedules, runs and ends a session led by `fac`, with the board on the agenda, the given decisions and
 * action items; `mem` attends too.
 */
async function runSession(
  ctx: Awaited<ReturnType<typeof setup>>,
  title: string,
  outcomes: { decisions?: string[]; actions?: { text: string; owner: object; due?: string }[] } = {},
): Promise<Meeting> {
  const { s, clock, fac, mem } = ctx;
  const res = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
    title,
    startsAt: new Date(clock.now().getTime() + MIN).toISOString(),
    durationMinutes: 60,
    agenda: [{ title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD } }],
  });
  expect(res.status).toBe(201);
  const m = res.body.meeting;
  const f = connectSocket(s.url, fac.cookie);
  const a = connectSocket(s.url, mem.cookie);
  cleanup.push(() => f.disconnect(), () => a.disconnect());
  data(await f.emitWithAck('meeting:join', { meetingId: m.id }));
  data(await a.emitWithAck('meeting:join', { meetingId: m.id }));
  data(await f.emitWithAck('meeting:start', { meetingId: m.id }));
  for (const text of outcomes.decisions ?? []) data(await f.emitWithAck('meeting:decision', { meetingId: m.id, text }));
  for (const x of outcomes.actions ?? []) data(await f.emitWithAck('meeting:action-item', { meetingId: m.id, ...x } as never));
  clock.advance(30 * MIN);
  data(await f.emitWithAck('meeting:end', { meetingId: m.id, confirm: true }));
  clock.advance(MIN);
  return m;
}

describe('the archive and the minutes export', () => {
  it('lists ended sessions newest first with counts, a timeline with the frozen versions, and the minutes as a Markdown download', async () => {
    const ctx = await setup();
    const { s, fac, mem, obs } = ctx;
    const first = await runSession(ctx, 'Mars: plast', {
      decisions: ['Vi inför returkärl.', 'Vi mäter svinnet.'],
      actions: [{ text: 'Beställ kärl', owner: { kind: 'user', userId: mem.id }, due: '2026-04-01' }],
    });
    const second = await runSession(ctx, 'April: *plast* <i>', { decisions: ['Ett beslut'] });
    const upcoming = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
      title: 'Maj', startsAt: '2026-05-01T10:00:00Z', durationMinutes: 60, agenda: [],
    });

    const archive = await api<GroupArchive>(s, obs.cookie, 'GET', '/groups/plast/archive');
    expect(archive.status).toBe(200);
    expect(archive.body.meetings.map((m) => [m.title, m.attendance, m.decisions, m.actionItems, m.minutes])).toEqual([
      ['April: *plast* <i>', 2, 1, 0, 'draft'],
      ['Mars: plast', 2, 2, 1, 'draft'],
    ]);
    // Sessions and the versions frozen at their ends, newest first, each version tied to its session.
    const timeline = archive.body.timeline.map((e) => (e.kind === 'session' ? `session ${e.meetingId}` : `version ${e.reason} ${e.meetingId}`));
    expect(timeline).toEqual([`session ${second.id}`, `version session-end ${second.id}`, `session ${first.id}`, `version session-end ${first.id}`]);
    expect(timeline.join()).not.toContain(upcoming.body.meeting.id);
    const outsider = await addPerson(s, 'ute@example.se');
    expect((await api(s, outsider.cookie, 'GET', '/groups/plast/archive')).status).toBe(403);

    const md = await api(s, obs.cookie, 'GET', `/groups/plast/meetings/${second.id}/minutes.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="april-plast-i.md"');
    const mars = (await api(s, obs.cookie, 'GET', `/groups/plast/meetings/${first.id}/minutes.md`)).text;
    expect(mars).toMatch(/^# Mars: plast\n/);
    expect(mars).toContain('## Beslut\n\n- Vi inför returkärl.\n- Vi mäter svinnet.');
    expect(mars).toContain('- Beställ kärl (mats, senast 1 april 2026)');
    expect(mars).toContain('Utkast: kompletteringar kan göras till');
    expect((await api(s, obs.cookie, 'GET', `/groups/plast/meetings/${upcoming.body.meeting.id}/minutes.md`)).status).toBe(404);
    expect((await api(s, outsider.cookie, 'GET', `/groups/plast/meetings/${first.id}/minutes.md`)).status).toBe(403);
  });
});

describe('the action-item tracker', () => {
  it('lists action items across groups with filters, and lets only the owner, their organisation and facilitators mark them done', async () => {
    const ctx = await setup();
    const { s, clock, fac, mem, mem2, obs } = ctx;
    await s.store.groups.create({ id: 'energi', name: 'Energi', description: '', createdAt: new Date(T0) });
    await s.store.memberships.upsert({ groupId: 'energi', userId: mem.id, role: 'member', createdAt: new Date(T0) });
    const m = await runSession(ctx, 'Mars', {
      actions: [
        { text: 'Beställ kärl', owner: { kind: 'user', userId: mem.id }, due: '2026-03-01' },
        { text: 'Boka lokal', owner: { kind: 'organisation', organisationId: 'o1' }, due: '2026-12-01' },
        { text: 'Skriv utskick', owner: { kind: 'user', userId: fac.id } },
      ],
    });
    const list = async (cookie: string, query = '') => {
      const res = await api<TrackedActionsResponse>(s, cookie, 'GET', `/me/actions${query}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const texts = (r: TrackedActionsResponse) => r.actions.map((a) => a.item.text);

    const all = await list(mem.cookie);
    expect(all.today).toBe('2026-03-05');
    // Open first, soonest due first, no due date last.
    expect(texts(all)).toEqual(['Beställ kärl', 'Boka lokal', 'Skriv utskick']);
    expect(all.actions[0]).toMatchObject({
      group: { id: 'plast' },
      meeting: { id: m.id, title: 'Mars', status: 'ended' },
      link: `/groups/plast/sessions/${m.id}`,
      overdue: true,
      mayChange: true,
      item: { done: false, doneAt: null, doneBy: null },
    });
    expect(all.actions.map((a) => a.mayChange)).toEqual([true, false, false]);
    expect(all.actions[1]!.organisation).toEqual({ id: 'o1', name: 'Miljöföreningen' });
    expect(all.filters.owners.map((o) => o.name)).toEqual(['fia', 'mats']);
    expect(all.filters.organisations).toEqual([{ id: 'o1', name: 'Miljöföreningen' }]);
    expect(texts(await list(mem.cookie, '?overdue=true'))).toEqual(['Beställ kärl']);
    expect(texts(await list(mem.cookie, `?owner=${fac.id}`))).toEqual(['Skriv utskick']);
    expect(texts(await list(mem.cookie, '?organisation=o1'))).toEqual(['Boka lokal']);
    expect(texts(await list(mem.cookie, '?group=energi'))).toEqual([]);
    expect((await list(mem2.cookie)).actions.map((a) => a.mayChange)).toEqual([false, true, false]);
    expect((await list(fac.cookie)).actions.map((a) => a.mayChange)).toEqual([true, true, true]);
    expect((await api(s, mem.cookie, 'GET', '/me/actions?status=maybe')).status).toBe(400);
    const outsider = await addPerson(s, 'ute@example.se');
    expect(texts(await list(outsider.cookie))).toEqual([]);

    const [kärl, lokal] = all.actions.map((a) => a.item.id);
    const mark = (cookie: string, id: string, done: boolean) =>
      api<{ action: { done: boolean; doneBy: string | null; doneAt: number | null } }>(s, cookie, 'PUT', `/groups/plast/meetings/${m.id}/actions/${id}`, { done });
    expect((await mark(mem2.cookie, kärl!, true)).status).toBe(403);
    expect((await mark(obs.cookie, kärl!, true)).status).toBe(403);
    expect((await mark(outsider.cookie, kärl!, true)).status).toBe(403);
    clock.advance(MIN);
    const done = await mark(mem.cookie, kärl!, true);
    expect(done.status).toBe(200);
    expect(done.body.action).toMatchObject({ done: true, doneBy: mem.id, doneAt: clock.now().getTime() });
    expect((await mark(mem2.cookie, lokal!, true)).status).toBe(200);
    expect(texts(await list(mem.cookie, '?status=done'))).toEqual(['Beställ kärl', 'Boka lokal']);
    expect(texts(await list(mem.cookie, '?overdue=true'))).toEqual([]);
    // Stored with the session (through compare-and-set), so the minutes show it too.
    const stored = await s.store.meetings.get(m.id);
    expect(stored!.actionItems.map((a) => a.done ?? false)).toEqual([true, true, false]);
    // A group facilitator reopens it.
    expect((await mark(fac.cookie, kärl!, false)).body.action).toMatchObject({ done: false, doneBy: null, doneAt: null });
    expect(texts(await list(mem.cookie, '?status=open'))).toEqual(['Beställ kärl', 'Skriv utskick']);
    expect((await mark(mem.cookie, 'finns-inte', true)).status).toBe(404);
    // Archived groups are kept for reading.
    await s.store.groups.update('plast', { archivedAt: new Date() });
    expect((await mark(mem.cookie, kärl!, true)).status).toBe(409);
  });
});

describe('marking done during a live session', () => {
  it('sends the room the new state', async () => {
    const { s, fac, mem } = await setup();
    const res = await api<{ meeting: Meeting }>(s, fac.cookie, 'POST', '/groups/plast/meetings', {
      title: 'Pågår', startsAt: '2026-03-05T12:01:00Z', durationMinutes: 60, agenda: [],
    });
    const id = res.body.meeting.id;
    const f = connectSocket(s.url, fac.cookie);
    const a = connectSocket(s.url, mem.cookie);
    cleanup.push(() => f.disconnect(), () => a.disconnect());
    data(await f.emitWithAck('meeting:join', { meetingId: id }));
    data(await a.emitWithAck('meeting:join', { meetingId: id }));
    data(await f.emitWithAck('meeting:start', { meetingId: id }));
    const item = data(await f.emitWithAck('meeting:action-item', { meetingId: id, text: 'Ring kommunen', owner: { kind: 'user', userId: mem.id } }));
    const seen: boolean[] = [];
    a.on('meeting:updated', ({ state }) => seen.push(state.actionItems[0]?.done ?? false));
    expect((await api(s, mem.cookie, 'PUT', `/groups/plast/meetings/${id}/actions/${item.id}`, { done: true })).status).toBe(200);
    await waitFor(() => seen.includes(true), 5_000, 'the room told');
  });
});

describe('calendar feeds', () => {
  it('serves the group\'s sessions to a secret URL that parses, until revoked or the person leaves the group', async () => {
    const ctx = await setup();
    const { s, fac, mem } = ctx;
    await runSession(ctx, 'Mars; plast, och mer');
    await api(s, fac.cookie, 'POST', '/groups/plast/meetings', { title: 'Maj', startsAt: '2026-05-01T10:00:00Z', durationMinutes: 60, agenda: [] });

    const made = await api<{ url: string; feed: { id: string; groupId: string } }>(s, mem.cookie, 'POST', '/me/calendar-feeds', { groupId: 'plast' });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(new RegExp(`^${s.url}/api/calendar/[A-Za-z0-9_-]{40,}\\.ics$`));
    const fetchFeed = (url: string) => fetch(url);
    const res = await fetchFeed(made.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const cal = parseIcs(await res.text());
    const events = cal.components.filter((c) => c.name === 'VEVENT');
    expect(events.map((e) => e.props.SUMMARY)).toEqual(['Mars; plast, och mer', 'Maj']);
    expect(events[1]!.props.DTSTART).toBe('20260501T100000Z');
    expect(cal.components.at(-1)!.props['X-WR-CALNAME']).toMatch(/^Samla: /);
    // Only the hash is stored.
    const [stored] = await s.store.calendarFeeds.listForUser(mem.id);
    expect(made.body.url).not.toContain(stored!.tokenHash);
    expect((await api<{ feeds: unknown[] }>(s, mem.cookie, 'GET', '/me/calendar-feeds')).body.feeds).toEqual([
      { id: made.body.feed.id, groupId: 'plast', groupName: expect.any(String), createdAt: expect.any(String) },
    ]);

    // Someone else cannot revoke it; the owner can, and then it answers 404.
    expect((await api(s, fac.cookie, 'DELETE', `/me/calendar-feeds/${made.body.feed.id}`)).status).toBe(404);
    expect((await api(s, mem.cookie, 'DELETE', `/me/calendar-feeds/${made.body.feed.id}`)).status).toBe(204);
    expect((await fetchFeed(made.body.url)).status).toBe(404);

    // A new URL replaces the old one; leaving the group stops it.
    const again = await api<{ url: string }>(s, mem.cookie, 'POST', '/me/calendar-feeds', { groupId: 'plast' });
    const newer = await api<{ url: string }>(s, mem.cookie, 'POST', '/me/calendar-feeds', { groupId: 'plast' });
    expect((await fetchFeed(again.body.url)).status).toBe(404);
    expect((await fetchFeed(newer.body.url)).status).toBe(200);
    expect((await api(s, mem.cookie, 'DELETE', `/groups/plast/members/${mem.id}`)).status).toBe(204);
    expect((await fetchFeed(newer.body.url)).status).toBe(404);
    expect((await api(s, mem.cookie, 'POST', '/me/calendar-feeds', { groupId: 'plast' })).status).toBe(403);
    expect((await fetch(`${s.url}/api/calendar/not-a-token.ics`)).status).toBe(404);

    // The person's data export says the feed exists, without its secret; deleting the account removes it.
    const exported = await api<{ calendarFeeds: unknown[] }>(s, mem.cookie, 'GET', '/me/export');
    expect(exported.body.calendarFeeds).toEqual([{ groupId: 'plast', createdAt: expect.any(String) }]);
    expect(exported.text).not.toContain((await s.store.calendarFeeds.listForUser(mem.id))[0]!.tokenHash);
    expect((await api(s, mem.cookie, 'DELETE', '/me')).status).toBe(204);
    expect(await s.store.calendarFeeds.listForUser(mem.id)).toEqual([]);
  });
});

describe('frozen boards in search', () => {
  it('finds a sticky as it was at the end of a session, after it changed on the live board, linking to the frozen version', async () => {
    const ctx = await setup();
    const { s, mem } = ctx;
    const outsider = await addPerson(s, 'ute@example.se');
    const m = await runSession(ctx, 'Mars');
    await s.app.collab.withDoc(itemDocName('plast', 'board', BOARD), (d) => {
      const text = d.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).get('lapp-a')!.get('text') as Y.Text;
      text.delete(0, text.length);
      text.insert(0, 'Cykelparkering vid entrén');
    });
    type Hits = { results: { kind: string; itemId: string; subId: string; link: string; title: string }[] };
    const search = async (cookie: string) => (await api<Hits>(s, cookie, 'GET', '/search?q=kaffemuggar')).body.results;
    const minutes = await s.store.meetings.get(m.id);
    const snapshotId = Object.values(minutes!.minutes!.snapshots)[0]!;
    await waitFor(async () => (await search(mem.cookie)).length > 0, 5_000, 'the frozen board indexed');
    await waitFor(async () => (await api<Hits>(s, mem.cookie, 'GET', '/search?q=cykelparkering')).body.results.length > 0, 5_000, 'the live board re-indexed');
    expect(await search(mem.cookie)).toEqual([
      expect.objectContaining({
        kind: 'board',
        itemId: snapshotId,
        subId: 'lapp-a',
        title: 'Idétavlan',
        link: `/groups/plast/sessions/${m.id}?snapshot=${snapshotId}&sticky=lapp-a`,
      }),
    ]);
    // The frozen stickies are not given the session's name as their own title.
    const bySessionName = (await api<Hits>(s, mem.cookie, 'GET', '/search?q=mars')).body.results;
    expect(bySessionName.filter((r) => r.itemId === snapshotId)).toEqual([]);
    expect(await search(outsider.cookie)).toEqual([]);
  });
});
