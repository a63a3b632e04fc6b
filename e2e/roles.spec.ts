import { BOARD_STICKIES, itemDocName, notesDocName } from '@samla/shared';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectDoc, signIn, waitFor } from '../server/src/test/harness.js';
import { expectText, notesEditor, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer, type Person } from './support/server.js';
import { createItem, documents } from './support/space.js';

/** Group roles in the browser: observers read only, removal takes effect at once, the admin screens. */

const OBSERVER: Person = { name: 'Olle Observatör', email: 'olle@example.se', password: 'olle-har-ett-langt-losenord' };
const LEAVER: Person = { name: 'Rut Rörlig', email: 'rut@example.se', password: 'rut-har-ett-langt-losenord' };
const NEWCOMER: Person = { name: 'Nils Ny', email: 'nils@example.se', password: 'nils-har-ett-langt-losenord' };
const DEPARTING: Person = { name: 'Dora Avgår', email: 'dora@example.se', password: 'dora-har-ett-langt-losenord' };
const CONTACT: Person = { name: 'Cecilia Kontakt', email: 'cecilia@example.se', password: 'cecilia-har-ett-langt-losenord' };

const sticky = (page: Page, text: string): Locator => page.locator('.sticky', { hasText: text });
const stickies = (page: Page): Locator => page.locator('.sticky');
const lostAccess = (page: Page): Locator => page.getByText(/tagits bort från gruppen/).first();

/** The whole content of a document as the server has it, read by a fresh Node client as the coordinator. */
async function serverDoc(server: AppServer, docName: string): Promise<Y.Doc> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const { doc, provider } = connectDoc(server.wsUrl, docName, cookie);
  try {
    await waitFor(() => provider.synced, 10_000, `sync of ${docName}`);
    return doc;
  } finally {
    provider.destroy();
  }
}

const notesText = (doc: Y.Doc): string => doc.getXmlFragment('default').toString();
const stickyTexts = (doc: Y.Doc): string[] =>
  [...doc.getMap<Y.Map<unknown>>(BOARD_STICKIES).values()].map((m) => String(m.get('text')));

/** Polls for `ms` that `check` stays true: for things that must not happen, with no fixed sleep to pass. */
async function staysTrue(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await check()).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signedIn(browser: TestBrowser, server: AppServer, person: Person): Promise<Page> {
  const { page } = await browser.newPerson(server.url);
  await signInThroughUi(page, person);
  return page;
}

