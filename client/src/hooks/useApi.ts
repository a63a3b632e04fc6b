import { useCallback, useEffect } from 'react';
import type { AnyRoute, ResponseOf } from '@samla/shared';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { call, toApiError, type ApiError, type CallArgs } from '../api';
import { useAuth } from '../features/auth/AuthContext';
import { routeKey } from '../realtime/invalidation';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ok'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

export type LoadedResource<T> = Resource<T> & { reload: () => void; refresh: () => void };

/**
 * GETs a route's JSON answer, by its definition in shared `routes`, through the query cache (TanStack
 * Query, keyed by `routeKey`): with loading and error states, a `reload` (shows loading again) and a
 * `refresh` (keeps showing the current data until the new answer, so a list the person is working in
 * does not vanish and take their focus with it). A screen seen before shows its cached answer at once
 * while it is read again; socket events mark answers stale (query.tsx). A 401 means the session ended
 * on the server: the auth state is told, which sends the person to the sign-in page.
 */
export function useRoute<D extends AnyRoute & { method: 'GET' }>(def: D, ...[options]: CallArgs<D>): LoadedResource<ResponseOf<D>> {
  const { params, query } = (options ?? {}) as { params?: Record<string, string>; query?: object };
  return useCached(routeKey(def, params ?? {}, query ?? {}), (signal) => (call as (d: D, o: object) => Promise<ResponseOf<D>>)(def, { ...options, signal }));
}

/**
 * Like useRoute, for a resource that takes more than one request: `load` runs whenever `key` changes
 * (and on reload or refresh); it should reject with an ApiError.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): LoadedResource<T> {
  return useCached(['resource', key], load);
}

function useCached<T>(queryKey: QueryKey, load: (signal: AbortSignal) => Promise<T>): LoadedResource<T> {
  const { sessionEnded } = useAuth();
  const client = useQueryClient();
  const q = useQuery({ queryKey, queryFn: ({ signal }) => load(signal) });
  const error = q.error ? toApiError(q.error) : null;
  const ended = error?.code === 'unauthenticated';
  useEffect(() => {
    if (ended) sessionEnded();
  }, [ended, sessionEnded]);
  const hash = JSON.stringify(queryKey);
  const { refetch } = q;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is compared by its hash
  const reload = useCallback(() => void client.resetQueries({ queryKey, exact: true }), [client, hash]);
  const refresh = useCallback(() => void refetch(), [refetch]);
  const resource: Resource<T> =
    q.status === 'pending' ? { status: 'loading' } : q.status === 'error' ? { status: 'error', error: error! } : { status: 'ok', data: q.data };
  return { ...resource, reload, refresh };
}
