import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Debian's redis-server (CI installs it, .ci/run); REDIS_SERVER_BIN overrides. Null when not installed. */
export const redisServerBin: string | null =
  process.env.REDIS_SERVER_BIN ??
  (spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim() || null);

/**
 * Whether the Redis suites run: wherever redis-server is installed, and always in CI, where a missing
 * binary must fail them rather than leave them out.
 */
export const withRedis = redisServerBin !== null || Boolean(process.env.CI);

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: nothing is saved, as after a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A throwaway redis-server on a free loopback port, keeping nothing on disk. */
export async function startRedis(): Promise<TestRedis> {
  if (!redisServerBin) throw new Error('redis-server is not installed (apt-get install redis-server, or set REDIS_SERVER_BIN)');
  const bin = redisServerBin;
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;

  const start = async () => {
    proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'], {
      stdio: 'ignore',
    });
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on('error', () => {});
    try {
      const deadline = Date.now() + 10_000;
      await probe.connect().catch(() => {});
      while ((await probe.ping().catch(() => null)) !== 'PONG') {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      probe.disconnect();
    }
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill('SIGKILL');
    });
  };
  await start();
  return { url, port, stop, start };
}

/**
 * The redis-server CI runs beside FerretDB (.ci/redis.sh exports REDIS_URL), else a throwaway one: for
 * suites that never stop it. Each caller's keys stay apart by its own database name or key prefix.
 */
export async function sharedRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const external = process.env.REDIS_URL;
  return external ? { url: external, stop: async () => {} } : startRedis();
}

/**
 * Whether the cluster-mode suites run: they need redis-server and a MongoDB (FerretDB) at MONGODB_URI. In CI
 * always, where a missing one fails them.
 */
export const withCluster = (redisServerBin !== null && Boolean(process.env.MONGODB_URI)) || Boolean(process.env.CI);
