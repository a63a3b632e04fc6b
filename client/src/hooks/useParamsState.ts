import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The address's search params as state, for filter controls kept in the URL. React Router applies a new
 * address in a transition, so a controlled input would show the old value until it lands (a checkbox
 * click then looks as if it did nothing). The controls read this copy, which changes at once; the
 * address follows, and Back/Forward still change the copy.
 */
export function useParamsState(): [URLSearchParams, (next: URLSearchParams) => void] {
  const [url, setUrl] = useSearchParams();
  const [params, setParams] = useState(url);
  useEffect(() => setParams(url), [url]);
  const set = useCallback(
    (next: URLSearchParams) => {
      setParams(next);
      setUrl(next, { replace: true });
    },
    [setUrl],
  );
  return [params, set];
}
