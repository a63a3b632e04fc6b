import { AppError, ErrorCode, type PublicUser, type SetupRequest } from '@samla/shared';
import { parse as parseCookie } from 'cookie';
import type { Logger } from 'pino';
import { throttle } from '../http/errors.js';
import { networkCan } from '../policy/policy.js';
import { colorFor, newId, newToken, sha256 } from '../lib/ids.js';
import { DuplicateError, type Store, type UserRecord } from '../storage/store.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { BackoffLimiter, FailureLimiter, type Limiters } from './rateLimit.js';

export const SESSION_COOKIE = 'samla_sid';
const SETUP_TOKEN_KEY = 'setup_token_sha256';

export const toPublicUser = (u: UserRecord): PublicUser => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  color: colorFor(u.id),
  organisationId: u.organisationId ?? null,
  can: networkCan(u),
});

export interface AuthDeps {
  store: Store;
  log: Logger;
  now: () => Date;
  sessionTtlMs: number;
  limiters: Limiters;
  /** Called once a coordinator exists, so the seed can give them the working groups. */
  onCoordinatorCreated: (user: UserRecord) => Promise<void>;
}

export type AuthService = ReturnType<typeof createAuthService>;

export function createAuthService(deps: AuthDeps) {
  const { store, log, now } = deps;
  // Per email only a growing delay (1 s after 5 failures, doubling, at most a minute): a hard limit there
  // would let anyone who knows an address lock its owner out. The hard limit is on the guesser's address:
  // 20 failures an hour, too few to keep one email at its longest delay.
  const byEmail = new BackoffLimiter(deps.limiters, 'login-email', 5, 60, 15 * 60);
  const byAddress = new FailureLimiter(deps.limiters, 'login-address', 20, 60 * 60);
  const retryAfter = async (email: string, address: string) =>
    Math.max(...(await Promise.all([byEmail.retryAfter(email), byAddress.retryAfter(address)])));
  const failed = (email: string, address: string) => Promise.all([byEmail.fail(email), byAddress.fail(address)]);

  async function startSession(userId: string): Promise<string> {
    const token = newToken();
    const created = now();
    await store.sessions.create({
      idHash: sha256(token),
      userId,
      createdAt: created,
      expiresAt: new Date(created.getTime() + deps.sessionTtlMs),
    });
    return token;
  }

  async function createUser(input: {
    email: string;
    name: string;
    password: string;
    role: UserRecord['role'];
    organisationId?: string | null;
  }) {
    const user: UserRecord = {
      id: newId(),
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      createdAt: now(),
      organisationId: input.organisationId ?? null,
    };
    await store.users.create(user);
    if (user.role === 'coordinator') await deps.onCoordinatorCreated(user);
    return user;
  }

  return {
    createUser,
    startSession,

    /**
     * Signs in. The session the request arrived with (if any) is deleted and a new one starts,
     * so a session id planted before sign-in (session fixation) is worthless afterwards.
     */
    async login(email: string, password: string, address: string, previousToken?: string) {
      throttle(await retryAfter(email, address), 'too many failed sign-ins; try again later');
      const user = await store.users.findByEmail(email);
      // Verify against a dummy hash for unknown emails so the response time does not reveal which exist.
      const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !valid) {
        await failed(email, address);
        throw new AppError(ErrorCode.invalidCredentials, 'wrong email or password');
      }
      await byEmail.reset(email);
      if (previousToken) await store.sessions.delete(sha256(previousToken));
      return { user, token: await startSession(user.id) };
    },

    /**
     * A signed-in person proves it is them before changing their email or password. A wrong password counts
     * in the sign-in throttles (their email's delay and the client address's limit), so a stolen session
     * cannot be used to guess the password faster than the sign-in form allows.
     */
    async checkPassword(user: UserRecord, password: string, address: string): Promise<void> {
      throttle(await retryAfter(user.email, address), 'too many wrong passwords; try again later');
      if (!(await verifyPassword(password, user.passwordHash))) {
        await failed(user.email, address);
        throw new AppError(ErrorCode.wrongPassword, 'the current password is wrong');
      }
      await byEmail.reset(user.email);
    },

    /** Forgets an email's failed sign-ins, e.g. once its owner has proved themselves by a password reset. */
    async clearThrottle(email: string): Promise<void> {
      await byEmail.reset(email.trim().toLowerCase());
    },

    async logout(token: string) {
      await store.sessions.delete(sha256(token));
    },

    /** The signed-in user for a Cookie header, or null. Used by HTTP, Socket.IO and the Yjs upgrade alike. */
    async userFromCookieHeader(cookieHeader: string | undefined): Promise<UserRecord | null> {
      const token = cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
      return token ? this.userFromToken(token) : null;
    },

    async userFromToken(token: string): Promise<UserRecord | null> {
      const session = await store.sessions.find(sha256(token));
      if (!session) return null;
      if (session.expiresAt <= now()) {
        await store.sessions.delete(session.idHash);
        return null;
      }
      return store.users.findById(session.userId);
    },

    /**
     * First start: make sure a coordinator exists. With SAMLA_ADMIN_* set, create it; otherwise
     * return a one-time setup token (only its hash is stored) for the browser setup page.
     */
    async bootstrap(admin: { email: string; password: string; name: string } | undefined): Promise<string | null> {
      if ((await store.users.countByRole('coordinator')) > 0) {
        await store.meta.delete(SETUP_TOKEN_KEY);
        return null;
      }
      if (admin) {
        // True when another instance starting at the same moment created the account first.
        const createdElsewhere = async () => {
          const existing = await store.users.findByEmail(admin.email.trim().toLowerCase());
          if (existing && existing.role !== 'coordinator') {
            throw new Error(`SAMLA_ADMIN_EMAIL ${admin.email} belongs to an account that is not a coordinator`);
          }
          return !!existing;
        };
        if (await createdElsewhere()) return null;
        try {
          await createUser({ ...admin, role: 'coordinator' });
        } catch (err) {
          if (err instanceof DuplicateError && (await createdElsewhere())) return null;
          throw err;
        }
        log.info({ email: admin.email }, 'coordinator account created from SAMLA_ADMIN_EMAIL');
        return null;
      }
      // Only the first instance stores a token: a second one overwriting the hash would kill the printed link.
      // This also keeps a restart from printing another link; SAMLA_ADMIN_* is the way in when it is lost.
      const token = newToken();
      if (!(await store.meta.setIfAbsent(SETUP_TOKEN_KEY, sha256(token)))) {
        log.info('setup link was printed by another instance or an earlier start; to create the coordinator without it, set SAMLA_ADMIN_EMAIL and SAMLA_ADMIN_PASSWORD');
        return null;
      }
      return token;
    },

    async setupNeeded(): Promise<boolean> {
      return (await store.users.countByRole('coordinator')) === 0;
    },

    async completeSetup(input: SetupRequest) {
      const expected = await store.meta.get(SETUP_TOKEN_KEY);
      if ((await store.users.countByRole('coordinator')) > 0 || !expected) {
        throw new AppError(ErrorCode.setupNotAvailable, 'setup has already been completed');
      }
      if (sha256(input.token) !== expected) {
        throw new AppError(ErrorCode.invalidSetupToken, 'the setup link is not valid');
      }
      let user: UserRecord;
      try {
        user = await createUser({ ...input, role: 'coordinator' });
      } catch (err) {
        if (err instanceof DuplicateError) throw new AppError(ErrorCode.conflict, 'email already registered');
        throw err;
      }
      await store.meta.delete(SETUP_TOKEN_KEY);
      return { user, token: await startSession(user.id) };
    },
  };
}

/** The stored id (hash) of the session a Cookie header carries, so that ending that session can end its live connections. */
export function sessionHashOfCookieHeader(cookieHeader: string | undefined): string | null {
  const token = cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
  return token ? sha256(token) : null;
}
