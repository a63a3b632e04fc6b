/**
 * Whether the server holds everything this browser wrote: a pure state machine behind the
 * "Offline / Synkar… / Sparat" indicator.
 *
 * The server answers a sync step 1 with sync step 2 only once every update that connection
 * sent before the step 1 is durable (docs/api.md), so a step 2 is an acknowledgement of all
 * local changes that were *sent* before the step 1 it answers.
 *
 * On (re)connect the provider sends its own step 1 first, but changes made while offline (or
 * loaded from the browser cache) travel afterwards, in the client's step 2 reply to the
 * server's step 1. The reply to that first step 1 therefore proves nothing about local
 * changes: it only marks the connection as synced, and a fresh probe sent after that confirms.
 *
 * At most one probe is outstanding at a time besides the connect step 1, so replies cannot be
 * matched to the wrong probe even if the server answered them out of order.
 */
export type Connection = 'offline' | 'syncing' | 'saved';

export interface SaveState {
  /** The browser says it has a network. */
  online: boolean;
  /** The WebSocket is open. */
  connected: boolean;
  /** Still on the first attempt to connect since the view opened: shown as syncing, not offline. */
  firstAttempt: boolean;
  /** The reply to the provider's connect step 1 has arrived on this connection. */
  synced: boolean;
  /** Local changes so far (a counter; only compared with `confirmed`). */
  changes: number;
  /** The change count the server confirmed on this connection; -1 before the first confirmation. */
  confirmed: number;
  /** Outstanding step 1s in the order sent: the change count each covers, or null for the connect step 1. */
  probes: (number | null)[];
}

export type SaveEvent =
  | { type: 'network'; online: boolean }
  | { type: 'connected' }
  | { type: 'disconnected' }
  /** The first connection is taking too long: stop calling it syncing. */
  | { type: 'gaveUpFirstConnect' }
  | { type: 'localChange' }
  | { type: 'probeSent' }
  | { type: 'step2Received' };

export const initialSaveState = (online: boolean): SaveState => ({
  online,
  connected: false,
  firstAttempt: true,
  synced: false,
  changes: 0,
  confirmed: -1,
  probes: [],
});

export function reduceSaveState(s: SaveState, e: SaveEvent): SaveState {
  switch (e.type) {
    case 'network':
      return { ...s, online: e.online };
    case 'connected':
      // The provider sends its step 1 right after opening; it confirms nothing (see above).
      return { ...s, connected: true, synced: false, confirmed: -1, probes: [null] };
    case 'disconnected':
      // Replies to anything sent on the old socket will never come.
      return { ...s, connected: false, firstAttempt: false, synced: false, confirmed: -1, probes: [] };
    case 'gaveUpFirstConnect':
      return { ...s, firstAttempt: false };
    case 'localChange':
      return { ...s, changes: s.changes + 1 };
    case 'probeSent':
      return s.connected ? { ...s, probes: [...s.probes, s.changes] } : s;
    case 'step2Received': {
      if (!s.connected || s.probes.length === 0) return s;
      const [covers, ...rest] = s.probes;
      return {
        ...s,
        synced: true,
        probes: rest,
        confirmed: covers === null || covers === undefined ? s.confirmed : Math.max(s.confirmed, covers),
      };
    }
  }
}

export function connectionOf(s: SaveState): Connection {
  if (!s.online) return 'offline';
  if (!s.connected) return s.firstAttempt ? 'syncing' : 'offline';
  if (!s.synced || s.confirmed < s.changes) return 'syncing';
  return 'saved';
}

/** Whether a new step 1 should go out now: synced, something unconfirmed, and no probe of ours in flight. */
export function needsProbe(s: SaveState): boolean {
  return s.connected && s.synced && s.confirmed < s.changes && !s.probes.some((p) => p !== null);
}
