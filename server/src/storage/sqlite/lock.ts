import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

/**
 * Claims the data directory for this process, or throws a readable error naming the process that has it.
 * Two processes on one SQLite file would both serve, each with its own in-memory docs, so clients of one
 * never see the other's live edits.
 *
 * The lock is an OS lock, not a pid file: a connection to `samla.lock` in SQLite's exclusive locking mode
 * keeps the fcntl lock of its first write until it closes, and the kernel drops it when the process dies,
 * even by SIGKILL or power loss, so a crash never leaves a stale lock behind, and a pid reused after a
 * container restart cannot block a start. SQLite also tracks its locks per file across all connections in
 * the process, so a second store on the same directory in the same process is refused as well. The WAL
 * checkpointer's connection opens `samla.sqlite`, not this file, so it is unaffected.
 *
 * `samla.pid` only names the holder in the message; the lock file itself must never be opened with `fs`,
 * because closing any descriptor of a file drops this process's fcntl locks on it.
 */
export function lockDataDir(dir: string): DataDirLock {
  const db = new Database(join(dir, 'samla.lock'), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    throw new Error(`${holder(dir)} is using the data directory ${dir}`);
  }
  const pidFile = join(dir, 'samla.pid');
  writeFileSync(pidFile, `${process.pid}\n`);
  return {
    release() {
      if (!db.open) return;
      rmSync(pidFile, { force: true });
      db.close();
    },
  };
}

function holder(dir: string): string {
  let pid: number | undefined;
  try {
    pid = Number.parseInt(readFileSync(join(dir, 'samla.pid'), 'utf8'), 10);
  } catch {
    // The holder may not have written it yet.
  }
  if (pid === process.pid) return 'another store in this process';
  return Number.isInteger(pid) ? `another Samla process (pid ${pid})` : 'another Samla process';
}
