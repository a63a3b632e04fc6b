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

  it('finds Swedish words in any form, shows plain-text snippets with highlights, and narrows by group and type in the URL', async () => {
    // What the meetings feature indexes when sessions end: minutes (Markdown) and decisions.
    await server.app.search.index([
      {
        groupId: 'plast', kind: 'minutes', itemId: 'mote-plast', subId: '', title: 'Insamlingsmötet', link: '/groups/plast/sessions/mote-plast',
        text: '# Insamlingsmötet\n\n## Deltagare\n- **Kommunen**: Kim\n\n## Beslut\n- Vi samlar **plastförpackningar** på alla kontor.',
      },
      {
        groupId: 'transporter', kind: 'decision', itemId: 'mote-transport', subId: 'beslut-1', title: 'Logistikmötet',
        link: '/groups/transporter/sessions/mote-transport', text: 'Returtransporter av förpackningar samordnas.',
      },
    ]);
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    // Typed without ö, in another form: both the compound and the plain word are found.
    await page.goto(`${server.url}/search?q=forpackning`);
    const results = page.locator('.search-results > li');
    const minutes = results.filter({ has: page.getByRole('link', { name: 'Insamlingsmötet' }) });
    const decision = results.filter({ has: page.getByRole('link', { name: 'Logistikmötet' }) });
    await minutes.waitFor();
    await decision.waitFor();
    expect(await minutes.locator('mark').allTextContents()).toEqual(['plastförpackningar']);
    const snippet = (await minutes.locator('.search-result__snippet').textContent()) ?? '';
    expect(snippet).toContain('Vi samlar plastförpackningar på alla kontor.');
    expect(snippet).not.toMatch(/[#*]/);
    expect(await decision.locator('mark').allTextContents()).toEqual(['förpackningar']);

    // The group filter narrows at once and stays in the URL.
    await page.getByLabel('Grupp', { exact: true }).selectOption({ label: 'Transporter' });
    await page.waitForURL(/[?&]group=transporter/);
    await minutes.waitFor({ state: 'detached' });
    await decision.waitFor();
    expect(await results.count()).toBe(1);

    // So does the type filter; a reload keeps the query and both filters.
    await page.getByLabel('Grupp', { exact: true }).selectOption({ label: 'Alla grupper' });
    await page.getByLabel('Typ', { exact: true }).selectOption({ label: 'Protokoll' });
    await page.waitForURL((url) => url.searchParams.get('kind') === 'minutes' && !url.searchParams.has('group'));
    await page.reload();
    await minutes.waitFor();
    expect(await results.count()).toBe(1);
    expect(await page.getByRole('searchbox', { name: 'Sök i dina grupper' }).last().inputValue()).toBe('forpackning');
    expect(await page.getByLabel('Typ', { exact: true }).inputValue()).toBe('minutes');
    expect(await seriousViolations(page), 'filtered search results').toEqual([]);
  });

  it('says so when nothing matches', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto(`${server.url}/search?q=xyzzyplugh`);
    await page.getByRole('heading', { name: 'Inga träffar för ”xyzzyplugh”' }).waitFor();
  });
});
