import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import {
  isFileAnswer,
  isRawBody,
  type AnyRoute,
  type BodyOf,
  type ParamsOf,
  type QueryOf,
  type RawBody,
} from '@samla/shared';
import type { z } from 'zod';
import type { UserRecord } from '../storage/store.js';
import { describeIssue, parseBody } from './errors.js';
import { currentUser, requireUser } from './session.js';

/** What a handler gets: the values its definition's schemas parsed, and the request for the rest (ip, cookies, headers). */
export interface RouteContext<D extends AnyRoute> {
  /** The signed-in person; always there on a `user` route. */
  user: D['auth'] extends 'user' ? UserRecord : UserRecord | null;
  params: ParamsOf<D>;
  query: QueryOf<D>;
  /** The parsed JSON body; for a raw body, its bytes (undefined when none was sent). */
  body: D['body'] extends RawBody ? Buffer | undefined : BodyOf<D>;
  req: Request;
  /** For headers and cookies; a JSON route's answer is what the handler returns, a file route sends its file here. */
  res: Response;
}

/** A JSON answer with another success status than the definition's (201 "added" beside 200 "changed"). */
export class Reply<T> {
  constructor(
    readonly status: 200 | 201 | 202,
    readonly body: T,
  ) {}
}

type JsonAnswer<D extends AnyRoute> = D['response'] extends z.ZodType ? z.input<D['response']> : never;
/** A JSON route returns its answer; a 204 route nothing; a file route sends the file itself through `res`. */
export type RouteResult<D extends AnyRoute> = D['response'] extends z.ZodType ? JsonAnswer<D> | Reply<JsonAnswer<D>> : void;
export type RouteHandler<D extends AnyRoute> = (ctx: RouteContext<D>) => Promise<RouteResult<D>> | RouteResult<D>;

export interface RouteOptions {
  /** Middleware before anything is parsed, such as a limiter that counts every attempt or a check before a large body is read. */
  before?: RequestHandler[];
}

/** Under test every JSON answer is checked against its definition; production trusts the types. */
const checkingAnswers = () => process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';

/**
 * Registers `def` on `router`: a session first when the route wants one (401), then the path
 * parameters, the query and the body, each by its schema (400 `invalid_payload`; a path with malformed
 * percent-encoding is 400 `bad_request` from the router, before this runs), then the handler with the
 * typed values, and its answer with the definition's status.
 */
export function route<D extends AnyRoute>(router: Router, def: D, handler: RouteHandler<D>, options: RouteOptions = {}): void {
  const label = `${def.method} /api${def.path}`;
  const check = checkingAnswers();
  const raw = isRawBody(def.body) ? [express.raw({ type: () => true, limit: def.body.limit })] : [];
  const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';

  router[method](def.path, ...(options.before ?? []), ...raw, async (req: Request, res: Response) => {
    const user = def.auth === 'user' ? requireUser(req) : currentUser(req);
    const params: Record<string, string> = {};
    for (const [name, schema] of Object.entries(def.params as Record<string, z.ZodType<string>>)) {
      params[name] = parseBody(schema, req.params[name]);
    }
    const query: unknown = def.query ? parseBody(def.query as z.ZodType, req.query) : undefined;
    const body: unknown = isRawBody(def.body) ? (Buffer.isBuffer(req.body) ? req.body : undefined) : def.body ? parseBody(def.body as z.ZodType, req.body) : undefined;
    const ctx = { user, params, query, body, req, res } as RouteContext<D>;
    const result: unknown = await handler(ctx);

    const answer = def.response as z.ZodType | { file: string } | null;
    if (answer === null) {
      if (!res.headersSent) res.status(204).end();
      return;
    }
    if (isFileAnswer(answer)) {
      if (!res.headersSent) throw new Error(`${label} sent no file`);
      if (check) {
        const type = String(res.getHeader('content-type'));
        if (!type.startsWith(answer.file.split(';')[0]!)) contractBroken(label, `a file of type ${type}, not ${answer.file}`);
      }
      return;
    }
    if (res.headersSent) throw new Error(`${label} sent its own answer; a JSON route returns it`);
    const [status, json] = result instanceof Reply ? [result.status, result.body as unknown] : [def.status, result];
    if (check) {
      // What the client will read: the JSON text, parsed again (so a Date or an undefined field counts as sent).
      const sent = answer.safeParse(JSON.parse(JSON.stringify(json ?? null)));
      if (!sent.success) contractBroken(label, describeIssue(sent.error));
    }
    res.status(status).json(json);
  });
}

/** A test found an answer outside its definition: loudly, as a 500 that the test sees and a line on stderr. */
function contractBroken(label: string, issue: string): never {
  const message = `${label} answered outside its route definition: ${issue}`;
  console.error(message);
  throw new Error(message);
}
