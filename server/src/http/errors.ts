import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCode, type ErrorResponse } from '@samla/shared';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** "field: message" from the first zod issue, the same wording REST and Socket.IO use. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new HttpError(400, ErrorCode.invalidPayload, describeIssue(r.error));
  return r.data;
}

const denied = {
  unauthenticated: [401, ErrorCode.unauthenticated, 'sign in first'],
  not_found: [404, ErrorCode.notFound, 'not found'],
  forbidden: [403, ErrorCode.forbidden, 'you may not do this'],
  archived: [409, ErrorCode.groupArchived, 'the group is archived'],
} as const;

/** Turns a policy decision into the HTTP answer: 401, 403, 404 or 409 `group_archived`. */
export function enforce<D extends { allowed: boolean; reason?: keyof typeof denied }>(
  decision: D,
): asserts decision is Extract<D, { allowed: true }> {
  if (decision.allowed) return;
  const [status, code, message] = denied[decision.reason!];
  throw new HttpError(status, code, message);
}

/** 429 `too_many_attempts` with Retry-After, when a limiter refused (`waitMs` > 0). */
export function throttle(waitMs: number): void {
  if (waitMs <= 0) return;
  throw new HttpError(429, ErrorCode.tooManyAttempts, 'too many attempts; try again later', {
    'Retry-After': String(Math.ceil(waitMs / 1000)),
  });
}

/** The origin for links in mails and answers to a request. */
export type LinkOrigin = (req: { protocol: string; get(name: string): string | undefined }) => string;

/**
 * Links never follow a Host header as such: anyone can send a forged one with a reset request, and the
 * victim's mail would carry the token to the forger's host. So: PUBLIC_URL; else the request's Host when
 * ALLOWED_HOSTS lists it (X-Forwarded-Host is never read); else `fallback`, this server's own address.
 */
export function linkOrigin(opts: { publicUrl: string | undefined; allowedHosts: readonly string[]; fallback: () => string }): LinkOrigin {
  const { publicUrl, fallback } = opts;
  if (publicUrl) return () => publicUrl;
  const allowed = new Set(opts.allowedHosts);
  return (req) => {
    const host = req.get('host')?.toLowerCase();
    return host && allowed.has(host) ? `${req.protocol}://${host}` : fallback();
  };
}

export const notFoundApi: RequestHandler = (req, res) => {
  const body: ErrorResponse = { error: { code: ErrorCode.notFound, message: `no route ${req.method} ${req.path}` } };
  res.status(404).json(body);
};

export function errorHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: ErrorResponse = { error: { code: ErrorCode.internal, message: 'internal error' } };
    if (err instanceof HttpError) {
      status = err.status;
      body = { error: { code: err.code, message: err.message } };
      res.set(err.headers);
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      body = { error: { code: ErrorCode.payloadTooLarge, message: 'request body too large' } };
    } else if (err?.type === 'entity.parse.failed') {
      status = 400;
      body = { error: { code: ErrorCode.badRequest, message: 'malformed JSON body' } };
    } else if (err instanceof URIError) {
      // The router could not decode a path parameter (malformed percent-encoding such as %E0%A4%A).
      status = 400;
      body = { error: { code: ErrorCode.badRequest, message: 'malformed percent-encoding in the path' } };
    } else {
      log.error({ err, path: req.path }, 'request failed');
    }
    res.status(status).json(body);
  };
}
