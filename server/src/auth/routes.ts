import { Router, type Request, type Response } from 'express';
import { parse as parseCookie } from 'cookie';
import { loginRequest, setupRequest } from '@samla/shared';
import { parseBody } from '../http/errors.js';
import { currentUser, requireUser } from '../http/session.js';
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

  r.post('/auth/login', async (req, res) => {
    const { email, password } = parseBody(loginRequest, req.body);
    const { user, token } = await auth.login(email, password, req.ip ?? 'unknown', sessionToken(req));
    setCookie(res, token);
    res.json({ user: toPublicUser(user) });
  });

  r.post('/auth/logout', async (req, res) => {
    const token = sessionToken(req);
    if (token) await auth.logout(token);
    const user = currentUser(req);
    if (token && user) endLiveSession(user.id, sha256(token));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.get('/auth/me', (req, res) => {
    res.json({ user: toPublicUser(requireUser(req)) });
  });

  r.get('/setup', async (_req, res) => {
    res.json({ needed: await auth.setupNeeded() });
  });

  r.post('/setup', async (req, res) => {
    const input = parseBody(setupRequest, req.body);
    const { user, token } = await auth.completeSetup(input);
    setCookie(res, token);
    res.status(201).json({ user: toPublicUser(user) });
  });

  return r;
}
