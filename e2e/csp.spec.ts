import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesEditor, openGroup, signInThroughUi, waitForSaved } from './support/app.js';
import { launchBrowser, type TestBrowser } from './support/browser.js';
import { createItem } from './support/space.js';
import { ADMIN, startAppServer, type AppServer } from './support/server.js';

/**
 * Records every Content-Security-Policy violation the page reports. Injected before any page script
 * runs (DevTools, not the page, evaluates it, so the policy itself does not block it).
 */
const RECORD_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
  });
`;

const violations = (page: Page): Promise<string[]> => page.evaluate('window.__cspViolations') as Promise<string[]>;

describe('Content-Security-Policy', () => {
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

  it('the built client runs under the server’s policy without a single violation', async () => {
    const { page } = await browser.newPerson(server.url);
    await page.addInitScript(RECORD_VIOLATIONS);
    const cspHeaders: string[] = [];
    page.on('response', (r) => {
      const csp = r.headers()['content-security-policy'];
      if (r.request().resourceType() === 'document' && csp) cspHeaders.push(csp);
    });

    await page.goto('/members');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await violations(page), 'public directory').toEqual([]);

    await signInThroughUi(page, ADMIN);
    await openGroup(page, 'Plast');
    await notesEditor(page).click();
    await page.keyboard.type('Policyn stoppar inget vi själva gör.');
    await waitForSaved(page);
    expect(await violations(page), 'group notes over the Yjs WebSocket and Socket.IO').toEqual([]);

    await createItem(page, 'Ny tavla', 'CSP-tavla');
    await page.getByRole('region', { name: 'Tavla', exact: true }).waitFor();
    await waitForSaved(page);
    expect(await violations(page), 'a board').toEqual([]);

    // The policy was really there: the checks above ran under it.
    expect(cspHeaders.length).toBeGreaterThan(0);
    expect(cspHeaders[0]).toContain("script-src 'self'");
  });
});
