import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, Meeting } from '@samla/shared';
import { connectSocket, signIn, waitFor } from '../server/src/test/harness.js';
import { expectText, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { addSticky, seedBoard } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem } from './support/space.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

/**
 * "Diskuterat tidigare" on a page and `?sticky=` links into a board, in the built app against the real
 * server: an earlier session of Plast (run over Socket.IO) decided something about plastic bags, and a
 * sticky far out on a board says the same; a new page about plastic bags shows both and leads to them.
 */
const BOARD_ID = 'board-related-01';
const STICKY_ID = 'stickykassa00001';
let meetingId = '';

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** Schedules, runs and ends a Plast session with one decision, as the coordinator (Plast's facilitator). */
async function earlierSession(server: AppServer): Promise<string> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const res = await fetch(`${server.url}/api/groups/plast/meetings`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Marsmötet', startsAt: '2026-03-05T13:00:00+01:00', durationMinutes: 60, agenda: [{ title: 'Påsar', timeboxMinutes: 10 }] }),
  });
  const { meeting } = (await res.json()) as { meeting: Meeting };
  const socket = connectSocket(server.url, cookie);
  try {
    data(await socket.emitWithAck('meeting:join', { meetingId: meeting.id }));
    data(await socket.emitWithAck('meeting:start', { meetingId: meeting.id }));
    data(await socket.emitWithAck('meeting:decision', { meetingId: meeting.id, text: 'Butiken slutar dela ut plastpåsar vid kassan.' }));
    data(await socket.emitWithAck('meeting:end', { meetingId: meeting.id, confirm: true }));
  } finally {
    socket.disconnect();
  }
  return meeting.id;
}

/** The element that has keyboard focus, by its sticky id (null when it is not a sticky). */
const focusedSticky = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-sticky-id') ?? null);

/** Whether the sticky lies entirely inside the board's viewport. */
async function stickyInView(page: Page, stickyId: string): Promise<boolean> {
  const sticky = await page.locator(`[data-sticky-id="${stickyId}"]`).boundingBox();
  const viewport = await page.getByRole('region', { name: 'Tavla' }).boundingBox();
  if (!sticky || !viewport) return false;
  return (
    sticky.x >= viewport.x && sticky.y >= viewport.y && sticky.x + sticky.width <= viewport.x + viewport.width && sticky.y + sticky.height <= viewport.y + viewport.height
  );
}

describe('discussed before', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    // Far out to the right and down: the board opens at its top-left corner, so reaching it takes a pan.
    await seedBoard(server, BOARD_ID, 'Idéer om kassan', (doc) => {
      addSticky(doc, 'stickycykel00001', 'Fler cykelställ', 100, 100);
      addSticky(doc, STICKY_ID, 'Inga plastpåsar vid kassan', 2600, 1800);
    });
    meetingId = await earlierSession(server);
    // The board is indexed about a second after it was written; the decision at once.
    await waitFor(async () => (await server.store.search.query({ text: 'plastpåsar', groupIds: ['plast'], limit: 10 })).length >= 2, 10_000, 'indexed');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a new page lists the earlier decision and the sticky, by keyboard and screen reader, and the sticky link focuses it on its board', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');
    await createItem(page, 'Ny sida', 'Plastpåsar i butiken');

    // Collapsed at first, with the number of matches in its name; opened by keyboard.
    const toggle = page.getByRole('button', { name: /^Diskuterat tidigare/ });
    await expectText(toggle, 'träffar');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');

    const panel = page.getByRole('region', { name: /^Diskuterat tidigare/ });
    const session = panel.getByRole('link', { name: 'Möte: Marsmötet' });
    await session.waitFor();
    expect(await session.getAttribute('href')).toBe(`/groups/plast/sessions/${meetingId}`);
    const sessionEntry = panel.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Möte: Marsmötet' }) });
    await expectText(sessionEntry, 'Beslut: Butiken slutar dela ut plastpåsar vid kassan.');
    await expectText(sessionEntry, 'Hölls 5 mars 2026');
    await expectText(sessionEntry, 'Plast');

    const stickyLink = panel.getByRole('link', { name: 'Lapp: Idéer om kassan' });
    expect(await stickyLink.getAttribute('href')).toBe(`/groups/plast/boards/${BOARD_ID}?sticky=${STICKY_ID}`);
    const stickyEntry = panel.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Lapp: Idéer om kassan' }) });
    // The new page has only its title to go on: the sticky matched on "plastpåsar".
    expect(await stickyEntry.locator('mark').allTextContents()).toEqual(['plastpåsar']);
    // The page's own title matched itself nowhere: it is left out.
    expect(await panel.getByRole('link', { name: /Plastpåsar i butiken/ }).count()).toBe(0);

    expect(await seriousViolations(page), 'page with the panel open').toEqual([]);

    // Typing on the page does not ask again: the list stays as it was.
    let asked = 0;
    page.on('request', (r) => void (r.url().includes('/related?') && asked++));
    await page.getByRole('textbox', { name: 'Plastpåsar i butiken' }).click();
    await page.keyboard.type('Kassan ');
    await waitForSaved(page);
    expect(asked).toBe(0);
    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await expect.poll(() => asked).toBe(1);

    // Following the sticky's link opens the board at the sticky, selected and with keyboard focus.
    await stickyLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Idéer om kassan' }).waitFor();
    await expect.poll(() => focusedSticky(page), { timeout: 10_000 }).toBe(STICKY_ID);
    expect(await stickyInView(page, STICKY_ID)).toBe(true);
    await page.getByRole('group', { name: 'Vald lapp' }).getByRole('combobox', { name: 'Färg' }).waitFor();
  });

  it('opening a board link with ?sticky= pans to the sticky and focuses it; a sticky that is gone is said to be gone', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto(`/groups/plast/boards/${BOARD_ID}?sticky=${STICKY_ID}`);
    await expect.poll(() => focusedSticky(page), { timeout: 10_000 }).toBe(STICKY_ID);
    expect(await stickyInView(page, STICKY_ID)).toBe(true);
    expect(await stickyInView(page, 'stickycykel00001')).toBe(false);
    expect(await page.getByRole('alert').filter({ hasText: 'finns inte längre' }).count()).toBe(0);

    await page.goto(`/groups/plast/boards/${BOARD_ID}?sticky=stickyborta00001`);
    const notice = page.getByRole('alert').filter({ hasText: 'Lappen du följde en länk till finns inte längre på tavlan.' });
    await notice.waitFor();
    expect(await focusedSticky(page)).toBeNull();
    await notice.getByRole('button', { name: 'Stäng' }).click();
    await notice.waitFor({ state: 'detached' });
  });
});
