/**
 * Attack-class fuzz (issue 13), bounded for `npm test`: one real server, a member of `plast` sending
 * hostile input over every channel while an honest client edits its own doc and /healthz is polled.
 * Deterministic: the seed is printed on failure; FUZZ_SEED=<n> reproduces or varies a run.
 */
import { CloseCode, itemDocName, notesDocName, spaceDocName } from '@samla/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PENDING_UPDATES } from '../../collab/sharedDoc.js';
import { ADMIN, addPerson, connectDoc, removeDir, signIn, startServer, waitFor, type TestServer } from '../harness.js';
import {
  awarenessForgery,
  framingFuzz,
  healthPoller,
  injectUpgradeFaults,
  orphanFlood,
  processErrors,
  protocolFuzz,
  socketIoFuzz,
  Stats,
  upgradeFuzz,
  type Target,
} from './attacks.js';
import { Rng, seedFromEnv } from './generators.js';

const SEED = seedFromEnv(0x5a_41_13);
const MAX_PAYLOAD = 64 * 1024;
const ENV = { WS_MAX_PAYLOAD: String(MAX_PAYLOAD) };

const HONEST_DOC = itemDocName('plast', 'page', 'arlig-sida-01');
const ORPHAN_DOC = itemDocName('plast', 'page', 'fuzz-orphans-01');
const FUZZ_DOCS = [
  notesDocName('plast'),
  spaceDocName('plast'),
  itemDocName('plast', 'page', 'fuzz-page-0001'),
  itemDocName('plast', 'page', 'fuzz-page-0002'),
  itemDocName('plast', 'board', 'fuzz-board-001'),
];
const TOUCHED = [HONEST_DOC, ORPHAN_DOC, ...FUZZ_DOCS];

const cleanup: (() => unknown)[] = [];
afterAll(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Adds the seed to whatever fails, so the run can be repeated with FUZZ_SEED. */
let errsRef: { phase: string } | null = null;

async function seeded<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  if (errsRef) errsRef.phase = what.split('\n')[0]!;
  try {
    const result = await fn();
    if (process.env.FUZZ_VERBOSE) console.error(`${what.split('\n')[0]}: ${(performance.now() - t0).toFixed(0)} ms`);
    return result;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    e.message = `${what} (FUZZ_SEED=${SEED}): ${e.message}`;
    throw e;
  }
}

async function syncedClient(s: TestServer, doc: string, cookie: string) {
  const c = connectDoc(s.wsUrl, doc, cookie);
  cleanup.push(() => c.provider.destroy());
  await waitFor(() => c.provider.synced, 10_000, `${doc} synced`);
  return c;
}

