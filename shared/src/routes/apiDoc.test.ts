import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allRoutes } from './index.js';

/**
 * docs/api.md against the definitions. The doc names a route as a code span `METHOD /api/path` (its
 * query, such as `?doc=<name>`, after the path); parameters are `:name` or `<name>`, by any name.
 * Every definition has a row in one of its tables (the route in the row's first cell), and every route
 * the doc names anywhere is a definition.
 */
const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) (\/api\/\S*)$/;
/** `GET /api/groups/:id/versions?doc=<name>` and `GET /api/groups/:groupId/versions` both → `GET /api/groups/:/versions`. */
const key = (method: string, path: string) => `${method} ${path.split('?')[0]!.replace(/:[A-Za-z_$][\w$]*|<[^>]+>/g, ':')}`;
const spans = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const routesIn = (text: string) => spans(text).flatMap((span) => {
  const m = ROUTE.exec(span.trim());
  return m ? [key(m[1]!, m[2]!)] : [];
});

/** The routes in the first cell of every table row (a cell may hold `\|`). */
const rows = new Set(
  doc
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((line) => routesIn(line.split(/(?<!\\)\|/)[1] ?? '')),
);
const named = new Set(routesIn(doc));
const defined = new Map(allRoutes.map(([name, d]) => [key(d.method, `/api${d.path}`), name]));

describe('docs/api.md', () => {
  it('has a row for every route definition', () => {
    expect([...defined].filter(([k]) => !rows.has(k)).map(([k, name]) => `${name}: ${k}`)).toEqual([]);
  });

  it('names no route that is not defined', () => {
    expect([...named].filter((k) => !defined.has(k))).toEqual([]);
  });
});
