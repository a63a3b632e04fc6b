import { ErrorCode, type ErrorResponse } from '@samla/shared';

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
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * JSON over fetch with the session cookie. Resolves with the parsed body (undefined for 204);
 * rejects with an ApiError whose code is the server's `{error:{code}}` or `network`.
 * An aborted request rejects with the AbortError unchanged.
 */
export async function api<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
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
