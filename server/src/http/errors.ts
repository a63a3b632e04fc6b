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
    } else {
      log.error({ err, path: req.path }, 'request failed');
    }
    res.status(status).json(body);
  };
}
