import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem } from './support/space.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

describe('search', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds what was just written from the header, highlights it, opens it, and offers the export', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');
    await createItem(page, 'Ny sida', 'Avfallsplan');
    const editor = page.getByRole('textbox', { name: 'Avfallsplan' });
    await editor.click();
    await page.keyboard.type('Vi vill höja återvinningsgraden i köket.');
    await expectText(editor, 'återvinningsgraden');
    await waitForSaved(page);

    const exportLink = page.getByRole('link', { name: 'Exportera som Markdown' });
    expect(await exportLink.getAttribute('href')).toMatch(/^\/api\/groups\/plast\/pages\/[a-z0-9-]+\/export\.md$/);

    // The server indexes about a second after the edit.
    await expect
      .poll(async () => (await server.store.search.query({ text: 'återvinning', groupIds: ['plast'], limit: 5 })).length, { timeout: 5_000 })
      .toBe(1);

    // Keyboard only: the search box is labelled, Enter submits.
    const box = page.getByRole('search', { name: 'Sök i grupperna' }).getByRole('searchbox', { name: 'Sök i dina grupper' });
    await box.fill('Återvinning');
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Träffar för ”Återvinning”' }).waitFor();
    const result = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Avfallsplan' }) });
    await result.waitFor();
    expect(await result.locator('mark').allTextContents()).toEqual(['återvinningsgraden']);
    await expectText(result, 'Plast');
    expect(await seriousViolations(page), 'search results').toEqual([]);

    await result.getByRole('link', { name: 'Avfallsplan' }).click();
    await expectText(page.getByRole('textbox', { name: 'Avfallsplan' }), 'återvinningsgraden');
  });

  it('says so when nothing matches', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto(`${server.url}/search?q=xyzzyplugh`);
    await page.getByRole('heading', { name: 'Inga träffar för ”xyzzyplugh”' }).waitFor();
  });
});
