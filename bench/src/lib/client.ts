import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.js';

export const CLIENT_DIST = join(REPO_ROOT, 'client', 'dist');

/**
 * Makes sure client/dist holds a production build. A build made under NODE_ENV=test (inside vitest)
 * carries React's development runtime, which would make every browser number here meaningless.
 */
export function ensureProductionClient(log: (message: string) => void): void {
  const assets = join(CLIENT_DIST, 'assets');
  const built = existsSync(join(CLIENT_DIST, 'index.html')) && existsSync(assets);
  if (built && !readdirSync(assets).some((f) => f.includes('dev-runtime'))) return;
  log(built ? 'client/dist is a development build; rebuilding (npm run build -w client)…' : 'building the client (npm run build -w client)…');
  const env = { ...process.env };
  delete env.NODE_ENV;
  const r = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: REPO_ROOT, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`client build failed:\n${r.stdout}${r.stderr}`);
}
