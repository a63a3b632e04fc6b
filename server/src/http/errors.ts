import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, ErrorCode, httpStatus, type ErrorResponse } from '@samla/shared';
import type { z } from 'zod';
import type { DenyReason } from '../policy/policy.js';

/** "field: message" from the first zod issue, the same wording REST and Socket.IO use. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new AppError(ErrorCode.invalidPayload, describeIssue(r.error));
  return r.data;
}

/** The code and default message of each refusal by the policy. */
const denied: Record<DenyReason, readonly [ErrorCode, string]> = {
  unauthenticated: [ErrorCode.unauthenticated, 'sign in first'],
  not_found: [ErrorCode.notFound, 'not found'],
  forbidden: [ErrorCode.forbidden, 'you may not do this'],
  archived: [ErrorCode.groupArchived, 'the group is archived'],
};

/**
 * Turns a policy decision into an AppError (`unauthenticated`, `not_found`, `forbidden` or
 * `group_archived`), in a route or a Socket.IO handler; `messages` words a refusal for its place.
 */
export function enforce<D extends { allowed: boolean; reason?: DenyReason }>(
  decision: D,
  messages: Partial<Record<DenyReason, string>> = {},
): asserts decision is Extract<D, { allowed: true }> {
  if (decision.allowed) return;
  const [code, message] = denied[decision.reason!];
  throw new AppError(code, messages[decision.reason!] ?? message);
}

/** `too_many_attempts` with Retry-After, when a limiter refused (`waitMs` > 0). */
export function throttle(waitMs: number, message = 'too many attempts; try again later'): void {
  if (waitMs <= 0) return;
  throw new AppError(ErrorCode.tooManyAttempts, message, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
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

/** Errors that Express and its body parsers throw, as the AppError the client is answered with; else null. */
function known(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return new AppError(ErrorCode.payloadTooLarge, 'request body too large');
  if (type === 'entity.parse.failed') return new AppError(ErrorCode.badRequest, 'malformed JSON body');
  // The router could not decode a path parameter (malformed percent-encoding such as %E0%A4%A).
  if (err instanceof URIError) return new AppError(ErrorCode.badRequest, 'malformed percent-encoding in the path');
  return null;
}

/** The one way an AppError becomes an HTTP answer: `httpStatus[code]` and `{ error: { code, message } }`. */
function send(res: Response, err: AppError): void {
  const { retryAfterSeconds } = err.details;
  if (retryAfterSeconds !== undefined) res.set('Retry-After', String(retryAfterSeconds));
  const body: ErrorResponse = { error: err.toBody() };
  res.status(httpStatus[err.code]).json(body);
}

export const notFoundApi: RequestHandler = (req, res) => {
  send(res, new AppError(ErrorCode.notFound, `no route ${req.method} ${req.path}`));
};

export function errorHandler(log: { error: (o: object, m: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let answer = known(err);
    if (!answer) {
      log.error({ err, path: req.path }, 'request failed');
      answer = new AppError(ErrorCode.internal, 'internal error');
    }
    send(res, answer);
  };
}
