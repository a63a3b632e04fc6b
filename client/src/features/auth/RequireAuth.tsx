import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';
import { Loading } from '../../components/Loading';
import { errorMessage } from '../../i18n/errors';
import { useAuth } from './AuthContext';

/** Renders the child routes for signed-in people; sends everyone else to /login and back afterwards. */
export function RequireAuth() {
  const { state, refresh } = useAuth();
  const { t } = useTranslation();
  const location = useLocation();

  switch (state.status) {
    case 'loading':
      return <Loading label={t('auth.checking')} />;
    case 'error':
      return <ErrorState title={errorMessage(t, state.error.code)} onRetry={refresh} />;
    case 'anonymous': {
      const next = location.pathname + location.search;
      const params = new URLSearchParams();
      // After deleting the account there is nothing to come back to.
      if (next !== '/' && state.why !== 'deleted') params.set('next', next);
      if (state.why) params.set(state.why, '1');
      const search = params.toString();
      return <Navigate to={{ pathname: '/login', search: search ? `?${search}` : '' }} replace />;
    }
    case 'signedIn':
      return <Outlet />;
  }
}

/** Only same-app paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