describe('group roles', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER, [{ id: 'plast', role: 'member' }]);
    await createMember(server.store, OBSERVER, [{ id: 'plast', role: 'observer' }]);
    await createMember(server.store, LEAVER, [{ id: 'plast', role: 'member' }]);
    await createMember(server.store, NEWCOMER, []);
    await createMember(server.store, DEPARTING, [{ id: 'plast', role: 'member' }]);
    // An organisation whose contact person has the invitation and leaving sections on "Mitt konto".
    const contactId = await createMember(server.store, CONTACT, []);
    await server.store.organisations.create({
      id: 'org-gron',
      name: 'Gröna Gården',
      orgNumber: '556677-8899',
      street: 'Storgatan 1',
      postalCode: '111 22',
      municipality: 'Stockholm',
      website: null,
      groupIds: [],
      contactUserId: contactId,
      joinedAt: new Date(),
    });
    await server.store.users.update(contactId, { organisationId: 'org-gron' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an observer cannot type into a board', async () => {
    // Bo, a member, makes a board with one sticky.
    const bo = await signedIn(browser, server, MEMBER);
    await openGroup(bo, 'Plast');
    await createItem(bo, 'Ny tavla', 'Idéer');
    await bo.getByRole('button', { name: 'Ny lapp' }).click();
    await bo.getByRole('textbox', { name: 'Lappens text' }).waitFor();
    await bo.keyboard.type('Bo:s idé');
    await bo.keyboard.press('Escape');
    await sticky(bo, 'Bo:s idé').waitFor();
    await waitForSaved(bo);
    const boardId = new URL(bo.url()).pathname.split('/').pop()!;

    // Olle, an observer, opens it and is told he can only look.
    const olle = await signedIn(browser, server, OBSERVER);
    await openGroup(olle, 'Plast');
    await documents(olle).getByRole('link', { name: 'Idéer' }).click();
    const surface = olle.getByRole('region', { name: 'Tavla' });
    await surface.waitFor();
    await olle.getByText('Du kan se tavlan men inte ändra den.').waitFor();
    await sticky(olle, 'Bo:s idé').waitFor();
    expect(await olle.getByRole('button', { name: 'Ny lapp' }).count()).toBe(0);
    expect(await olle.getByRole('button', { name: 'Ny sida' }).count()).toBe(0);

    // Keyboard and mouse attempts: a new sticky with N, editing with Enter and a double click, Delete, a drag.
    const seeded = sticky(olle, 'Bo:s idé');
    const x0 = await seeded.getAttribute('data-x');
    await surface.focus();
    await olle.keyboard.press('n');
    await olle.keyboard.type('observatören skriver');
    await seeded.click();
    await olle.keyboard.press('Enter');
    await olle.keyboard.type('ändrad av observatören');
    await olle.keyboard.press('Delete');
    await olle.keyboard.press('ArrowRight');
    await seeded.dblclick();
    await olle.keyboard.type('dubbelklick');
    const box = (await seeded.boundingBox())!;
    await olle.mouse.move(box.x + 30, box.y + 30);
    await olle.mouse.down();
    for (let i = 1; i <= 5; i++) await olle.mouse.move(box.x + 30 + i * 30, box.y + 30 + i * 20);
    await olle.mouse.up();

    // Nothing changed on his screen: one sticky, its text and place as they were, no text field.
    expect(await stickies(olle).count()).toBe(1);
    expect(await seeded.getAttribute('data-x')).toBe(x0);
    expect(await olle.getByRole('textbox', { name: 'Lappens text' }).count()).toBe(0);
    expect(await olle.getByText(/observatören|dubbelklick/).count()).toBe(0);

    // Bo's next sticky reaches Olle, so the two are in sync; Bo has nothing of Olle's attempts.
    await bo.getByRole('button', { name: 'Ny lapp' }).click();
    await bo.getByRole('textbox', { name: 'Lappens text' }).waitFor();
    await bo.keyboard.type('Andra idén');
    await bo.keyboard.press('Escape');
    await waitForSaved(bo);
    await sticky(olle, 'Andra idén').waitFor();
    expect(await stickies(bo).count()).toBe(2);
    expect(await bo.getByText(/observatören|dubbelklick/).count()).toBe(0);
    expect(await sticky(bo, 'Bo:s idé').getAttribute('data-x')).toBe(x0);

    // And neither has the server.
    const doc = await serverDoc(server, itemDocName('plast', 'board', boardId));
    expect(stickyTexts(doc).sort()).toEqual(['Andra idén', 'Bo:s idé']);
    await bo.context().close();
    await olle.context().close();
  });

  it('a member removed from a group loses the open document at once', async () => {
    // Rut is writing in the group's notes.
    const rut = await signedIn(browser, server, LEAVER);
    await openGroup(rut, 'Plast');
    const editor = notesEditor(rut);
    await editor.click();
    await rut.keyboard.type('Rut skrev före borttagningen. ');
    await expectText(editor, 'Rut skrev före borttagningen.');
    await waitForSaved(rut);

    // Kim, coordinator and facilitator, removes her on the members page, reached from the group's navigation.
    const kim = await signedIn(browser, server, ADMIN);
    await openGroup(kim, 'Plast');
    await kim.getByRole('link', { name: 'Medlemmar i gruppen' }).click();
    await kim.getByRole('heading', { level: 1, name: 'Medlemmar i gruppen' }).waitFor();
    const row = kim.getByRole('row', { name: new RegExp(LEAVER.name) });
    await row.getByRole('button', { name: `Ta bort ${LEAVER.name} ur gruppen` }).click();
    await row.getByText(`Ta bort ${LEAVER.name} ur gruppen? Hen förlorar genast`).waitFor();
    await row.getByRole('button', { name: 'Ja, ta bort' }).click();
    await kim.getByRole('status').filter({ hasText: `${LEAVER.name} togs bort ur gruppen.` }).waitFor();
    await row.waitFor({ state: 'detached' });

    // Rut's screen says so at once, and nothing there can be edited any more.
    await lostAccess(rut).waitFor({ timeout: 5_000 });
    expect(await rut.locator('[contenteditable="true"]').count()).toBe(0);
    await rut.getByRole('link', { name: 'Tillbaka till Mina grupper' }).first().waitFor();

    // Whatever she types now reaches nobody.
    await rut.locator('main').click({ position: { x: 10, y: 10 } });
    await rut.keyboard.type('Rut skrev efter borttagningen.');
    await editor.click({ timeout: 1_000 }).catch(() => {});
    await rut.keyboard.type('Rut skrev efter borttagningen.');
    await staysTrue(async () => (await rut.locator('[contenteditable="true"]').count()) === 0, 1_000);
    const notes = notesText(await serverDoc(server, notesDocName('plast')));
    expect(notes).toContain('Rut skrev före borttagningen.');
    expect(notes).not.toContain('efter borttagningen');
    await rut.context().close();
    await kim.context().close();
  });

  it('a request to join appears on the open members page, and once approved on the asker’s home page, both without a reload', async () => {
    const kim = await signedIn(browser, server, ADMIN);
    await kim.goto('/groups/transporter/members');
    const requests = kim.getByRole('region', { name: 'Förfrågningar om att gå med' });
    await requests.getByText('Inga väntande förfrågningar.').waitFor();

    const nils = await signedIn(browser, server, NEWCOMER);
    const more = nils.getByRole('region', { name: 'Fler arbetsgrupper' });
    await more.getByRole('button', { name: 'Be att få gå med i Transporter' }).click();
    await more.getByRole('status').filter({ hasText: 'Din förfrågan om att gå med i Transporter är skickad.' }).waitFor();
    await more.getByText(/Förfrågan skickad .*Väntar på svar\./).waitFor();

    // Kim's page, loaded before Nils asked, shows the request as it comes.
    await requests.getByRole('combobox', { name: `Roll för ${NEWCOMER.name} i gruppen` }).selectOption('observer');
    await requests.getByRole('button', { name: `Godkänn ${NEWCOMER.name}` }).click();
    await kim.getByRole('status').filter({ hasText: `${NEWCOMER.name} är nu med i gruppen som observatör.` }).waitFor();
    await kim.getByRole('row', { name: new RegExp(NEWCOMER.name) }).waitFor();

    // On Nils's home page, without a reload: the group is among his groups, no longer among the others.
    await nils.getByRole('link', { name: 'Transporter', exact: true }).waitFor();
    await more.getByRole('status').filter({ hasText: 'Du är nu med i Transporter som observatör.' }).waitFor();
    expect(await more.getByRole('button', { name: 'Be att få gå med i Transporter' }).count()).toBe(0);
    await nils.context().close();
    await kim.context().close();
  });

  it('coordinators’ and members’ screens have no serious or critical axe violations', async () => {
    const kim = await signedIn(browser, server, ADMIN);

    await kim.goto('/groups/plast/members');
    await kim.getByRole('heading', { level: 2, name: /medlemmar$/ }).waitFor();
    await kim.getByRole('region', { name: 'Förfrågningar om att gå med' }).getByText('Inga väntande förfrågningar.').waitFor();
    await kim.getByRole('button', { name: `Ta bort ${MEMBER.name} ur gruppen` }).click();
    await kim.getByRole('button', { name: 'Ja, ta bort' }).waitFor();
    expect(await seriousViolations(kim), '/groups/plast/members').toEqual([]);

    await kim.goto('/admin/groups');
    await kim.getByLabel('Namn', { exact: true }).fill('Mat och klimat');
    expect(await kim.getByLabel('Kortnamn').inputValue()).toBe('mat-och-klimat');
    await kim.getByRole('button', { name: 'Skapa gruppen' }).click();
    await kim.getByRole('status').filter({ hasText: 'Arbetsgruppen ”Mat och klimat” skapades.' }).waitFor();
    await kim.getByRole('heading', { level: 3, name: 'Mat och klimat' }).waitFor();
    await kim.getByRole('button', { name: 'Arkivera Cirkulärt byggande' }).click();
    await kim.getByRole('button', { name: 'Ja, arkivera' }).waitFor();
    expect(await seriousViolations(kim), '/admin/groups').toEqual([]);

    await kim.goto('/admin/audit');
    await kim.getByRole('cell', { name: 'Grupp skapades' }).first().waitFor();
    await kim.getByRole('link', { name: 'Exportera medlemslistan (CSV)' }).waitFor();
    expect(await seriousViolations(kim), '/admin/audit').toEqual([]);

    await kim.goto('/account');
    await kim.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
    expect(await seriousViolations(kim), '/account (coordinator)').toEqual([]);

    // A contact person's account page: invite a colleague, and see the link.
    const cecilia = await signedIn(browser, server, CONTACT);
    await cecilia.getByRole('link', { name: `Mitt konto: ${CONTACT.name}` }).click();
    await cecilia.getByText('Du är organisationens kontaktperson.').waitFor();
    await cecilia.getByLabel('Kollegans e-postadress').fill('kollega@example.se');
    await cecilia.getByRole('button', { name: 'Skapa inbjudan' }).click();
    await cecilia.getByText('Inbjudan till kollega@example.se är skapad.').waitFor();
    expect(await cecilia.getByLabel('Inbjudningslänk').inputValue()).toMatch(/\/invitation\?token=/);
    await cecilia.getByRole('button', { name: 'Organisationen lämnar nätverket' }).click();
    await cecilia.getByLabel('Skriv organisationens namn, Gröna Gården, för att bekräfta').waitFor();
    expect(await cecilia.getByRole('button', { name: 'Lämna nätverket och ta bort kontona' }).isDisabled()).toBe(true);
    expect(await seriousViolations(cecilia), '/account (contact person)').toEqual([]);
    await kim.context().close();
    await cecilia.context().close();
  });

  it('the audit log shows the newest 200 events and the older ones on request', async () => {
    // A long-lived network: 230 group edits, a second apart, two days ago.
    const start = Date.now() - 2 * 86_400_000;
    for (let i = 0; i < 230; i++) {
      await server.store.audit.append({ id: `gammal-${String(i).padStart(3, '0')}`, at: new Date(start + i * 1000), actorId: null, action: 'group.edited', target: 'group:plast', details: {} });
    }
    const kim = await signedIn(browser, server, ADMIN);
    await kim.goto('/admin/audit');
    const shown = kim.getByRole('status').filter({ hasText: /^Visar \d+ händelser\.$/ });
    await expect.poll(() => shown.textContent()).toBe('Visar 200 händelser.');
    const older = kim.getByRole('button', { name: 'Visa äldre händelser' });
    await older.focus();
    await kim.keyboard.press('Enter');
    const total = await server.store.audit.list(10_000);
    await expect.poll(() => shown.textContent()).toBe(`Visar ${total.length} händelser.`);
    // Every event has its row now (and the header its own), and focus is on the line that says there is nothing older.
    expect(await kim.getByRole('row').count()).toBe(total.length + 1);
    const end = kim.getByText('Det finns inga äldre händelser.');
    await expect.poll(() => end.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await older.count()).toBe(0);
    expect(await seriousViolations(kim), '/admin/audit, all pages').toEqual([]);
    await kim.context().close();
  });

  it('deleting one’s account asks for the email address, then signs out for good', async () => {
    const dora = await signedIn(browser, server, DEPARTING);
    await dora.getByRole('link', { name: `Mitt konto: ${DEPARTING.name}` }).click();
    await dora.getByRole('heading', { level: 1, name: 'Mitt konto' }).waitFor();
    expect(await dora.getByRole('link', { name: 'Ladda ned mina uppgifter' }).getAttribute('href')).toBe('/api/me/export');

    await dora.getByRole('button', { name: 'Ta bort mitt konto' }).click();
    const confirm = dora.getByRole('button', { name: 'Ta bort kontot' });
    expect(await confirm.isDisabled()).toBe(true);
    await dora.getByLabel('Skriv din e-postadress för att bekräfta').fill('fel@example.se');
    expect(await confirm.isDisabled()).toBe(true);
    // Esc cancels and gives focus back to the button that opened the question.
    await dora.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    const start = dora.getByRole('button', { name: 'Ta bort mitt konto' });
    expect(await start.evaluate((el) => el === document.activeElement)).toBe(true);

    await dora.keyboard.press('Enter');
    await dora.getByLabel('Skriv din e-postadress för att bekräfta').fill(DEPARTING.email.toUpperCase());
    await confirm.click();
    await dora.getByRole('heading', { level: 1, name: 'Logga in' }).waitFor();
    await dora.getByRole('status').filter({ hasText: 'Kontot är borttaget och du är utloggad.' }).waitFor();
    expect(await server.store.users.findByEmail(DEPARTING.email)).toBeNull();
    await dora.context().close();
  });

  it('a person who is not a coordinator is told the admin pages are not for them', async () => {
    const bo = await signedIn(browser, server, MEMBER);
    for (const path of ['/admin/groups', '/admin/audit']) {
      await bo.goto(path);
      await bo.getByRole('heading', { level: 1, name: 'Sidan är bara för koordinatorer' }).waitFor();
      expect(await bo.getByRole('button', { name: 'Skapa gruppen' }).count()).toBe(0);
    }
    await bo.context().close();
  });
});
