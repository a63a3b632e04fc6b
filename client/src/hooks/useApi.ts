import { useCallback, useEffect, useRef, useState } from 'react';
import { routeUrl, type AnyRoute, type ResponseOf } from '@samla/shared';
import { call, toApiError, type ApiError, type CallArgs } from '../api';
import { useAuth } from '../features/auth/AuthContext';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

export type LoadedResource<T> = Resource<T> & { reload: () => void; refresh: () => void };

/**
 * GETs a route's JSON answer, by its definition in shared `routes`, with loading and error states, a
 * `reload` (shows loading again) and a `refresh` (keeps showing the current data until the new
 * answer, so a list the person is working in does not vanish and take their focus with it). A 401
 * means the session ended on the server: the auth state is told, which sends the person to the
 * sign-in page.
 */
export function useRoute<D extends AnyRoute & { method: 'GET' }>(def: D, ...[options]: CallArgs<D>): LoadedResource<ResponseOf<D>> {
  const { params, query } = (options ?? {}) as { params?: Record<string, string>; query?: object };
  // The URL is the resource: a change of a parameter or of the query loads again.
  const url = routeUrl(def, params, query);
  return useResource(url, (signal) => (call as (d: D, o: object) => Promise<ResponseOf<D>>)(def, { ...options, signal }));
}

/**
 * Like useRoute, for a resource that takes more than one request: `load` runs whenever `key` changes
 * (and on reload or refresh); it should reject with an ApiError.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): LoadedResource<T> {
  const { sessionEnded } = useAuth();
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const quiet = useRef(false);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const ctrl = new AbortController();
    if (!quiet.current) setResource({ status: 'loading' });
    quiet.current = false;
    loader.current(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setResource({ status: 'ok', data });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = toApiError(err);
        if (error.code === 'unauthenticated') sessionEnded();
        setResource({ status: 'error', error });
      },
    );
    return () => ctrl.abort();
  }, [key, attempt, sessionEnded]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(() => {
    quiet.current = true;
    setAttempt((n) => n + 1);
  }, []);
  return { ...resource, reload, refresh };
}
