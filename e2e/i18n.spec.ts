import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughUi } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { readFile } from 'node:fs/promises';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';
import { seedPageAndBoard, SWEEP_BOARD } from './support/seed.js';

describe('language switch', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await seedPageAndBoard(server);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('is Swedish by default, switches to English instantly, remembers it, and switches back', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.goto('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    await page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();

    await signInThroughUi(page, ADMIN);
    const switcher = page.getByRole('group', { name: 'Språk' });
    await switcher.getByRole('button', { name: 'English' }).click();

    await page.getByRole('heading', { level: 1, name: 'My groups' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // The choice survives a reload (localStorage).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My groups' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mina grupper' }).waitFor();
    await page.getByRole('button', { name: 'Logga ut' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
  });

  it("downloads a board's CSV in the chosen language, whatever the browser's own language", async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto(`/groups/plast/boards/${SWEEP_BOARD}`);
    const csv = async (link: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
      return (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').split('\r\n')[0];
    };
    // The headless browser asks for en-US; the person reads Swedish.
    expect(await csv('Exportera som CSV')).toBe('"Sektion","Text","Författare","Röster"');
    await page.getByRole('group', { name: 'Språk' }).getByRole('button', { name: 'English' }).click();
    expect(await csv('Export as CSV')).toBe('"Section","Text","Author","Votes"');
  });
});
