import type { Meeting, ScheduleMeetingRequest } from '@samla/shared';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../server/src/test/harness.js';
import { expectText } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { addSection, addSticky, seedBoard } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer, type Person } from './support/server.js';

/**
 * Facilitated sessions in the built app against the real server: the coordinator Kim (facilitator of
 * every group) runs them, Bo (a member of Plast) takes part in a second browser context.
 */
const BOARD_ID = 'board-plast-mote';
const BOARD_TITLE = 'Mötesidéer';

/** Schedules a session in Plast over REST as Kim (tomorrow, one hour): Inledning, then the board. */
async function schedule(server: AppServer, title: string): Promise<Meeting> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const body: ScheduleMeetingRequest = {
    title,
    startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    durationMinutes: 60,
    agenda: [
      { title: 'Inledning', timeboxMinutes: 5 },
      { title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD_ID } },
    ],
  };
  const res = await fetch(`${server.url}/api/groups/plast/meetings`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { meeting: Meeting }).meeting;
}

/** A signed-in person in their own browser context, at `path`. */
async function openAs(browser: TestBrowser, server: AppServer, person: Pick<Person, 'email' | 'password'>, path: string): Promise<Page> {
  const { context, page } = await browser.newPerson(server.url);
  const cookie = await signIn(server.url, person.email, person.password);
  const at = cookie.indexOf('=');
  await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url }]);
  await page.goto(path);
  return page;
}

/** Opens the session room and waits until the join ack is in (the room's heading is there). */
async function openRoom(browser: TestBrowser, server: AppServer, person: Pick<Person, 'email' | 'password'>, m: Meeting): Promise<Page> {
  const page = await openAs(browser, server, person, `/groups/plast/sessions/${m.id}`);
  await page.getByRole('heading', { level: 2, name: m.title }).waitFor();
  return page;
}

/** Whether the element lies wholly inside the board's viewport on screen. */
async function inView(page: Page, element: Locator): Promise<boolean> {
  const [box, viewport] = await Promise.all([element.boundingBox(), board(page).boundingBox()]);
  if (!box || !viewport) return false;
  return box.x >= viewport.x && box.y >= viewport.y && box.x + box.width <= viewport.x + viewport.width && box.y + box.height <= viewport.y + viewport.height;
}

/** "4:59" as seconds; a timer past its end shows a minus sign. */
function seconds(clock: string | null): number {
  const m = /^(−|-)?(\d+):(\d{2})$/.exec((clock ?? '').trim());
  if (!m) throw new Error(`not a clock: ${clock}`);
  const s = Number(m[2]) * 60 + Number(m[3]);
  return m[1] ? -s : s;
}

const currentItem = (page: Page): Locator => page.locator('.agenda [aria-current="step"]');
const board = (page: Page): Locator => page.getByRole('region', { name: 'Tavla' });

/** An observer of Plast: may be in the room and see everything, but not raise a hand or vote. */
const OBSERVER: Person = { name: 'Olle Observatör', email: 'olle@example.se', password: 'olle-har-ett-langt-losenord' };

/** The session facilitator's control to move the agenda on. */
const nextItem = (page: Page): Locator => page.getByRole('button', { name: 'Nästa punkt' });
/** The panel with the facilitator's tools (or, for a group facilitator who is not facilitating, "take over"). */
const facilitatorTools = (page: Page): Locator => page.getByRole('region', { name: 'Samtalsledarens verktyg' });
/** One person's line under "Här nu": name, organisation and role in the session. */
const presentLine = (page: Page, name: string): Locator => page.getByTestId('participants').getByRole('listitem').filter({ hasText: name });
/** The room's polite live region, where changes a screen-reader user should hear are said. */
const announcer = (page: Page): Locator => page.getByTestId('room-announcer');

/** The page offers nothing that `locator` matches (checked once the room has rendered what it is asserted against). */
async function expectNone(locator: Locator): Promise<void> {
  expect(await locator.count()).toBe(0);
}

