import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesEditor, openGroup, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem, documents, toolbarButton } from './support/space.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

describe('accessibility (axe)', () => {
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

  it('finds no serious or critical violations on the login, home and group pages', async () => {
    const { page } = await browser.newPerson(server.url);

    await page.goto('/login');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    expect(await seriousViolations(page), 'login page').toEqual([]);

    await signInThroughUi(page, ADMIN);
    await page.getByRole('link', { name: 'Plast', exact: true }).waitFor();
    expect(await seriousViolations(page), 'home page').toEqual([]);

    await openGroup(page, 'Plast');
    await notesEditor(page).click();
    await page.keyboard.type('Tillgänglighet gäller även anteckningarna.');
    expect(await seriousViolations(page), 'group page').toEqual([]);
  });

  it('finds none on a page with a heading, a checklist, a link and a table, or on a board', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');

    await createItem(page, 'Ny sida', 'Tillgänglig sida');
    await page.getByRole('textbox', { name: 'Tillgänglig sida' }).click();
    await toolbarButton(page, 'Rubrik').click();
    await page.keyboard.type('Rubrik på sidan');
    await page.keyboard.press('Enter');
    await toolbarButton(page, 'Checklista').click();
    await page.keyboard.type('Något att göra');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Läs mer på https://miljopakten.se om pakten.');
    await page.keyboard.press('Enter');
    await toolbarButton(page, 'Infoga tabell').click();
    await page.keyboard.type('Rubrikcell');
    // With the table buttons and the link form showing, and the history panel open.
    await toolbarButton(page, 'Ta bort tabell').waitFor();
    await toolbarButton(page, 'Länk').click();
    await page.getByLabel('Länkadress').waitFor();
    await page.getByRole('button', { name: 'Historik' }).click();
    await documents(page).getByRole('button', { name: 'Åtgärder för Tillgänglig sida' }).click();
    expect(await seriousViolations(page), 'page view').toEqual([]);

    await createItem(page, 'Ny tavla', 'Tillgänglig tavla');
    await page.getByRole('region', { name: 'Tavla', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Ny lapp' }).click();
    await page.keyboard.type('En lapp');
    await page.keyboard.press('Escape');
    expect(await seriousViolations(page), 'board view').toEqual([]);
  });
});
