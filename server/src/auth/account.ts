import { Router } from 'express';
import { routes } from '@samla/shared';
import type { Audit } from '../audit/log.js';
import { throttle, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Invitations } from '../invitations/service.js';
import { sha256 } from '../lib/ids.js';
import type { Mailer } from '../lib/mailer.js';
import type { Store, UserRecord } from '../storage/store.js';
import { hashPassword } from './passwords.js';
import { AttemptLimiter, type Limiters } from './rateLimit.js';
import { sessionToken } from './routes.js';
import { toPublicUser, type AuthService } from './service.js';

export interface AccountRouteDeps {
  store: Store;
  auth: AuthService;
  invitations: Invitations;
  audit: Audit;
  mailer: Mailer;
  linkOrigin: LinkOrigin;
  limiters: Limiters;
  /** The person's sessions but `keep` were deleted: their live Yjs and Socket.IO connections end too. */
  endOtherLiveSessions: (userId: string, keep: string) => void;
  /** The person's name or email changed: their open sockets carry the new ones from now on. */
  changed?: (user: UserRecord) => void;
}

/**
 * Self-service on "Mitt konto": the display name; the email, confirmed by a one-time link to the new
 * address (the token mechanism of password resets, see invitations/service.ts); the password. Changing
 * the email or the password asks for the current password, checked by the sign-in throttle.
 */
export function accountRoutes(deps: AccountRouteDeps): Router {
  const { store, auth, invitations, audit, mailer } = deps;
  const r = Router();
  // Confirmation mails to addresses a person names: 5 an hour per person.
  const emailChangesPerUser = new AttemptLimiter(deps.limiters, 'email-change', 5, 60 * 60);

  route(r, routes.auth.rename, async ({ user, body: { name } }) => {
    if (name !== user.name) {
      await store.users.update(user.id, { name });
      // The old and new names stay out of the log: a deleted account's name must not outlive it there.
      await audit(user.id, 'account.name_changed', `user:${user.id}`);
      deps.changed?.({ ...user, name });
    }
    return { user: toPublicUser({ ...user, name }) };
  });

  route(r, routes.auth.changeEmail, async ({ req, user, body: { email, currentPassword } }) => {
    await auth.checkPassword(user, currentPassword, req.ip ?? 'unknown');
    throttle(await emailChangesPerUser.take(user.id));
    const emailed = await invitations.requestEmailChange(user, email, deps.linkOrigin(req));
    return { sent: true as const, emailed };
  });

  route(r, routes.auth.confirmEmail, async ({ user, body: { token } }) => {
    const changed = await invitations.confirmEmailChange(user, token);
    deps.changed?.(changed);
    return { user: toPublicUser(changed) };
  });

  route(r, routes.auth.changePassword, async ({ req, user, body: { currentPassword, newPassword } }) => {
    await auth.checkPassword(user, currentPassword, req.ip ?? 'unknown');
    await store.users.update(user.id, { passwordHash: await hashPassword(newPassword) });
    // A user route: the request carries its session token.
    const keep = sha256(sessionToken(req)!);
    const ended = await store.sessions.deleteForUser(user.id, keep);
    deps.endOtherLiveSessions(user.id, keep);
    await audit(user.id, 'account.password_changed', `user:${user.id}`, { otherSessionsEnded: ended });
    await mailer.send({
      to: user.email,
      subject: 'Ditt lösenord i Samla har ändrats',
      text: `Hej ${user.name}!\n\nLösenordet till ditt konto i Samla har just ändrats, och du har loggats ut på dina andra enheter.\n\nVar det inte du? Återställ lösenordet från inloggningssidan och kontakta nätverkets koordinator.\n`,
    });
  });

  return r;
}
