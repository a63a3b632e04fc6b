/**
 * npm run bench [-- --only=a,c | <scenario> …] [--minutes N] [--quick] [--profile] [--stock-bin] [--no-build] [--no-stock] [--samla-env=K=V,…] [--markdown]
 *
 * Builds the server, then runs each scenario against production server processes on loopback
 * and prints a table per scenario. Results go to bench/results/<timestamp>.json. Asserts nothing:
 * the exit code is 0 whenever the bench itself ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineInfo } from './lib/machine.js';
import { BENCH_ROOT, killAllChildren, REPO_ROOT } from './lib/processes.js';
import { machineLoadSampler } from './lib/sampler.js';
import { formatTable, markdownTable, type Table } from './lib/table.js';
import { cluster as clusterScenario } from './scenarios/cluster.js';
import { optInScenarios, scenarios } from './scenarios/index.js';
import type { BenchContext, BenchOptions, ScenarioResult, TargetCheck } from './scenarios/types.js';

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  const named: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      // A bare name selects a scenario, as --only does: `npm run bench -- soak --minutes 30`.
      if (/^[a-z][a-z-]*$/.test(a)) {
        named.push(a);
        continue;
      }
      throw new Error(`unknown argument ${a}`);
    }
    // --minutes takes its value as the next argument too.
    if (m[1] === 'minutes' && m[2] === undefined && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) {
      flags.set('minutes', argv[++i]!);
      continue;
    }
    flags.set(m[1]!, m[2] ?? 'true');
  }
  if (named.length) flags.set('only', [...(flags.get('only')?.split(',') ?? []), ...named].join(','));
  const known = new Set(['only', 'quick', 'profile', 'stock-bin', 'no-build', 'no-stock', 'samla-env', 'markdown', 'minutes', 'help']);
  for (const k of flags.keys()) if (!known.has(k)) throw new Error(`unknown option --${k}`);
  const minutes = flags.get('minutes');
  if (minutes !== undefined && !(Number(minutes) > 0)) throw new Error(`--minutes wants a positive number, got "${minutes}"`);
  return flags;
}

/**
 * The whole bench stops by itself after this, whatever happens: 12 minutes, or for a timed run
 * (--minutes, the soak) its minutes plus 10; 15 more with the cluster scenario (h), whose full run
 * takes 3–4 minutes on FerretDB over PostgreSQL and far longer on a store that scans (FerretDB's SQLite).
 */
const WATCHDOG_MS = (() => {
  try {
    const flags = parseArgs(process.argv.slice(2));
    const minutes = Number(flags.get('minutes') ?? 0);
    const cluster = (flags.get('only') ?? '').split(',').some((x) => x === clusterScenario.id || x === clusterScenario.name);
    return (Math.max(12, minutes + 10) + (cluster ? 15 : 0)) * 60_000;
  } catch {
    return 12 * 60_000;
  }
})();

function parseEnv(spec: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of spec?.split(',') ?? []) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(pair.trim());
    if (!m) throw new Error(`--samla-env wants KEY=VALUE[,KEY=VALUE], got "${pair}"`);
    env[m[1]!] = m[2]!;
  }
  return env;
}

const tempDirs: string[] = [];

function cleanup(): void {
  killAllChildren();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.length = 0;
}

function build(log: (m: string) => void): void {
  log('building shared and server (tsc -b shared server)…');
  const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-b', 'shared', 'server'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status === 0) return;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim();
  if (existsSync(join(REPO_ROOT, 'server', 'dist', 'index.js'))) {
    log(`WARNING: the build failed; benchmarking the existing server/dist, which may be stale:\n${out}`);
    return;
  }
  throw new Error(`the build failed and there is no server/dist to fall back on:\n${out}`);
}

