import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, signInThroughUi } from './support/app.js';
import { seriousViolations } from './support/axe.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, startAppServer, type AppServer } from './support/server.js';

/** The coordinators' audit log: names instead of ids, filters by keyboard kept in the address, the CSV, axe, both languages. */

const LONG_NAME = 'Maria-Magdalena Lindqvist-Åkesson Östlund';
const ORG = 'Föreningen för Hållbar Stadsutveckling i Upplands Väsby och Sollentuna';

describe('the audit log', () => {
  let server: AppServer;
  let browser: TestBrowser;
  let maria: string;

  beforeAll(async () => {
    server = await startAppServer();
    browser = await launchBrowser();
    const s = server.store;
    await s.organisations.create({
      id: 'o1', name: ORG, orgNumber: '202100-5448', street: 'Storgatan 1', postalCode: '194 30', municipality: 'Upplands Väsby',
      website: null, groupIds: [], contactUserId: null, joinedAt: new Date('2026-01-01T00:00:00Z'),
    });
    maria = await createMember(s, { name: LONG_NAME, email: 'maria@example.se', password: 'maria-har-ett-langt-losenord' });
    await s.users.update(maria, { organisationId: 'o1' });
    // 250 events in March 2026, an hour apart: Maria's role changes in Plast and the system's applications.
    const start = Date.UTC(2026, 2, 1, 8);
    for (let i = 0; i < 250; i++) {
      const mine = i % 2 === 1;
      await s.audit.append({
        id: `e${String(i).padStart(3, '0')}`,
        at: new Date(start + i * 3_600_000),
        actorId: mine ? maria : null,
        action: mine ? 'membership.role_changed' : 'application.submitted',
        target: mine ? 'group:plast' : `application:a${i}`,
        details: mine ? { userId: 'someone-gone', from: 'member', to: 'facilitator' } : { name: `Ansökande förening ${i}`, orgNumber: '202100-5448' },
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const rows = (page: Page) => page.locator('tbody tr');

  it('shows names, filters by keyboard with the filters in the address, and downloads what it shows as CSV', async () => {
    const { context, page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.goto('/admin/audit');
    await page.getByRole('status').filter({ hasText: 'Visar 200 händelser.' }).waitFor();
    const newest = rows(page).first();
    await expectText(newest, LONG_NAME);
    await expectText(newest, 'Roll ändrades');
    await expectText(newest, 'Arbetsgrupp Plast');
    // The person in the details is gone: named so, and no id anywhere.
    await expectText(newest.locator('dd').first(), 'tidigare medlem');
    expect(await page.locator('table').textContent()).not.toMatch(/someone-gone|group:plast|membership\.role_changed/);
    expect(await seriousViolations(page), '/admin/audit').toEqual([]);

    // Event, by keyboard: the arrow key in the closed select picks the first event, "Ansökan inkom".
    const action = page.getByLabel('Händelse', { exact: true });
    await action.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('application.submitted');
    await page.getByRole('status').filter({ hasText: 'Visar 125 händelser som matchar filtren.' }).waitFor();
    await expectText(rows(page).first(), 'Systemet eller en besökare');

    // Then who and which organisation, and a date range typed into the date fields.
    await action.selectOption({ label: 'Alla händelser' });
    const organisation = page.getByLabel('Organisation', { exact: true });
    expect(await organisation.locator('option').allTextContents()).toEqual(['Alla organisationer', ORG]);
    await organisation.selectOption({ label: ORG });
    const who = page.getByLabel('Vem', { exact: true });
    await who.selectOption({ label: `${LONG_NAME}, ${ORG}` });
    // The date fields are the browser's own (their segments' order is the browser's locale's): filled,
    // then left by Tab, which applies a date at once.
    await page.getByLabel('Från och med').fill('2026-03-02');
    await page.keyboard.press('Tab');
    await page.getByLabel('Till och med').fill('2026-03-02');
    await page.keyboard.press('Tab');
    await expect.poll(() => Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
      organisation: 'o1', actor: maria, from: '2026-03-02', to: '2026-03-02',
    });
    // 2 March in Stockholm (UTC+1): 23:00 on the 1st to 23:00 on the 2nd, Maria's every other hour.
    await page.getByRole('status').filter({ hasText: 'Visar 12 händelser som matchar filtren.' }).waitFor();
    expect(await rows(page).count()).toBe(12);
    expect(await seriousViolations(page), '/admin/audit, filtered').toEqual([]);

    // The CSV link carries the same filters; its file opens as columns.
    const href = (await page.getByRole('link', { name: 'Ladda ner händelserna (CSV)' }).getAttribute('href'))!;
    const url = new URL(href, server.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ organisation: 'o1', actor: maria, from: '2026-03-02', to: '2026-03-02', lang: 'sv' });
    const csv = await page.request.get(url.toString());
    expect(csv.status()).toBe(200);
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.body());
    expect(body.startsWith('\uFEFF"Tid";"Vem";"Händelse"')).toBe(true);
    const lines = body.trim().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines[1]).toContain(`;"${LONG_NAME}";"Roll ändrades";"Arbetsgrupp Plast";"Person: tidigare medlem; Från: medlem; Till: samtalsledare";`);

    // The address keeps the view: a reload shows the same filters chosen.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Visar 12 händelser som matchar filtren.' }).waitFor();
    expect(await who.inputValue()).toBe(maria);
    await page.getByRole('button', { name: 'Visa alla händelser' }).click();
    await page.getByRole('status').filter({ hasText: 'Visar 200 händelser.' }).waitFor();
    await context.close();
  });

  it('is complete in English', async () => {
    const { page } = await browser.newPerson(server.url);
    await signInThroughUi(page, ADMIN);
    await page.getByRole('button', { name: 'English' }).click();
    // The choice is remembered once the English chunk has loaded; navigating before that shows Swedish.
    await page.getByRole('button', { name: 'English', pressed: true }).waitFor();
    await page.goto('/admin/audit?action=application.submitted');
    await page.getByRole('status').filter({ hasText: 'Showing 125 events that match the filters.' }).waitFor();
    await expectText(rows(page).first(), 'Application received');
    await expectText(rows(page).first(), 'The system or a visitor');
    const text = (await page.locator('main').textContent()) ?? '';
    // No untranslated key and no Swedish left on the page.
    expect(text).not.toMatch(/audit\.|Händelse|Ansökan inkom|Visar|Systemet/);
    for (const label of ['Event', 'Who', 'Organisation', 'From', 'To']) await page.getByLabel(label, { exact: true }).waitFor();
    expect(await seriousViolations(page), '/admin/audit in English').toEqual([]);
    await page.context().close();
  });
});
