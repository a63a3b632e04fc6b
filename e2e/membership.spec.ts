import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer } from './support/server.js';

const ORG = {
  name: 'Gröna Gården ekonomisk förening',
  orgNumber: '5566778899',
  street: 'Storgatan 1',
  postalCode: '171 45',
  municipality: 'Solna',
  website: 'gronagarden.se',
  contactName: 'Alex Kontakt',
  contactEmail: 'alex@example.se',
};
const CONTACT_PASSWORD = 'alex-har-ett-langt-losenord';

/** Fills the application form as a person would, field by field through the labels. */
async function fillApplication(page: Page, org: typeof ORG): Promise<void> {
  await page.getByLabel('Organisationens namn').fill(org.name);
  await page.getByLabel('Organisationsnummer').fill(org.orgNumber);
  await page.getByLabel('Webbplats').fill(org.website);
  await page.getByLabel('Gatuadress').fill(org.street);
  await page.getByLabel('Postnummer').fill(org.postalCode);
  await page.getByLabel('Kommun').selectOption(org.municipality);
  await page.getByLabel('Kontaktpersonens namn').fill(org.contactName);
  await page.getByLabel('Kontaktpersonens e-postadress').fill(org.contactEmail);
}

const errorSummary = (page: Page) => page.getByRole('alert').filter({ hasText: 'Ansökan kunde inte skickas' });

