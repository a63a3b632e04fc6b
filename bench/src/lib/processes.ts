import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '@samla/shared';
import WebSocket from 'ws';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_ROOT = join(REPO_ROOT, 'bench');

/** Every server this bench started, so a crash or Ctrl-C still ends them (by handle, never by name). */
const children = new Set<ChildProcess>();

export function killAllChildren(): void {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  children.clear();
}

export const ADMIN = { email: 'bench@example.se', password: 'bench-lösenord-123' } as const;

/** A free TCP port on loopback. Load only ever targets 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ProcStatus {
  rssKb: number;
  hwmKb: number;
  /** RssAnon: resident memory not backed by a file. */
  anonKb: number;
}

export function readProcStatus(pid: number): ProcStatus {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), anonKb: kb('RssAnon') };
}

const CLK_TCK = 100;

/** User + system CPU seconds a process has used so far (all its threads). */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the ")" that closes the command name; utime and stime are fields 14 and 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
}

/** A minimal Chrome DevTools Protocol client for the server's --inspect port: forced GC and memory figures. */
export class Inspector {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Two full GCs: the second also frees what the first one's finalizers released. */
  async gc(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
  }

  async memoryUsage(): Promise<NodeJS.MemoryUsage> {
    const r = await this.call<{ result: { value: string } }>('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    return JSON.parse(r.result.value) as NodeJS.MemoryUsage;
  }

  close(): void {
    this.ws.close();
  }
}

export type ServerKind = 'samla' | 'stock';

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  port: number;
  httpUrl: string;
  /** The WebSocket URL of a document. */
  docUrl(docName: string): string;
  /** Session cookie for Samla (null for the stock server, which has no auth). */
  cookie: string | null;
  /** Present when started with `inspect`. */
  inspector: Inspector | null;
  status(): ProcStatus;
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment, e.g. COMPACT_AFTER_UPDATES. */
  env?: Record<string, string>;
  /** Start with --inspect on a random loopback port and connect to it (for forced GC). */
  inspect?: boolean;
  /** Write a V8 CPU profile into this folder when the process exits (node --cpu-prof). */
  cpuProfDir?: string;
}

interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  inspectorUrl: Promise<string>;
}

function spawnNode(args: string[], env: Record<string, string>, opts: StartOptions): Spawned {
  const nodeArgs = [
    ...(opts.inspect ? ['--inspect=127.0.0.1:0'] : []),
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : []),
    ...args,
  ];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, ...opts.env };
  // The server runs as in production: no loader hooks that tsx may have put into the bench's own options.
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  let resolveUrl: (u: string) => void = () => {};
  const inspectorUrl = new Promise<string>((r) => (resolveUrl = r));
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    err = (err + chunk).slice(-20_000);
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(err);
    if (m) resolveUrl(m[1]!);
  });
  // Drain stdout so the child never blocks on a full pipe (the setup link is printed there).
  child.stdout!.resume();
  return { child, stderr: () => err, inspectorUrl };
}

async function waitReady(spawned: Spawned, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawned.child.exitCode !== null) {
      throw new Error(`server exited with ${spawned.child.exitCode} before it was ready:\n${spawned.stderr()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server not ready after ${timeoutMs} ms:\n${spawned.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopChild(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function finish(
  kind: ServerKind,
  spawned: Spawned,
  port: number,
  wsPrefix: string,
  cookie: string | null,
  opts: StartOptions,
): Promise<ServerProcess> {
  const pid = spawned.child.pid!;
  const inspector = opts.inspect ? await Inspector.connect(await spawned.inspectorUrl) : null;
  return {
    kind,
    pid,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    // The stock server ignores the query; Samla closes a client without its version (4426).
    docUrl: (docName) => `ws://127.0.0.1:${port}${wsPrefix}${docName}?${PROTOCOL_PARAM}=${PROTOCOL_VERSION}`,
    cookie,
    inspector,
    status: () => readProcStatus(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    async stop() {
      inspector?.close();
      await stopChild(spawned.child);
    },
  };
}

/** Signs in over HTTP and returns the `samla_sid=…` cookie pair. */
export async function signIn(httpUrl: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in returned no cookie');
  return cookie.split(';')[0]!;
}

/**
 * The production build (`node server/dist/index.js`) with its own data dir on a free loopback port,
 * signed in as the coordinator. Sign-in happens here, before any memory baseline: scrypt's
 * 32 MiB working set would otherwise land in the measurement.
 */
export async function startSamla(dataDir: string, opts: StartOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const spawned = spawnNode(
    ['server/dist/index.js'],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_SERVER_LOG_LEVEL ?? 'silent',
      SAMLA_ADMIN_EMAIL: ADMIN.email,
      SAMLA_ADMIN_PASSWORD: ADMIN.password,
      // Serve the API only; the built client is irrelevant here.
      CLIENT_DIST: join(dataDir, 'no-client'),
    },
    opts,
  );
  try {
    await waitReady(spawned, `http://127.0.0.1:${port}/healthz`);
    const cookie = await signIn(`http://127.0.0.1:${port}`);
    return await finish('samla', spawned, port, '/yjs/', cookie, opts);
  } catch (err) {
    await stopChild(spawned.child);
    throw err;
  }
}

/** Path of the installed @y/websocket-server's own bin, or null when it is not installed. */
export function stockBinPath(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@y/websocket-server/package.json');
    return join(pkg, '..', 'src', 'server.js');
  } catch {
    return null;
  }
}

/**
 * The stock y-websocket server (@y/websocket-server 0.1.1, no persistence). By default our
 * wrapper (stockServer.mjs: its `setupWSConnection` behind ws 8, the same ws as Samla's);
 * `useBin` runs the package's own bin, which bundles ws 6.
 */
export async function startStock(opts: StartOptions & { useBin?: boolean } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const bin = opts.useBin ? stockBinPath() : join(BENCH_ROOT, 'src', 'stockServer.mjs');
  if (!bin) throw new Error('@y/websocket-server is not installed');
  const spawned = spawnNode([bin], { PORT: String(port), HOST: '127.0.0.1' }, opts);
  try {
    await waitReady(spawned, `http://127.0.0.1:${port}/`);
    return await finish('stock', spawned, port, '/', null, opts);
  } catch (err) {
    await stopChild(spawned.child);
    throw err;
  }
}

export interface RedisProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** redis-server on PATH (REDIS_SERVER_BIN overrides), or null when it is not installed. */
export function redisServerBin(): string | null {
  if (process.env.REDIS_SERVER_BIN) return process.env.REDIS_SERVER_BIN;
  return spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim() || null;
}

/** Whether a Redis answers PING on loopback `port`. */
function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** A throwaway redis-server on a free loopback port that keeps nothing on disk, stopped with the bench's other children. */
export async function startRedis(bin: string, dir: string): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (err = (err + c).slice(-4_000)));
  const deadline = Date.now() + 10_000;
  while (!(await redisPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child, 1_000);
      throw new Error(`redis-server did not start on port ${port}:\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid!, stop: () => stopChild(child, 5_000) };
}

/** Processes whose command name (/proc/<pid>/comm) is `name`, e.g. the backends of a local PostgreSQL. */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) pids.push(Number(pid));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}

/**
 * The process listening on loopback TCP `port`, found through /proc (its socket's inode among the
 * fds of processes this user may read), or null. For charging a store or Redis this bench did not
 * start to its own CPU column instead of "other".
 */
export function pidListeningOn(port: number): number | null {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is "ADDR:PORT"; state 0A is LISTEN; field 9 is the inode.
      if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      } catch {
        // gone meanwhile
      }
    }
  }
  return null;
}
