import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOCKHOLM_COUNTY } from '@samla/shared';
import { hashPassword } from '../server/src/auth/passwords.js';
import { newToken, sha256 } from '../server/src/lib/ids.js';
import { orgNumberFor, postcodeIn } from '../server/src/organisations/fixture.js';
import { expectText, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

const SHOTS = '/tmp/shots-orgs';
const AKESSON = 'Åkessons Trädgårdsförening i Västra Hägerstensåsen ekonomisk förening';

const kinds = ['Bostadsrättsföreningen', 'Miljö- och klimatnätverket', 'Föreningen för återbruk och cirkulärt byggande i', 'Idrottsföreningen', 'Kooperativet'];
const places = ['Södermalms', 'Hägerstensåsen', 'Östra Järvafältet', 'Skärholmen', 'Årsta', 'Kungsholmens', 'Vällingby centrum'];

/** Visible elements of the main content that reach past the window's right edge. */
const wider = (page: import('playwright-core').Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      // Clipped by an ancestor that itself fits (a visually hidden table head), it is not seen.
      .filter((el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
          const overflow = getComputedStyle(p).overflow;
          if ((overflow === 'hidden' || overflow === 'clip') && p.getBoundingClientRect().right <= window.innerWidth + 1) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  );

describe('organisation records', () => {
  let server: AppServer;
  let browser: TestBrowser;
  let oldToken: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const { store } = server;
    // 350 members with long Swedish names, spread over the county.
    for (let n = 1; n <= 350; n++) {
      const m = STOCKHOLM_COUNTY[n % STOCKHOLM_COUNTY.length]!;
      await store.organisations.create({
        id: `org-${n}`, name: `${kinds[n % kinds.length]} ${places[n % places.length]} nr ${n}`, orgNumber: orgNumberFor(n), street: `Storgatan ${n}`,
        postalCode: postcodeIn(m.name, n), municipality: m.name, website: null, groupIds: [], contactUserId: null, joinedAt: new Date(),
      });
    }
    await store.organisations.create({
      id: 'akesson', name: AKESSON, orgNumber: orgNumberFor(4711), street: 'Hägerstensvägen 120', postalCode: '126 52',
      municipality: 'Stockholm', website: 'https://akesson.example.se', groupIds: [], contactUserId: 'u-anna', joinedAt: new Date(),
    });
    for (const [id, name] of [['u-anna', 'Anna Åkesson'], ['u-bertil', 'Bertil Lindqvist-Öhman']] as const) {
      await store.users.create({
        id, name, email: `${id}@example.se`, passwordHash: await hashPassword('ett-langt-losenord'), role: 'member', createdAt: new Date(), organisationId: 'akesson',
      });
    }
    await store.memberships.upsert({ groupId: 'plast', userId: 'u-anna', role: 'member', createdAt: new Date() });
    // A colleague invited a while ago who never answered.
    oldToken = newToken();
    await store.tokens.create({
      hash: sha256(oldToken), kind: 'invitation', email: 'cecilia@example.se', name: 'Cecilia Ek', organisationId: 'akesson', userId: null,
      createdBy: null, createdAt: new Date(), expiresAt: new Date(Date.now() + 7 * 86_400_000),
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the coordinator finds an organisation by "akesson", changes its contact person and resends an invitation', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto('/admin/organisations');
    await page.getByRole('heading', { level: 1, name: 'Organisationer' }).waitFor();
    await expectText(page.getByRole('status').first(), '351 organisationer av 351');
    // 50 a page, the pager says where we are.
    expect(await page.locator('tbody tr').count()).toBe(50);
    await expectText(page.getByRole('navigation', { name: 'Sidor' }), 'Sida 1 av 8');

    for (const width of [1366, 1024, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/list-${width}.png`, fullPage: width === 390 ? false : true });
      // Nothing sticks out sideways: long names wrap inside their column.
      expect(await wider(page), `elements wider than ${width} px`).toEqual([]);
      if (width !== 1024) expect(await seriousViolations(page), `list at ${width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    // Search by keyboard, without the accent.
    await page.getByLabel('Sök på namn eller organisationsnummer').fill('akesson');
    await page.getByLabel('Sök på namn eller organisationsnummer').press('Enter');
    await expectText(page.getByRole('status').first(), '1 organisation av 351');
    await page.getByRole('link', { name: AKESSON }).click();
    await page.getByRole('heading', { level: 1, name: AKESSON }).waitFor();
    await page.screenshot({ path: `${SHOTS}/detail-1366.png`, fullPage: true });
    expect(await seriousViolations(page), 'organisation page at 1366').toEqual([]);

    // Bertil becomes the contact person.
    await page.getByRole('button', { name: 'Gör till kontaktperson Bertil Lindqvist-Öhman' }).click();
    await page.getByRole('button', { name: 'Gör till kontaktperson Anna Åkesson' }).waitFor();
    expect(await page.locator('li', { hasText: 'Bertil Lindqvist-Öhman' }).getByText('Kontaktperson', { exact: true }).count()).toBe(1);
    expect((await server.store.organisations.findById('akesson'))!.contactUserId).toBe('u-bertil');

    // The coordinator puts Bertil straight into a working group as its facilitator, by keyboard.
    await page.getByLabel('Person', { exact: true }).selectOption({ label: 'Bertil Lindqvist-Öhman' });
    await page.getByLabel('Arbetsgrupp', { exact: true }).selectOption({ label: 'Plast' });
    await page.getByLabel('Roll i gruppen').selectOption({ label: 'samtalsledare' });
    await page.getByRole('button', { name: 'Lägg till', exact: true }).press('Enter');
    await expectText(page.locator('#add-to-group-title').locator('..').getByRole('status'), 'Bertil Lindqvist-Öhman är nu med i Plast som samtalsledare.');
    expect(await server.store.memberships.find('plast', 'u-bertil')).toMatchObject({ role: 'facilitator' });
    await expectText(page.locator('#org-groups').locator('..'), 'Plast');

    // Cecilia's invitation again: a new link, and the old one no longer works.
    await page.getByRole('button', { name: 'Skicka igen Cecilia Ek (cecilia@example.se)' }).click();
    const newLink = page.getByLabel('Ny inbjudningslänk till cecilia@example.se');
    await newLink.waitFor();
    const link = await newLink.inputValue();
    expect(link).toContain('/invitation?token=');
    expect((await fetch(`${server.url}/api/invitations/${oldToken}`)).status).toBe(410);
    expect((await fetch(`${server.url}/api/invitations/${new URL(link).searchParams.get('token')}`)).status).toBe(200);
    await expectText(page.locator('#org-history').locator('..'), 'Kontaktpersonen byttes');

    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: `${SHOTS}/detail-390.png`, fullPage: true });
    expect(await seriousViolations(page), 'organisation page at 390').toEqual([]);

    // A postcode of another municipality is an error on the postcode field.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('button', { name: 'Ändra uppgifter' }).click();
    await page.getByLabel('Postnummer').fill('171 64');
    await page.getByRole('button', { name: 'Spara' }).click();
    await expectText(page.locator('#edit-postalCode-error'), 'Postnumret hör inte till Stockholms kommun');
    expect(await page.getByLabel('Postnummer').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page), 'edit form with a field error').toEqual([]);
  });

  it('the import page and the approved applications with their pending invitations pass axe', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto('/admin/organisations/import');
    await page.getByRole('heading', { level: 1, name: 'Importera medlemslista' }).waitFor();
    const csv = [
      'Organisation;Organisationsnummer;Gatuadress;Postnummer;Kommun;E-post',
      `Nya föreningen;${orgNumberFor(9001)};Gatan 1;171 64;Solna kommun;ny@example.se`,
      `Fel nummer;5566778898;Gatan 2;171 64;Solna;fel@example.se`,
      `Tvåans förening;${orgNumberFor(9002)};Gatan 3;171 64;Solna;tva@example.se`,
      `Treans förening;${orgNumberFor(9003)};Gatan 4;171 64;Solna;tre@example.se`,
    ].join('\n');
    await page.getByLabel('Fil med medlemslistan').setInputFiles({ name: 'medlemmar.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expectText(page.getByRole('status').filter({ hasText: 'Skapas' }), 'Skapas: 3');
    await expectText(page.locator('table'), 'organisationsnumret är fel');
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/import-${width}.png`, fullPage: true });
      expect(await wider(page), `import: elements wider than ${width} px`).toEqual([]);
      expect(await seriousViolations(page), `import at ${width}`).toEqual([]);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    // The import waits at its first organisation until the page has shown how far it is: the refused row is handled.
    const { organisations } = server.store;
    const create = organisations.create;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    organisations.create = async (org) => {
      await held;
      return create.call(organisations, org);
    };
    try {
      await page.getByRole('button', { name: 'Importera (3 organisationer)' }).click();
      const bar = page.getByRole('progressbar', { name: 'Importens förlopp' });
      await expectText(page.locator('.import-progress'), '1 av 4 rader');
      expect([await bar.getAttribute('value'), await bar.getAttribute('max'), await bar.getAttribute('aria-valuetext')]).toEqual(['1', '4', '1 av 4 rader']);
      await expectText(page.getByRole('status').filter({ hasText: 'Importerar' }), 'Importerar: 1 av 4 rader klara…');
      await page.screenshot({ path: `${SHOTS}/import-progress-1366.png` });
      expect(await seriousViolations(page), 'import in progress').toEqual([]);
    } finally {
      release();
      organisations.create = create;
    }
    await expectText(page.getByRole('heading', { level: 2, name: 'Importen är klar' }), 'Importen är klar');
    await expectText(page.getByRole('status').filter({ hasText: 'Skapade' }), 'Skapade: 3');
    await page.getByLabel('Nya föreningen – ny@example.se').waitFor();

    // The imported organisation turns out to be a duplicate of Åkessons: merge it into that one.
    await page.goto('/admin/organisations?q=nya');
    await page.getByRole('link', { name: 'Nya föreningen' }).click();
    await page.getByLabel('Organisationsnummer för organisationen som behålls').fill(orgNumberFor(4711));
    await page.getByRole('button', { name: 'Hitta' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'Behålls' }), AKESSON);
    await page.getByRole('button', { name: 'Slå ihop', exact: true }).click();
    expect(await seriousViolations(page), 'merge confirmation').toEqual([]);
    await page.getByRole('button', { name: 'Ja, slå ihop' }).click();
    await page.getByRole('heading', { level: 1, name: AKESSON }).waitFor();
    expect((await server.store.organisations.list()).find((o) => o.name === 'Nya föreningen')!.status).toBe('left');

    await page.goto('/admin/applications?status=approved');
    await page.getByRole('heading', { name: 'Inbjudningar som väntar på svar' }).waitFor();
    await page.getByRole('heading', { name: 'Inbjudningar som väntar på svar' }).waitFor();
    // Cecilia's invitation (resent above) is still waiting; the merged duplicate's is gone.
    await page.getByRole('button', { name: /^Skicka igen Cecilia Ek/ }).waitFor();
    expect(await page.getByRole('button', { name: /ny@example\.se/ }).count()).toBe(0);
    expect(await seriousViolations(page), 'approved applications with pending invitations').toEqual([]);
  });
});

describe('the public directory at scale', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    for (let n = 1; n <= 400; n++) {
      const m = STOCKHOLM_COUNTY[n % STOCKHOLM_COUNTY.length]!;
      await server.store.users.create({ id: `k-${n}`, email: `k${n}@example.se`, name: `Kontakt ${n}`, passwordHash: 'x', role: 'member', createdAt: new Date(), organisationId: `org-${n}` });
      await server.store.organisations.create({
        id: `org-${n}`, name: n === 77 ? 'Åkessons Trädgårdsförening' : `${kinds[n % kinds.length]} ${places[n % places.length]} nr ${n}`,
        orgNumber: orgNumberFor(n), street: `Storgatan ${n}`, postalCode: postcodeIn(m.name, n), municipality: m.name, website: null,
        groupIds: [], contactUserId: `k-${n}`, joinedAt: new Date(),
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows 50 at a time with "Visa fler", finds "Åkesson" by "akesson", and its CSV opens as columns', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.goto('/members');
    const entries = page.locator('.directory-entry');
    await expectText(page.getByRole('status').first(), '400');
    expect(await entries.count()).toBe(50);
    await page.getByRole('button', { name: 'Visa 50 till (50 av 400 visas)' }).click();
    expect(await entries.count()).toBe(100);
    // Focus lands on the first organisation added, so a keyboard user goes on from there.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('directory-entry-50');
    expect(await seriousViolations(page), 'directory with "Visa fler"').toEqual([]);

    await page.getByLabel('Sök på namn').fill('akesson');
    await expectText(page.locator('.directory-list'), 'Åkessons Trädgårdsförening');
    expect(await entries.count()).toBe(1);

    const res = await fetch(`${server.url}/api/directory.csv`);
    const rows = (await res.text()).trim().split('\r\n').map((line) => line.split(';'));
    expect(rows).toHaveLength(401);
    expect(rows[0]).toEqual(['"Organisation"', '"Kommun"', '"Webbplats"', '"Arbetsgrupper"', '"Medlem sedan"']);
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });
});
