import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.js';
import { addSection, addSticky, openBoard, seedBoard, stickyByText, tabTo } from './support/board.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer } from './support/server.js';

/** The idea board at /groups/:groupId/boards/:itemId, in the built app, against the real server. */
const BOARD_ID = 'board-plast-ideer';

const openBoardAs = (browser: TestBrowser, server: AppServer, person: { email: string; password: string }) =>
  openBoard(browser, server, BOARD_ID, person);

const sticky = stickyByText;

describe('idea board', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER);
    await seedBoard(server, BOARD_ID, 'Idéer', (doc) => {
      // Far right, so that a sticky made at the viewport centre starts outside it.
      addSection(doc, 'sectionplast0001', 'Kök', 1300, 0);
      addSticky(doc, 'stickyseed000001', 'Dra mig', 100, 100);
      addSticky(doc, 'stickyseed000002', 'Pantsystem för muggar', 1320, 60, 'sectionplast0001');
      // Two screens to the right: drawn only once panned to.
      addSticky(doc, 'stickyseed000003', 'Långt bort på tavlan', 2600, 100);
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a sticky dragged by one person moves on the other’s screen', async () => {
    const [kim, bo] = await Promise.all([openBoardAs(browser, server, ADMIN), openBoardAs(browser, server, MEMBER)]);
    const onKim = sticky(kim, 'Dra mig');
    const onBo = sticky(bo, 'Dra mig');
    await onBo.waitFor();
    expect(await onBo.getAttribute('data-x')).toBe('100');

    const box = (await onKim.boundingBox())!;
    await kim.mouse.move(box.x + 40, box.y + 40);
    await kim.mouse.down();
    for (let i = 1; i <= 10; i++) await kim.mouse.move(box.x + 40 + i * 20, box.y + 40 + i * 12);
    await kim.mouse.up();

    await expect.poll(() => onKim.getAttribute('data-x')).toBe('300');
    expect(await onKim.getAttribute('data-y')).toBe('220');
    await expect.poll(() => onBo.getAttribute('data-x'), { timeout: 10_000 }).toBe('300');
    expect(await onBo.getAttribute('data-y')).toBe('220');
    // And Bo sees that Kim has it selected.
    await onBo.locator('.sticky__selector', { hasText: ADMIN.name }).waitFor();
    await kim.context().close();
    await bo.context().close();
  });

  it('works by keyboard alone: create, type, move into a section, delete, and undo the deletion', async () => {
    const page = await openBoardAs(browser, server, MEMBER);
    const surface = page.getByRole('region', { name: 'Tavla' });
    await tabTo(page, surface);
    await page.keyboard.press('n');
    const editor = page.getByRole('textbox', { name: 'Lappens text' });
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Minska engångsplasten');
    await page.keyboard.press('Escape');

    const created = sticky(page, 'Minska engångsplasten');
    expect(await created.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await created.getAttribute('data-section')).toBe('');
    await expect.poll(() => created.getAttribute('aria-label')).toContain(MEMBER.name);

    // Arrow keys move it; the move is announced.
    const x0 = Number(await created.getAttribute('data-x'));
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => created.getAttribute('data-x')).toBe(String(x0 + 20));
    await expect.poll(() => page.getByTestId('board-announcer').textContent()).toContain('flyttad');

    // M opens "Flytta till sektion"; the arrow key picks the section "Kök".
    await page.keyboard.press('m');
    const picker = page.getByRole('combobox', { name: 'Flytta till sektion' });
    await expect.poll(() => picker.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => created.getAttribute('data-section')).toBe('sectionplast0001');
    await expect.poll(() => created.getAttribute('aria-label')).toContain('Kök');
    await page.keyboard.press('Escape');
    expect(await created.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Delete');
    await created.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Lapp borttagen' }).waitFor();

    await page.keyboard.press('Control+z');
    await created.waitFor();
    expect(await created.getAttribute('data-section')).toBe('sectionplast0001');
    await page.context().close();
  });

  it('draws stickies far off screen, or when zoomed far out, as named colour blocks, and in full in view', async () => {
    const page = await openBoardAs(browser, server, MEMBER);
    const surface = page.getByRole('region', { name: 'Tavla' });
    const far = page.locator('[data-sticky-id="stickyseed000003"]');
    await far.waitFor({ state: 'attached' });
    // Off screen: a screen reader still has its text, author and colour; nothing is drawn.
    expect(await far.getAttribute('aria-label')).toContain('Långt bort på tavlan');
    expect(await far.textContent()).toBe('');

    const inView = async () => {
      const [b, v] = await Promise.all([far.boundingBox(), surface.boundingBox()]);
      return !!b && !!v && b.x >= v.x && b.x + b.width <= v.x + v.width;
    };
    await surface.focus();
    for (let i = 0; i < 20 && !(await inView()); i++) await page.keyboard.press('Shift+ArrowRight');
    expect(await inView()).toBe(true);
    expect(await far.textContent()).toContain('Långt bort på tavlan');
    expect(await far.textContent()).toContain(ADMIN.name);

    // Zoomed out below 50 %: colour blocks, still named; back in: text again.
    const zoom = page.locator('output.board__zoom');
    for (let i = 0; i < 4; i++) await page.keyboard.press('-');
    await expect.poll(() => zoom.textContent()).toMatch(/^4\d\s?%$/);
    await expect.poll(() => far.textContent()).toBe('');
    expect(await far.getAttribute('aria-label')).toContain('Långt bort på tavlan');
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    await expect.poll(() => far.textContent()).toContain('Långt bort på tavlan');
    await page.context().close();
  });

  it('has no serious or critical axe violations, on the board and in the list view', async () => {
    const page = await openBoardAs(browser, server, ADMIN);
    await sticky(page, 'Dra mig').click();
    await page.getByRole('combobox', { name: 'Flytta till sektion' }).waitFor();
    expect(await seriousViolations(page), 'board').toEqual([]);

    await page.getByRole('button', { name: 'Visa som lista' }).click();
    await page.getByRole('heading', { name: 'Kök' }).waitFor();
    await page.getByRole('textbox', { name: `Lapp av ${ADMIN.name}` }).first().waitFor();
    expect(await seriousViolations(page), 'list view').toEqual([]);
    await page.context().close();
  });
});
