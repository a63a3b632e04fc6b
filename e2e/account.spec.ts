import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, notesEditor, openGroup, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createMember, startAppServer, type AppServer, type Person } from './support/server.js';

const LONG_NAME = 'Karl-Gustav Östergren-Åkerström af Björkqvist-Lindqvist';

const card = (page: Page, heading: string) =>
  page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: heading }) });

describe('Mitt konto: name, email and password', () => {
  let server: AppServer;
  let browser: TestBrowser;
  const ada: Person = { name: 'Ada Andersson', email: 'ada@example.se', password: 'adas-gamla-langa-losenord' };

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, ada);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('changes the name, the email through the mailed link, and the password, which signs the other browser out', async () => {
    // Ada's laptop has the group's notes open; she changes her account on another computer.
    const laptop = await browser.newPerson(server.url);
    await signInThroughUi(laptop.page, ada);
    await openGroup(laptop.page, 'Plast');
    const desk = await browser.newPerson(server.url);
    await signInThroughUi(desk.page, ada);
    const page = desk.page;
    await page.getByRole('link', { name: `Mitt konto: ${ada.name}` }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();

    // Name, by keyboard: the field, then Enter.
    const name = card(page, 'Ändra ditt namn');
    await name.getByLabel('Namn som andra ser').fill('   ');
    await name.getByLabel('Namn som andra ser').press('Enter');
    await expectText(name, 'Skriv ditt namn.');
    await name.getByLabel('Namn som andra ser').fill(LONG_NAME);
    await name.getByLabel('Namn som andra ser').press('Enter');
    await expectText(name.getByRole('status'), `Ditt namn är sparat: ${LONG_NAME}.`);
    await page.getByRole('link', { name: `Mitt konto: ${LONG_NAME}` }).waitFor();

    // Email: a wrong current password is refused; then the link goes to the new address.
    const email = card(page, 'Byt e-postadress');
    await email.getByLabel('Ny e-postadress').fill('ada.ny@example.se');
    await email.getByLabel('Ditt nuvarande lösenord').fill('fel-lösenord');
    await email.getByRole('button', { name: 'Skicka bekräftelselänken' }).click();
    await expectText(email.getByRole('alert'), 'Ditt nuvarande lösenord stämmer inte.');
    await email.getByLabel('Ditt nuvarande lösenord').fill(ada.password);
    await email.getByRole('button', { name: 'Skicka bekräftelselänken' }).click();
    await expectText(email.getByRole('status'), 'Vi har skickat en länk till ada.ny@example.se.');
    expect(await email.getByRole('alert').textContent()).toBe('');

    const mail = server.app.mailer.outbox.findLast((m) => m.to === 'ada.ny@example.se');
    const link = /(http\S+\/account\?confirmEmail=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expectText(page.getByRole('status').first(), 'Klart! Din e-postadress är nu ada.ny@example.se.');
    expect(new URL(page.url()).search).toBe('');
    if (process.env.ACCOUNT_SHOTS_DIR) await page.screenshot({ path: `${process.env.ACCOUNT_SHOTS_DIR}/account-confirmed.png` });
    await expectText(page.locator('.account-facts'), 'ada.ny@example.se');
    // The link works once.
    await page.goto(link!);
    await expectText(page.getByRole('alert').first(), 'Länken för att byta e-postadress gäller inte.');

    // Password: the laptop's session ends and its open notes close; this one stays signed in.
    const password = card(page, 'Byt lösenord');
    await password.getByLabel('Ditt nuvarande lösenord').fill(ada.password);
    await password.getByLabel('Nytt lösenord').fill('adas-nya-langa-losenord');
    await password.getByRole('button', { name: 'Byt lösenord' }).click();
    await expectText(password.getByRole('status'), 'Lösenordet är bytt. Du har loggats ut på dina andra enheter.');

    await expectText(laptop.page.getByRole('alert'), 'Din inloggning har gått ut. Logga in igen för att fortsätta skriva.');
    expect(await notesEditor(laptop.page).getAttribute('contenteditable')).toBe('false');
    await laptop.page.getByRole('button', { name: 'Logga in igen' }).click();
    await laptop.page.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
    // The laptop signs in again with the new address and password.
    await signInThroughUi(laptop.page, { email: 'ada.ny@example.se', password: 'adas-nya-langa-losenord' });
  });

  it('has no serious accessibility problems, in Swedish and English, at desktop and phone widths', async () => {
    const person: Person = { name: LONG_NAME, email: 'karl-gustav@example.se', password: 'karl-gustavs-losenord' };
    await createMember(server.store, person);
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, person);
    await page.goto('/account');
    await page.getByRole('heading', { level: 2, name: 'Byt lösenord' }).waitFor();
    // Errors are shown (and checked) too.
    await card(page, 'Byt lösenord').getByRole('button', { name: 'Byt lösenord' }).click();
    await expectText(card(page, 'Byt lösenord'), 'Skriv ditt nuvarande lösenord.');
    expect(await seriousViolations(page), 'account page (sv)').toEqual([]);

    const shots = process.env.ACCOUNT_SHOTS_DIR;
    if (shots) mkdirSync(shots, { recursive: true });
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // Nothing runs off the side at either width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `width ${width}`).toBe(true);
      if (shots) await page.screenshot({ path: `${shots}/account-${width}.png`, fullPage: true });
    }

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Change your password' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Change your email address' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Change your name' }).waitFor();
    expect(await seriousViolations(page), 'account page (en)').toEqual([]);
  });
});
