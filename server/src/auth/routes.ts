import { Router, type Response } from 'express';
import { loginRequest, setupRequest } from '@samla/shared';
import { parseBody } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import { SESSION_COOKIE, toPublicUser, type AuthService } from './service.js';

export function authRoutes(auth: AuthService, cookie: { secure: boolean; ttlMs: number }): Router {
  const r = Router();
  const setCookie = (res: Response, token: string) =>
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      maxAge: cookie.ttlMs,
      path: '/',
    });

  r.post('/auth/login', async (req, res) => {
    const { email, password } = parseBody(loginRequest, req.body);
    const { user, token } = await auth.login(email, password, req.ip ?? 'unknown');
    setCookie(res, token);
    res.json({ user: toPublicUser(user) });
  });

  r.post('/auth/logout', async (req, res) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    const raw = token ?? /(?:^|;\s*)samla_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (raw) await auth.logout(decodeURIComponent(raw));
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
