import { BOARD_SECTIONS, BOARD_STICKIES, itemDocName, SPACE_ITEMS, spaceDocName } from '@samla/shared';
import type { Locator, Page } from 'playwright-core';
import * as Y from 'yjs';
import { connectDoc, signIn, waitFor } from '../../server/src/test/harness.js';
import type { TestBrowser } from './browser.js';
import { ADMIN, type AppServer } from './server.js';

/**
 * Writes a board into Plast's space and seeds it, through the server, as a Node y-websocket client
 * (signed in as the coordinator). Resolves once a fresh client sees every seeded sticky.
 */
export async function seedBoard(server: AppServer, boardId: string, title: string, seed: (doc: Y.Doc) => void): Promise<void> {
  const cookie = await signIn(server.url, ADMIN.email, ADMIN.password);
  const space = connectDoc(server.wsUrl, spaceDocName('plast'), cookie);
  const board = connectDoc(server.wsUrl, itemDocName('plast', 'board', boardId), cookie);
  try {
    await waitFor(() => space.provider.synced && board.provider.synced, 10_000, 'sync');
    space.doc.transact(() => {
      const item = new Y.Map<unknown>();
      item.set('kind', 'board');
      item.set('title', title);
      item.set('order', space.doc.getMap(SPACE_ITEMS).size + 1);
      item.set('archived', false);
      item.set('createdAt', Date.now());
      item.set('createdBy', 'seed');
      space.doc.getMap(SPACE_ITEMS).set(boardId, item);
    });
    board.doc.transact(() => seed(board.doc));
    // Both updates have reached the server when a fresh client sees them.
    const check = connectDoc(server.wsUrl, itemDocName('plast', 'board', boardId), cookie);
    const checkSpace = connectDoc(server.wsUrl, spaceDocName('plast'), cookie);
    try {
      const expected = board.doc.getMap(BOARD_STICKIES).size;
      await waitFor(
        () =>
          check.provider.synced &&
          checkSpace.provider.synced &&
          check.doc.getMap(BOARD_STICKIES).size === expected &&
          checkSpace.doc.getMap(SPACE_ITEMS).has(boardId),
        10_000,
        'seed',
      );
    } finally {
      check.provider.destroy();
      checkSpace.provider.destroy();
    }
  } finally {
    space.provider.destroy();
    board.provider.destroy();
  }
}

export function addSticky(doc: Y.Doc, id: string, text: string, x: number, y: number, sectionId: string | null = null): void {
  const m = new Y.Map<unknown>();
  m.set('text', new Y.Text(text));
  m.set('x', x);
  m.set('y', y);
  m.set('color', 'yellow');
  m.set('authorId', 'seed');
  m.set('authorName', ADMIN.name);
  m.set('sectionId', sectionId);
  m.set('createdAt', Date.now());
  doc.getMap(BOARD_STICKIES).set(id, m);
}

export function addSection(doc: Y.Doc, id: string, title: string, x: number, y: number): void {
  const m = new Y.Map<unknown>();
  m.set('title', title);
  m.set('x', x);
  m.set('y', y);
  m.set('width', 560);
  m.set('height', 400);
  doc.getMap(BOARD_SECTIONS).set(id, m);
}

/** A fresh person signed in (by cookie) on a board of Plast, once it is saved and its surface is there. */
export async function openBoard(
  browser: TestBrowser,
  server: AppServer,
  boardId: string,
  person: { email: string; password: string } = ADMIN,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const { context, page } = await browser.newPerson(server.url);
  if (viewport) await page.setViewportSize(viewport);
  const cookie = await signIn(server.url, person.email, person.password);
  const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
  await context.addCookies([{ name, value, url: server.url }]);
  await page.goto(`/groups/plast/boards/${boardId}`);
  await page.getByTestId('connection-status').and(page.locator('[data-state="saved"]')).waitFor();
  await boardSurface(page).waitFor();
  return page;
}

export const boardSurface = (page: Page): Locator => page.getByRole('region', { name: 'Tavla', exact: true });

/** A sticky by its text. */
export const stickyByText = (page: Page, text: string): Locator => page.locator('.sticky', { hasText: text });

/** Presses Tab until `target` has focus (keyboard only). */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with Tab');
}
