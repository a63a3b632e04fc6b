/**
 * npm run fuzz [-- --minutes N] [--seed S]
 *
 * The long fuzz loop: the generators of fuzz.test.ts, round after round, against a server started in
 * this process on 127.0.0.1 (SQLite in a temp dir), with an honest client typing and /healthz polled
 * every 50 ms. Prints frames sent, crashes (uncaught errors in the process, and restarts when the
 * server stopped answering), the longest /healthz gap and peak RSS. Bounded by --minutes (default 1).
 * Exit code 1 when anything crashed or the honest doc lost what it typed.
 */
import { itemDocName, notesDocName, spaceDocName } from '@samla/shared';
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

function parseArgs(argv: string[]): { minutes: number; seed: number } {
  let minutes = 1;
  let seed = seedFromEnv(Date.now() >>> 0);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(minutes|seed)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) throw new Error(`unknown argument ${argv[i]} (use --minutes N, --seed S)`);
    const value = m[2] ?? argv[++i];
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${m[1]} wants a number, got ${value}`);
    if (m[1] === 'minutes') minutes = n;
    else seed = n >>> 0;
  }
  return { minutes, seed };
}

const MAX_PAYLOAD = 64 * 1024;
const ENV = { WS_MAX_PAYLOAD: String(MAX_PAYLOAD), LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent' };
const HONEST_DOC = itemDocName('plast', 'page', 'arlig-sida-01');
const ORPHAN_DOC = itemDocName('plast', 'page', 'fuzz-orphans-01');
const FUZZ_DOCS = [
  notesDocName('plast'),
  spaceDocName('plast'),
  itemDocName('plast', 'page', 'fuzz-page-0001'),
  itemDocName('plast', 'page', 'fuzz-page-0002'),
  itemDocName('plast', 'board', 'fuzz-board-001'),
];

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`${what}: no answer in ${ms} ms`)), ms).unref())]);

async function main(): Promise<void> {
  const { minutes, seed } = parseArgs(process.argv.slice(2));
  const rng = new Rng(seed);
  const log = (m: string) => process.stderr.write(`[fuzz ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
  const t0 = performance.now();
  const deadline = t0 + minutes * 60_000;
  log(`seed ${seed} (FUZZ_SEED=${seed} or --seed ${seed} repeats it), ${minutes} min, 127.0.0.1 only`);

  const errs = processErrors();
  let s: TestServer = await startServer({ env: ENV });
  const dataDir = s.dataDir;
  await s.store.groups.create({ id: 'annan', name: 'Annan', description: '', createdAt: new Date() });
  const attacker = await addPerson(s, 'fuzz@example.se', 'member');
  let restarts = 0;
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);

  const stats = new Stats();
  let maxGapMs = 0;
  let rounds = 0;
  let honestOk = true;

  while (performance.now() < deadline) {
    const admin = await signIn(s.url, ADMIN.email, ADMIN.password);
    const honest = connectDoc(s.wsUrl, HONEST_DOC, admin);
    await waitFor(() => honest.provider.synced, 10_000, 'honest client synced');
    const before = honest.doc.getText('t').toString();
    let typed = '';
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing; i++) {
        const piece = `[${rounds}.${i}]`;
        honest.doc.getText('t').insert(honest.doc.getText('t').length, piece);
        typed += piece;
        await new Promise((r) => setTimeout(r, 40));
      }
    })();
    const health = healthPoller(s.url, 50);
    const t: Target = { url: s.url, wsUrl: s.wsUrl, cookie: attacker.cookie, maxPayload: MAX_PAYLOAD };
    const undo = injectUpgradeFaults(s.app);
    const phase = async (name: string, fn: () => Promise<unknown>) => {
      errs.phase = `round ${rounds} ${name}`;
      await withTimeout(fn(), 60_000, name).catch((err) => log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`));
    };
    // One round: every attack class, each on a fresh sub-seed.
    await phase('protocol', () =>
      protocolFuzz(t, rng.fork(), { frames: 1_000, parallel: 6, docs: FUZZ_DOCS, ctx: { maxPayload: MAX_PAYLOAD, foreignIds: [honest.doc.clientID] }, stats }),
    );
    await phase('framing', () => framingFuzz(t, rng.fork(), { connections: 100, parallel: 6, docs: FUZZ_DOCS, stats }));
    await phase('orphans', () => orphanFlood(t, rng.fork(), { doc: ORPHAN_DOC, updates: MAX_PENDING_UPDATES * 2, stats }));
    await phase('awareness', () => awarenessForgery(t, rng.fork(), { doc: HONEST_DOC, foreignIds: [honest.doc.clientID], frames: 40, stats }));
    await phase('upgrades', () => upgradeFuzz(t, rng.fork(), { requests: 100, parallel: 6, faults: true, stats }));
    await phase('socket.io', () => socketIoFuzz(t, rng.fork(), { emits: 200, sockets: 4, stats }));
    undo();
    typing = false;
    await typist;
    const h = await health.stop();
    maxGapMs = Math.max(maxGapMs, h.maxGapMs);
    rounds++;

    // The honest doc: what it typed this round, and a fresh client syncs the same.
    const expected = before + typed;
    const fresh = connectDoc(s.wsUrl, HONEST_DOC, admin);
    const same = await waitFor(() => fresh.doc.getText('t').toString() === expected, 10_000, 'fresh client').then(
      () => honest.doc.getText('t').toString() === expected,
      () => false,
    );
    if (!same) {
      honestOk = false;
      log(`round ${rounds}: the honest doc does not hold what was typed`);
    }
    fresh.provider.destroy();
    honest.provider.destroy();

    // A server that no longer answers /healthz is restarted on the same data dir (a crash).
    const up = await fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false);
    if (!up) {
      restarts++;
      log(`round ${rounds}: /healthz does not answer; restarting the server`);
      // A hung server may not stop; it is replaced on the same data dir either way.
      await withTimeout(s.stop(), 20_000, 'stop').catch((err: unknown) => log(`round ${rounds}: stopping failed (${String(err)})`));
      s = await startServer({ dataDir, env: ENV });
    }
    log(`round ${rounds}: ${stats.frames} frames so far, longest /healthz gap ${maxGapMs.toFixed(0)} ms, ${errs.errors.length} uncaught errors`);
  }

  clearInterval(rssTimer);
  await s.stop();
  errs.stop();
  removeDir(dataDir);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const seconds = (performance.now() - t0) / 1000;
  const crashes = errs.errors.length + restarts;
  console.log(
    [
      `Samla fuzz, seed ${seed}, ${seconds.toFixed(0)} s, ${rounds} rounds (server in this process on 127.0.0.1)`,
      stats.summary(),
      `frames sent: ${stats.frames + stats.upgrades + stats.socketEmits} (${stats.frames} WebSocket, ${stats.upgrades} upgrade requests, ${stats.socketEmits} Socket.IO)`,
      `crashes: ${crashes} (${errs.errors.length} uncaught errors in the process, ${restarts} restarts)`,
      ...errs.errors.slice(0, 10).map((e) => `  during ${e.phase}: ${String(e.error)}`),
      `honest doc intact: ${honestOk ? 'yes' : 'NO'}`,
      `longest /healthz gap: ${maxGapMs.toFixed(0)} ms`,
      `peak RSS (this process: server + fuzzer): ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
    ].join('\n'),
  );
  process.exit(crashes > 0 || !honestOk ? 1 : 0);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(2);
});
