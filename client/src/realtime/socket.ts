import { ErrorCode, PROTOCOL_PARAM, PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@samla/shared';
import { io, type Socket } from 'socket.io-client';
import { reloadForNewBuild } from './newBuild';

export type SamlaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long to wait before trying again an instance that is older than this build (a deploy in progress). */
const SERVER_TOO_OLD_RETRY_MS = 3_000;

/**
 * A typed Socket.IO connection to this origin, authenticated by the session cookie and carrying this
 * build's protocol version. WebSocket only: no long-polling, so no sticky sessions are needed behind
 * a load balancer. A server that no longer accepts this build makes the tab reload (once).
 * Features do not call this: the tab's one socket comes from `RealtimeProvider` (`useSocket`).
 */
export function createSocket(): SamlaSocket {
  const socket: SamlaSocket = io({
    transports: ['websocket'],
    withCredentials: true,
    autoConnect: false,
    auth: { [PROTOCOL_PARAM]: PROTOCOL_VERSION },
  });
  let retry: ReturnType<typeof setTimeout> | undefined;
  socket.on('connect_error', (err) => {
    if (err.message === ErrorCode.clientTooOld) reloadForNewBuild();
    // Socket.IO does not retry a refusal by the server's middleware.
    else if (err.message === ErrorCode.serverTooOld) retry = setTimeout(() => socket.connect(), SERVER_TOO_OLD_RETRY_MS);
  });
  const disconnect = socket.disconnect.bind(socket);
  // A socket its owner closed must not come back from a pending retry.
  socket.disconnect = () => {
    clearTimeout(retry);
    return disconnect();
  };
  return socket;
}
