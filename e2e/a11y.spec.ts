import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesEditor, openGroup, signInThroughUi } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

/** Serious and critical axe violations, reduced to something readable in a failure message. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

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
});
