import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN } from './harness.js';

const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Instance {
  name: string;
  url: string;
  wsUrl: string;
  port: number;
  proc: ChildProcess;
  /** SIGKILL: no flush, no close frames, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit; resolves with the exit code. */
  terminate(): Promise<number | null>;
  /** Everything the process logged (pino JSON lines). */
  output(): string;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * One server process from the sources (tsx), in cluster mode on `mongoDb` at MONGODB_URI and on `redisUrl`.
 * Resolves once /readyz answers 200.
 */
export async function startInstance(name: string, opts: { mongoDb: string; redisUrl: string; env?: Record<string, string> }): Promise<Instance> {
  const mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) throw new Error('cluster mode needs MONGODB_URI (CI runs FerretDB, .ci/ferretdb.sh)');
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'src/index.ts'], {
    cwd: serverRoot,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), `samla-${name}-`)),
      MONGODB_URI: mongoUri,
      MONGODB_DB: opts.mongoDb,
      REDIS_URL: opts.redisUrl,
      LOG_LEVEL: 'info',
      SAMLA_ADMIN_EMAIL: ADMIN.email,
      SAMLA_ADMIN_PASSWORD: ADMIN.password,
      SAMLA_ADMIN_NAME: ADMIN.name,
      DOC_UNLOAD_AFTER_MS: '2000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`instance ${name} exited at start (${proc.exitCode}):\n${out}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`instance ${name} did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    port,
    proc,
    async kill() {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    output: () => out,
  };
}

/** A fresh database name for one cluster. */
export const clusterDb = () => `samla_cluster_${randomBytes(5).toString('hex')}`;

export interface Balancer {
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/**
 * A TCP load balancer on loopback: each new connection goes to the next instance in turn that accepts it,
 * as a proxy in front of a cluster does. A dead instance is skipped; its connections drop with it.
 */
export async function startBalancer(instances: () => Instance[]): Promise<Balancer> {
  let next = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const candidates = instances().filter((i) => i.proc.exitCode === null && i.proc.signalCode === null);
    const tryAt = (k: number) => {
      if (k >= candidates.length) return client.destroy();
      const target = candidates[(next + k) % candidates.length]!;
      const upstream = connect(target.port, '127.0.0.1');
      upstream.once('connect', () => {
        next = (next + k + 1) % Math.max(1, candidates.length);
        client.pipe(upstream).pipe(client);
        client.resume();
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      upstream.once('error', () => tryAt(k + 1));
    };
    tryAt(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
