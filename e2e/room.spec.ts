import { itemDocName, SPACE_ITEMS, spaceDocName, type Meeting, type ScheduleMeetingRequest } from '@samla/shared';
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectDoc, connectSocket, removeDir, signIn, startServer, waitFor } from '../server/src/test/harness.js';
import { expectText } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { addSticky, seedBoard } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, clientDist, createMember, MEMBER, type AppServer, type Person } from './support/server.js';

/**
 * The session room's bar, on laptops and phones, with long Swedish titles: Kim (coordinator,
 * facilitator of every group) runs the sessions, Bo (a member of Plast) takes part.
 * With SHOTS=<dir>, screenshots of what each of them sees are saved there.
 */
const PAGE_ID = 'sida-rum-anteckningar';
const PAGE_TITLE = 'Anteckningar om återvinningsmålen för plast 2027';
const NOTES = 'Kommunerna rapporterar sina insamlingssiffror till nästa möte.';
const BOARD_ID = 'board-rum-ideer';
const BOARD_TITLE = 'Idéer för mindre engångsplast i kommunerna';
const SESSION_TITLE = 'Arbetsgruppen för plast: uppföljning av återvinningsmålen 2027';
const AGENDA = [
  { title: 'Läget i kommunerna: insamling och sortering av plastförpackningar', timeboxMinutes: 5, link: { kind: 'page' as const, itemId: PAGE_ID } },
  { title: 'Idéer för mindre engångsplast i offentliga verksamheter', timeboxMinutes: 20, link: { kind: 'board' as const, itemId: BOARD_ID } },
  { title: 'Gemensam upphandling av återvunnen plast till byggprojekt', timeboxMinutes: 15 },
  { title: 'Kommunikation till medlemmarna inför höstens kampanj', timeboxMinutes: 10 },
  { title: 'Övriga frågor och nästa möte för arbetsgruppen', timeboxMinutes: 5 },
];

