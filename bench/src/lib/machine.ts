import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { REPO_ROOT } from './processes.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  kernel: string;
  fdLimit: string;
  gitCommit: string | null;
  /** Files under server/ and shared/ that differ from the commit: results may not match it exactly. */
  serverDirty: boolean | null;
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  let fdLimit = 'unknown';
  try {
    fdLimit = execFileSync('bash', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  } catch {
    // keep unknown
  }
  const status = git(['status', '--porcelain', '--', 'server', 'shared']);
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    fdLimit,
    gitCommit: git(['rev-parse', 'HEAD']),
    serverDirty: status === null ? null : status.length > 0,
  };
}
