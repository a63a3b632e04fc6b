import type { Locator, Page } from 'playwright-core';

/** The group's "Dokument" navigation. */
export const documents = (page: Page): Locator => page.getByRole('navigation', { name: 'Dokument' });

/** Creates a page or board through the navigation's inline form and waits until it is open. */
export async function createItem(page: Page, kind: 'Ny sida' | 'Ny tavla', title: string): Promise<void> {
  const nav = documents(page);
  await nav.getByRole('button', { name: kind }).click();
  await nav.getByLabel(kind === 'Ny sida' ? 'Namn på den nya sidan' : 'Namn på den nya tavlan').fill(title);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: title }).waitFor();
}

/** A button in the page editor's formatting toolbar, by its exact label. */
export const toolbarButton = (page: Page, name: string): Locator =>
  page.getByRole('toolbar', { name: 'Formatering' }).getByRole('button', { name, exact: true });
