import { SPACE_ITEMS, spaceDocName } from '@samla/shared';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDoc, signIn, waitFor } from '../server/src/test/harness.js';
import type { Locator, Page } from 'playwright-core';
import { signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';
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
      if (phone) await documents(page).waitFor({ state: 'hidden' });
      else await expectApart(documents(page), board);
      await expectUncovered(page, board, width);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/board-${width}.png` });
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
    expect(before.height).toBeLessThan(0.8 * 850);

    await surface.focus();
    await page.keyboard.press('f');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    const full = await box(surface);
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
