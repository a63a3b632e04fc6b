import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { routes, type AcceptInvitationRequest, type PublicUser, type SetupRequest } from '@samla/shared';
import { call, ApiError, toApiError } from '../../api';
import { claimOfflineCache, clearOfflineCache } from '../../collab/offlineCache';

export type AuthState =
  | { status: 'loading' }
  /** `why`: what the sign-in page tells the person (null: nothing to tell). */
  | { status: 'anonymous'; why: 'expired' | 'deleted' | null }
  | { status: 'signedIn'; user: PublicUser }
  | { status: 'error'; error: ApiError };

export interface Auth {
  state: AuthState;
  /** The signed-in person, or null. */
  user: PublicUser | null;
  login(email: string, password: string): Promise<PublicUser>;
  completeSetup(input: SetupRequest): Promise<PublicUser>;
  /** Creates the invited person's account; the server signs them in. */
  acceptInvitation(input: AcceptInvitationRequest): Promise<PublicUser>;
  /** `why` 'deleted': the sign-in page says the account is gone. */
  logout(why?: 'deleted'): Promise<void>;
  /** Asks the server again who is signed in (after a network error). */
  refresh(): void;
  /** Called when any request answers `unauthenticated`: the session ended on the server. */
  sessionEnded(): void;
  /** The signed-in person's own details changed (name, email on "Mitt konto"): show the server's answer. */
  userChanged(user: PublicUser): void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    call(routes.auth.me, { signal: ctrl.signal }).then(
      async ({ user }) => {
        await claimOfflineCache(user.id);
        if (!ctrl.signal.aborted) setState({ status: 'signedIn', user });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = toApiError(err);
        setState(error.code === 'unauthenticated' ? { status: 'anonymous', why: null } : { status: 'error', error });
      },
    );
    return () => ctrl.abort();
  }, [attempt]);

  /** After a route that answers `{user}` with a new session cookie: that person is signed in. */
  const signedIn = useCallback(async (answer: Promise<{ user: PublicUser }>) => {
    const { user } = await answer;
    await claimOfflineCache(user.id);
    setState({ status: 'signedIn', user });
    return user;
  }, []);

  const login = useCallback(
    (email: string, password: string) => signedIn(call(routes.auth.login, { body: { email, password } })),
    [signedIn],
  );
  const completeSetup = useCallback((input: SetupRequest) => signedIn(call(routes.auth.setup, { body: input })), [signedIn]);
  const acceptInvitation = useCallback(
    (input: AcceptInvitationRequest) => signedIn(call(routes.invitations.accept, { body: input })),
    [signedIn],
  );

  const logout = useCallback(async (why: 'deleted' | null = null) => {
    await call(routes.auth.logout);
    setState({ status: 'anonymous', why });
    // Documents cached for offline use must not outlive the sign-out on a shared computer.
    void clearOfflineCache();
  }, []);

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const sessionEnded = useCallback(() => {
    setState((s) => (s.status === 'signedIn' ? { status: 'anonymous', why: 'expired' } : s));
  }, []);

  const userChanged = useCallback((user: PublicUser) => {
    setState((s) => (s.status === 'signedIn' && s.user.id === user.id ? { status: 'signedIn', user } : s));
  }, []);

  const value = useMemo<Auth>(
    () => ({
      state,
      user: state.status === 'signedIn' ? state.user : null,
      login,
      completeSetup,
      acceptInvitation,
      logout,
      refresh,
      sessionEnded,
      userChanged,
    }),
    [state, login, completeSetup, acceptInvitation, logout, refresh, sessionEnded, userChanged],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}

/** The signed-in person; only for screens behind <RequireAuth>. */
export function useUser(): PublicUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser must be used behind <RequireAuth>');
  return user;
}