describe('membership', () => {
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

  it('an organisation applies, a coordinator approves, the contact accepts the invitation and signs in, and the organisation appears in the public directory', async () => {
    const applicant = await browser.newPerson(server.url);
    const coordinator = await browser.newPerson(server.url);
    const a = applicant.page;
    const c = coordinator.page;

    // An empty form: the summary lists every missing field, takes focus, and links to the fields.
    await a.goto('/apply');
    await a.getByRole('heading', { level: 1, name: 'Ansök om medlemskap' }).waitFor();
    await a.getByLabel('Plast').waitFor();
    await a.getByRole('button', { name: 'Skicka ansökan' }).click();
    const summary = errorSummary(a);
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.getByRole('link').count()).toBe(7);
    expect(await seriousViolations(a), 'apply page with the error summary').toEqual([]);
    await summary.getByRole('link', { name: 'Fyll i organisationsnumret.' }).click();
    expect(await a.getByLabel('Organisationsnummer').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await a.getByLabel('Organisationsnummer').getAttribute('aria-invalid')).toBe('true');

    // A number with a wrong check digit is caught when leaving the field, and described on it.
    await a.getByLabel('Organisationsnummer').fill('5566778898');
    await a.getByLabel('Organisationsnummer').press('Tab');
    const numberError = 'Organisationsnumret stämmer inte';
    await expectText(a.locator('#apply-orgNumber-error'), numberError);
    expect(await a.getByLabel('Organisationsnummer').getAttribute('aria-describedby')).toContain('apply-orgNumber-error');

    // The real application, interested in Plast.
    await fillApplication(a, ORG);
    expect(await a.getByLabel('Organisationsnummer').getAttribute('aria-invalid')).toBeNull();
    await a.getByLabel('Plast').check();
    await a.getByRole('button', { name: 'Skicka ansökan' }).click();
    await a.getByRole('heading', { name: 'Tack! Ansökan är skickad' }).waitFor();
    const statusHref = await a.getByRole('link', { name: 'Se ansökans status' }).getAttribute('href');
    expect(statusHref).toMatch(/\/application-status\?token=/);

    // The same number again: the server's duplicate answer lands on the number field.
    await a.goto('/apply');
    await fillApplication(a, ORG);
    await a.getByRole('button', { name: 'Skicka ansökan' }).click();
    await expectText(errorSummary(a), 'En organisation med det här organisationsnumret är redan medlem');
    expect(await a.getByLabel('Organisationsnummer').getAttribute('aria-invalid')).toBe('true');

    await a.goto(statusHref!);
    await a.getByText('Behandlas').waitFor();

    // The coordinator reviews it: everything the organisation stated, then Approve.
    await signInThroughUi(c, ADMIN);
    await c.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Administration' }).click();
    await c.getByRole('heading', { level: 1, name: 'Ansökningar' }).waitFor();
    await c.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Ansökningar' }).waitFor();
    const card = c.getByRole('listitem').filter({ has: c.getByRole('heading', { name: ORG.name }) });
    await expectText(card, '556677-8899');
    await expectText(card, 'Storgatan 1, 171 45, Solna');
    await expectText(card, 'Plast');
    expect(await seriousViolations(c), 'applications page').toEqual([]);
    await card.getByRole('button', { name: `Godkänn ${ORG.name}` }).click();
    const linkField = card.getByLabel('Inbjudningslänk');
    await linkField.waitFor();
    await expectText(card, 'Ingen e-post skickades');
    const invitationLink = await linkField.inputValue();
    expect(invitationLink).toMatch(/\/invitation\?token=/);
    await c.getByRole('link', { name: 'Godkända' }).click();
    await c.getByRole('heading', { name: ORG.name, exact: true }).waitFor();

    await a.goto(statusHref!);
    await a.getByText('Godkänd', { exact: true }).waitFor();

    // The contact accepts the invitation and is signed in.
    await a.goto(invitationLink);
    await a.getByRole('heading', { level: 1, name: 'Välkommen till Samla' }).waitFor();
    await expectText(a.locator('.details-list'), ORG.name);
    await expectText(a.locator('.details-list'), ORG.contactEmail);
    await a.getByLabel('Ditt namn').fill(ORG.contactName);
    await a.getByLabel('Välj lösenord').fill(CONTACT_PASSWORD);
    await a.getByRole('button', { name: 'Skapa konto och logga in' }).click();
    await a.getByRole('heading', { level: 1, name: 'Mina grupper' }).waitFor();
    await a.getByRole('button', { name: 'Logga ut' }).waitFor();
    // A member is no coordinator: no Administration link, and the page says it is not for them.
    expect(await a.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await a.goto('/admin/applications');
    await a.getByRole('heading', { name: 'Sidan är bara för koordinatorer' }).waitFor();

    // The invitation is used up.
    await a.goto(invitationLink);
    await a.getByRole('heading', { name: 'Inbjudan gäller inte' }).waitFor();

    // The signed-out public directory lists the organisation, with filters in the URL.
    const visitor = await browser.newPerson(server.url);
    const v = visitor.page;
    await v.goto('/login');
    await v.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Medlemmar' }).click();
    await v.getByRole('heading', { level: 1, name: 'Medlemmar' }).waitFor();
    const entry = v.getByRole('listitem').filter({ has: v.getByRole('heading', { name: ORG.name }) });
    await expectText(entry, 'Solna kommun');
    expect(await entry.getByRole('link', { name: 'Webbplats: gronagarden.se' }).getAttribute('href')).toBe('https://gronagarden.se');
    expect(await seriousViolations(v), 'member directory').toEqual([]);

    await v.getByLabel('Sök på namn').fill('gröna');
    await v.waitForURL((url) => url.searchParams.get('q') === 'gröna');
    await v.getByLabel('Kommun').selectOption('Solna');
    await v.waitForURL((url) => url.searchParams.get('municipality') === 'Solna');
    await expectText(v.getByRole('status'), '1 av 1 medlemsorganisation');
    const csv = await v.getByRole('link', { name: 'Ladda ner listan (CSV)' }).getAttribute('href');
    expect(csv).toBe('/api/directory.csv?q=gr%C3%B6na&municipality=Solna');

    await v.getByLabel('Kommun').selectOption('Nacka');
    await v.getByRole('heading', { name: 'Ingen organisation matchar' }).waitFor();
    await expectText(v.getByRole('status'), '0 av 1 medlemsorganisation');

    // Reloading the filtered URL restores the filters.
    await v.goto('/members?municipality=Solna');
    await entry.waitFor();
    expect(await v.getByLabel('Kommun').inputValue()).toBe('Solna');
  });

  it('a coordinator rejects an application with a reason, and the applicant reads it at the status link', async () => {
    const res = await fetch(`${server.url}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ORG, name: 'Avslagna AB', orgNumber: '802400-1235', contactEmail: 'avslag@example.se' }),
    });
    expect(res.status).toBe(201);
    const { statusUrl } = (await res.json()) as { statusUrl: string };

    const { page: c } = await browser.newPerson(server.url);
    await signInThroughUi(c, ADMIN);
    await c.goto('/admin/applications');
    const card = c.getByRole('listitem').filter({ has: c.getByRole('heading', { name: 'Avslagna AB' }) });
    await card.getByRole('button', { name: 'Avslå Avslagna AB' }).click();
    // The reason is required.
    await card.getByRole('button', { name: 'Avslå ansökan' }).click();
    await expectText(card, 'Skriv skälet till avslaget.');
    await card.getByLabel('Skäl till avslaget').fill('Organisationen har sin besöksadress utanför länet.');
    await card.getByRole('button', { name: 'Avslå ansökan' }).click();
    await expectText(card, 'Avslagen');

    await c.getByRole('link', { name: 'Avslagna' }).click();
    await expectText(c.getByRole('listitem').filter({ hasText: 'Avslagna AB' }), 'besöksadress utanför länet');

    const { page: a } = await browser.newPerson(server.url);
    await a.goto(statusUrl);
    await a.getByText('Avslagen', { exact: true }).waitFor();
    await expectText(a.locator('.details-list'), 'Organisationen har sin besöksadress utanför länet.');
  });

  it('explains an address outside Stockholm County from the server', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.goto('/apply');
    await fillApplication(page, { ...ORG, orgNumber: '556036-0793' });
    // Make the form send a municipality outside the county, as an out-of-date page could.
    await page.getByLabel('Kommun').evaluate((select: HTMLSelectElement) => {
      const option = document.createElement('option');
      option.value = 'Uppsala';
      option.textContent = 'Uppsala';
      select.append(option);
    });
    await page.getByLabel('Kommun').selectOption('Uppsala');
    await page.getByRole('button', { name: 'Skicka ansökan' }).click();
    await expectText(errorSummary(page), 'Medlemskap kräver en besöksadress i en av Stockholms läns 26 kommuner');
    expect(await page.getByLabel('Kommun').getAttribute('aria-invalid')).toBe('true');
  });

  it('resets a forgotten password through the mailed link, once', async () => {
    await createMember(server.store, MEMBER);
    const { page } = await browser.newPerson(server.url);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Glömt lösenordet?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Glömt lösenordet' }).waitFor();
    await page.getByLabel('E-postadress').fill(MEMBER.email);
    await page.getByRole('button', { name: 'Skicka länk' }).click();
    await expectText(page.getByRole('status'), `Om det finns ett konto för ${MEMBER.email}`);

    // Without SMTP_URL the server keeps what it would have mailed.
    const mail = server.app.mailer.outbox.findLast((m) => m.to === MEMBER.email);
    const link = /(http\S+\/reset-password\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();

    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Välj nytt lösenord' }).waitFor();
    await page.getByLabel('Nytt lösenord').fill('kort');
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await expectText(page.locator('#reset-password-error'), 'minst 10 tecken');
    const newPassword = 'ett-nytt-langt-losenord';
    await page.getByLabel('Nytt lösenord').fill(newPassword);
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await expectText(page.getByRole('status'), 'Lösenordet är bytt');
    await page.getByRole('link', { name: 'Logga in' }).click();
    await signInThroughUi(page, { email: MEMBER.email, password: newPassword });

    // The link is used up.
    await page.goto(link!);
    await page.getByLabel('Nytt lösenord').fill('ytterligare-ett-losenord');
    await page.getByRole('button', { name: 'Spara lösenordet' }).click();
    await page.getByRole('heading', { name: 'Länken gäller inte' }).waitFor();
  });
});
