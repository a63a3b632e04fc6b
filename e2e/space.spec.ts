import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, openGroup, signInThroughUi } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem, documents, toolbarButton } from './support/space.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer, type Person } from './support/server.js';

/** The group's document space: the "Dokument" navigation, pages and boards, as two members and an observer use them. */

const OBSERVER: Person = { name: 'Olle Observatör', email: 'olle@example.se', password: 'olle-har-ett-langt-losenord' };

/** The titles in the navigation's main list, in the order shown (the archive is a separate list). */
const listed = (page: Page): Promise<string[]> =>
  documents(page).locator('.space-nav__list').first().locator('.space-nav__title').allTextContents();

async function expectListed(page: Page, titles: string[]): Promise<void> {
  await expect.poll(() => listed(page), { timeout: 15_000, interval: 50 }).toEqual(titles);
}

async function itemAction(page: Page, title: string, action: string): Promise<void> {
  const nav = documents(page);
  await nav.getByRole('button', { name: `Åtgärder för ${title}` }).click();
  await nav.getByRole('button', { name: action, exact: true }).click();
}

describe('document space', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER);
    await createMember(server.store, OBSERVER, [{ id: 'plast', role: 'observer' }]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('one member creates, renames, reorders, archives and restores; the other sees each change live', async () => {
    // Separate browser contexts: everything has to go through the server.
    const kim = (await browser.newPerson(server.url)).page;
    const bo = (await browser.newPerson(server.url)).page;
    await Promise.all([signInThroughUi(kim, ADMIN), signInThroughUi(bo, MEMBER)]);
    await Promise.all([openGroup(kim, 'Plast'), openGroup(bo, 'Plast')]);
    await expectListed(bo, ['Anteckningar']);

    await createItem(kim, 'Ny sida', 'Mötesanteckningar');
    expect(kim.url()).toMatch(/\/groups\/plast\/pages\/[a-z0-9]{16}$/);
    await expectListed(bo, ['Anteckningar', 'Mötesanteckningar']);

    await createItem(kim, 'Ny tavla', 'Idéer');
    expect(kim.url()).toMatch(/\/groups\/plast\/boards\/[a-z0-9]{16}$/);
    await kim.getByRole('region', { name: 'Tavla' }).waitFor();
    // Over a board the documents are a drawer, closed when the board opens.
    await documents(kim).waitFor({ state: 'hidden' });
    await kim.getByRole('button', { name: 'Visa dokument' }).click();
    await expectListed(bo, ['Anteckningar', 'Mötesanteckningar', 'Idéer']);
    // The open item is marked as the current page in the navigation.
    expect(await documents(kim).getByRole('link', { name: 'Idéer' }).getAttribute('aria-current')).toBe('page');

    await itemAction(kim, 'Idéer', 'Byt namn');
    await documents(kim).getByLabel('Nytt namn för Idéer').fill('Idéverkstad');
    await kim.keyboard.press('Enter');
    await expectListed(bo, ['Anteckningar', 'Mötesanteckningar', 'Idéverkstad']);
    await kim.getByRole('heading', { level: 2, name: 'Idéverkstad' }).waitFor();

    await itemAction(kim, 'Idéverkstad', 'Flytta upp');
    await expectListed(bo, ['Anteckningar', 'Idéverkstad', 'Mötesanteckningar']);
    await expectListed(kim, ['Anteckningar', 'Idéverkstad', 'Mötesanteckningar']);
    // Focus stays on the moved item's actions, so the next move is one key away.
    expect(await kim.evaluate(() => document.activeElement?.textContent)).toContain('Åtgärder för Idéverkstad');
    await kim.keyboard.press('Escape');
    await documents(kim).getByRole('button', { name: 'Flytta upp' }).waitFor({ state: 'detached' });
    expect(await documents(kim).getByRole('button', { name: 'Åtgärder för Idéverkstad' }).getAttribute('aria-expanded')).toBe('false');

    await itemAction(kim, 'Mötesanteckningar', 'Arkivera');
    await expectListed(bo, ['Anteckningar', 'Idéverkstad']);
    const boArchive = documents(bo).getByText('Arkiv (1)');
    await boArchive.waitFor();
    await boArchive.click();
    await documents(bo).getByRole('link', { name: 'Mötesanteckningar' }).waitFor();

    // An archived page still opens, says so, and can be restored from there.
    await documents(bo).getByRole('link', { name: 'Mötesanteckningar' }).click();
    await bo.getByText('Den här sidan är arkiverad.', { exact: false }).waitFor();

    await documents(kim).getByText('Arkiv (1)').click();
    await documents(kim).getByRole('button', { name: 'Återställ Mötesanteckningar' }).click();
    await expectListed(bo, ['Anteckningar', 'Idéverkstad', 'Mötesanteckningar']);
    await bo.getByText('Den här sidan är arkiverad.', { exact: false }).waitFor({ state: 'detached' });
    expect(await documents(bo).getByText(/^Arkiv/).count()).toBe(0);

    await kim.context().close();
    await bo.context().close();
  });

  it('a heading, a checked checklist item, a link and a table typed by one member appear for the other', async () => {
    const kim = (await browser.newPerson(server.url)).page;
    const bo = (await browser.newPerson(server.url)).page;
    await Promise.all([signInThroughUi(kim, ADMIN), signInThroughUi(bo, MEMBER)]);
    await Promise.all([openGroup(kim, 'Plast'), openGroup(bo, 'Plast')]);
    await createItem(kim, 'Ny sida', 'Vårplanering');
    await documents(bo).getByRole('link', { name: 'Vårplanering' }).click();

    const onKim = kim.getByRole('textbox', { name: 'Vårplanering' });
    const onBo = bo.getByRole('textbox', { name: 'Vårplanering' });
    // Bo writes the first line; Kim writes below it.
    await onBo.click();
    await bo.keyboard.type('Bo var här');
    await expectText(onKim, 'Bo var här');
    await onKim.click();
    await kim.keyboard.press('Control+End');
    await kim.keyboard.press('Enter');

    // The toolbar is one tab stop; arrow keys move within it, Enter applies and returns to the text.
    const focused = () => kim.evaluate(() => document.activeElement?.getAttribute('title') ?? '');
    await kim.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Rubrik');
    await kim.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Underrubrik');
    await kim.keyboard.press('Home');
    expect(await focused()).toBe('Rubrik');
    // On a busy page the next frame comes late: what is typed right after Enter must reach the text anyway.
    type Stalled = Window & { realFrame?: typeof requestAnimationFrame };
    await kim.evaluate(() => {
      const w = window as Stalled;
      w.realFrame = w.requestAnimationFrame;
      w.requestAnimationFrame = () => 0;
    });
    await kim.keyboard.press('Enter');
    expect(await toolbarButton(kim, 'Rubrik').getAttribute('aria-pressed')).toBe('true');
    await kim.keyboard.type('Plan för våren');
    await kim.evaluate(() => {
      const w = window as Stalled;
      w.requestAnimationFrame = w.realFrame!;
    });
    await kim.keyboard.press('Enter');

    await toolbarButton(kim, 'Checklista').click();
    await kim.keyboard.type('Boka lokal');
    await kim.getByRole('checkbox', { name: 'Klar: Boka lokal' }).check();
    // Leave the list: end of the item, a new item, and Enter on the empty item ends the list.
    await onKim.locator('li', { hasText: 'Boka lokal' }).locator('p').click();
    await kim.keyboard.press('End');
    await kim.keyboard.press('Enter');
    await kim.keyboard.press('Enter');

    await kim.keyboard.type('Läs mer');
    await kim.keyboard.press('Shift+Home');
    await expect.poll(() => kim.evaluate(() => getSelection()?.toString())).toBe('Läs mer');
    await toolbarButton(kim, 'Länk').click();
    await kim.getByLabel('Länkadress').fill('miljopakten.se/plast');
    await kim.keyboard.press('Enter');
    await onKim.locator('a', { hasText: 'Läs mer' }).waitFor();
    await kim.keyboard.press('End');
    // Typing right after a link does not extend it.
    await kim.keyboard.type(' om planen');
    await kim.keyboard.press('Enter');

    await toolbarButton(kim, 'Infoga tabell').click();
    await kim.keyboard.type('Material');
    // The table's own buttons appear while the cursor is in it.
    await toolbarButton(kim, 'Lägg till rad under').click();

    await onBo.locator('h2', { hasText: 'Plan för våren' }).waitFor();
    const boCheckbox = bo.getByRole('checkbox', { name: 'Klar: Boka lokal' });
    await expect.poll(() => boCheckbox.isChecked(), { timeout: 15_000 }).toBe(true);
    const link = onBo.locator('a', { hasText: 'Läs mer' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://miljopakten.se/plast');
    await expectText(onBo, 'Läs mer om planen');
    expect(await link.textContent()).toBe('Läs mer');
    await onBo.locator('table th', { hasText: 'Material' }).waitFor();
    await expect.poll(() => onBo.locator('table tr').count(), { timeout: 15_000 }).toBe(4);
    await expectText(onBo, 'Plan för våren');

    // Undo is per person: Kim's undo takes back Kim's own changes (at least the added row), never Bo's line.
    await kim.keyboard.press('Control+z');
    await expect.poll(() => onBo.locator('table tr').count(), { timeout: 15_000 }).toBeLessThan(4);
    await expectText(onBo, 'Bo var här');
    await toolbarButton(kim, 'Gör om').click();
    await expect.poll(() => onBo.locator('table tr').count(), { timeout: 15_000 }).toBe(4);
    await expectText(onBo, 'Bo var här');

    await kim.context().close();
    await bo.context().close();
  });

  it('an observer sees the documents without any controls and cannot type into a page', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, OBSERVER);
    await openGroup(page, 'Plast');
    const nav = documents(page);
    await expectListed(page, ['Anteckningar', 'Idéverkstad', 'Mötesanteckningar', 'Vårplanering']);
    expect(await nav.getByRole('button').count()).toBe(0);

    await nav.getByRole('link', { name: 'Vårplanering' }).click();
    const editor = page.getByRole('textbox', { name: 'Vårplanering' });
    await expectText(editor, 'Plan för våren');
    await page.getByText('Du kan läsa sidan men inte ändra den.').waitFor();
    expect(await editor.getAttribute('aria-readonly')).toBe('true');
    expect(await page.getByRole('toolbar', { name: 'Formatering' }).count()).toBe(0);
    const before = await editor.textContent();
    await editor.click();
    await page.keyboard.type('Observatören skriver');
    expect(await editor.textContent()).toBe(before);
    expect(await page.getByRole('checkbox', { name: 'Klar: Boka lokal' }).isChecked()).toBe(true);

    // A malformed or unknown item shows a not-found state with a way back.
    await page.goto('/groups/plast/pages/INTE_ETT_ID');
    await page.getByRole('heading', { name: 'Dokumentet finns inte' }).waitFor();
    await page.goto('/groups/plast/boards/finns-inte-0000');
    await page.getByRole('heading', { name: 'Dokumentet finns inte' }).waitFor();
    await page.getByRole('link', { name: 'Tillbaka till gruppens anteckningar' }).click();
    await page.getByRole('textbox', { name: 'Anteckningar' }).waitFor();
    await page.context().close();
  });
});
