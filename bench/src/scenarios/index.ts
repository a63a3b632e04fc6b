import { board } from './board.js';
import { cluster } from './cluster.js';
import { coldSync } from './coldSync.js';
import { fanout } from './fanout.js';
import { firstScreen } from './firstScreen.js';
import { idleMemory } from './idleMemory.js';
import { search } from './search.js';
import { searchQuality } from './searchQuality.js';
import { soak } from './soak.js';
import { throughput } from './throughput.js';
import type { Scenario } from './types.js';

/** Every scenario, in run order. A new scenario is one file exporting a `Scenario`, listed here. */
export const scenarios: Scenario[] = [fanout, coldSync, idleMemory, throughput, board, search, searchQuality, firstScreen];

/**
 * Scenarios that run only when named (`npm run bench -- soak --minutes 30`, or --only=soak), never in the default run.
 * `cluster` (h) needs a MongoDB-compatible server and Redis, which a fresh machine lacks, and takes 3–4 minutes on FerretDB over PostgreSQL.
 */
export const optInScenarios: Scenario[] = [soak, cluster];
