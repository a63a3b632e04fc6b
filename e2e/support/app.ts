import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Person } from './server.js';

/** Signs in through the login form, as a person would, and waits for "Mina grupper". */
export async function signInThroughUi(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-postadress').fill(person.email);
  await page.getByLabel('Lösenord').fill(person.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mina grupper' }).waitFor();
}

/** Opens a group from the home screen by its card link and waits until the notes are saved (synced). */
export async function openGroup(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await waitForSaved(page);
}

export const connectionStatus = (page: Page): Locator => page.getByTestId('connection-status');

/** Waits until the indicator says "Sparat": connected, synced, and every local change confirmed by the server. */
export async function waitForSaved(page: Page): Promise<void> {
  await connectionStatus(page).and(page.locator('[data-state="saved"]')).waitFor();
}

/** @deprecated the indicator's states are offline / syncing / saved now; this waits for saved. */
export const waitForOnline = waitForSaved;

/** The notes editor, found by its accessible name like a screen reader would. */
export const notesEditor = (page: Page, name = 'Anteckningar'): Locator => page.getByRole('textbox', { name });

/** Polls until the locator's text contains `text` (no fixed sleeps). */
export async function expectText(locator: Locator, text: string, timeout = 15_000): Promise<void> {
  await expect.poll(async () => (await locator.textContent()) ?? '', { timeout, interval: 50 }).toContain(text);
}
