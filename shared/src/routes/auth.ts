import { z } from 'zod';
import {
  emailChangeConfirm,
  emailChangeRequest,
  loginRequest,
  passwordChangeRequest,
  profileUpdateRequest,
  publicUser,
  setupRequest,
} from '../schemas/auth.js';
import { defineRoute } from './define.js';

const userAnswer = z.strictObject({ user: publicUser });

/** Signing in and out, the first coordinator's setup, and "Mitt konto" (server/src/auth/). */
export const auth = {
  login: defineRoute({ method: 'POST', path: '/auth/login', auth: 'public', body: loginRequest, response: userAnswer }),
  logout: defineRoute({ method: 'POST', path: '/auth/logout', auth: 'public', response: null }),
  me: defineRoute({ method: 'GET', path: '/auth/me', auth: 'user', response: userAnswer }),
  setupNeeded: defineRoute({ method: 'GET', path: '/setup', auth: 'public', response: z.strictObject({ needed: z.boolean() }) }),
  setup: defineRoute({ method: 'POST', path: '/setup', auth: 'public', body: setupRequest, status: 201, response: userAnswer }),
  rename: defineRoute({ method: 'PATCH', path: '/me', auth: 'user', body: profileUpdateRequest, response: userAnswer }),
  changeEmail: defineRoute({
    method: 'POST',
    path: '/me/email',
    auth: 'user',
    body: emailChangeRequest,
    status: 202,
    response: z.strictObject({ sent: z.literal(true), emailed: z.boolean() }),
  }),
  confirmEmail: defineRoute({ method: 'POST', path: '/me/email/confirm', auth: 'user', body: emailChangeConfirm, response: userAnswer }),
  changePassword: defineRoute({ method: 'PUT', path: '/me/password', auth: 'user', body: passwordChangeRequest, response: null }),
};