/** Kim starts the session; everyone else sees its first item as the current one. */
async function start(kim: Page, ...others: Page[]): Promise<void> {
  await kim.getByRole('button', { name: 'Starta mötet' }).click();
  for (const page of others) await expectText(currentItem(page), 'Inledning');
}

/** Both are in a live session whose board item is current. */
async function startAtBoard(kim: Page, bo: Page): Promise<void> {
  await start(kim, bo);
  await nextItem(kim).click();
  await expectText(currentItem(bo), 'Idéer');
  await board(bo).waitFor();
  await board(kim).waitFor();
}

/** Kim records an action item through the form in the facilitator's tools and waits until the form is cleared (saved). */
async function recordActionItem(kim: Page, text: string, owner: string, due?: string): Promise<void> {
  const field = kim.getByLabel('Åtgärd', { exact: true });
  await field.fill(text);
  await kim.getByLabel('Ansvarig').selectOption({ label: owner });
  if (due) await kim.getByLabel('Klart senast').fill(due);
  await kim.getByRole('button', { name: 'Spara åtgärden' }).click();
  await expect.poll(() => field.inputValue()).toBe('');
}

describe('facilitated sessions', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER);
    await createMember(server.store, OBSERVER, [{ id: 'plast', role: 'observer' }]);
    await seedBoard(server, BOARD_ID, BOARD_TITLE, (doc) => {
      addSticky(doc, 'stickymote000001', 'Pant på muggar', 100, 100);
      addSticky(doc, 'stickymote000002', 'Återbruksskåp', 340, 100);
      addSticky(doc, 'stickymote000003', 'Kampanj i trapphuset', 580, 100);
      // Far outside the first view: only a pan brings it on screen.
      addSection(doc, 'sectionmote00001', 'Långt bort', 3000, 2200);
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the facilitator schedules a session, starts it and advances the agenda; a participant follows to the linked board', async () => {
    // Kim schedules through the form, by keyboard-reachable controls with their labels.
    const kim = await openAs(browser, server, ADMIN, '/groups/plast/sessions/new');
    await kim.getByRole('heading', { level: 2, name: 'Planera ett möte' }).waitFor();
    await kim.getByLabel('Rubrik').fill('Plastgruppen i mars');
    await kim.getByLabel('Vad punkten gäller').fill('Inledning');
    await kim.getByRole('button', { name: 'Lägg till en punkt' }).click();
    const second = kim.getByRole('group', { name: 'Punkt 2' });
    await second.getByLabel('Vad punkten gäller').fill('Idéer');
    await second.getByLabel('Sida eller tavla att visa').selectOption({ label: `Tavla: ${BOARD_TITLE}` });
    // Reorder by keyboard: Idéer first, then back.
    await kim.getByRole('button', { name: 'Flytta upp ”Idéer”' }).press('Enter');
    await expect.poll(() => kim.getByRole('group', { name: 'Punkt 1' }).getByLabel('Vad punkten gäller').inputValue()).toBe('Idéer');
    await kim.getByRole('button', { name: 'Flytta ned ”Idéer”' }).press('Enter');
    await expect.poll(() => kim.getByRole('group', { name: 'Punkt 2' }).getByLabel('Vad punkten gäller').inputValue()).toBe('Idéer');
    await kim.getByRole('button', { name: 'Planera mötet' }).click();

    await kim.getByRole('status').filter({ hasText: 'Mötet ”Plastgruppen i mars” är sparat.' }).waitFor();
    await kim.getByRole('link', { name: 'Plastgruppen i mars', exact: true }).click();
    await kim.getByRole('heading', { level: 2, name: 'Plastgruppen i mars' }).waitFor();
    const id = new URL(kim.url()).pathname.split('/').pop()!;
    // The tab and the breadcrumb name the session, not just "Möten".
    await expect.poll(() => kim.title()).toBe('Plastgruppen i mars – Plast – Samla');
    await kim.getByRole('navigation', { name: 'Sökväg' }).getByText('Plastgruppen i mars').waitFor();

    // Bo sees it on the home page as the next session, and goes in from there.
    const bo = await openAs(browser, server, MEMBER, '/');
    await bo.getByRole('link', { name: 'Öppna mötet ”Plastgruppen i mars”' }).click();
    await bo.getByRole('heading', { level: 2, name: 'Plastgruppen i mars' }).waitFor();
    expect(new URL(bo.url()).pathname).toBe(`/groups/plast/sessions/${id}`);
    // Members get no facilitator controls.
    expect(await bo.getByRole('button', { name: 'Starta mötet' }).count()).toBe(0);

    await startAtBoard(kim, bo);
    await bo.getByRole('heading', { level: 2, name: BOARD_TITLE }).waitFor();
    await bo.locator('.sticky', { hasText: 'Pant på muggar' }).waitFor();

    // Bo steps away, the facilitator sees it, and Bo follows again.
    await bo.getByRole('combobox', { name: 'Visa' }).selectOption({ label: 'Ingenting' });
    await bo.getByText('Du följer inte samtalsledaren').waitFor();
    await kim.getByText('1 deltagare följer inte.').waitFor();
    await bo.getByRole('button', { name: 'Följ igen' }).click();
    await board(bo).waitFor();
    await bo.getByText('Du följer samtalsledaren.').waitFor();

    // A reload restores the room from the join ack.
    await bo.reload();
    await expectText(currentItem(bo), 'Idéer');
    await board(bo).waitFor();

    // Kim brings everyone to a section far off on the board: Bo's view pans until it is on screen.
    const farSection = (page: Page) => page.locator('[data-section-id="sectionmote00001"]');
    expect(await inView(bo, farSection(bo))).toBe(false);
    await kim.getByLabel('Avsnitt').selectOption({ label: 'Långt bort' });
    await kim.getByRole('button', { name: 'Ta alla till avsnittet' }).click();
    await bo.getByText('Samtalsledaren visar avsnittet ”Långt bort”.').waitFor();
    await expect.poll(() => inView(bo, farSection(bo))).toBe(true);
  });

  it('everyone sees the same countdown, even on a computer whose clock is two minutes off, and after a reload; the speaking queue', async () => {
    const m = await schedule(server, 'Tid för varje punkt');
    const kim = await openRoom(browser, server, ADMIN, m);
    // Bo's computer runs two minutes fast: the room corrects by the server's clock.
    const { context, page: bo } = await browser.newPerson(server.url);
    await bo.clock.install({ time: Date.now() + 120_000 });
    const cookie = await signIn(server.url, MEMBER.email, MEMBER.password);
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url }]);
    await bo.goto(`/groups/plast/sessions/${m.id}`);
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();

    await kim.getByRole('button', { name: 'Starta mötet' }).click();
    await expectText(currentItem(bo), 'Inledning');
    await kim.getByRole('button', { name: 'Starta timern (5 minuter)' }).click();
    const clock = (page: Page) => page.getByTestId('meeting-timer').getByRole('timer');
    await expectText(clock(bo), '4:');
    // Read both as close together as the browsers allow: at most a second apart.
    const gap = async () => {
      const [a, b] = await Promise.all([clock(kim).textContent(), clock(bo).textContent()]);
      return Math.abs(seconds(a) - seconds(b));
    };
    expect(await gap()).toBeLessThanOrEqual(1);
    expect(seconds(await clock(bo).textContent())).toBeGreaterThan(4 * 60);

    await bo.reload();
    await expectText(clock(bo), '4:');
    expect(await gap()).toBeLessThanOrEqual(1);

    await kim.getByRole('button', { name: 'Pausa' }).click();
    await bo.getByTestId('meeting-timer').getByText('Pausad').waitFor();
    await expect.poll(gap).toBe(0);

    // The speaking queue: Bo raises his hand by keyboard, Kim sees it and gives him the floor.
    await bo.getByRole('button', { name: 'Räck upp handen' }).press('Enter');
    await bo.getByText('Du är nummer 1 i talarlistan.').waitFor();
    // Kim opens the queue from the room's bar, where its count shows.
    await kim.getByRole('button', { name: 'Talarlista (1)' }).click();
    const queue = kim.getByRole('list', { name: 'Räckta händer i tur och ordning' });
    await expectText(queue, MEMBER.name);
    await kim.getByRole('button', { name: 'Ge ordet till nästa' }).click();
    for (const page of [kim, bo]) await expectText(page.getByTestId('speaking'), `Har ordet: ${MEMBER.name}`);
    await bo.getByRole('button', { name: 'Räck upp handen' }).waitFor();
  });

  it('a dot vote runs to a revealed ranking in two browsers', async () => {
    const m = await schedule(server, 'Röstning om idéer');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await startAtBoard(kim, bo);

    await kim.getByLabel('Röster per person').fill('2');
    await kim.getByRole('button', { name: 'Öppna röstningen' }).click();

    const remaining = bo.getByTestId('votes-remaining');
    await expectText(remaining, 'Du har 2 av 2 röster kvar.');
    const vote = bo.getByRole('button', { name: 'Rösta på ”Pant på muggar”' });
    await vote.focus();
    await vote.press('Enter');
    await expectText(remaining, 'Du har 1 av 2 röster kvar.');
    await vote.press('Enter');
    await expectText(remaining, 'Du har 0 av 2 röster kvar.');
    // The budget is spent: the button says so and does nothing.
    expect(await bo.getByRole('button', { name: 'Rösta på ”Återbruksskåp”' }).getAttribute('aria-disabled')).toBe('true');

    await kim.getByRole('button', { name: 'Rösta på ”Återbruksskåp”' }).click();
    await expectText(kim.getByTestId('votes-remaining'), 'Du har 1 av 2 röster kvar.');
    // Until the reveal Bo sees only his own votes, and no result.
    expect(await bo.getByTestId('vote-result').count()).toBe(0);
    // On the board too: each sees their own dots on the stickies, and none of the other's.
    const onBoard = (page: Page, text: string) => page.locator('.sticky', { hasText: text });
    await expect.poll(() => onBoard(bo, 'Pant på muggar').getAttribute('aria-label')).toContain('Dina röster: 2');
    await expect.poll(() => onBoard(kim, 'Återbruksskåp').getAttribute('aria-label')).toContain('Din röst: 1');
    expect(await onBoard(kim, 'Pant på muggar').getAttribute('aria-label')).not.toMatch(/röst/);
    expect(await onBoard(bo, 'Återbruksskåp').getAttribute('aria-label')).not.toMatch(/röst/);

    await kim.getByRole('button', { name: 'Stäng och visa resultatet' }).click();
    for (const page of [bo, kim]) {
      const rows = page.getByTestId('vote-result').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(3);
      expect(await rows.nth(0).innerText()).toMatch(/^1\s+Pant på muggar\s+2/);
      expect(await rows.nth(1).innerText()).toMatch(/^2\s+Återbruksskåp\s+1/);
      expect(await rows.nth(2).innerText()).toMatch(/^3\s+Kampanj i trapphuset\s+0/);
    }
    await expectText(bo.getByTestId('vote-result').locator('caption'), '2 röstande, 3 röster');
    // Revealed: everyone's dots on the stickies.
    for (const page of [bo, kim]) {
      await expect.poll(() => onBoard(page, 'Pant på muggar').getAttribute('aria-label')).toContain('2 röster');
      expect(await onBoard(page, 'Återbruksskåp').getAttribute('aria-label')).toContain('1 röst');
      expect(await onBoard(page, 'Pant på muggar').locator('.sticky__dot').count()).toBe(2);
    }
  });

  it('ending the session shows draft minutes that a participant amends and the facilitator approves', async () => {
    const m = await schedule(server, 'Protokollet');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await startAtBoard(kim, bo);
    await kim.getByLabel('Beslut').fill('Vi provar pant på muggar i vår.');
    await kim.getByRole('button', { name: 'Spara beslutet' }).click();
    await expectText(bo.getByTestId('decisions'), 'Vi provar pant på muggar i vår.');

    await kim.getByRole('button', { name: 'Avsluta mötet' }).click();
    await kim.getByRole('button', { name: 'Ja, avsluta mötet' }).click();
    for (const page of [kim, bo]) {
      await page.getByRole('heading', { level: 3, name: 'Protokoll' }).waitFor();
      await expectText(page.getByTestId('minutes-status'), 'Utkast');
    }
    await bo.getByLabel('Komplettera protokollet').fill('Bo tar fram en budget.');
    await bo.getByRole('button', { name: 'Skicka kompletteringen' }).click();
    await expectText(bo.getByTestId('amendments'), 'Bo tar fram en budget.');
    // Members do not approve.
    expect(await bo.getByRole('button', { name: 'Godkänn protokollet' }).count()).toBe(0);

    // Live, without a reload: Bo's amendment on Kim's screen, Kim's approval on Bo's.
    await expectText(kim.getByTestId('amendments'), 'Bo tar fram en budget.');
    await kim.getByRole('button', { name: 'Godkänn protokollet' }).click();
    for (const page of [kim, bo]) {
      await expectText(page.getByTestId('minutes-status'), 'Godkänt');
      await expect.poll(() => page.getByLabel('Komplettera protokollet').count()).toBe(0);
    }
  });

  it('the session room has no serious or critical accessibility violations', async () => {
    const m = await schedule(server, 'Tillgänglighet');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await startAtBoard(kim, bo);
    await bo.getByRole('button', { name: 'Räck upp handen' }).click();
    await kim.getByTestId('participants').getByText('räcker upp handen').waitFor();
    await kim.getByRole('button', { name: 'Starta timern (20 minuter)' }).click();
    await bo.getByRole('timer').waitFor();
    expect(await seriousViolations(kim)).toEqual([]);
    expect(await seriousViolations(bo)).toEqual([]);
  });

  it('the facilitator hands the session over to a participant: the controls move to his browser, and a group facilitator can take them back', async () => {
    const m = await schedule(server, 'Överlämning');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await start(kim, bo);
    await expectText(presentLine(bo, ADMIN.name), 'samtalsledare för mötet');
    await expectNone(facilitatorTools(bo));

    await kim.getByRole('combobox', { name: 'Lämna över rollen som samtalsledare till' }).selectOption({ label: MEMBER.name });
    await kim.getByRole('button', { name: 'Lämna över', exact: true }).click();

    // Bo is told and gets the controls; Kim's are gone, and Kim, a facilitator of the group, is offered to take the role back.
    await expectText(announcer(bo), 'Du är nu samtalsledare för mötet.');
    await nextItem(bo).waitFor();
    await expectText(announcer(kim), `${MEMBER.name} är nu samtalsledare för mötet.`);
    await expect.poll(() => nextItem(kim).count()).toBe(0);
    await kim.getByRole('button', { name: 'Ta över som samtalsledare' }).waitFor();
    for (const page of [kim, bo]) {
      await expectText(presentLine(page, MEMBER.name), 'samtalsledare för mötet');
      // Kim is now named by the group role.
      await expectText(presentLine(page, ADMIN.name), 'samtalsledare');
    }

    // The role is Bo's on the server: after a reload he still has the controls and moves the agenda for everyone.
    await bo.reload();
    await nextItem(bo).click();
    for (const page of [kim, bo]) await expectText(currentItem(page), 'Idéer');

    await kim.getByRole('button', { name: 'Ta över som samtalsledare' }).click();
    await nextItem(kim).waitFor();
    await expect.poll(() => facilitatorTools(bo).count()).toBe(0);
    await expectText(presentLine(bo, ADMIN.name), 'samtalsledare för mötet');
  });

  it('action items the facilitator records in the live session appear in a participant\'s room without a reload', async () => {
    const m = await schedule(server, 'Åtgärder under mötet');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await start(kim, bo);
    await bo.getByText('Inga åtgärder än.').waitFor();
    // A mark in Bo's document: a reload would lose it.
    type Marked = { samlaNotReloaded?: boolean };
    await bo.evaluate(() => void ((window as Marked).samlaNotReloaded = true));

    const due = new Date(Date.now() + 14 * 24 * 3600_000).toISOString().slice(0, 10);
    await recordActionItem(kim, 'Boka lokal till höstmötet.', MEMBER.name, due);
    const items = bo.getByTestId('action-items').getByRole('listitem');
    await expect.poll(() => items.count()).toBe(1);
    // The day reads in Swedish (e.g. "12 dec. 2026"), not as the ISO string the form sends.
    const dueText = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${due}T00:00:00Z`));
    expect(await items.nth(0).innerText()).toBe(`Boka lokal till höstmötet. — ansvarig: ${MEMBER.name}, klart senast ${dueText}`);

    // The due date is optional: without one, only the owner is named.
    await recordActionItem(kim, 'Skicka ut protokollet.', ADMIN.name);
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(1).innerText()).toBe(`Skicka ut protokollet. — ansvarig: ${ADMIN.name}`);
    expect(await bo.evaluate(() => (window as Marked).samlaNotReloaded)).toBe(true);
    // Participants do not record action items themselves.
    await expectNone(bo.getByLabel('Ansvarig'));
  });

  it('an observer follows the live session but is offered nothing that changes it', async () => {
    const m = await schedule(server, 'Med observatör');
    const kim = await openRoom(browser, server, ADMIN, m);
    const olle = await openRoom(browser, server, OBSERVER, m);
    await olle.getByText('Mötet har inte börjat än. Sidan uppdateras när samtalsledaren startar det.').waitFor();
    await expectNone(olle.getByRole('button', { name: 'Starta mötet' }));
    await start(kim, olle);

    // Olle is in the room as an observer, so Kim has nobody to hand the session over to.
    for (const page of [kim, olle]) await expectText(presentLine(page, OBSERVER.name), 'observatör');
    await kim.getByText('Ingen annan medlem är här att lämna över till.').waitFor();

    // He sees the speaking queue and the outcomes, but cannot raise a hand and has no tools.
    await olle.getByRole('button', { name: 'Talarlista (0)' }).click();
    await olle.getByRole('heading', { level: 3, name: 'Talarlista' }).waitFor();
    await olle.getByRole('heading', { level: 3, name: 'Resultat av mötet' }).waitFor();
    await expectNone(olle.getByRole('button', { name: 'Räck upp handen' }));
    await expectNone(facilitatorTools(olle));
    await expectNone(nextItem(olle));
    await expectNone(olle.getByLabel('Beslut'));
    await expectNone(olle.getByLabel('Ansvarig'));

    // Kim moves on: Olle's current item and the board beside it follow; the board is read-only for him.
    await nextItem(kim).click();
    await expectText(currentItem(olle), 'Idéer');
    await olle.getByRole('heading', { level: 2, name: BOARD_TITLE }).waitFor();
    await olle.getByText('Du kan se tavlan men inte ändra den.').waitFor();
    await expectNone(olle.getByRole('button', { name: 'Ny lapp' }));

    // A dot vote: Olle is told he does not vote and has no vote buttons, and sees the result when it is revealed.
    await kim.getByLabel('Röster per person').fill('1');
    await kim.getByRole('button', { name: 'Öppna röstningen' }).click();
    await olle.getByText('Röstningen pågår. Som observatör röstar du inte.').waitFor();
    await expectNone(olle.getByRole('button', { name: /^Rösta på/ }));
    await expectNone(olle.getByTestId('votes-remaining'));
    await kim.getByRole('button', { name: 'Rösta på ”Pant på muggar”' }).click();
    await expectText(kim.getByTestId('votes-remaining'), 'Du har 0 av 1 röst kvar.');
    await kim.getByRole('button', { name: 'Stäng och visa resultatet' }).click();
    const first = olle.getByTestId('vote-result').locator('tbody tr').first();
    await first.waitFor();
    expect(await first.innerText()).toMatch(/^1\s+Pant på muggar\s+1/);

    // And the decisions as they are made.
    await kim.getByLabel('Beslut').fill('Vi provar pant på muggar.');
    await kim.getByRole('button', { name: 'Spara beslutet' }).click();
    await expectText(olle.getByTestId('decisions'), 'Vi provar pant på muggar.');
  });

  it('the room notices the network going away: offline within 2 s, a decision made offline is refused with a message, and the room catches up when back', async () => {
    const m = await schedule(server, 'Nätet försvinner');
    const kim = await openRoom(browser, server, ADMIN, m);
    const bo = await openRoom(browser, server, MEMBER, m);
    await start(kim, bo);
    const connection = (page: Page) => page.getByTestId('room-connection');
    await expectText(connection(bo), 'Ansluten till mötet');

    await bo.context().setOffline(true);
    await expectText(connection(bo), 'Du är offline', 2_000);
    // While Bo is away, Kim moves on.
    await nextItem(kim).click();
    await expectText(currentItem(kim), 'Idéer');

    await kim.context().setOffline(true);
    await expectText(connection(kim), 'Du är offline', 2_000);
    await kim.getByLabel('Beslut').fill('Beslut som inte får försvinna tyst.');
    await kim.getByRole('button', { name: 'Spara beslutet' }).click();
    await expectText(kim.getByRole('alert').filter({ hasText: 'Servern svarar inte' }), 'Kontrollera din internetanslutning', 2_000);
    // Refused, not queued: the text stays in the form to send again.
    expect(await kim.getByLabel('Beslut').inputValue()).toBe('Beslut som inte får försvinna tyst.');

    await kim.context().setOffline(false);
    await bo.context().setOffline(false);
    await expectText(connection(kim), 'Ansluten till mötet');
    await expectText(connection(bo), 'Ansluten till mötet');
    await expectText(currentItem(bo), 'Idéer');
    await kim.getByRole('button', { name: 'Spara beslutet' }).click();
    await expectText(bo.getByTestId('decisions'), 'Beslut som inte får försvinna tyst.');
    expect(await bo.getByTestId('decisions').getByRole('listitem').count()).toBe(1);
  });

  it('one realtime connection per tab (issue 15): the group page with a session open, then the members page and home, over one Socket.IO WebSocket', async () => {
    const m = await schedule(server, 'En anslutning per flik');
    const kim = await openRoom(browser, server, ADMIN, m);
    // Live, so that the room lists who is here.
    await start(kim);
    const { context, page: bo } = await browser.newPerson(server.url);
    const cookie = await signIn(server.url, MEMBER.email, MEMBER.password);
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url }]);
    const sockets: string[] = [];
    bo.on('websocket', (ws) => {
      if (ws.url().includes('/socket.io/')) sockets.push(ws.url());
    });

    // The group page (presence) with the session room open (the room) in it: both over one socket.
    await bo.goto(`/groups/plast/sessions/${m.id}`);
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();
    await bo.getByRole('complementary', { name: 'Här nu' }).getByText(MEMBER.name, { exact: false }).waitFor();
    await presentLine(kim, MEMBER.name).waitFor();
    expect(sockets).toHaveLength(1);

    // Leaving the room for the members page (the members watch) leaves the session, on the same socket.
    await bo.getByRole('link', { name: 'Medlemmar i gruppen' }).click();
    await bo.getByRole('heading', { level: 1, name: 'Medlemmar i gruppen' }).waitFor();
    await expect.poll(() => presentLine(kim, MEMBER.name).count()).toBe(0);
    // Home (the news of one's own memberships), and back into the room: joined again on the same socket.
    await bo.getByRole('link', { name: 'Mina grupper' }).first().click();
    await bo.getByRole('heading', { level: 1, name: 'Mina grupper' }).waitFor();
    await bo.goBack();
    await bo.goBack();
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();
    await presentLine(kim, MEMBER.name).waitFor();
    expect(sockets).toHaveLength(1);
  });
});
