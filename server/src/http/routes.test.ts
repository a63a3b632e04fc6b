import type { Express } from 'express';
import { allRoutes } from '@samla/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../test/harness.js';

/** What Express keeps of a registration: a route's path and methods, or a mounted router's stack. */
interface Layer {
  name: string;
  rawPath?: string | RegExp;
  route?: { path: string | RegExp; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD path` registered on the app, with the paths of the routers it sits in. */
function registered(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${String(layer.route.path)}`);
      } else if (layer.name === 'router' && layer.handle.stack) {
        const at = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, `${prefix}${at}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

/** The probes beside the API; they are not part of it. */
const OUTSIDE_THE_API = ['GET /healthz', 'GET /readyz'];

describe('the route contract', () => {
  let s: TestServer;
  let routes: string[];

  beforeAll(async () => {
    s = await startServer();
    routes = registered(s.app.http);
  });

  afterAll(async () => {
    await s.stop();
  });

  it('every route the app serves under /api is a definition, registered once, and nothing else is served', () => {
    const defined = new Set(allRoutes.map(([, d]) => `${d.method} /api${d.path}`));
    expect(routes.filter((r) => !defined.has(r) && !OUTSIDE_THE_API.includes(r))).toEqual([]);
    expect(routes.filter((r, i) => routes.indexOf(r) !== i)).toEqual([]);
  });

  it('every definition is registered', () => {
    const served = new Set(routes);
    expect(allRoutes.filter(([, d]) => !served.has(`${d.method} /api${d.path}`)).map(([name]) => name)).toEqual([]);
  });
});