async function main(): Promise<void> {
  const flags = parseArgs(process.argv.slice(2));
  if (flags.has('help')) {
    console.log(
      `usage: npm run bench [-- --only=${scenarios.map((s) => s.id).join(',')} | soak] [--minutes N] [--quick] [--profile] [--stock-bin] [--no-build] [--no-stock] [--samla-env=K=V,…] [--markdown]\n` +
        [...scenarios, ...optInScenarios].map((s) => `  ${s.id}  ${s.title}`).join('\n'),
    );
    return;
  }
  const only = flags.get('only')?.split(',').map((s) => s.trim());
  const selected = only ? [...scenarios, ...optInScenarios].filter((s) => only.includes(s.id) || only.includes(s.name)) : scenarios;
  if (selected.length === 0) throw new Error(`no scenario matches --only=${flags.get('only')}`);

  const started = new Date();
  const stamp = started.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const resultsDir = join(BENCH_ROOT, 'results');
  const options: BenchOptions = {
    quick: flags.has('quick'),
    stock: !flags.has('no-stock'),
    stockBin: flags.has('stock-bin'),
    cpuProfDir: flags.has('profile') ? join(resultsDir, `profiles-${stamp}`) : null,
    samlaEnv: parseEnv(flags.get('samla-env')),
    ...(flags.has('minutes') ? { minutes: Number(flags.get('minutes')) } : {}),
  };
  const t0 = performance.now();
  const log = (m: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${m}\n`);
  const ctx: BenchContext = {
    options,
    log,
    tempDir(prefix) {
      const d = mkdtempSync(join(tmpdir(), prefix));
      tempDirs.push(d);
      return d;
    },
    samlaOptions(extra = {}) {
      return {
        ...(options.cpuProfDir ? { cpuProfDir: join(options.cpuProfDir, 'samla') } : {}),
        ...extra,
        env: { ...options.samlaEnv, ...extra.env },
      };
    },
    stockOptions(extra = {}) {
      return {
        ...(options.cpuProfDir ? { cpuProfDir: join(options.cpuProfDir, 'stock') } : {}),
        useBin: options.stockBin,
        ...extra,
      };
    },
  };

  if (!flags.has('no-build')) build(log);
  if (options.cpuProfDir) {
    mkdirSync(join(options.cpuProfDir, 'samla'), { recursive: true });
    mkdirSync(join(options.cpuProfDir, 'stock'), { recursive: true });
  }
  const machine = machineInfo();
  log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ulimit -n ${machine.fdLimit}`);

  const results: { id: string; name: string; title: string; seconds: number; result?: ScenarioResult; error?: string }[] = [];
  for (const s of selected) {
    const s0 = performance.now();
    log(`${s.title}`);
    const load = machineLoadSampler();
    try {
      const result = await s.run(ctx);
      const { otherCores } = load.stop();
      result.notes.push(`Other work on the machine (not this bench or its servers) used ${otherCores} of ${machine.cores} cores on average during this scenario.`);
      result.otherCores = otherCores;
      results.push({ id: s.id, name: s.name, title: s.title, seconds: (performance.now() - s0) / 1000, result });
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      log(`scenario ${s.id} failed: ${message}`);
      results.push({ id: s.id, name: s.name, title: s.title, seconds: (performance.now() - s0) / 1000, error: message });
    } finally {
      killAllChildren();
    }
  }

  // Tables on stdout (as markdown with --markdown, for the README).
  const fmt = flags.has('markdown') ? markdownTable : formatTable;
  const out: string[] = [];
  out.push(`Samla bench, ${started.toISOString()} — ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}${options.quick ? ' (QUICK: numbers not comparable)' : ''}`);
  if (Object.keys(options.samlaEnv).length) out.push(`Samla servers ran with ${JSON.stringify(options.samlaEnv)}`);
  for (const r of results) {
    out.push('', r.title, '');
    if (r.error) {
      out.push(`  FAILED: ${r.error.split('\n')[0]}`);
      continue;
    }
    out.push(fmt(r.result!.table));
    for (const n of r.result!.notes) out.push(`  · ${n}`);
  }
  const targets: TargetCheck[] = results.flatMap((r) => r.result?.targets ?? []);
  const targetTable: Table = {
    headers: ['target', 'goal', 'measured', 'result'],
    rows: targets.map((t) => [t.name, t.target, t.measured, t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'MISS']),
  };
  out.push('', 'Targets', '', fmt(targetTable));
  const totalSeconds = (performance.now() - t0) / 1000;
  out.push('', `total ${totalSeconds.toFixed(0)} s`);
  console.log(out.join('\n'));

  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${stamp}.json`);
  const json = {
    startedAt: started.toISOString(),
    totalSeconds,
    options,
    machine,
    scenarios: results.map((r) => ({
      id: r.id,
      name: r.name,
      title: r.title,
      seconds: r.seconds,
      ...(r.error
        ? { error: r.error }
        : { otherCores: r.result!.otherCores, table: r.result!.table, notes: r.result!.notes, targets: r.result!.targets, data: r.result!.data }),
    })),
    targets,
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(json, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
  console.log(`results written to ${file.slice(REPO_ROOT.length)}`);
  if (options.cpuProfDir) {
    console.log(`CPU profiles of the servers in ${options.cpuProfDir.slice(REPO_ROOT.length)}; summarise one with: npx tsx bench/src/tools/cpuprofile.ts <file>`);
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: watchdog: still running after ${WATCHDOG_MS / 60_000} min; stopping\n`);
  cleanup();
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    cleanup();
    process.exit(130);
  });
}
process.once('exit', () => killAllChildren());

main()
  .then(() => {
    cleanup();
    // Sockets that a failed scenario left open must not keep the bench alive.
    process.exit(0);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    cleanup();
    process.exit(1);
  });
