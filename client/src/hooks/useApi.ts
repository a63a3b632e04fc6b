import { useCallback, useEffect, useState } from 'react';
import { api, toApiError, type ApiError } from '../api';
import { useAuth } from '../features/auth/AuthContext';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

/**
 * GETs a JSON resource with loading and error states and a `reload`. A 401 means the session
 * ended on the server: the auth state is told, which sends the person to the sign-in page.
 */
export function useApi<T>(path: string): Resource<T> & { reload: () => void } {
  const { sessionEnded } = useAuth();
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setResource({ status: 'loading' });
    api<T>(path, { signal: ctrl.signal }).then(
      (data) => setResource({ status: 'ok', data }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = toApiError(err);
        if (error.code === 'unauthenticated') sessionEnded();
        setResource({ status: 'error', error });
      },
    );
    return () => ctrl.abort();
  }, [path, attempt, sessionEnded]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...resource, reload };
}
