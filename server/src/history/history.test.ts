import { ErrorCode, PAGE_FRAGMENT, type VersionContent, type VersionInfo } from '@samla/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadStoredDoc } from '../storage/docState.js';
import { ADMIN, addPerson, connectDoc, signIn, startServer, waitFor, type TestServer } from '../test/harness.js';

const PAGE = 'groups/plast/pages/protokoll-2026';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(env?: Record<string, string>) {
  const s = await startServer(env ? { env } : {});
  cleanup.push(() => s.stop());
  const cookie = await signIn(s.url, ADMIN.email, ADMIN.password);
  return { s, cookie };
}

function open(s: TestServer, cookie: string, doc = PAGE) {
  const c = connectDoc(s.wsUrl, doc, cookie);
  cleanup.push(() => c.provider.destroy());
  return c;
}

/** Replaces the page's content with one paragraph of `text`, as an editor would. */
function write(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(PAGE_FRAGMENT);
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    fragment.insert(0, [p]);
  });
}
const read = (doc: Y.Doc) => doc.getXmlFragment(PAGE_FRAGMENT).toString();

const api = (s: TestServer, cookie: string) => ({
  async list(doc = PAGE) {
    const res = await fetch(`${s.url}/api/groups/plast/versions?doc=${encodeURIComponent(doc)}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as { versions: VersionInfo[] } };
  },
  async name(name: string, doc = PAGE, group = 'plast') {
    const res = await fetch(`${s.url}/api/groups/${group}/versions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ doc, name }),
    });
    return { status: res.status, body: (await res.json()) as { version: VersionInfo; error?: { code: string } } };
  },
  async get(id: string) {
    const res = await fetch(`${s.url}/api/groups/plast/versions/${id}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as { version: VersionContent } };
  },
  async restore(id: string, group = 'plast') {
    const res = await fetch(`${s.url}/api/groups/${group}/versions/${id}/restore`, { method: 'POST', headers: { cookie } });
    return { status: res.status, body: (await res.json()) as { version: VersionInfo; error?: { code: string } } };
  },
});

describe('version history', () => {
  it('restores an old version as a new change, and the history keeps the newer versions', async () => {
    const { s, cookie } = await setup();
    const a = open(s, cookie);
    const b = open(s, cookie);
    await waitFor(() => a.provider.synced && b.provider.synced);
    const h = api(s, cookie);

    write(a.doc, 'Första utkastet');
    await waitFor(() => read(b.doc).includes('Första utkastet'));
    const named = await h.name('Före mötet');
    expect(named.status).toBe(201);
    expect(named.body.version).toMatchObject({ name: 'Före mötet', reason: 'named', contributors: [{ name: ADMIN.name }] });

    write(a.doc, 'Omskrivet efter mötet');
    await waitFor(() => read(b.doc).includes('Omskrivet'));
    const later = await h.name('Efter mötet');

    const old = await h.get(named.body.version.id);
    const past = new Y.Doc();
    Y.applyUpdate(past, Buffer.from(old.body.version.update, 'base64'));
    expect(read(past)).toContain('Första utkastet');

    const restored = await h.restore(named.body.version.id);
    expect(restored.status).toBe(200);
    expect(restored.body.version.reason).toBe('before-restore');
    // Both live clients receive the restore as an ordinary change.
    await waitFor(() => read(a.doc).includes('Första utkastet') && read(b.doc).includes('Första utkastet'));
    expect(read(b.doc)).not.toContain('Omskrivet');

    const { body } = await h.list();
    expect(body.versions.map((v) => v.id)).toEqual([restored.body.version.id, later.body.version.id, named.body.version.id]);
    const beforeRestore = new Y.Doc();
    Y.applyUpdate(beforeRestore, Buffer.from((await h.get(restored.body.version.id)).body.version.update, 'base64'));
    expect(read(beforeRestore)).toContain('Omskrivet efter mötet');

    // The restore itself was persisted: a fresh client after the doc is reloaded sees it.
    await waitFor(() => s.app.collab.loadedDocs().get(PAGE)?.hasPendingWrites === false);
    const replay = await loadStoredDoc(s.store, PAGE);
    expect(read(replay)).toContain('Första utkastet');
  });

  it('saves a version automatically when the last editor leaves, naming who edited', async () => {
    const { s, cookie } = await setup();
    const a = open(s, cookie);
    await waitFor(() => a.provider.synced);
    write(a.doc, 'Anteckningar');
    await waitFor(() => read(s.app.collab.loadedDocs().get(PAGE)?.doc ?? new Y.Doc()).includes('Anteckningar'));
    a.provider.destroy();
    const h = api(s, cookie);
    await waitFor(async () => (await h.list()).body.versions.length === 1, 5_000, 'automatic version');
    expect((await h.list()).body.versions[0]).toMatchObject({
      reason: 'last-editor-left',
      name: null,
      contributors: [{ name: ADMIN.name }],
    });
  });

  it('saves a version automatically after the interval while editing goes on', async () => {
    const { s, cookie } = await setup({ SNAPSHOT_INTERVAL_MS: '1000' });
    const a = open(s, cookie);
    await waitFor(() => a.provider.synced);
    const h = api(s, cookie);
    let n = 0;
    await waitFor(
      async () => {
        write(a.doc, `Version ${n++}`);
        return (await h.list()).body.versions.some((v) => v.reason === 'auto');
      },
      10_000,
      'interval version',
    );
  });

  it('keeps versions within the group: outsiders, observers and foreign docs are refused', async () => {
    const { s, cookie } = await setup();
    const a = open(s, cookie);
    await waitFor(() => a.provider.synced);
    write(a.doc, 'Hemligt');
    const h = api(s, cookie);
    const v = (await h.name('v1')).body.version;

    const outsider = api(s, (await addPerson(s, 'ute@example.se')).cookie);
    expect((await outsider.list()).status).toBe(403);
    expect((await outsider.get(v.id)).status).toBe(403);
    expect((await outsider.restore(v.id)).status).toBe(403);

    const observer = api(s, (await addPerson(s, 'obs@example.se', 'observer')).cookie);
    expect((await observer.list()).status).toBe(200);
    expect((await observer.get(v.id)).status).toBe(200);
    const refused = await observer.restore(v.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe(ErrorCode.forbidden);
    expect((await observer.name('nej')).status).toBe(403);

    // A version is only reachable through its own group, and a doc name must belong to the group in the URL.
    expect((await h.restore(v.id, 'transporter')).status).toBe(404);
    expect((await h.name('fel grupp', PAGE, 'transporter')).status).toBe(404);
    expect((await h.name('   ')).status).toBe(400);
    expect((await h.get('finns-inte')).status).toBe(404);
  });
});