describe(`attack classes against one server (FUZZ_SEED=${SEED})`, () => {
  it('stays up, keeps answering /healthz, leaves the honest doc alone, and every touched doc loads after a restart', { timeout: 60_000 }, async () => {
    const rng = new Rng(SEED);
    const errs = processErrors();
    errsRef = errs;
    cleanup.push(() => errs.stop());
    let s = await startServer({ env: ENV });
    const dataDir = s.dataDir;
    cleanup.push(() => removeDir(dataDir));
    let stopped = false;
    cleanup.push(() => (stopped ? undefined : s.stop()));

    // Another group, so other groups' docs answer 4403 (and unknown groups 4404).
    await s.store.groups.create({ id: 'annan', name: 'Annan', description: '', createdAt: new Date() });
    const attacker = await addPerson(s, 'fuzz@example.se', 'member');
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const watcherCookie = (await addPerson(s, 'vakt@example.se', 'member')).cookie;
    const t: Target = { url: s.url, wsUrl: s.wsUrl, cookie: attacker.cookie, maxPayload: MAX_PAYLOAD };
    const stats = new Stats();

    // The honest client: its own page, typing at the end every 40 ms, with presence.
    const honest = await syncedClient(s, HONEST_DOC, admin);
    honest.provider.awareness.setLocalStateField('user', { name: 'Ärlig' });
    const honestId = honest.doc.clientID;
    const watcher = await syncedClient(s, HONEST_DOC, watcherCookie);
    await waitFor(() => (watcher.provider.awareness.getStates().get(honestId) as { user?: { name: string } } | undefined)?.user?.name === 'Ärlig', 5_000, 'honest presence');
    const written: string[] = [];
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing; i++) {
        const piece = `[${i}]`;
        honest.doc.getText('t').insert(honest.doc.getText('t').length, piece);
        written.push(piece);
        await new Promise((r) => setTimeout(r, 40));
      }
    })();

    const health = healthPoller(s.url, 50);
    const undoFaults = injectUpgradeFaults(s.app);

    await seeded('protocol fuzz', () =>
      protocolFuzz(t, rng.fork(), { frames: 1_200, parallel: 6, docs: FUZZ_DOCS, ctx: { maxPayload: MAX_PAYLOAD, foreignIds: [honestId] }, stats }),
    );
    await seeded('framing fuzz', () => framingFuzz(t, rng.fork(), { connections: 120, parallel: 6, docs: FUZZ_DOCS, stats }));

    // Missing dependencies: count bound (many small orphans from many client ids, three times over)
    // and byte bound (few large ones). Each connection must end with 4413 and nothing stays pending.
    const floods: { code: number; sent: number }[] = [];
    for (let i = 0; i < 3; i++) floods.push(await seeded('orphan flood', () => orphanFlood(t, rng.fork(), { doc: ORPHAN_DOC, updates: MAX_PENDING_UPDATES * 3, stats })));
    floods.push(await seeded('orphan flood (bytes)', () => orphanFlood(t, rng.fork(), { doc: ORPHAN_DOC, updates: 60, textBytes: Math.floor(MAX_PAYLOAD * 0.8), stats })));

    await seeded('awareness forgery', () => awarenessForgery(t, rng.fork(), { doc: HONEST_DOC, foreignIds: [honestId], frames: 60, stats }));
    const answers = await seeded('upgrade fuzz', () => upgradeFuzz(t, rng.fork(), { requests: 150, parallel: 6, faults: true, stats }));
    undoFaults();
    const io = await seeded('Socket.IO fuzz', () => socketIoFuzz(t, rng.fork(), { emits: 400, sockets: 4, stats }));

    typing = false;
    await typist;
    const { maxGapMs, answers: healthAnswers } = await health.stop();
    const report = `FUZZ_SEED=${SEED}\n${stats.summary()}\nhealthz: ${healthAnswers} answers, longest gap ${maxGapMs.toFixed(0)} ms; Socket.IO acks ${io.acked}, disconnects ${io.disconnects}`;
    console.log(report);

    await seeded(report, async () => {
      // The process: nothing uncaught, nothing polluted, the http server answers.
      // Soft, so one finding does not hide the others: the test still fails.
      expect.soft(errs.errors.map((e) => `during ${e.phase}: ${String(e.error)}`), "uncaught errors in the server process").toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      // Availability: no gap between successive /healthz answers over 1 s.
      expect(maxGapMs).toBeLessThan(1_000);

      // Missing dependencies are bounded: every flood was cut off with 4413, and nothing is left pending.
      expect(floods.map((f) => f.code)).toEqual(floods.map(() => CloseCode.docTooLarge));
      const orphans = s.app.collab.loadedDocs().get(ORPHAN_DOC)?.doc.store;
      expect(orphans?.pendingStructs ?? null).toBeNull();
      expect(orphans?.pendingDs ?? null).toBeNull();

      // Malformed percent-encoding is a 400; an injected upgrade fault costs only its socket (no answer).
      for (const a of answers.filter((x) => x.kind.startsWith('badPercent'))) expect(a, a.path).toMatchObject({ status: 400 });
      for (const a of answers.filter((x) => x.kind === 'injectedFault')) expect(a, a.path).toMatchObject({ status: 0 });
      // Other groups' docs (and unknown ones) are refused after the upgrade, never served.
      for (const a of answers.filter((x) => x.kind === 'otherGroup')) {
        expect([CloseCode.docNotFound, CloseCode.forbidden], a.path).toContain(a.closeCode);
      }
      expect(answers.some((a) => a.kind === 'injectedFault')).toBe(true);

      // Awareness for the honest client's id sent by someone else was refused.
      expect((watcher.provider.awareness.getStates().get(honestId) as { user?: { name: string } } | undefined)?.user?.name).toBe('Ärlig');

      // The honest doc holds exactly what was typed, and a fresh client syncs the same.
      const expected = written.join('');
      expect(honest.doc.getText('t').toString()).toBe(expected);
      const fresh = await syncedClient(s, HONEST_DOC, admin);
      await waitFor(() => fresh.doc.getText('t').toString() === expected, 10_000, 'a fresh client syncing the honest text');
      fresh.provider.destroy();
    });

    // Restart on the same data dir: every touched doc loads and syncs.
    honest.provider.destroy();
    watcher.provider.destroy();
    await s.stop();
    stopped = true;
    s = await startServer({ dataDir, env: ENV });
    stopped = false;
    const again = await signIn(s.url, ADMIN.email, ADMIN.password);
    await seeded('restart', async () => {
      for (const doc of TOUCHED) {
        const c = await syncedClient(s, doc, again);
        if (doc === HONEST_DOC) expect(c.doc.getText('t').toString()).toBe(written.join(''));
        c.provider.destroy();
      }
      // Soft, so one finding does not hide the others: the test still fails.
      expect.soft(errs.errors.map((e) => `during ${e.phase}: ${String(e.error)}`), "uncaught errors in the server process").toEqual([]);
    });
  });
});
