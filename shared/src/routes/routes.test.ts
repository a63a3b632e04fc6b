import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allRoutes, defineRoute, fileAnswer, pathParamNames, routeUrl } from './index.js';

describe('route definitions', () => {
  it('name each path parameter once, with a schema, and no others', () => {
    for (const [name, def] of allRoutes) {
      expect(Object.keys(def.params).sort(), name).toEqual(pathParamNames(def.path).sort());
    }
  });

  it('are each one route: no method and path twice', () => {
    const seen = allRoutes.map(([, d]) => `${d.method} ${d.path.replace(/:[\w$]+/g, ':')}`);
    expect(seen.filter((x, i) => seen.indexOf(x) !== i)).toEqual([]);
  });

  it('answer 204 exactly when there is no answer, and a GET reads no body', () => {
    for (const [name, def] of allRoutes) {
      expect(def.status === 204, name).toBe(def.response === null);
      if (def.method === 'GET') expect(def.body, name).toBeUndefined();
    }
  });
});

describe('routeUrl', () => {
  const def = defineRoute({
    method: 'GET',
    path: '/groups/:groupId/boards/:itemId/export.csv',
    auth: 'user',
    params: { groupId: z.string(), itemId: z.string() },
    query: z.object({ lang: z.string().optional(), n: z.number().optional() }),
    response: fileAnswer('text/csv'),
  });

  it('fills in and percent-encodes the parameters, and leaves undefined query values out', () => {
    expect(routeUrl(def, { groupId: 'plast', itemId: 'a/b ö' }, { lang: undefined, n: 3 })).toBe('/api/groups/plast/boards/a%2Fb%20%C3%B6/export.csv?n=3');
  });

  it('refuses a missing parameter', () => {
    expect(() => routeUrl(def, { groupId: 'plast' })).toThrow(/:itemId/);
  });

  it('reads a parameter name up to the first character that cannot be in one', () => {
    expect(pathParamNames('/calendar/:token.ics')).toEqual(['token']);
  });
});
