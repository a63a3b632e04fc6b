import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

describe('sign-in', () => {
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

  it('sends signed-out people to the login page and back to where they were going', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.goto('/groups/plast');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/groups/plast');

    await page.getByLabel('E-postadress').fill(ADMIN.email);
    await page.getByLabel('Lösenord').fill('fel-lösenord');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expectText(page.getByRole('alert'), 'Fel e-postadress eller lösenord.');

    await page.getByLabel('Lösenord').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plast' }).waitFor();

    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
  });

  it('keeps the group’s documents in the browser while signed in, and deletes them on signing out', async () => {
    const { page } = await browser.newPerson(server.url);
    const cachedDocs = () =>
      page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('groups/')));
    await page.goto('/groups/plast');
    await page.getByLabel('E-postadress').fill(ADMIN.email);
    await page.getByLabel('Lösenord').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Plast' }).waitFor();
    await expect.poll(cachedDocs).not.toEqual([]);

    // A shared computer: the next person must not find the group's notes in this browser.
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await expect.poll(cachedDocs).toEqual([]);
    await page.context().close();
  });

  it('says so after too many failed attempts', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.goto('/login');
    await page.getByLabel('E-postadress').fill('gissare@example.se');
    const alert = page.getByRole('alert');
    // The server allows five failures per email; the sixth attempt is refused with 429.
    for (let i = 1; i <= 5; i++) {
      await page.getByLabel('Lösenord').fill(`gissning-${i}`);
      await page.getByRole('button', { name: 'Logga in' }).click();
      await page.getByRole('button', { name: 'Logga in' }).and(page.locator(':enabled')).waitFor();
      await expectText(alert, 'Fel e-postadress eller lösenord.');
    }
    await page.getByLabel('Lösenord').fill('gissning-6');
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expectText(alert, 'För många misslyckade inloggningsförsök');
  });
});

describe('first start', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    // No SAMLA_ADMIN_*: the server starts without a coordinator and hands out a setup token.
    server = await startAppServer({ SAMLA_ADMIN_EMAIL: '', SAMLA_ADMIN_PASSWORD: '' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates the coordinator from the one-time link and lands on their groups', async () => {
    const token = server.app.setupToken;
    expect(token).toBeTruthy();
    const { page } = await browser.newPerson(server.url);

    await page.goto('/setup?token=fel');
    await page.getByRole('heading', { level: 1, name: 'Skapa koordinatorskonto' }).waitFor();
    await page.getByLabel('Ditt namn').fill('Alva Andersson');
    await page.getByLabel('E-postadress').fill('alva@example.se');
    await page.getByLabel('Lösenord').fill('kort');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expectText(page.getByRole('alert'), 'minst 10 tecken');
    await page.getByLabel('Lösenord').fill('ett-långt-och-bra-lösenord');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await expectText(page.getByRole('alert'), 'ogiltig eller redan använd');

    await page.goto(`/setup?token=${encodeURIComponent(token!)}`);
    await page.getByLabel('Ditt namn').fill('Alva Andersson');
    await page.getByLabel('E-postadress').fill('alva@example.se');
    await page.getByLabel('Lösenord').fill('ett-långt-och-bra-lösenord');
    await page.getByRole('button', { name: 'Skapa konto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina grupper' }).waitFor();
    await page.getByRole('link', { name: 'Plast', exact: true }).waitFor();
    await page.getByText('Alva Andersson', { exact: true }).waitFor();
  });
});
