import { useEffect, useState } from 'react';
import { CloseCode, PROTOCOL_PARAM, PROTOCOL_VERSION, terminalCloseCodes } from '@samla/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import { IndexeddbPersistence } from 'y-indexeddb';
import { messageAuth, messageSync, WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { reloadForNewBuild } from '../realtime/newBuild';
import { rememberOfflineDoc } from './offlineCache';
import { connectionOf, initialSaveState, needsProbe, reduceSaveState, type Connection, type SaveEvent } from './saveState';

export type ConnectionState = Connection;

/** Starts caching `doc` in this browser under its name; the caller destroys the persistence with the doc. */
function openOfflineCache(docName: string, doc: Y.Doc): IndexeddbPersistence | null {
  if (typeof indexedDB === 'undefined') return null;
  rememberOfflineDoc(docName);
  return new IndexeddbPersistence(docName, doc);
}

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabStatus {
  /** offline: no network or no socket; syncing: not yet confirmed by the server; saved: the server has everything. */
  connection: ConnectionState;
  /** The server said "permission denied: read-only": local edits would be dropped. */
  readOnly: boolean;
  /** A terminal close code (see shared CloseCode): the provider stopped reconnecting. */
  closedCode: number | null;
}

/** Wait this long after the last local change before asking the server to confirm. */
const CONFIRM_DEBOUNCE_MS = 300;
/** A first connection that has not opened by then is shown as offline rather than "syncing". */
const FIRST_CONNECT_GRACE_MS = 4_000;

const initialStatus = (): CollabStatus => ({
  connection: connectionOf(initialSaveState(navigator.onLine)),
  readOnly: false,
  closedCode: null,
});

export const yjsUrl = (): string => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/yjs`;

/**
 * One Y.Doc, its browser cache and one WebsocketProvider per mounted document: created on mount,
 * destroyed on unmount or when the name changes. The document opens from the cache at once and
 * works offline; edits made meanwhile merge when the socket is back.
 *
 * The status says whether the server has confirmed every local change (see saveState.ts): after
 * local edits settle, a sync step 1 goes out, and the server's step 2 answering it is the receipt.
 * Also tracks the read-only signal and terminal close codes (after which it stops reconnecting).
 */
export function useCollabDoc(docName: string): { session: CollabSession | null; status: CollabStatus } {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<CollabStatus>(initialStatus);

  useEffect(() => {
    const doc = new Y.Doc();
    const cache = openOfflineCache(docName, doc);
    const provider = new WebsocketProvider(yjsUrl(), docName, doc, {
      params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) },
      connect: false,
      maxBackoffTime: 5_000,
      // Reconnecting cannot fix these; 4500 (load failed) and 4503 (restarting) are retried.
      shouldReconnect: (event) => !terminalCloseCodes.has(event.code),
    });
    const update = (patch: Partial<CollabStatus>) =>
      setStatus((s) => ((Object.keys(patch) as (keyof CollabStatus)[]).every((k) => s[k] === patch[k]) ? s : { ...s, ...patch }));

    let save = initialSaveState(navigator.onLine);
    let probeTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let disposed = false;

    const sendProbe = () => {
      probeTimer = undefined;
      const ws = provider.ws;
      if (!needsProbe(save) || !ws || ws.readyState !== WebSocket.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, messageSync);
      syncProtocol.writeSyncStep1(encoder, doc);
      ws.send(encoding.toUint8Array(encoder));
      dispatch({ type: 'probeSent' });
    };
    const dispatch = (event: SaveEvent) => {
      if (disposed) return;
      save = reduceSaveState(save, event);
      if (event.type === 'localChange') clearTimeout(probeTimer);
      if (event.type === 'localChange' || (probeTimer === undefined && needsProbe(save))) {
        probeTimer = setTimeout(sendProbe, CONFIRM_DEBOUNCE_MS);
      }
      update({ connection: connectionOf(save) });
    };

    // y-websocket only logs auth messages; take over its handler to learn about read-only access.
    // The server says so at the start of each connection, before its sync step 2; a connection that reaches
    // step 2 without it may write (after close code roleChanged the reconnect can bring write access back).
    let readOnlyHere = false;
    provider.messageHandlers[messageAuth] = (_encoder, decoder, p) => {
      authProtocol.readAuthMessage(decoder, p.doc, () => {
        readOnlyHere = true;
        update({ readOnly: true });
      });
    };
    // Watch for sync step 2 from the server (not from other tabs over BroadcastChannel: emitSynced is false there).
    const handleSync = provider.messageHandlers[messageSync]!;
    provider.messageHandlers[messageSync] = (encoder, decoder, p, emitSynced, messageType) => {
      const kind = emitSynced ? decoding.peekVarUint(decoder) : -1;
      handleSync(encoder, decoder, p, emitSynced, messageType);
      if (kind === syncProtocol.messageYjsSyncStep2) {
        update({ readOnly: readOnlyHere });
        dispatch({ type: 'step2Received' });
      }
    };

    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider && origin !== cache) dispatch({ type: 'localChange' });
    };
    doc.on('update', onUpdate);

    provider.on('status', ({ status: s }) => {
      if (s === 'connected') {
        readOnlyHere = false;
        dispatch({ type: 'connected' });
      }
    });
    provider.on('connection-close', (event) => {
      dispatch({ type: 'disconnected' });
      if (event && terminalCloseCodes.has(event.code)) {
        if (event.code === CloseCode.clientTooOld && reloadForNewBuild()) return;
        stopped = true;
        update({ closedCode: event.code });
        // Not synchronously: this event fires inside the provider's own close handling.
        queueMicrotask(() => provider.disconnect());
      }
    });
    const graceTimer = setTimeout(() => dispatch({ type: 'gaveUpFirstConnect' }), FIRST_CONNECT_GRACE_MS);

    const onOnline = () => {
      dispatch({ type: 'network', online: true });
      // Do not wait for the backoff: try again now.
      if (!stopped && !provider.wsconnected) {
        provider.disconnect();
        provider.connect();
      }
    };
    const onOffline = () => {
      dispatch({ type: 'network', online: false });
      // A socket on a dead network can look open for a long time; close it and reconnect when back.
      if (!stopped) provider.disconnect();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);

    setStatus(initialStatus());
    setSession({ doc, provider });
    if (navigator.onLine) provider.connect();

    return () => {
      disposed = true;
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearTimeout(probeTimer);
      clearTimeout(graceTimer);
      doc.off('update', onUpdate);
      setSession(null);
      provider.destroy();
      void cache?.destroy();
      doc.destroy();
    };
  }, [docName]);

  return { session, status };
}
