import { routes } from '@samla/shared';
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { call, toApiError, type ApiError } from '../../api';
import { useAuth } from '../auth/AuthContext';
import { base64ToBytes } from './format';

export type LoadedVersion = { status: 'loading' } | { status: 'ok'; doc: Y.Doc } | { status: 'error'; error: ApiError };

/**
 * One past version of a group's document as a fresh Y.Doc that nothing syncs (read-only by
 * construction); destroyed when the version or `attempt` changes.
 */
export function useVersionDoc(groupId: string, versionId: string, attempt = 0): LoadedVersion {
  const { sessionEnded } = useAuth();
  const [loaded, setLoaded] = useState<LoadedVersion>({ status: 'loading' });
  useEffect(() => {
    const ctrl = new AbortController();
    let doc: Y.Doc | null = null;
    setLoaded({ status: 'loading' });
    call(routes.history.get, { params: { groupId, versionId }, signal: ctrl.signal }).then(
      ({ version: content }) => {
        doc = new Y.Doc();
        Y.applyUpdate(doc, base64ToBytes(content.update));
        setLoaded({ status: 'ok', doc });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = toApiError(err);
        if (error.code === 'unauthenticated') sessionEnded();
        setLoaded({ status: 'error', error });
      },
    );
    return () => {
      ctrl.abort();
      doc?.destroy();
    };
  }, [groupId, versionId, attempt, sessionEnded]);
  return loaded;
}
