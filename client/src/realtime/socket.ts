import type { ClientToServerEvents, ServerToClientEvents } from '@samla/shared';
import { io, type Socket } from 'socket.io-client';

export type SamlaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A typed Socket.IO connection to this origin, authenticated by the session cookie.
 * WebSocket only: no long-polling, so no sticky sessions are needed behind a load balancer.
 */
export function createSocket(): SamlaSocket {
  return io({ transports: ['websocket'], withCredentials: true, autoConnect: false });
}

/** The server rejects the handshake with this message when the session cookie is missing or expired. */
export const UNAUTHENTICATED = 'unauthenticated';
