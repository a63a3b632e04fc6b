import { BOARD_STICKIES, itemDocName, type Meeting } from '@samla/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDoc, connectSocket, signIn, waitFor } from '../server/src/test/harness.js';
import { expectText, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { addSticky, seedBoard } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

const BOARD_ID = 'tavla-arkiv-0001';
const BOARD_TITLE = 'Idéer om pant';
const STICKY_ID = 'stickyarkiv00001';
const STICKY_TEXT = 'Pantsystem för kaffemuggar';
const SESSION_TITLE = 'Plastgruppen i februari';

/** Schedules a session with the board on its agenda and runs it over Socket.IO to its end, with a decision and an action item. */
async function runSession(server: AppServer, cookie: string, ownerId: string): Promise<Meeting> {
  const res = await fetch(`${server.url}/api/groups/plast/meetings`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: SESSION_TITLE,
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      durationMinutes: 60,
      agenda: [{ title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD_ID } }],
    }),
  });
  expect(res.status).toBe(201);
  const { meeting } = (await res.json()) as { meeting: Meeting };
  const socket = connectSocket(server.url, cookie);
  try {
    const ok = async (event: string, payload: object) => {
      const ack = (await socket.emitWithAck(event as 'meeting:join', { meetingId: meeting.id, ...payload } as never)) as { ok: boolean; error?: unknown };
      if (!ack.ok) throw new Error(`${event}: ${JSON.stringify(ack.error)}`);
    };
    await ok('meeting:join', {});
    await ok('meeting:start', {});
    await ok('meeting:decision', { text: 'Vi provar pant på muggar i kantinen.' });
    await ok('meeting:action-item', { text: 'Fråga kantinen om pantsystem', owner: { kind: 'user', userId: ownerId }, due: '2020-01-31' });
    await ok('meeting:end', { confirm: true });
  } finally {
    socket.disconnect();
  }
  return meeting;
}

