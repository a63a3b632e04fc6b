import { useCallback, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../api';
import { useAuth } from '../features/auth/AuthContext';

export interface Action {
  /** A request of this action is under way. */
  pending: boolean;
  /** The last failure, until the next run or `clear`. */
  error: ApiError | null;
  /**
   * Runs `fn` (the request and what follows its success) unless a run is under way. Resolves true
   * when it succeeded, false when it failed or did not run; the failure is in `error` (a 401 also
   * tells the auth state that the session ended).
   */
  run(fn: () => Promise<void>): Promise<boolean>;
  clear(): void;
}

/** Pending and error state for one button or form that changes something on the server. */
export function useAction(): Action {
  const { sessionEnded } = useAuth();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const busy = useRef(false);

  const run = useCallback(
    async (fn: () => Promise<void>): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      setPending(true);
      setError(null);
      try {
        await fn();
        return true;
      } catch (err) {
        const apiError = toApiError(err);
        if (apiError.code === 'unauthenticated') sessionEnded();
        setError(apiError);
        return false;
      } finally {
        busy.current = false;
        setPending(false);
      }
    },
    [sessionEnded],
  );
  const clear = useCallback(() => setError(null), []);
  return { pending, error, run, clear };
}
