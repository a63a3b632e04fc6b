import { Router, type Request, type Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { routes } from '@samla/shared';
import { route } from '../http/route.js';
import { sha256 } from '../lib/ids.js';
import { SESSION_COOKIE, toPublicUser, type AuthService } from './service.js';

/** The session token the request carries, if any. */
export function sessionToken(req: Request): string | undefined {
  return req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
}

export type SetSessionCookie = (res: Response, token: string) => void;

export function sessionCookieSetter(cookie: { secure: boolean; ttlMs: number }): SetSessionCookie {
  return (res, token) => {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      maxAge: cookie.ttlMs,
      path: '/',
    });
  };
}

export function authRoutes(
  auth: AuthService,
  setCookie: SetSessionCookie,
  endLiveSession: (userId: string, sessionHash: string) => void,
): Router {
  const r = Router();

  route(r, routes.auth.login, async ({ req, res, body: { email, password } }) => {
    const { user, token } = await auth.login(email, password, req.ip ?? 'unknown', sessionToken(req));
    setCookie(res, token);
    return { user: toPublicUser(user) };
  });

  route(r, routes.auth.logout, async ({ req, res, user }) => {
    const token = sessionToken(req);
    if (token) await auth.logout(token);
    if (token && user) endLiveSession(user.id, sha256(token));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  });

  route(r, routes.auth.me, ({ user }) => ({ user: toPublicUser(user) }));

  route(r, routes.auth.setupNeeded, async () => ({ needed: await auth.setupNeeded() }));

  route(r, routes.auth.setup, async ({ res, body }) => {
    const { user, token } = await auth.completeSetup(body);
    setCookie(res, token);
    return { user: toPublicUser(user) };
  });

  return r;
}
