import type { StartOptions } from '../lib/processes.js';
import type { Table } from '../lib/table.js';

export interface BenchOptions {
  /** Shorter runs for a smoke test of the bench itself; the numbers are not comparable. */
  quick: boolean;
  /** Also measure the stock y-websocket server where a scenario compares (off with --no-stock). */
  stock: boolean;
  /** Run the package's own bin for the stock server (ws 6) instead of our ws 8 wrapper. */
  stockBin: boolean;
  /** Write V8 CPU profiles of the server processes under here, in samla/ and stock/ (node --cpu-prof). */
  cpuProfDir: string | null;
  /** Extra environment for every Samla server (--samla-env=K=V,K=V), e.g. to try a setting. */
  samlaEnv: Record<string, string>;
  /** --minutes: how long a timed scenario (soak) runs; unset means its own default. */
  minutes?: number;
}

export interface BenchContext {
  options: BenchOptions;
  /** Progress lines go to stderr so stdout stays the result tables. */
  log(message: string): void;
  /** A fresh temp dir, removed when the bench ends. */
  tempDir(prefix: string): string;
  /** Start options for a Samla server: --samla-env and --profile applied, then `extra` on top. */
  samlaOptions(extra?: StartOptions): StartOptions;
  /** Start options for the stock server: --stock-bin and --profile applied, then `extra` on top. */
  stockOptions(extra?: StartOptions): StartOptions & { useBin: boolean };
}

export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** null when the bench could not measure it. */
  pass: boolean | null;
}

export interface ScenarioResult {
  table: Table;
  notes: string[];
  targets: TargetCheck[];
  /** Everything measured, for the JSON file. */
  data: unknown;
  /** Set by the runner: cores that other processes on the machine used meanwhile. */
  otherCores?: number;
}

/** One benchmark scenario. Add new ones to `scenarios/index.ts`. */
export interface Scenario {
  /** Short id used by `--only`, e.g. "a". */
  id: string;
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}
