import type { AckCallback } from './ack.js';
import type { PresenceJoin, PresenceLeave, PresenceState } from './schemas/presence.js';

/** Commands the client sends (verbs). Payloads are validated on the server with the zod schemas. */
export interface ClientToServerEvents {
  'presence:join': (payload: PresenceJoin, ack: AckCallback<PresenceState>) => void;
  'presence:leave': (payload: PresenceLeave, ack: AckCallback<null>) => void;
}

/** Notifications the server sends (past tense). */
export interface ServerToClientEvents {
  'presence:updated': (state: PresenceState) => void;
}

export type InterServerEvents = Record<string, never>;
