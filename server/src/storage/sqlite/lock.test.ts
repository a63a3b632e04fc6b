import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/harness.js';
import { createSqliteStore } from './index.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samla-lock-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const entry = fileURLToPath(new URL('../../index.ts', import.meta.url));

/** The server's entry point as a real process on `dataDir`, with its output and fate. */
function samla(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', entry], {
    env: { PATH: process.env.PATH!, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const p = {
    pid: child.pid!,
    stdout: '',
    stderr: '',
    exitCode: () => child.exitCode,
    /** Where it serves, once it logged that it listens. */
    url: () => {
      const port = /Samla is listening on http:\/\/localhost:(\d+)/.exec(p.stdout)?.[1];
      return port && `http://127.0.0.1:${port}`;
    },
    /** Resolves once the process serves or has exited, whichever comes first. */
    settled: () => waitFor(() => child.exitCode !== null || !!p.url(), 45_000, `samla on ${dataDir}`),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  child.stdout!.on('data', (d: Buffer) => (p.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (p.stderr += d.toString()));
  cleanup.push(p.kill);
  return p;
}

describe('the SQLite data directory lock', () => {
  it('refuses a second process while the first serves, and a SIGKILLed holder blocks nobody', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const first = samla(dir);
    await first.settled();
    expect(first.url(), first.stderr).toBeDefined();

    const second = samla(dir);
    await second.settled();
    expect(second.exitCode()).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      `samla: could not start: another Samla process (pid ${first.pid}) is using the data directory ${dir}`,
    ]);
    expect((await fetch(`${first.url()}/readyz`)).status).toBe(200);

    // No chance to clean up: its samla.pid stays behind, and only the OS lock tells it is gone.
    await first.kill();
    const third = samla(dir);
    await third.settled();
    expect(third.url(), third.stderr).toBeDefined();
  });

  it('refuses a second store on the directory in the same process, until the first is closed', async () => {
    const dir = tempDir();
    const file = join(dir, 'samla.sqlite');
    const first = createSqliteStore(file);
    await first.init();
    expect(() => createSqliteStore(file)).toThrow(`another store in this process is using the data directory ${dir}`);
    await first.meta.set('k', 'v');
    await first.close();

    const again = createSqliteStore(file);
    cleanup.push(() => again.close());
    await again.init();
    expect(await again.meta.get('k')).toBe('v');
  });
});
