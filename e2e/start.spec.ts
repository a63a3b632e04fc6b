import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

describe('npm start on an empty data dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samla-start-'));
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds, serves the app at / and answers /healthz, then shuts down cleanly', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    // A fresh machine has no MongoDB: the embedded store must be what starts.
    delete env.MONGODB_URI;
    // CI exports REDIS_URL for the cluster suites; cluster mode needs MONGODB_URI and would refuse to start.
    delete env.REDIS_URL;
    delete env.SAMLA_ADMIN_EMAIL;
    delete env.SAMLA_ADMIN_PASSWORD;
    // vitest sets NODE_ENV=test, a person's shell does not; under it Vite builds React's development runtime
    // into client/dist, which every later e2e spec and the bench would then load.
    delete env.NODE_ENV;
    // detached: npm runs the server in a child process group; SIGTERM must reach both.
    child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));

    const health = await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, 180_000);
    expect(await health.json()).toEqual({ status: 'ok' });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root">/);
    // A production build: React's development runtime would double the JS and slow every render.
    expect(readdirSync(join(root, 'client', 'dist', 'assets')).filter((f) => f.includes('dev-runtime'))).toEqual([]);
    // Without SAMLA_ADMIN_* the first start prints the one-time setup link.
    expect(output).toMatch(/\/setup\?token=[\w-]+/);

    // SIGTERM to the server, as a process manager sends it: it flushes and exits 0, and so does npm.
    const serverPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
    expect(serverPid).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    process.kill(serverPid, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/shutting down; flushing pending writes/);
  }, 240_000);
});