describe('past sessions', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await seedBoard(server, BOARD_ID, BOARD_TITLE, (doc) => {
      addSticky(doc, STICKY_ID, STICKY_TEXT, 100, 100);
      addSticky(doc, 'stickyarkiv00002', 'Återbruksskåp', 340, 100);
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("from the search box, open a result in a past session's frozen board, and confirm the sticky is there", async () => {
    const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
    // The action item's owner: the coordinator, who is facilitator of every group.
    const admin = (await server.store.users.findByEmail(ADMIN.email))!;
    const meeting = await runSession(server, cookie, admin.id);

    // After the end, the sticky goes from the live board: only the frozen board still has it.
    const live = connectDoc(server.wsUrl, itemDocName('plast', 'board', BOARD_ID), cookie);
    try {
      await waitFor(() => live.provider.synced, 10_000, 'sync');
      live.doc.getMap(BOARD_STICKIES).delete(STICKY_ID);
      const check = connectDoc(server.wsUrl, itemDocName('plast', 'board', BOARD_ID), cookie);
      try {
        await waitFor(() => check.provider.synced && !check.doc.getMap(BOARD_STICKIES).has(STICKY_ID), 10_000, 'the deletion stored');
      } finally {
        check.provider.destroy();
      }
    } finally {
      live.provider.destroy();
    }
    // The live board is re-indexed about a second after the change; the frozen entry stays.
    await expect
      .poll(async () => (await server.store.search.query({ text: 'kaffemuggar', groupIds: ['plast'], limit: 5 })).map((h) => h.link), { timeout: 10_000 })
      .toEqual([expect.stringMatching(new RegExp(`^/groups/plast/sessions/${meeting.id}\\?snapshot=[^&]+&sticky=${STICKY_ID}$`))]);

    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    const box = page.getByRole('search', { name: 'Sök i grupperna' }).getByRole('searchbox', { name: 'Sök i dina grupper' });
    await box.fill('kaffemuggar');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Träffar för ”kaffemuggar”' }).waitFor();
    // A frozen sticky carries its board's title (issue 17: not the session's); its link opens the session.
    const result = page.getByRole('link', { name: BOARD_TITLE, exact: true });
    await result.click();

    // The session page: the minutes, and the board exactly as it was at the end, sticky included.
    await page.getByRole('heading', { level: 2, name: SESSION_TITLE }).waitFor();
    const frozen = page.getByRole('region', { name: 'Tavlan till ”Idéer”' });
    await frozen.waitFor();
    await expectText(frozen.getByTestId('frozen-version'), 'Så här såg den ut när mötet avslutades.');
    await frozen.locator('.sticky', { hasText: STICKY_TEXT }).waitFor();
    // The link's &sticky= picks it out: selected and focused, as on a live board.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-sticky-id]')?.getAttribute('data-sticky-id'))).toBe(STICKY_ID);
    await expectText(page.getByTestId('minutes-status'), 'Utkast');
    const markdown = page.getByRole('link', { name: 'Ladda ned protokollet (Markdown)' });
    expect(await markdown.getAttribute('href')).toBe(`/api/groups/plast/meetings/${meeting.id}/minutes.md?lang=sv`);
    expect(await seriousViolations(page), 'session page').toEqual([]);

    // Printing shows the minutes without the header, buttons or the frozen boards.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Skriv ut eller spara som PDF' }).isVisible()).toBe(false);
    expect(await page.getByRole('heading', { name: 'Protokoll' }).isVisible()).toBe(true);
    expect(await page.locator('.past-session__snapshots').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The archive lists it with its counts.
    await page.getByRole('link', { name: 'Till gruppens arkiv' }).click();
    await page.getByRole('heading', { level: 2, name: 'Arkiv' }).waitFor();
    const row = page.getByTestId('archive-sessions').getByRole('row', { name: new RegExp(SESSION_TITLE) });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([expect.any(String), '1', '1', '1', 'Utkast']);
    await expectText(page.getByTestId('archive-timeline'), 'Vid mötets slut, tavla');
    expect(await seriousViolations(page), 'archive').toEqual([]);

    // The calendar feed: made, shown once, served to a calendar app without a cookie, revoked.
    await page.getByRole('button', { name: 'Skapa kalenderlänk' }).click();
    const feedUrl = await page.getByLabel('Kalenderadress (hemlig)').inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${server.url}/api/calendar/[A-Za-z0-9_-]+\\.ics$`));
    const feed = await fetch(feedUrl);
    expect([feed.status, (await feed.text()).includes(`SUMMARY:${SESSION_TITLE}`)]).toEqual([200, true]);
    expect(await seriousViolations(page), 'archive with a calendar link').toEqual([]);
    await page.getByRole('button', { name: 'Återkalla länken' }).click();
    await page.getByText('Du har ingen kalenderlänk för den här gruppen.').waitFor();
    expect((await fetch(feedUrl)).status).toBe(404);

    // The action item in the tracker: overdue, then done by its owner.
    await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Åtgärder' }).click();
    await page.getByRole('heading', { level: 1, name: 'Åtgärder' }).waitFor();
    const item = page.getByTestId('tracker').getByRole('listitem').filter({ hasText: 'Fråga kantinen om pantsystem' });
    await expectText(item, 'Försenad');
    expect(await item.getByRole('link', { name: new RegExp(SESSION_TITLE) }).getAttribute('href')).toBe(`/groups/plast/sessions/${meeting.id}`);
    expect(await seriousViolations(page), 'action items').toEqual([]);
    await item.getByRole('button', { name: 'Markera som klar: Fråga kantinen om pantsystem' }).click();
    await item.getByRole('button', { name: 'Öppna igen: Fråga kantinen om pantsystem' }).waitFor();
    await page.getByLabel('Bara försenade').check();
    await page.getByRole('heading', { name: 'Inga åtgärder matchar filtret' }).waitFor();
    expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
    // The session's minutes show it done too.
    await page.goto(`${server.url}/groups/plast/sessions/${meeting.id}`);
    await expectText(page.getByTestId('action-items').getByRole('listitem').filter({ hasText: 'Fråga kantinen om pantsystem' }), 'Klar');
  });
});
