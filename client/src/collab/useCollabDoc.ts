import { useEffect, useState } from 'react';
import { terminalCloseCodes } from '@samla/shared';
import * as authProtocol from 'y-protocols/auth';
import { messageAuth, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export type ConnectionState = 'connecting' | 'online' | 'offline';

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabStatus {
  connection: ConnectionState;
  /** The server said "permission denied: read-only": local edits would be dropped. */
  readOnly: boolean;
  /** A terminal close code (see shared CloseCode): the provider stopped reconnecting. */
  closedCode: number | null;
}

const initialStatus: CollabStatus = { connection: 'connecting', readOnly: false, closedCode: null };

export const yjsUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;

/**
 * One Y.Doc and one WebsocketProvider per mounted document: created on mount, destroyed on
 * unmount or when the name changes. Tracks the connection state for the indicator, the
 * read-only signal and terminal close codes (after which it stops reconnecting).
 */
export function useCollabDoc(docName: string): { session: CollabSession | null; status: CollabStatus } {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<CollabStatus>(initialStatus);

  useEffect(() => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(yjsUrl(), docName, doc, {
      connect: false,
      maxBackoffTime: 5_000,
      // Reconnecting cannot fix these; 4500 (load failed) and 4503 (restarting) are retried.
      shouldReconnect: (event) => !terminalCloseCodes.has(event.code),
    });
    const update = (patch: Partial<CollabStatus>) => setStatus((s) => ({ ...s, ...patch }));

    // y-websocket only logs auth messages; take over its handler to learn about read-only access.
    provider.messageHandlers[messageAuth] = (_encoder, decoder, p) => {
      authProtocol.readAuthMessage(decoder, p.doc, () => update({ readOnly: true }));
    };

    const connectionState = (): ConnectionState => {
      if (!navigator.onLine) return 'offline';
      if (provider.wsconnected && provider.synced) return 'online';
      // Still trying after a failed or lost connection: say so instead of "connecting" forever.
      if (provider.wsUnsuccessfulReconnects > 0 && !provider.wsconnected) return 'offline';
      return 'connecting';
    };
    const refresh = () => update({ connection: connectionState() });

    provider.on('status', refresh);
    provider.on('sync', refresh);
    provider.on('connection-close', (event) => {
      if (event && terminalCloseCodes.has(event.code)) {
        update({ closedCode: event.code, connection: 'offline' });
        // Not synchronously: this event fires inside the provider's own close handling.
        queueMicrotask(() => provider.disconnect());
      } else {
        refresh();
      }
    });
    window.addEventListener('online', refresh);
    window.addEventListener('offline', refresh);

    setStatus(initialStatus);
    setSession({ doc, provider });
    provider.connect();

    return () => {
      window.removeEventListener('online', refresh);
      window.removeEventListener('offline', refresh);
      setSession(null);
      provider.destroy();
      doc.destroy();
    };
  }, [docName]);

  return { session, status };
}
