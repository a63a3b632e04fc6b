import { stockBinPath } from '../lib/processes.js';
import type { BenchContext } from './types.js';

/** Whether to run the stock server in this scenario; notes why not when it is skipped. */
export function useStock(ctx: BenchContext, notes: string[]): boolean {
  if (!ctx.options.stock) {
    notes.push('Stock comparison skipped (--no-stock).');
    return false;
  }
  if (!stockBinPath()) {
    notes.push('@y/websocket-server is not installed (run npm install): stock comparison skipped.');
    return false;
  }
  return true;
}
