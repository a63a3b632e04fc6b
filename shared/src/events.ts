import type { AckCallback } from './ack.js';
import type { GroupRole } from './schemas/groups.js';
import type { PresenceJoin, PresenceLeave, PresenceState } from './schemas/presence.js';

/** Commands the client sends (verbs). Payloads are validated on the server with the zod schemas. */
export interface ClientToServerEvents {
  'presence:join': (payload: PresenceJoin, ack: AckCallback<PresenceState>) => void;
  'presence:leave': (payload: PresenceLeave, ack: AckCallback<null>) => void;
}

/** Notifications the server sends (past tense). */
export interface ServerToClientEvents {
  'presence:updated': (state: PresenceState) => void;
  /** You were removed from the group (or it was archived for you): you left its rooms and its documents closed. */
  'membership:revoked': (payload: { groupId: string }) => void;
  /** Your role in the group changed; documents you have open switch to the new rights. */
  'membership:changed': (payload: { groupId: string; role: GroupRole }) => void;
}

export type InterServerEvents = Record<string, never>;
