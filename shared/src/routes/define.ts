import type { z } from 'zod';

/**
 * The HTTP contract: every route under `/api` is defined once, here in shared/, and both sides use the
 * definition. The server registers it (server/src/http/route.ts: parses params, query and body with these
 * schemas and, under test, checks every JSON answer against `response`); the client calls it
 * (client/src/api.ts `call(def, …)`), typed from the same schemas.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An answer that is not JSON: a download (CSV, Markdown, iCalendar) of this content type. */
export interface FileAnswer {
  readonly file: string;
}
export const fileAnswer = (contentType: string): FileAnswer => ({ file: contentType });

/** A request body that is the uploaded file's bytes rather than JSON, read up to `limit` bytes. */
export interface RawBody {
  readonly raw: true;
  readonly limit: number;
}
export const rawBody = (limit: number): RawBody => ({ raw: true, limit });

/** A route's success answer: a JSON schema, `null` for 204 No Content, or a file. */
export type Answer = z.ZodType | FileAnswer | null;

/** The `:name`s of an Express-style path: `/groups/:groupId/members/:userId` → 'groupId' | 'userId'. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? ParamName<Name> | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? ParamName<Name>
    : never;
/** `token.ics` → `token`: a name ends where a character that cannot be in it starts. */
type ParamName<S extends string> = S extends `${infer Name}.${string}` ? Name : S;

/** One schema per path parameter; Express hands each over as a decoded string. */
export type ParamShape = Readonly<Record<string, z.ZodType<string, string>>>;

export type Auth = 'public' | 'user';

export interface RouteDef<
  M extends Method = Method,
  P extends string = string,
  Au extends Auth = Auth,
  Params extends ParamShape = ParamShape,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | RawBody | undefined = z.ZodType | RawBody | undefined,
  A extends Answer = Answer,
> {
  readonly method: M;
  /** Relative to `/api`, with Express's `:name` parameters. */
  readonly path: P;
  /**
   * `user`: only with a session; a request without one is answered 401 `unauthenticated` before its
   * params, query or body are looked at. `public`: anyone (the handler may still ask for more).
   */
  readonly auth: Au;
  readonly params: Params;
  /** Without a schema the query string is not read. */
  readonly query: Q;
  /** Without a schema the body is not read. */
  readonly body: B;
  /** The success status (a handler may answer another 2xx, such as 201 for "added" beside 200 "changed"). */
  readonly status: 200 | 201 | 202 | 204;
  readonly response: A;
}

/** Any route definition. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the variance of the schemas' own generics
export type AnyRoute = RouteDef<Method, string, Auth, any, any, any, any>;

export function defineRoute<
  const M extends Method,
  const P extends string,
  const Au extends Auth,
  A extends Answer,
  Params extends { readonly [K in PathParamNames<P>]: z.ZodType<string, string> } = { readonly [K in PathParamNames<P>]: z.ZodType<string, string> },
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | RawBody | undefined = undefined,
>(def: {
  method: M;
  path: P;
  auth: Au;
  params?: Params;
  query?: Q;
  body?: B;
  status?: 200 | 201 | 202 | 204;
  response: A;
}): RouteDef<M, P, Au, Params, Q, B, A> {
  return {
    method: def.method,
    path: def.path,
    auth: def.auth,
    params: (def.params ?? {}) as Params,
    query: def.query as Q,
    body: def.body as B,
    status: def.status ?? (def.response === null ? 204 : 200),
    response: def.response,
  };
}

export const isFileAnswer = (a: Answer): a is FileAnswer => a !== null && 'file' in a;
export const isRawBody = (b: z.ZodType | RawBody | undefined): b is RawBody => b !== undefined && 'raw' in b;

/** The parameter names of a path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!);
}

// ---- what each side sees of a definition ----

type Values<T> = { [K in keyof T]: T[K] extends z.ZodType ? z.output<T[K]> : never };
/** The path parameters as the client gives them. */
export type ParamsInput<D extends AnyRoute> = { [K in keyof D['params']]: string };
/** …and as the handler gets them, parsed. */
export type ParamsOf<D extends AnyRoute> = Values<D['params']>;
export type QueryInput<D extends AnyRoute> = D['query'] extends z.ZodType ? z.input<D['query']> : never;
export type QueryOf<D extends AnyRoute> = D['query'] extends z.ZodType ? z.output<D['query']> : undefined;
export type BodyInput<D extends AnyRoute> = D['body'] extends z.ZodType ? z.input<D['body']> : D['body'] extends RawBody ? Blob : never;
export type BodyOf<D extends AnyRoute> = D['body'] extends z.ZodType ? z.output<D['body']> : undefined;
/** The JSON a successful call answers; `void` for 204 and for files. */
export type ResponseOf<D extends AnyRoute> = D['response'] extends z.ZodType ? z.output<D['response']> : void;

/**
 * `/api` + the path with its parameters filled in (percent-encoded) and the query string, leaving out
 * values that are undefined. The client's `call` and links to downloads use it, and so do tests.
 */
export function routeUrl(def: AnyRoute, params: Readonly<Record<string, string>> = {}, query?: object): string {
  const path = def.path.replace(/:([A-Za-z_$][\w$]*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${def.method} ${def.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) search.append(key, String(value));
  }
  const qs = search.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}
