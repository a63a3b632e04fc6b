import type { Request, RequestHandler } from 'express';
import { AppError, ErrorCode } from '@samla/shared';
import type { AuthService } from '../auth/service.js';
import type { UserRecord } from '../storage/store.js';

const userKey = Symbol('samla.user');
type WithUser = Request & { [userKey]?: UserRecord | null };

/** Resolves the session cookie once per request. */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    (req as WithUser)[userKey] = await auth.userFromCookieHeader(req.headers.cookie);
    next();
  };
}

export function currentUser(req: Request): UserRecord | null {
  return (req as WithUser)[userKey] ?? null;
}

export function requireUser(req: Request): UserRecord {
  const user = currentUser(req);
  if (!user) throw new AppError(ErrorCode.unauthenticated, 'sign in first');
  return user;
}

/**
 * CSRF defence for cookie-authenticated requests: a state-changing request that names an
 * Origin must come from our own. SameSite=Lax cookies already stop most cross-site posts;
 * this also covers same-site subdomains.
 */
export function sameOrigin(publicUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const origin = req.headers.origin;
    // Browsers that leave Origin out still say where a request came from in Sec-Fetch-Site.
    const crossSite = !origin && req.headers['sec-fetch-site'] === 'cross-site';
    if (crossSite || (origin && !isOwnOrigin(origin, req.headers.host, publicUrl))) {
      throw new AppError(ErrorCode.crossOrigin, 'cross-origin request refused');
    }
    next();
  };
}

export function isOwnOrigin(origin: string, host: string | undefined, publicUrl: string | undefined): boolean {
  if (publicUrl) return origin === new URL(publicUrl).origin;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
