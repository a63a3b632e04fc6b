import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * No import cycles in shared/src, server/src or client/src, tests included. Type-only imports count:
 * a cycle of types still ties the modules together (meetings/archive.ts → service.ts →
 * frozenSearch.ts → archive.ts was one). Each package is checked on its own; the workspace link to
 * @samla/shared can only point one way. To list the cycles by hand:
 *   npx dpdm --no-tree --no-warning 'server/src/**\/*.ts'
 */
describe('import cycles', () => {
  it.each(['shared', 'server', 'client'])('%s/src has none', async (pkg) => {
    const tree = await parseDependencyTree([`${pkg}/src/**/*.ts`, `${pkg}/src/**/*.tsx`], {
      context: root,
      cwd: root,
      tsconfig: `${root}${pkg}/tsconfig.json`,
      // Matched against absolute paths: the package's own sources only (not @samla/shared's, from server or client).
      include: new RegExp(`/${pkg}/src/`),
    });
    // The files were parsed, with their imports (an include that matched nothing would pass vacuously).
    expect(Object.values(tree).filter((deps) => deps !== null && deps.length > 0).length).toBeGreaterThan(10);
    expect(parseCircular(tree).map((cycle) => cycle.join(' → '))).toEqual([]);
  });
});
