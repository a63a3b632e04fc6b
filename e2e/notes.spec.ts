import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionStatus, expectText, notesEditor, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { ADMIN, createMember, MEMBER, startAppServer, type AppServer } from './support/server.js';

describe('co-edited notes', () => {
  let server: AppServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startAppServer();
    await createMember(server.store, MEMBER);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two people write in Plast, see each other’s text and named carets, and the text survives a reload', async () => {
    // Separate browser contexts: sync has to go through the server, not BroadcastChannel.
    const kim = await browser.newPerson(server.url);
    const bo = await browser.newPerson(server.url);
    await Promise.all([signInThroughUi(kim.page, ADMIN), signInThroughUi(bo.page, MEMBER)]);
    await Promise.all([openGroup(kim.page, 'Plast'), openGroup(bo.page, 'Plast')]);

    // Both are listed under "Här nu" on both screens.
    for (const { page } of [kim, bo]) {
      const here = page.getByRole('complementary', { name: 'Här nu' });
      await here.getByText(ADMIN.name, { exact: false }).waitFor();
      await here.getByText(MEMBER.name, { exact: false }).waitFor();
    }

    const kimText = 'Kim: vi kartlägger engångsplasten i våra kök.';
    const boText = 'Bo: jag tar fram ett underlag för gemensam upphandling.';

    await notesEditor(kim.page).click();
    await kim.page.keyboard.type(kimText);
    await expectText(notesEditor(bo.page), kimText);

    await notesEditor(bo.page).click();
    await bo.page.keyboard.press('Control+End');
    await bo.page.keyboard.press('Enter');
    await bo.page.keyboard.type(boText);
    await expectText(notesEditor(kim.page), boText);

    // Each sees the other's caret, labelled with the other's name.
    await kim.page.locator('.collab-caret__label', { hasText: MEMBER.name }).waitFor();
    await bo.page.locator('.collab-caret__label', { hasText: ADMIN.name }).waitFor();

    await kim.page.reload();
    await waitForSaved(kim.page);
    await expectText(notesEditor(kim.page), kimText);
    await expectText(notesEditor(kim.page), boText);
    // Paragraph text without the remote caret labels that sit inside it.
    const kimParagraphs = await notesEditor(kim.page)
      .locator('p')
      .evaluateAll((ps) =>
        ps.map((p) =>
          [...p.childNodes]
            .filter((n) => !(n instanceof HTMLElement && n.classList.contains('collab-caret')))
            .map((n) => n.textContent)
            .join(''),
        ),
      );
    expect(kimParagraphs).toEqual([kimText, boText]);

    await expect.poll(() => connectionStatus(kim.page).textContent()).toContain('Sparat');
    expect(await connectionStatus(bo.page).getAttribute('data-state')).toBe('saved');
  });
});
