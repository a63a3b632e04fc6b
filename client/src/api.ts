import { ErrorCode, routeUrl, type AnyRoute, type BodyInput, type ErrorResponse, type ParamsInput, type QueryInput, type ResponseOf } from '@samla/shared';

/** Every error the client can show: the server's stable codes plus "the request never got an answer". */
export type ClientErrorCode = ErrorCode | 'network';

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** A failed API call, reduced to a stable code the UI maps to a translated message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    /** Seconds from a Retry-After header (429), when the server sent one. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

/** Normalises anything thrown by a request into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ErrorResponse> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorResponse>;
  } catch {
    // Not JSON: a proxy error page or similar.
  }
  const code = body?.error?.code;
  const retry = Number(res.headers.get('Retry-After'));
  return new ApiError(
    res.status,
    code && knownCodes.has(code) ? code : ErrorCode.internal,
    body?.error?.message ?? res.statusText,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON, or a file (a Blob) sent as the bytes themselves. */
  body?: unknown;
  signal?: AbortSignal;
}

const contentType = (body: unknown) => (body instanceof Blob ? 'application/octet-stream' : 'application/json');

/**
 * JSON over fetch with the session cookie. Resolves with the parsed body (undefined for 204);
 * rejects with an ApiError whose code is the server's `{error:{code}}` or `network`.
 * An aborted request rejects with the AbortError unchanged. Call routes through `call`.
 */
async function api<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': contentType(body) },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : 'network error');
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, ErrorCode.internal, 'response was not JSON');
  }
}

type Given<T, K extends string> = [T] extends [never] ? { [P in K]?: undefined } : object extends T ? { [P in K]?: T } : { [P in K]: T };

/** What a call of `def` gives: its path parameters, query and body as the definition types them. */
export type CallOptions<D extends AnyRoute> = (keyof D['params'] extends never ? { params?: undefined } : { params: ParamsInput<D> }) &
  Given<QueryInput<D>, 'query'> &
  Given<BodyInput<D>, 'body'> & { signal?: AbortSignal };

/** The options, left out when the route needs none. */
export type CallArgs<D extends AnyRoute> = object extends CallOptions<D> ? [options?: CallOptions<D>] : [options: CallOptions<D>];

/**
 * Calls a route by its definition (`routes` in shared): the path filled in from `params`, the query
 * string from `query`, and the answer typed by the definition's response schema (void for 204).
 * Failures are ApiErrors, as with `api`.
 */
export function call<D extends AnyRoute>(def: D, ...[options]: CallArgs<D>): Promise<ResponseOf<D>> {
  const { params, query, body, signal } = (options ?? {}) as { params?: Record<string, string>; query?: object; body?: unknown; signal?: AbortSignal };
  return api<ResponseOf<D>>(routeUrl(def, params, query), { method: def.method, body, signal });
}