const shots = process.env.SHOTS;
async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}.png` });
}

/** The page with the notes, in Plast's space, with one paragraph. */
async function seedPage(server: AppServer): Promise<void> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const space = connectDoc(server.wsUrl, spaceDocName('plast'), cookie);
  const page = connectDoc(server.wsUrl, itemDocName('plast', 'page', PAGE_ID), cookie);
  try {
    await waitFor(() => space.provider.synced && page.provider.synced, 10_000, 'sync');
    space.doc.transact(() => {
      const item = new Y.Map<unknown>();
      item.set('kind', 'page');
      item.set('title', PAGE_TITLE);
      item.set('order', space.doc.getMap(SPACE_ITEMS).size + 1);
      item.set('archived', false);
      item.set('createdAt', Date.now());
      item.set('createdBy', 'seed');
      space.doc.getMap(SPACE_ITEMS).set(PAGE_ID, item);
    });
    page.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(NOTES)]);
      page.doc.getXmlFragment('default').insert(0, [paragraph]);
    });
    const check = connectDoc(server.wsUrl, itemDocName('plast', 'page', PAGE_ID), cookie);
    try {
      await waitFor(() => check.provider.synced && check.doc.getXmlFragment('default').length === 1, 10_000, 'seeded page');
    } finally {
      check.provider.destroy();
    }
  } finally {
    space.provider.destroy();
    page.provider.destroy();
  }
}

/** Schedules the session (tomorrow) over REST as Kim; `live` also starts it, over Kim's socket. */
async function schedule(server: AppServer, title: string, live: boolean): Promise<Meeting> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const body: ScheduleMeetingRequest = { title, startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(), durationMinutes: 90, agenda: AGENDA };
  const res = await fetch(`${server.url}/api/groups/plast/meetings`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const meeting = ((await res.json()) as { meeting: Meeting }).meeting;
  if (live) {
    const socket = connectSocket(server.url, cookie);
    try {
      expect((await socket.emitWithAck('meeting:join', { meetingId: meeting.id })).ok).toBe(true);
      expect((await socket.emitWithAck('meeting:start', { meetingId: meeting.id })).ok).toBe(true);
    } finally {
      socket.disconnect();
    }
  }
  return meeting;
}

const bar = (page: Page): Locator => page.getByRole('region', { name: 'Mötet just nu' });
const position = (page: Page): Locator => page.getByTestId('room-position');
const clock = (page: Page): Locator => bar(page).getByTestId('meeting-timer').getByRole('timer');
const nextItem = (page: Page): Locator => bar(page).getByRole('button', { name: 'Nästa punkt' });
const endSession = (page: Page): Locator => bar(page).getByRole('button', { name: 'Avsluta mötet' });
const addMinute = (page: Page): Locator => bar(page).getByRole('button', { name: '+1 minut' });
const raiseHand = (page: Page): Locator => bar(page).getByRole('button', { name: 'Räck upp handen' });
const soundToggle = (page: Page): Locator => bar(page).getByRole('button', { name: 'Ljud när tiden är ute' });

/** "4:59" as seconds; a timer past its end shows a minus sign. */
function seconds(text: string | null): number {
  const m = /^(−|-)?(\d+):(\d{2})$/.exec((text ?? '').trim());
  if (!m) throw new Error(`not a clock: ${text}`);
  const s = Number(m[2]) * 60 + Number(m[3]);
  return m[1] ? -s : s;
}

/** The element lies wholly inside the window as it is now (nothing scrolled to reach it). */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  return !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

/** Nothing in the page is wider than the window (no sideways scrolling). */
async function noHorizontalOverflow(page: Page): Promise<void> {
  const { scroll, width, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    // What sticks out, to name in a failure.
    wide: [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  }));
  expect(scroll, `wider than the window: ${wide.join(', ')}`).toBeLessThanOrEqual(width);
}

/** The bar and `content` do not overlap on screen. */
async function notCovering(page: Page, content: Locator): Promise<void> {
  const [a, b] = await Promise.all([bar(page).boundingBox(), content.boundingBox()]);
  expect(a && b).toBeTruthy();
  const overlap = a!.x < b!.x + b!.width && b!.x < a!.x + a!.width && a!.y < b!.y + b!.height && b!.y < a!.y + a!.height;
  expect(overlap, `bar ${JSON.stringify(a)} covers ${JSON.stringify(b)}`).toBe(false);
}

describe('the session room bar', () => {
  let server: AppServer;
  let browser: TestBrowser;
  // The server's clock runs this far ahead of the real one: the sound test moves time on by it.
  let skew = 0;

  beforeAll(async () => {
    const started = await startServer({ env: { CLIENT_DIST: clientDist }, now: () => new Date(Date.now() + skew) });
    server = { ...started, close: async () => (await started.stop(), removeDir(started.dataDir)) };
    await createMember(server.store, MEMBER);
    await seedPage(server);
    await seedBoard(server, BOARD_ID, BOARD_TITLE, (doc) => {
      addSticky(doc, 'stickyrum0000001', 'Pant på muggar', 100, 100);
      addSticky(doc, 'stickyrum0000002', 'Återbruksskåp', 340, 100);
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A signed-in person in their own browser context, with the window `width` px wide. */
  async function signedIn(person: Pick<Person, 'email' | 'password'>, width: number, height = 850): Promise<Page> {
    const { context, page } = await browser.newPerson(server.url);
    await page.setViewportSize({ width, height });
    const cookie = await signIn(server.url, person.email, person.password);
    const at = cookie.indexOf('=');
    await context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: server.url }]);
    return page;
  }

  async function openAs(person: Pick<Person, 'email' | 'password'>, path: string, width: number, height?: number): Promise<Page> {
    const page = await signedIn(person, width, height);
    await page.goto(path);
    return page;
  }

  async function openRoom(person: Pick<Person, 'email' | 'password'>, m: Meeting, width: number, height?: number): Promise<Page> {
    const page = await openAs(person, `/groups/plast/sessions/${m.id}`, width, height);
    await page.getByRole('heading', { level: 2, name: m.title }).waitFor();
    return page;
  }

  for (const width of [1024, 1366, 390]) {
    it(`at ${width} px the bar is in sight when the room opens and while it scrolls; a participant's bar has no facilitator controls`, async () => {
      const m = await schedule(server, SESSION_TITLE, true);
      const kim = await openRoom(ADMIN, m, width);
      const bo = await openRoom(MEMBER, m, width);
      const phone = width < 600;
      await Promise.all([kim.getByText(NOTES).waitFor(), bo.getByText(NOTES).waitFor()]);
      await shot(kim, `facilitator-${width}`);
      await shot(bo, `participant-${width}`);
      for (const page of [kim, bo]) {
        await expectText(position(page), `Punkt 1 av 5: ${AGENDA[0]!.title}`);
        // The long title is cut to fit, and the whole of it is the tooltip.
        expect(await position(page).getAttribute('title')).toBe(`Punkt 1 av 5: ${AGENDA[0]!.title}`);
        await page.getByText(NOTES).waitFor();
        expect(await inViewport(page, bar(page))).toBe(true);
        await notCovering(page, page.getByRole('heading', { level: 2, name: PAGE_TITLE }));
        await noHorizontalOverflow(page);
      }
      expect(await inViewport(kim, nextItem(kim))).toBe(true);
      expect(await inViewport(kim, addMinute(kim).or(bar(kim).getByRole('button', { name: 'Starta timern (5 minuter)' })))).toBe(true);
      if (phone) {
        // On a phone the rarer controls fold into "Fler val", which opens inside the bar.
        const more = bar(kim).getByRole('button', { name: 'Fler val' });
        expect(await endSession(kim).isVisible()).toBe(false);
        await more.click();
        expect(await more.getAttribute('aria-expanded')).toBe('true');
      }
      expect(await inViewport(kim, endSession(kim))).toBe(true);
      expect(await inViewport(kim, bar(kim).getByRole('button', { name: 'Ta alla hit' }))).toBe(true);
      await shot(kim, `facilitator-${width}-menu`);

      // Bo has the same bar, with his hand and the queue, but none of Kim's controls.
      await raiseHand(bo).waitFor();
      await bar(bo).getByRole('button', { name: 'Talarlista (0)' }).waitFor();
      for (const control of [nextItem(bo), endSession(bo), addMinute(bo), bar(bo).getByRole('button', { name: 'Ta alla hit' }), bar(bo).getByRole('button', { name: 'Fler val' })]) {
        expect(await control.count()).toBe(0);
      }

      // Scrolled to the end of the room, the bar is still at the top of the window.
      for (const page of [kim, bo]) {
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 10_000 }).toBeGreaterThan(100);
        expect(await inViewport(page, bar(page))).toBe(true);
      }
      expect(await inViewport(kim, nextItem(kim))).toBe(true);
      await shot(kim, `facilitator-${width}-scrolled`);
      if (width === 1366 || width === 390) {
        expect(await seriousViolations(kim), 'facilitator').toEqual([]);
        expect(await seriousViolations(bo), 'participant').toEqual([]);
      }
    });
  }

  it('+1 minute in the facilitator\'s bar adds a minute to the timer in the other browser', async () => {
    const m = await schedule(server, 'En minut till för arbetsgruppen för plast', true);
    const kim = await openRoom(ADMIN, m, 1366);
    const bo = await openRoom(MEMBER, m, 1366);
    await bar(kim).getByRole('button', { name: 'Starta timern (5 minuter)' }).click();
    await expectText(clock(bo), '4:');
    expect(seconds(await clock(bo).textContent())).toBeLessThanOrEqual(300);

    await addMinute(kim).press('Enter');
    await expect.poll(async () => seconds(await clock(bo).textContent()), { timeout: 10_000 }).toBeGreaterThan(300);
    await expectText(clock(bo), '5:');
    await expectText(bo.getByTestId('room-announcer'), 'En minut till.');
  });

  it('the sound at 0:00 is off by default, plays once per expiry when turned on, and is remembered', async () => {
    const m = await schedule(server, 'Ljud när tiden är ute för arbetsgruppen', true);
    const kim = await openRoom(ADMIN, m, 1366);
    // Bo's browser counts the sounds it starts.
    const bo = await signedIn(MEMBER, 1366);
    await bo.addInitScript(() => {
      const w = window as unknown as { samlaSounds: number };
      w.samlaSounds = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args: Parameters<OscillatorNode['start']>) {
        w.samlaSounds++;
        return start.apply(this, args);
      };
    });
    await bo.goto(`/groups/plast/sessions/${m.id}`);
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();
    const sounds = () => bo.evaluate(() => (window as unknown as { samlaSounds: number }).samlaSounds);
    const timeUp = bar(bo).getByText('Tiden är ute');
    /** Time passes on the server; a change Kim makes (his hand, over his own socket) brings its clock to Bo, whose countdown follows it. */
    const kimSocket = connectSocket(server.url, await signIn(server.url, ADMIN.email, ADMIN.password));
    expect((await kimSocket.emitWithAck('meeting:join', { meetingId: m.id })).ok).toBe(true);
    let hand = false;
    const passes = async (ms: number) => {
      skew += ms;
      hand = !hand;
      expect((await kimSocket.emitWithAck('meeting:hand', { meetingId: m.id, raised: hand })).ok).toBe(true);
      await bar(bo).getByRole('button', { name: `Talarlista (${hand ? 1 : 0})` }).waitFor();
    };

    expect(await soundToggle(bo).getAttribute('aria-pressed')).toBe('false');
    await bar(kim).getByRole('button', { name: 'Starta timern (5 minuter)' }).click();
    await expectText(clock(bo), '4:');
    await passes(5 * 60_000 + 2_000);
    await timeUp.waitFor();
    expect(await sounds()).toBe(0);

    // Bo turns the sound on by keyboard; the next 0:00 plays it once, and only once.
    await soundToggle(bo).press('Enter');
    expect(await soundToggle(bo).getAttribute('aria-pressed')).toBe('true');
    await addMinute(kim).click();
    await expectText(clock(bo), '0:5');
    await passes(62_000);
    await timeUp.waitFor();
    await expect.poll(sounds, { timeout: 10_000 }).toBe(1);
    await passes(30_000);
    await expect.poll(async () => seconds(await clock(bo).textContent()), { timeout: 10_000 }).toBeLessThan(-30);
    expect(await sounds()).toBe(1);

    // Remembered for Bo on this browser; the timer that is already past 0:00 does not play again.
    await bo.reload();
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();
    expect(await soundToggle(bo).getAttribute('aria-pressed')).toBe('true');
    await timeUp.waitFor();
    expect(await sounds()).toBe(0);
    kimSocket.disconnect();
  });

  it('at 360 px a member joins from the group\'s sessions, reads the notes, raises a hand, follows the agenda and votes; the facilitator sees it', async () => {
    const m = await schedule(server, `${SESSION_TITLE} (telefon)`, true);
    const kim = await openRoom(ADMIN, m, 1366);
    const bo = await openAs(MEMBER, '/groups/plast', 360, 740);
    await bo.getByRole('link', { name: 'Möten', exact: true }).click();
    await bo.getByRole('link', { name: m.title, exact: true }).click();
    await bo.getByRole('heading', { level: 2, name: m.title }).waitFor();

    await bo.getByText(NOTES).waitFor();
    await notCovering(bo, bo.getByText(NOTES));
    await noHorizontalOverflow(bo);
    await shot(bo, 'phone-360-notes');

    await raiseHand(bo).click();
    await bar(bo).getByRole('button', { name: 'Ta ned handen' }).waitFor();
    await kim.getByTestId('participants').getByRole('listitem').filter({ hasText: MEMBER.name }).getByText('räcker upp handen').waitFor();
    await bar(kim).getByRole('button', { name: 'Talarlista (1)' }).click();
    await expectText(kim.getByRole('list', { name: 'Räckta händer i tur och ordning' }), MEMBER.name);

    await nextItem(kim).click();
    await expectText(position(bo), `Punkt 2 av 5: ${AGENDA[1]!.title}`);
    await bo.getByRole('heading', { level: 2, name: BOARD_TITLE }).waitFor();
    await noHorizontalOverflow(bo);

    // Kim starts the vote from the bar once his copy of the board has its stickies (before, the bar's
    // button takes him to "no stickies to vote on", which the vote form then replaces).
    await kim.getByLabel('Röster per person').waitFor();
    await bar(kim).getByRole('button', { name: 'Starta röstning' }).click();
    const perPerson = kim.getByLabel('Röster per person');
    await expect.poll(() => perPerson.evaluate((el) => el === document.activeElement), { timeout: 10_000 }).toBe(true);
    await perPerson.fill('2');
    await kim.getByRole('button', { name: 'Öppna röstningen' }).click();
    // From the bar to the voting list; the vote button it reaches is below the bar, not under it.
    await bar(bo).getByRole('button', { name: 'Rösta (2 kvar)' }).click();
    const vote = bo.getByRole('button', { name: 'Rösta på ”Pant på muggar”' });
    await vote.focus();
    await notCovering(bo, vote);
    await vote.press('Enter');
    await expectText(bo.getByTestId('votes-remaining'), 'Du har 1 av 2 röster kvar.');
    await bar(bo).getByRole('button', { name: 'Rösta (1 kvar)' }).waitFor();
    await noHorizontalOverflow(bo);
    await shot(bo, 'phone-360-vote');

    await shot(kim, 'facilitator-1366-vote');
    await bar(kim).getByRole('button', { name: 'Stäng och visa resultatet' }).click();
    const first = kim.getByTestId('vote-result').locator('tbody tr').first();
    await first.waitFor();
    expect(await first.innerText()).toMatch(/^1\s+Pant på muggar\s+1/);
    await bo.getByTestId('vote-result').waitFor();
    await noHorizontalOverflow(bo);
  });
});
