import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesEditor, openGroup, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem, documents, toolbarButton } from './support/space.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';
import {
  createCoordinator, ENDED_SESSION, LIVE_SESSION, LONG_NAMED, seedEndedSession, seedLiveSession, seedPageAndBoard, SWEEP_BOARD, SWEEP_PAGE,
} from './support/seed.js';

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

/** Every view a person reaches, with what shows that it has loaded. */
const VIEWS: { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] = [
  { name: 'home', path: '/', ready: (p) => p.getByRole('link', { name: 'Plast', exact: true }).waitFor() },
  { name: 'group notes', path: '/groups/plast', ready: (p) => notesEditor(p).waitFor() },
  { name: 'notes page', path: `/groups/plast/pages/${SWEEP_PAGE}`, ready: (p) => p.getByRole('toolbar', { name: 'Formatering' }).waitFor() },
  { name: 'board', path: `/groups/plast/boards/${SWEEP_BOARD}`, ready: (p) => p.getByRole('region', { name: 'Tavla', exact: true }).getByText('Gemensam materialbank').waitFor() },
  { name: 'session room (facilitator)', path: `/groups/plast/sessions/${LIVE_SESSION}`, ready: (p) => p.getByTestId('meeting-timer').waitFor() },
  { name: 'minutes', path: `/groups/plast/sessions/${ENDED_SESSION}`, ready: (p) => p.getByTestId('minutes-status').waitFor() },
  { name: 'archive', path: '/groups/plast/archive', ready: (p) => p.getByRole('link', { name: /Gemensamma riktlinjer för återbruk/ }).first().waitFor() },
  { name: 'search', path: '/search?q=återbruk', ready: (p) => p.getByRole('heading', { level: 1, name: /återbruk/ }).waitFor() },
  { name: 'action items', path: '/actions', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { name: 'account', path: '/account', ready: (p) => p.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor() },
  { name: 'group members', path: '/groups/plast/members', ready: (p) => p.getByRole('heading', { level: 1 }).waitFor() },
  { name: 'admin: applications', path: '/admin/applications', ready: (p) => p.getByRole('heading', { level: 1, name: 'Ansökningar' }).waitFor() },
  { name: 'admin: groups', path: '/admin/groups', ready: (p) => p.getByRole('heading', { level: 1, name: 'Arbetsgrupper' }).waitFor() },
  { name: 'admin: audit', path: '/admin/audit', ready: (p) => p.getByRole('heading', { level: 1, name: 'Logg och export' }).waitFor() },
  { name: 'directory', path: '/members', ready: (p) => p.getByRole('heading', { level: 1, name: 'Medlemmar' }).waitFor() },
];

describe('accessibility sweep (axe): every view at 1366 and 390 px', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    const karlJohan = { id: await createCoordinator(server.store, LONG_NAMED), name: LONG_NAMED.name };
    const kim = (await server.store.users.findByEmail(ADMIN.email))!;
    await seedPageAndBoard(server);
    await seedEndedSession(server.store, karlJohan, { id: kim.id, name: kim.name });
    await seedLiveSession(server.store, karlJohan);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of [1366, 390]) {
    it(`finds no serious or critical violations on any view at ${width} px`, async () => {
      const { page } = await browser.newPerson(server.url);
      await page.setViewportSize({ width, height: width > 800 ? 850 : 844 });
      const found: Record<string, Awaited<ReturnType<typeof seriousViolations>>> = {};
      const check = async (name: string) => {
        // Spinners gone: the view shows its content, not its loading state.
        await expect.poll(() => page.locator('.state--loading').count(), { timeout: 15_000 }).toBe(0);
        const violations = await seriousViolations(page);
        if (violations.length > 0) found[name] = violations;
      };

      await page.goto('/login');
      await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
      await check('sign-in');
      await signInThroughUi(page, LONG_NAMED);
      for (const view of VIEWS) {
        await page.goto(view.path);
        await view.ready(page);
        await check(view.name);
      }
      expect(found).toEqual({});
      await page.context().close();
    });
  }
});
