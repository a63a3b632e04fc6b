import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { addSticky, boardSurface, openBoard, seedBoard, stickyByText, tabTo } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer } from './support/server.js';

/** The board as a canvas: its size, wheel and zoom, placing new stickies, and marking several at once. */
const TITLE = 'Cirkulärt byggande: återbruk av byggmaterial i Stockholms län';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const surfaceOf = boardSurface;
const sticky = stickyByText;
const box = async (l: Locator): Promise<Box> => (await l.boundingBox())!;
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) =>
  a.x >= outer.x - 0.5 && a.y >= outer.y - 0.5 && a.x + a.width <= outer.x + outer.width + 0.5 && a.y + a.height <= outer.y + outer.height + 0.5;
const pos = async (l: Locator) => [Number(await l.getAttribute('data-x')), Number(await l.getAttribute('data-y'))];
const markedIds = (page: Page) =>
  page.locator('.sticky--selected').evaluateAll((els) => els.map((el) => el.getAttribute('data-sticky-id')).sort());

/** A mouse drag in steps, as a person moves the mouse. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 10): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  await page.mouse.up();
}

const THREE = (doc: Parameters<Parameters<typeof seedBoard>[3]>[0]) => {
  addSticky(doc, 'stickycanvas0001', 'Återbruk av tegel', 100, 60);
  addSticky(doc, 'stickycanvas0002', 'Inventering före rivning', 300, 60);
  addSticky(doc, 'stickycanvas0003', 'Materialbank', 500, 60);
  addSticky(doc, 'stickycanvas0004', 'Krav i upphandling', 100, 300);
};

describe('the board as a canvas', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER);
    await seedBoard(server, 'board-canvas-size', TITLE, (doc) => {
      for (let i = 0; i < 40; i++) addSticky(doc, `stickysize${String(i).padStart(6, '0')}`, `Idé ${i + 1}`, (i % 10) * 180, Math.floor(i / 10) * 180);
    });
    for (const id of ['board-canvas-wheel', 'board-canvas-place', 'board-canvas-multi', 'board-canvas-lasso', 'board-canvas-keys']) {
      await seedBoard(server, id, `${TITLE} (${id.slice(13)})`, THREE);
    }
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const [width, height] of [
    [1024, 768],
    [1366, 850],
    [1920, 1080],
    [390, 844],
  ] as const) {
    it(`at ${width} px the canvas fills the window below its toolbars, the full width of the content`, async () => {
      const page = await openBoard(browser, server, 'board-canvas-size', ADMIN, { width, height });
      const toggle = page.getByRole('button', { name: /^(Visa|Dölj) dokument$/ });
      if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
      const phone = width < 640;
      // A phone scrolls to the board once; from tablet width up the board is a workspace that opens whole.
      if (phone) await page.locator('.board').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      else expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(1);
      const surface = await box(surfaceOf(page));
      const header = await page.locator('.site-header').boundingBox();
      const top = phone ? Math.max(0, header ? header.y + header.height : 0) : header!.y + header!.height;
      const visibleHeight = Math.min(height, surface.y + surface.height) - Math.max(top, surface.y);
      // Phones: 80% of the window once scrolled. Wider: only the title row (breadcrumb, title, "Diskuterat
      // tidigare") and one toolbar row sit above it.
      expect(visibleHeight / (height - top)).toBeGreaterThanOrEqual(0.8);
      // Nothing sits below the canvas but the page's margin.
      if (!phone) expect(height - (surface.y + surface.height)).toBeLessThanOrEqual(24);
      const main = await box(page.locator('.group-layout__main'));
      expect(surface.width).toBeGreaterThanOrEqual(main.width - 2);
      // Nothing is pushed below the window: the canvas ends inside it.
      expect(surface.y + surface.height).toBeLessThanOrEqual(height + 0.5);
      await page.context().close();
    });
  }

  it('the wheel pans, Ctrl+wheel zooms around the pointer, F goes full screen and Esc leaves it', async () => {
    const page = await openBoard(browser, server, 'board-canvas-wheel');
    const surface = surfaceOf(page);
    await page.locator('.board').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const target = sticky(page, 'Materialbank');
    const before = await box(target);
    const s = await box(surface);
    await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
    await page.mouse.wheel(120, 50);
    await expect.poll(async () => (await box(target)).y).toBeCloseTo(before.y - 50, 0);
    expect((await box(target)).x).toBeCloseTo(before.x - 120, 0);
    // Nothing was written: panning is the viewer's own.
    expect(await pos(target)).toEqual([500, 60]);

    const zoom = page.locator('output.board__zoom');
    expect(await zoom.textContent()).toMatch(/^100\s?%$/);
    const under = await box(target);
    const point = { x: under.x + 10, y: under.y + 10 };
    await page.mouse.move(point.x, point.y);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(() => zoom.textContent()).not.toMatch(/^100\s?%$/);
    const zoomed = await box(target);
    expect(zoomed.width).toBeGreaterThan(under.width);
    // Around the pointer: the point under it stays where it was.
    expect(zoomed.x + (10 * zoomed.width) / under.width).toBeCloseTo(point.x, 0);
    expect(zoomed.y + (10 * zoomed.height) / under.height).toBeCloseTo(point.y, 0);

    const button = page.getByRole('button', { name: 'Helskärm' });
    await surface.focus();
    await page.keyboard.press('f');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    expect((await box(surface)).height).toBeGreaterThanOrEqual(0.8 * 900);
    await page.keyboard.press('Escape');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    await page.context().close();
  });

  it('five new stickies in a row land apart from each other and from others, inside the view', async () => {
    const page = await openBoard(browser, server, 'board-canvas-place');
    const add = page.getByRole('button', { name: 'Ny lapp' });
    for (let i = 0; i < 5; i++) {
      await add.click();
      const editor = page.getByRole('textbox', { name: 'Lappens text' });
      await editor.waitFor();
      await page.keyboard.type(`Ny idé ${i + 1}`);
      await page.keyboard.press('Escape');
    }
    const surface = await box(surfaceOf(page));
    const all = await page.locator('.sticky').all();
    expect(all).toHaveLength(9);
    const boxes = await Promise.all(all.map(box));
    const created = await Promise.all([1, 2, 3, 4, 5].map((i) => box(sticky(page, `Ny idé ${i}`))));
    for (const b of created) expect(inside(b, surface)).toBe(true);
    for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    await page.context().close();
  });

  it('shift-click marks three stickies; dragging one moves all three for both people, and one undo puts them back', async () => {
    const [kim, bo] = await Promise.all([openBoard(browser, server, 'board-canvas-multi'), openBoard(browser, server, 'board-canvas-multi', MEMBER)]);
    const names = ['Återbruk av tegel', 'Inventering före rivning', 'Materialbank'];
    await sticky(kim, names[0]!).click();
    await sticky(kim, names[1]!).click({ modifiers: ['Shift'] });
    await sticky(kim, names[2]!).click({ modifiers: ['Shift'] });
    await kim.getByTestId('board-marked-count').filter({ hasText: '3 lappar markerade' }).waitFor();
    await expect.poll(() => kim.getByTestId('board-announcer').textContent()).toContain('3 lappar markerade');
    expect(await markedIds(kim)).toEqual(['stickycanvas0001', 'stickycanvas0002', 'stickycanvas0003']);

    const b = await box(sticky(kim, names[1]!));
    await drag(kim, { x: b.x + 60, y: b.y + 60 }, { x: b.x + 60 + 100, y: b.y + 60 + 200 });
    const expected = [
      [200, 260],
      [400, 260],
      [600, 260],
    ];
    for (const [i, name] of names.entries()) {
      await expect.poll(() => pos(sticky(kim, name))).toEqual(expected[i]);
      await expect.poll(() => pos(sticky(bo, name)), { timeout: 10_000 }).toEqual(expected[i]);
    }
    expect(await pos(sticky(bo, 'Krav i upphandling'))).toEqual([100, 300]);

    await kim.keyboard.press('Control+z');
    for (const [i, name] of names.entries()) {
      await expect.poll(() => pos(sticky(bo, name)), { timeout: 10_000 }).toEqual([100 + i * 200, 60]);
    }

    // One colour for all, then delete all; one undo brings all three back.
    const colour = kim.getByRole('combobox', { name: 'Färg på markerade' });
    await colour.selectOption({ label: 'Blå' });
    for (const name of names) await expect.poll(() => sticky(bo, name).getAttribute('class'), { timeout: 10_000 }).toContain('sticky--blue');
    expect(await seriousViolations(kim), 'with three marked').toEqual([]);
    await kim.getByRole('button', { name: 'Ta bort 3 lappar' }).click();
    await kim.getByRole('status').filter({ hasText: '3 lappar borttagna' }).waitFor();
    for (const name of names) await sticky(bo, name).waitFor({ state: 'detached', timeout: 10_000 });
    await kim.keyboard.press('Control+z');
    for (const name of names) await sticky(bo, name).waitFor({ timeout: 10_000 });
    await kim.context().close();
    await bo.context().close();
  });

  it('a lasso drawn with the mouse on empty board marks exactly the stickies inside it', async () => {
    const page = await openBoard(browser, server, 'board-canvas-lasso');
    const a = await box(sticky(page, 'Återbruk av tegel'));
    const b = await box(sticky(page, 'Inventering före rivning'));
    // From empty board above-left of the first to below-right of the second (the third and fourth stay out).
    await drag(page, { x: a.x - 20, y: a.y - 20 }, { x: b.x + b.width + 20, y: b.y + b.height + 20 });
    await page.getByTestId('board-marked-count').filter({ hasText: '2 lappar markerade' }).waitFor();
    expect(await markedIds(page)).toEqual(['stickycanvas0001', 'stickycanvas0002']);
    // Nothing moved, and the view did not pan.
    expect(await box(sticky(page, 'Återbruk av tegel'))).toEqual(a);
    await page.keyboard.press('Escape');
    expect(await markedIds(page)).toEqual([]);
    await page.context().close();
  });

  it('by keyboard: Shift+Space marks stickies, arrow keys move them all, Ctrl+A marks all and Esc lets go', async () => {
    const page = await openBoard(browser, server, 'board-canvas-keys', MEMBER);
    const first = sticky(page, 'Återbruk av tegel');
    const second = sticky(page, 'Inventering före rivning');
    await tabTo(page, first);
    await page.keyboard.press('Shift+Space');
    await tabTo(page, second);
    await page.keyboard.press('Shift+Space');
    await page.getByTestId('board-marked-count').filter({ hasText: '2 lappar markerade' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => pos(first)).toEqual([120, 80]);
    expect(await pos(second)).toEqual([320, 80]);
    expect(await pos(sticky(page, 'Materialbank'))).toEqual([500, 60]);
    await expect.poll(() => page.getByTestId('board-announcer').textContent()).toContain('2 lappar flyttade');

    await page.keyboard.press('Control+a');
    await page.getByTestId('board-marked-count').filter({ hasText: '4 lappar markerade' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByText('Ingen lapp vald', { exact: false }).waitFor();
    await page.context().close();
  });
});
