import { SPACE_ITEMS, spaceDocName } from '@samla/shared';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDoc, signIn, waitFor } from '../server/src/test/harness.js';
import type { Locator, Page } from 'playwright-core';
import { expectText, signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';
import { createCoordinator, ENDED_SESSION, LONG_NAMED, seedEndedSession } from './support/seed.js';
import { documents } from './support/space.js';

const TITLES = [
  'Återbruk av byggmaterial i kommunala fastighetsprojekt',
  'Minskad plastanvändning i offentliga upphandlingar 2027',
  'Gemensamma riktlinjer för transporter inom Stockholms län',
  'Idétavla: cirkulära affärsmodeller för små och medelstora företag',
];

async function seedSpace(server: AppServer): Promise<string[]> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const space = connectDoc(server.wsUrl, spaceDocName('plast'), cookie);
  await waitFor(() => space.provider.synced, 10_000, 'sync');
  const ids = TITLES.map((_, i) => `lang-titel-${String(i).padStart(4, '0')}`);
  space.doc.transact(() => {
    TITLES.forEach((title, i) => {
      const item = new Y.Map<unknown>();
      item.set('kind', i === 3 ? 'board' : 'page');
      item.set('title', title);
      item.set('order', i + 1);
      item.set('archived', false);
      item.set('createdAt', Date.now());
      item.set('createdBy', 'seed');
      space.doc.getMap(SPACE_ITEMS).set(ids[i]!, item);
    });
  });
  const check = connectDoc(server.wsUrl, spaceDocName('plast'), cookie);
  await waitFor(() => check.doc.getMap(SPACE_ITEMS).size >= TITLES.length, 10_000, 'seeded');
  check.provider.destroy();
  space.provider.destroy();
  return ids;
}

