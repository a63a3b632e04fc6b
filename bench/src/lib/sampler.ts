import { readFileSync } from 'node:fs';
import { round } from './stats.js';

/**
 * CPU accounting over an interval, to tell a slow server from a busy machine. Reads /proc:
 * the whole machine's busy time, the server's and this process's CPU time, and how long the
 * server's and this process's main threads (their event loops) waited for a CPU (schedstat).
 */
const CLK_TCK = 100;

function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** utime+stime (+ reaped children's when `withChildren`), in seconds. */
function procSeconds(pid: number | 'self', withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const r = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 14–17 of stat: utime, stime, cutime, cstime.
    return (r[11]! + r[12]! + (withChildren ? r[13]! + r[14]! : 0)) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** Nanoseconds the main thread waited on a run queue. */
function runQueueWaitNs(pid: number | 'self'): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return NaN;
  }
}

export interface CpuReport {
  /** CPU use in % of one core over the interval. */
  serverCpuPercent: number;
  loadgenCpuPercent: number;
  /** What the server depends on (the store's and Redis's processes, when known), % of one core. */
  infraCpuPercent: number;
  /** Everything else on the machine (other processes, kernel work not charged to ours), % of one core. */
  otherCpuPercent: number;
  /** Time the server's event-loop thread was runnable but had no CPU. */
  serverRunQueueWaitMs: number;
  loadgenRunQueueWaitMs: number;
}

/** `servers`: the server processes (their CPU adds up); `infra`: processes they depend on, kept out of "other". */
export function cpuSampler(servers: number | number[] | null, infra: number[] = []) {
  const pids = servers === null ? [] : Array.isArray(servers) ? servers : [servers];
  const sum = (xs: number[], f: (pid: number) => number) => xs.reduce((n, pid) => n + f(pid), 0);
  const t0 = performance.now();
  const m0 = machineTicks();
  const s0 = sum(pids, (p) => procSeconds(p));
  const i0 = sum(infra, (p) => procSeconds(p));
  const l0 = procSeconds('self');
  const sw0 = sum(pids, runQueueWaitNs);
  const lw0 = runQueueWaitNs('self');
  return {
    stop(): CpuReport {
      const wall = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      const server = sum(pids, (p) => procSeconds(p)) - s0;
      const infraSeconds = sum(infra, (p) => procSeconds(p)) - i0;
      const loadgen = procSeconds('self') - l0;
      const busy = (m1.busy - m0.busy) / CLK_TCK;
      const pct = (s: number) => round((s / wall) * 100, 1);
      return {
        serverCpuPercent: pct(server),
        loadgenCpuPercent: pct(loadgen),
        infraCpuPercent: pct(infraSeconds),
        otherCpuPercent: pct(Math.max(0, busy - server - infraSeconds - loadgen)),
        serverRunQueueWaitMs: round((sum(pids, runQueueWaitNs) - sw0) / 1e6, 1),
        loadgenRunQueueWaitMs: round((runQueueWaitNs('self') - lw0) / 1e6, 1),
      };
    },
  };
}

/**
 * Over a whole scenario: CPU that processes other than this bench and its (reaped) servers
 * used, in cores. Noise from other work on the machine shows here.
 */
export function machineLoadSampler() {
  const t0 = performance.now();
  const m0 = machineTicks();
  const own0 = procSeconds('self', true);
  return {
    stop(): { otherCores: number; wallSeconds: number } {
      const wall = (performance.now() - t0) / 1000;
      const busy = (machineTicks().busy - m0.busy) / CLK_TCK;
      const own = procSeconds('self', true) - own0;
      return { otherCores: round(Math.max(0, busy - own) / wall, 2), wallSeconds: round(wall, 1) };
    },
  };
}
