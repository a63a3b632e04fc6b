import { CloseCode, terminalCloseCodes } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { addPerson, removeDir, startServer, waitFor, type TestServer } from '../test/harness.js';
import { rawWs } from '../test/rawWs.js';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  if (s) removeDir(s.dataDir);
  s = undefined;
});

describe('a document connection while the sessions cannot be read', () => {
  it('closes with loadFailed, which the client retries, not unauthorized, which asks to sign in again', async () => {
    s = await startServer();
    const { cookie } = await addPerson(s, 'mats@example.se', 'member');
    s.store.sessions.find = () => Promise.reject(new Error('store unreachable'));

    const raw = await rawWs(s.url, '/yjs/groups/plast/notes', cookie);
    await waitFor(() => raw.closeCode !== null, 5_000, 'the close');
    raw.destroy();
    expect(raw.closeCode).toBe(CloseCode.loadFailed);
    expect(terminalCloseCodes.has(raw.closeCode!)).toBe(false);
  });
});