describe('workspace layout', () => {
  let server: AppServer;
  let browser: TestBrowser;
  let ids: string[];

  beforeAll(async () => {
    server = await startAppServer();
    ids = await seedSpace(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1024, 1366, 1920, 390]) {
    it(`at ${width} px the documents sidebar never covers the open page or board`, async () => {
      const { page } = await browser.newPerson(server.url);
      await page.setViewportSize({ width, height: 850 });
      await signInThroughUi(page, ADMIN);
      await page.goto(`/groups/plast/pages/${ids[0]}`);
      await waitForSaved(page);
      const toggle = page.getByRole('button', { name: /^(Visa|Dölj) dokument$/ });
      const phone = width < 832;
      // Open by default from 1100 px up; collapsed below, and a closed drawer on phones.
      expect(await toggle.getAttribute('aria-expanded')).toBe(width >= 1100 ? 'true' : 'false');
      expect(await documents(page).isVisible()).toBe(width >= 1100);
      const toolbar = page.getByRole('toolbar', { name: 'Formatering' });
      await expectUncovered(page, toolbar, width);
      await expectUncovered(page, page.getByRole('heading', { level: 2, name: TITLES[0] }), width);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/page-${width}.png` });

      if (width < 1100) await toggle.click();
      await documents(page).waitFor();
      if (phone) {
        // A drawer over the content; Esc closes it and gives focus back to its button.
        if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/drawer-${width}.png` });
        await documents(page).getByRole('link', { name: TITLES[1] }).focus();
        await page.keyboard.press('Escape');
        await documents(page).waitFor({ state: 'hidden' });
        expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
      } else {
        await expectApart(documents(page), toolbar);
        await expectApart(documents(page), page.getByRole('heading', { level: 2, name: TITLES[0] }));
        for (const title of TITLES) {
          // Long titles are cut with an ellipsis inside the sidebar and keep the whole title as a tooltip.
          const link = documents(page).getByRole('link', { name: title });
          expect(await link.getAttribute('title')).toBe(title);
          await expectInside(link, documents(page));
        }
      }

      await (phone ? (await toggle.click(), documents(page)) : documents(page)).getByRole('link', { name: TITLES[3] }).click();
      const board = page.getByRole('region', { name: 'Tavla', exact: true });
      await board.waitFor();
      // On a board the documents are a drawer at every width, closed when the board opens.
      await documents(page).waitFor({ state: 'hidden' });
      await expectUncovered(page, board, width);
      const heading = page.getByRole('heading', { level: 2, name: TITLES[3] });
      const breadcrumb = page.getByRole('navigation', { name: 'Sökväg' });
      // The title row cuts the group's name and the board's title, keeping each whole as a tooltip, and
      // lays them out side by side without overlap (the header's history and export may be icons only).
      expect(await heading.locator('span[title]').getAttribute('title')).toBe(TITLES[3]);
      if (!phone) await expectApart(breadcrumb, heading);
      for (const name of ['Historik', 'Exportera som CSV', 'Visa dokument']) {
        await expectApart(page.getByRole(name === 'Exportera som CSV' ? 'link' : 'button', { name, exact: true }), heading);
      }
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/board-${width}.png` });
      await toggle.click();
      await documents(page).waitFor();
      expect(await seriousViolations(page), 'drawer open over the board').toEqual([]);
      // Focus moves into the opened drawer, so Esc closes it at once and gives focus back to its button.
      await page.keyboard.press('Escape');
      await documents(page).waitFor({ state: 'hidden' });
      expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
      // What was said before opens over the canvas from the title row, and Esc folds it again.
      const related = page.getByRole('button', { name: /^Diskuterat tidigare/ });
      await related.click();
      await page.getByText('Inget i dina grupper liknar det här ännu.').waitFor();
      expect(await seriousViolations(page), 'related list open over the board').toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => related.getAttribute('aria-expanded')).toBe('false');
      await page.context().close();
    });
  }

  it('the board goes full screen with F or its button, and Esc leaves', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.setViewportSize({ width: 1366, height: 850 });
    await signInThroughUi(page, ADMIN);
    await page.goto(`/groups/plast/boards/${ids[3]}`);
    const surface = page.getByRole('region', { name: 'Tavla', exact: true });
    const button = page.getByRole('button', { name: 'Helskärm' });
    await surface.waitFor();
    const before = await box(surface);

    await surface.focus();
    await page.keyboard.press('f');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    const full = await box(surface);
    // The canvas already fills the window's height below the board's toolbars; full screen adds the page's chrome.
    expect(full.height).toBeGreaterThan(before.height);
    expect(full.height).toBeGreaterThanOrEqual(0.8 * 850);
    expect(full.width).toBeGreaterThanOrEqual(0.95 * 1366);
    await expectUncovered(page, surface, 1366);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/board-fullscreen-1366.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    expect((await box(surface)).height).toBeCloseTo(before.height, 0);

    await button.click();
    await expect.poll(async () => (await box(surface)).height).toBeGreaterThanOrEqual(0.8 * 850);
    expect(await seriousViolations(page)).toEqual([]);
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });

  it('remembers a collapsed sidebar for the person', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.setViewportSize({ width: 1366, height: 850 });
    await signInThroughUi(page, ADMIN);
    await page.goto(`/groups/plast/pages/${ids[0]}`);
    await page.getByRole('button', { name: 'Dölj dokument' }).click();
    await documents(page).waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('button', { name: 'Visa dokument' }).waitFor();
    expect(await documents(page).isVisible()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

type Box = { x: number; y: number; width: number; height: number };
async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

async function expectApart(a: Locator, b: Locator): Promise<void> {
  const [p, q] = [await box(a), await box(b)];
  const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
  expect(overlap, `${JSON.stringify(p)} overlaps ${JSON.stringify(q)}`).toBe(false);
}

async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const [i, o] = [await box(inner), await box(outer)];
  expect(i.x).toBeGreaterThanOrEqual(o.x);
  expect(i.x + i.width).toBeLessThanOrEqual(o.x + o.width + 0.5);
}

/** Within the viewport's width, and what is drawn at its corners is the element itself. */
async function expectUncovered(page: Page, l: Locator, width: number): Promise<void> {
  await l.scrollIntoViewIfNeeded();
  const b = await box(l);
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(width);
  const top = Math.max(b.y, 0);
  const points = [
    [b.x + 8, top + 8],
    [b.x + b.width - 8, top + 8],
    [b.x + b.width / 2, top + Math.min(b.height, 850 - top) / 2],
  ];
  for (const [x, y] of points) {
    const own = await l.evaluate((el, [px, py]) => {
      const hit = document.elementFromPoint(px!, py!);
      return hit !== null && (el === hit || el.contains(hit));
    }, [x, y]);
    const at = await page.evaluate(([px, py]) => {
      const hit = document.elementFromPoint(px!, py!);
      return hit ? `${hit.tagName}.${hit.className}` : 'nothing';
    }, [x, y]);
    expect(own, `${at} covers the element at ${x},${y}`).toBe(true);
  }
}

describe('app header', () => {
  let server: AppServer;
  let browser: TestBrowser;
  let karlJohan: string;

  beforeAll(async () => {
    server = await startAppServer();
    karlJohan = await createCoordinator(server.store, LONG_NAMED);
    const kim = (await server.store.users.findByEmail(ADMIN.email))!;
    await seedEndedSession(server.store, { id: karlJohan, name: LONG_NAMED.name }, { id: kim.id, name: kim.name });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the header shows a signed-in coordinator: the brand, every menu link, search, language and account. */
  const headerItems = (page: Page): Locator[] => {
    const header = page.getByRole('banner');
    return [
      header.getByRole('link', { name: 'Samla' }),
      ...['Mina grupper|My groups', 'Åtgärder|Action items', 'Medlemmar|Members', 'Administration'].map((name) =>
        header.getByRole('navigation').getByRole('link', { name: new RegExp(`^(${name})$`) }),
      ),
      header.getByRole('searchbox'),
      header.getByRole('group', { name: /^(Språk|Language)$/ }),
      header.getByRole('link', { name: new RegExp(LONG_NAMED.name) }),
      header.getByRole('button', { name: /^(Logga ut|Sign out)$/ }),
    ];
  };

  for (const width of [1366, 1024]) {
    it(`is one row at ${width} px for a long name, in Swedish and in English`, async () => {
      const { page } = await browser.newPerson(server.url);
      await page.setViewportSize({ width, height: 800 });
      await signInThroughUi(page, LONG_NAMED);
      for (const language of ['Svenska', 'English']) {
        await page.getByRole('banner').getByRole('button', { name: language }).click();
        await page.getByRole('heading', { level: 1, name: language === 'English' ? 'My groups' : 'Mina grupper' }).waitFor();
        const boxes = await Promise.all(headerItems(page).map(box));
        // One row: every item is centred on the same line, and the header is one item tall.
        const middles = boxes.map((b) => b.y + b.height / 2);
        expect(Math.max(...middles) - Math.min(...middles), `${language}: ${JSON.stringify(boxes)}`).toBeLessThanOrEqual(2);
        const header = await box(page.getByRole('banner'));
        expect(header.height).toBeLessThanOrEqual(Math.max(...boxes.map((b) => b.height)) + 32);
        // Side by side in reading order, none drawn over the next, all inside the window.
        boxes.slice(1).forEach((b, i) => expect(b.x, `${language}: item ${i + 1} overlaps the one before`).toBeGreaterThanOrEqual(boxes[i]!.x + boxes[i]!.width));
        for (const b of boxes) expect(b.x + b.width).toBeLessThanOrEqual(width);
        // The avatar keeps its size inside the account link, clear of the sign-out button.
        const avatar = await box(page.getByRole('banner').locator('.account .avatar'));
        expect(avatar.width).toBeGreaterThanOrEqual(24);
        expect(avatar.x + avatar.width, JSON.stringify(boxes)).toBeLessThanOrEqual(boxes.at(-1)!.x);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/header-${width}-${language}.png`, clip: { x: 0, y: 0, width, height: 160 } });
      }
      await page.context().close();
    });
  }

  it('at 390 px it folds without any horizontal overflow, every control still reachable', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.setViewportSize({ width: 390, height: 844 });
    await signInThroughUi(page, LONG_NAMED);
    for (const path of ['/', `/groups/plast/sessions/${ENDED_SESSION}`]) {
      await page.goto(path);
      await page.getByRole('banner').waitFor();
      if (path !== '/') await page.getByTestId('minutes-status').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      for (const item of headerItems(page)) {
        const b = await box(item);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(390);
      }
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/390${path === '/' ? '-home' : '-minutes'}.png`, fullPage: true });
    }
    await page.context().close();
  });

  for (const width of [1366, 1024, 390]) {
    it(`at ${width} px the minutes name every facilitator of the session, in turn`, async () => {
      // A reader in Stockholm: the minutes view gives times in the reader's own time zone.
      const context = await browser.browser.newContext({ baseURL: server.url, viewport: { width, height: 900 }, timezoneId: 'Europe/Stockholm' });
      const page = await context.newPage();
      await signInThroughUi(page, LONG_NAMED);
      await page.goto(`/groups/plast/sessions/${ENDED_SESSION}`);
      await page.getByTestId('minutes-status').waitFor();
      await expectText(
        page.locator('.minutes'),
        `Samtalsledare: ${LONG_NAMED.name} (10:00–10:20), ${ADMIN.name} (10:20–10:45) och ${LONG_NAMED.name} (10:45–11:00).`,
      );
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/minutes-${width}.png`, fullPage: true });
      await context.close();
    });
  }
});
