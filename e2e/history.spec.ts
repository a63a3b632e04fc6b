import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, notesEditor, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem } from './support/space.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer } from './support/server.js';

const historyPanel = (page: Page): Locator => page.getByRole('region', { name: 'Versionshistorik' });
const versionRow = (page: Page, name: string): Locator =>
  historyPanel(page).getByRole('list', { name: 'Versioner, nyast först' }).getByRole('listitem').filter({ hasText: name });

/** Replaces the whole text of an editor with `text`, and waits until the server has it. */
async function replaceText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await expectText(editor, text);
  await waitForSaved(page);
}

async function saveVersion(page: Page, name: string): Promise<void> {
  await historyPanel(page).getByLabel('Namn på versionen').fill(name);
  await historyPanel(page).getByRole('button', { name: 'Spara version' }).click();
  await historyPanel(page).getByRole('status').filter({ hasText: `Versionen ”${name}” sparades.` }).waitFor();
  await versionRow(page, name).waitFor();
}

/**
 * Write, save a named version, change the text, look at the old version read-only, restore it.
 * The live editor shows the old text again and the history keeps everything that came after.
 */
async function roundTrip(page: Page, editor: Locator): Promise<void> {
  const oldText = 'Första utkastet: vi kartlägger engångsplasten.';
  const newText = 'Omskrivet: vi köper bara flergångsmuggar.';
  await replaceText(page, editor, oldText);

  await page.getByRole('button', { name: 'Historik' }).click();
  await historyPanel(page).getByRole('heading', { name: 'Versionshistorik' }).waitFor();
  await saveVersion(page, 'Före omskrivningen');

  await replaceText(page, editor, newText);
  await saveVersion(page, 'Efter omskrivningen');
  // Newest first.
  const labels = await historyPanel(page).locator('.history__label').allTextContents();
  expect(labels.indexOf('Efter omskrivningen')).toBeLessThan(labels.indexOf('Före omskrivningen'));

  // The old version opens read-only, below the list, with the old text.
  await versionRow(page, 'Före omskrivningen').getByRole('button', { name: /^Visa/ }).click();
  const preview = historyPanel(page).getByRole('region', { name: /^Före omskrivningen, / });
  const previewText = preview.getByRole('textbox');
  await expectText(previewText, oldText);
  expect(await previewText.textContent()).not.toContain(newText);
  expect(await previewText.getAttribute('contenteditable')).toBe('false');
  expect(await previewText.getAttribute('aria-readonly')).toBe('true');
  await previewText.click();
  await page.keyboard.type('ska inte synas');
  expect(await previewText.textContent()).not.toContain('ska inte synas');
  expect(await seriousViolations(page), 'history with a preview open').toEqual([]);

  // Restore asks first; then the live document shows the old text, arriving through Yjs.
  await preview.getByRole('button', { name: 'Återställ den här versionen' }).click();
  await preview.getByRole('button', { name: 'Ja, återställ' }).click();
  await historyPanel(page).getByRole('status').filter({ hasText: 'Dokumentet återställdes' }).waitFor();
  await expectText(editor, oldText);
  await expect.poll(async () => (await editor.textContent()) ?? '').not.toContain(newText);
  await waitForSaved(page);

  // Nothing is lost: the newer version is still listed, and so is the state before the restore.
  await versionRow(page, 'Efter omskrivningen').waitFor();
  await versionRow(page, 'Före återställning').waitFor();
  await versionRow(page, 'Före omskrivningen').waitFor();

  // Esc closes the panel and focus goes back to the toggle.
  await historyPanel(page).getByLabel('Namn på versionen').focus();
  await page.keyboard.press('Escape');
  await historyPanel(page).waitFor({ state: 'detached' });
  const toggle = page.getByRole('button', { name: 'Historik' });
  expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await toggle.getAttribute('aria-expanded')).toBe('false');
}

describe('version history', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER, [{ id: 'plast', role: 'observer' }]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('in the group notes: save a named version, view an old one read-only, restore it', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');
    await roundTrip(page, notesEditor(page));
  });

  it('on a page, the same round trip works', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');
    await createItem(page, 'Ny sida', 'Inköpspolicy');
    await waitForSaved(page);
    await roundTrip(page, page.getByRole('textbox', { name: 'Inköpspolicy' }));
  });

  it('an observer sees and opens versions but cannot save or restore', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, MEMBER);
    await openGroup(page, 'Plast');
    await page.getByRole('button', { name: 'Historik' }).click();
    await versionRow(page, 'Före omskrivningen').waitFor();
    expect(await historyPanel(page).getByLabel('Namn på versionen').count()).toBe(0);
    await versionRow(page, 'Före omskrivningen').getByRole('button', { name: /^Visa/ }).click();
    const preview = historyPanel(page).getByRole('region', { name: /^Före omskrivningen, / });
    await expectText(preview.getByRole('textbox'), 'Första utkastet');
    expect(await preview.getByRole('button', { name: 'Återställ den här versionen' }).count()).toBe(0);
  });
});
